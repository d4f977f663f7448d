#include "core/reductions.hpp"

#include <algorithm>

namespace linreg::detail {

void add_pairs(const double* earlier, double* later, std::size_t count) {
  for (std::size_t k = 0; k + 1 < count; k += 2) {
    const DoubleDouble s =
        DoubleDouble(earlier[k], earlier[k + 1]) + DoubleDouble(later[k], later[k + 1]);
    later[k] = s.hi;
    later[k + 1] = s.lo;
  }
}

void add_plain(const double* earlier, double* later, std::size_t count) {
  for (std::size_t k = 0; k < count; ++k) later[k] = earlier[k] + later[k];
}

void take_max(const double* earlier, double* later, std::size_t count) {
  for (std::size_t k = 0; k < count; ++k) later[k] = std::max(earlier[k], later[k]);
}

void shared_sums(const Communicator& comm, std::vector<DoubleDouble>& values) {
  if (comm.size() == 1) return;
  std::vector<double> words;
  for (const DoubleDouble& v : values) words.insert(words.end(), {v.hi, v.lo});
  comm.combine_in_order(words, add_pairs);
  for (std::size_t k = 0; k < values.size(); ++k)
    values[k] = DoubleDouble(words[2 * k], words[2 * k + 1]);
}

DoubleDouble shared_sum(const Communicator& comm, DoubleDouble value) {
  std::vector<DoubleDouble> one = {value};
  shared_sums(comm, one);
  return one.front();
}

double shared_plain_sum(const Communicator& comm, double value) {
  if (comm.size() == 1) return value;
  std::vector<double> words = {value};
  comm.combine_in_order(words, add_plain);
  return words.front();
}

double shared_max(const Communicator& comm, double value) {
  if (comm.size() == 1) return value;
  std::vector<double> words = {value};
  comm.combine_in_order(words, take_max);
  return words.front();
}

void shared_max(const Communicator& comm, Vector& values) {
  if (comm.size() == 1) return;
  std::vector<double> words(values.data(), values.data() + values.size());
  comm.combine_in_order(words, take_max);
  for (Index k = 0; k < values.size(); ++k) values[k] = words[static_cast<std::size_t>(k)];
}

Index shared_count(const Communicator& comm, Index value) {
  if (comm.size() == 1) return value;
  std::vector<std::int64_t> v = {value};
  comm.sum(v);
  return v.front();
}

}  // namespace linreg::detail
