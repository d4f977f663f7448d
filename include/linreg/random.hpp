#pragma once
// A seeded random generator whose streams are the same on every platform: std::mt19937_64's
// output is fixed by the standard, but std::*_distribution is not, so the distributions are ours.
#include <cstdint>
#include <random>

namespace linreg {

class Rng {
 public:
  explicit Rng(std::uint64_t seed) : engine_(seed) {}

  // Uniform integer in [low, high): Lemire's multiply-and-reject, unbiased.
  std::int64_t uniform_int(std::int64_t low, std::int64_t high);
  // Uniform in [0, 1) with 53 random bits.
  double uniform();
  // Standard normal (Marsaglia's polar method).
  double normal();

 private:
  std::mt19937_64 engine_;
  bool has_spare_ = false;
  double spare_ = 0.0;
};

// A short stream keyed by (seed, key), cheap to start where Rng's engine is not (it fills 312
// words): SplitMix64 (Steele, Lea and Flood 2014) from a hash of both. For draws that depend only
// on a row's index and the seed, not on how or where the rows arrive.
class KeyedRng {
 public:
  KeyedRng(std::uint64_t seed, std::uint64_t key);
  // Uniform integer in [low, high), as Rng's.
  std::int64_t uniform_int(std::int64_t low, std::int64_t high);
  // Uniform in [0, 1) with 53 random bits.
  double uniform();

 private:
  std::uint64_t next();
  std::uint64_t state_;
};

}  // namespace linreg
