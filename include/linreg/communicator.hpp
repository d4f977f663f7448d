#pragma once
// The processes of one distributed fit and the little they exchange: an MPI communicator (mpi/,
// in a build with Open MPI), or a single process. The distributed pipeline (linreg/distributed.hpp)
// is written against this interface only, so the library itself never links MPI.
//
// Every call is collective: each process of the communicator makes it, in the same order.
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace linreg {

class Communicator {
 public:
  virtual ~Communicator() = default;
  [[nodiscard]] virtual int rank() const = 0;
  [[nodiscard]] virtual int size() const = 0;

  // Every process's bytes, in rank order, on every process.
  [[nodiscard]] virtual std::vector<std::string> all_gather(const std::string& mine) const = 0;
  // Element-wise sums of the processes' integers (the same count on each), on every process:
  // exact, so the order does not matter.
  virtual void sum(std::vector<std::int64_t>& values) const = 0;
  // Folds every process's `words` (the same count on each) into one result, on every process.
  // `combine(earlier, later, count)` replaces `later` by the combination of the two, where
  // `earlier` holds the words of lower ranks: it need not be commutative, and the order of the
  // ranks is kept. The tree of combinations is fixed for a given number of processes, so the
  // result is the same bits from run to run (and on every process).
  using Combine = std::function<void(const double* earlier, double* later, std::size_t count)>;
  virtual void combine_in_order(std::vector<double>& words, const Combine& combine) const = 0;
};

// The one-process communicator: every exchange returns the process's own.
class SingleProcess final : public Communicator {
 public:
  [[nodiscard]] int rank() const override { return 0; }
  [[nodiscard]] int size() const override { return 1; }
  [[nodiscard]] std::vector<std::string> all_gather(const std::string& mine) const override {
    return {mine};
  }
  void sum(std::vector<std::int64_t>&) const override {}
  void combine_in_order(std::vector<double>&, const Combine&) const override {}
};

}  // namespace linreg
