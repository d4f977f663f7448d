#pragma once
// Fixed groups of rows processed on all cores (private to the library): the grouping depends
// only on the row count, so results combined in group order are the same for any thread count.
#include <algorithm>
#include <atomic>
#include <functional>
#include <mutex>
#include <optional>
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
    for (Index g = next++; g < groups; g = next++)
      work(g, g * kGroupRows, std::min(n, (g + 1) * kGroupRows));
  };
  const auto threads = static_cast<unsigned>(std::min<Index>(groups, core_count()));
  std::vector<std::thread> helpers;
  for (unsigned t = 1; t < threads; ++t) helpers.emplace_back(run);
  run();
  for (auto& h : helpers) h.join();
}

// Computes make_part(g, lo, hi) for every group on all cores and hands the parts to fold(part) in
// group order as soon as each one's predecessors are folded: the same result as folding them all
// at the end, with only the parts that finished out of order waiting in memory (about one per
// core), not one per group.
template <typename Part, typename MakePart, typename Fold>
void fold_groups_in_order(Index n, MakePart make_part, Fold fold) {
  const Index groups = group_count(n);
  std::vector<std::optional<Part>> waiting(static_cast<std::size_t>(groups));
  std::mutex mutex;
  Index next = 0;
  for_each_group(n, [&](Index g, Index lo, Index hi) {
    Part part = make_part(g, lo, hi);
    const std::lock_guard<std::mutex> lock(mutex);
    waiting[static_cast<std::size_t>(g)] = std::move(part);
    for (; next < groups && waiting[static_cast<std::size_t>(next)]; ++next) {
      fold(std::move(*waiting[static_cast<std::size_t>(next)]));
      waiting[static_cast<std::size_t>(next)].reset();
    }
  });
}

}  // namespace linreg::detail
