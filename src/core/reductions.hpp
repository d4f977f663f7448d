#pragma once
// Sums and maxima over the processes of a Communicator (linreg/communicator.hpp), for code that
// computes over rows and may see only one process's share of them (private to the library):
// with one process each returns the value itself, untouched, so the one-process results keep
// their bits.
#include <cstdint>
#include <vector>

#include "linreg/communicator.hpp"
#include "linreg/types.hpp"
#include "numerics/double_double.hpp"

namespace linreg::detail {

// Combinations for Communicator::combine_in_order: double-double sums (the words in pairs, high
// then low), plain sums in rank order, and maxima.
void add_pairs(const double* earlier, double* later, std::size_t count);
void add_plain(const double* earlier, double* later, std::size_t count);
void take_max(const double* earlier, double* later, std::size_t count);

// Each value summed over the processes, in double-double.
void shared_sums(const Communicator& comm, std::vector<DoubleDouble>& values);
[[nodiscard]] DoubleDouble shared_sum(const Communicator& comm, DoubleDouble value);
// Summed in rank order, in double.
[[nodiscard]] double shared_plain_sum(const Communicator& comm, double value);
[[nodiscard]] double shared_max(const Communicator& comm, double value);
void shared_max(const Communicator& comm, Vector& values);
[[nodiscard]] Index shared_count(const Communicator& comm, Index value);

}  // namespace linreg::detail
