#pragma once
// P processes of a distributed fit as P threads of one test (no MPI): a Communicator whose
// exchanges go through shared slots between barriers. combine_in_order folds the words left to
// right in rank order (MPI's tree brackets them otherwise; the combination is associative to
// rounding), the same on every thread.
#include <barrier>
#include <exception>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "linreg/communicator.hpp"

namespace linreg::testing {

class ThreadGroup {
 public:
  explicit ThreadGroup(int size)
      : size_(size),
        barrier_(size),
        strings_(static_cast<std::size_t>(size)),
        numbers_(static_cast<std::size_t>(size)),
        words_(static_cast<std::size_t>(size)) {}

  class Member final : public Communicator {
   public:
    Member(ThreadGroup& group, int rank) : group_(group), rank_(rank) {}
    [[nodiscard]] int rank() const override { return rank_; }
    [[nodiscard]] int size() const override { return group_.size_; }
    [[nodiscard]] std::vector<std::string> all_gather(const std::string& mine) const override {
      group_.strings_[static_cast<std::size_t>(rank_)] = mine;
      group_.barrier_.arrive_and_wait();
      std::vector<std::string> all = group_.strings_;
      group_.barrier_.arrive_and_wait();
      return all;
    }
    void sum(std::vector<std::int64_t>& values) const override {
      group_.numbers_[static_cast<std::size_t>(rank_)] = values;
      group_.barrier_.arrive_and_wait();
      for (std::size_t k = 0; k < values.size(); ++k) {
        std::int64_t total = 0;
        for (const auto& v : group_.numbers_) total += v[k];
        values[k] = total;
      }
      group_.barrier_.arrive_and_wait();
    }
    void combine_in_order(std::vector<double>& words, const Combine& combine) const override {
      group_.words_[static_cast<std::size_t>(rank_)] = words;
      group_.barrier_.arrive_and_wait();
      std::vector<double> acc = group_.words_.front();
      for (std::size_t r = 1; r < group_.words_.size(); ++r) {
        std::vector<double> later = group_.words_[r];
        combine(acc.data(), later.data(), later.size());
        acc = std::move(later);
      }
      group_.barrier_.arrive_and_wait();
      words = std::move(acc);
    }

   private:
    ThreadGroup& group_;
    int rank_;
  };

  // Runs work(comm) on every member, each on its own thread; the members' results in rank order,
  // or the first exception (by rank) rethrown after all have finished.
  template <typename Result>
  std::vector<Result> run(const std::function<Result(const Communicator&)>& work) {
    std::vector<Result> results(static_cast<std::size_t>(size_));
    std::vector<std::exception_ptr> errors(static_cast<std::size_t>(size_));
    std::vector<std::thread> threads;
    for (int r = 0; r < size_; ++r) {
      threads.emplace_back([&, r] {
        const Member member(*this, r);
        try {
          results[static_cast<std::size_t>(r)] = work(member);
        } catch (...) {
          errors[static_cast<std::size_t>(r)] = std::current_exception();
        }
      });
    }
    for (auto& t : threads) t.join();
    for (const auto& e : errors) {
      if (e) std::rethrow_exception(e);
    }
    return results;
  }

 private:
  int size_;
  std::barrier<> barrier_;
  std::vector<std::string> strings_;
  std::vector<std::vector<std::int64_t>> numbers_;
  std::vector<std::vector<double>> words_;
};

}  // namespace linreg::testing
