#include "linreg/random.hpp"

#include <cmath>
#include <stdexcept>

namespace linreg {
namespace {
__extension__ using uint128 = unsigned __int128;

// Uniform in [low, high) from 64-bit words `next` draws: Lemire (2019), the high word of x·range
// is uniform once the biased low words are rejected.
template <class Next>
std::int64_t uniform_in(Next&& next, std::int64_t low, std::int64_t high) {
  if (high <= low) throw std::invalid_argument("uniform_int: empty range");
  const auto range = static_cast<std::uint64_t>(high - low);
  auto x = next();
  auto m = static_cast<uint128>(x) * range;
  auto low_word = static_cast<std::uint64_t>(m);
  if (low_word < range) {
    const std::uint64_t threshold = (0 - range) % range;
    while (low_word < threshold) {
      x = next();
      m = static_cast<uint128>(x) * range;
      low_word = static_cast<std::uint64_t>(m);
    }
  }
  return low + static_cast<std::int64_t>(m >> 64);
}

std::uint64_t mix(std::uint64_t z) {
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

constexpr std::uint64_t kGolden = 0x9e3779b97f4a7c15ULL;

}  // namespace

std::int64_t Rng::uniform_int(std::int64_t low, std::int64_t high) {
  return uniform_in([this] { return engine_(); }, low, high);
}

KeyedRng::KeyedRng(std::uint64_t seed, std::uint64_t key)
    : state_(mix(mix(seed + kGolden) + key * kGolden)) {}

std::uint64_t KeyedRng::next() {
  state_ += kGolden;
  return mix(state_);
}

std::int64_t KeyedRng::uniform_int(std::int64_t low, std::int64_t high) {
  return uniform_in([this] { return next(); }, low, high);
}

double KeyedRng::uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }

double Rng::uniform() { return static_cast<double>(engine_() >> 11) * 0x1.0p-53; }

double Rng::normal() {
  if (has_spare_) {
    has_spare_ = false;
    return spare_;
  }
  double u, v, s;
  do {
    u = 2.0 * uniform() - 1.0;
    v = 2.0 * uniform() - 1.0;
    s = u * u + v * v;
  } while (s >= 1.0 || s == 0.0);
  const double factor = std::sqrt(-2.0 * std::log(s) / s);
  spare_ = v * factor;
  has_spare_ = true;
  return u * factor;
}

}  // namespace linreg
