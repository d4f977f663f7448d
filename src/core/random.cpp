#include "linreg/random.hpp"

#include <cmath>
#include <stdexcept>

namespace linreg {
namespace {
__extension__ using uint128 = unsigned __int128;
}  // namespace

std::int64_t Rng::uniform_int(std::int64_t low, std::int64_t high) {
  if (high <= low) throw std::invalid_argument("Rng::uniform_int: empty range");
  const auto range = static_cast<std::uint64_t>(high - low);
  // Lemire (2019): the high word of x·range is uniform once the biased low words are rejected.
  auto x = engine_();
  auto m = static_cast<uint128>(x) * range;
  auto low_word = static_cast<std::uint64_t>(m);
  if (low_word < range) {
    const std::uint64_t threshold = (0 - range) % range;
    while (low_word < threshold) {
      x = engine_();
      m = static_cast<uint128>(x) * range;
      low_word = static_cast<std::uint64_t>(m);
    }
  }
  return low + static_cast<std::int64_t>(m >> 64);
}

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
