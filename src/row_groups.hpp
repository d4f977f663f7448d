#pragma once
// Fixed groups of rows processed on all cores (private to the library): the grouping depends
// only on the row count, so results combined in group order are the same for any thread count.
#include <algorithm>
#include <atomic>
#include <functional>
#include <thread>
#include <vector>

#include "linreg/types.hpp"

namespace linreg::detail {

constexpr Index kGroupRows = Index{1} << 16;

inline Index group_count(Index n) { return std::max<Index>(1, (n + kGroupRows - 1) / kGroupRows); }

// The number of cores, asked once: the query reads a file under /sys.
inline unsigned core_count() {
  static const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  return cores;
}

// Calls work(g, lo, hi) for every group of rows, on up to all cores.
inline void for_each_group(Index n, const std::function<void(Index, Index, Index)>& work) {
  const Index groups = group_count(n);
  if (groups == 1) {  // small data: no threads, no synchronization
    work(0, 0, n);
    return;
  }
  std::atomic<Index> next{0};
  const auto run = [&] {
    for (Index g = next++; g < groups; g = next++) work(g, g * kGroupRows, std::min(n, (g + 1) * kGroupRows));
  };
  const auto threads = static_cast<unsigned>(std::min<Index>(groups, core_count()));
  std::vector<std::thread> helpers;
  for (unsigned t = 1; t < threads; ++t) helpers.emplace_back(run);
  run();
  for (auto& h : helpers) h.join();
}

}  // namespace linreg::detail
