// The world communicator over Open MPI (built with LINREG_WITH_MPI): the only file that includes
// mpi.h.
#include "linreg/mpi_world.hpp"

#include <fmt/format.h>
#include <mpi.h>

#include <climits>
#include <mutex>
#include <numeric>

#include "linreg/errors.hpp"

namespace linreg {
namespace {

// MPI's reason for a failed call, as an IoError (the calls return errors: MPI_ERRORS_RETURN).
void check(int code, const char* call) {
  if (code == MPI_SUCCESS) return;
  char text[MPI_MAX_ERROR_STRING];
  int length = 0;
  MPI_Error_string(code, text, &length);
  throw IoError(fmt::format("MPI: {} failed: {}", call, std::string(text, length)));
}

// The combination a user-defined reduction applies: MPI's callback takes no closure, so the one
// running is kept here (reductions run on the calling thread, one at a time).
thread_local const Communicator::Combine* active_combine = nullptr;
thread_local bool combine_failed = false;

extern "C" void apply_combine(void* in, void* inout, int* len, MPI_Datatype* type) {
  int bytes = 0;
  MPI_Type_size(*type, &bytes);
  const auto count = static_cast<std::size_t>(bytes) / sizeof(double);
  try {
    for (int k = 0; k < *len; ++k) {
      (*active_combine)(static_cast<const double*>(in) + static_cast<std::size_t>(k) * count,
                        static_cast<double*>(inout) + static_cast<std::size_t>(k) * count, count);
    }
  } catch (...) {  // an exception must not cross MPI's C frames
    combine_failed = true;
  }
}

class MpiWorld final : public Communicator {
 public:
  MpiWorld() {
    int initialized = 0;
    MPI_Initialized(&initialized);
    if (!initialized) {
      int provided = 0;
      // Only the calling thread makes MPI calls (the CSV reader's threads never do).
      check(MPI_Init_thread(nullptr, nullptr, MPI_THREAD_FUNNELED, &provided), "MPI_Init_thread");
      owns_ = true;
    }
    MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
    MPI_Comm_size(MPI_COMM_WORLD, &size_);
  }
  ~MpiWorld() override {
    int finalized = 0;
    MPI_Finalized(&finalized);
    if (owns_ && !finalized) MPI_Finalize();
  }
  MpiWorld(const MpiWorld&) = delete;
  MpiWorld& operator=(const MpiWorld&) = delete;

  [[nodiscard]] int rank() const override { return rank_; }
  [[nodiscard]] int size() const override { return size_; }

  [[nodiscard]] std::vector<std::string> all_gather(const std::string& mine) const override {
    // Every process learns every size first, so that a message too large stops all of them.
    std::vector<long long> sizes(static_cast<std::size_t>(size_));
    const auto own = static_cast<long long>(mine.size());
    check(MPI_Allgather(&own, 1, MPI_LONG_LONG, sizes.data(), 1, MPI_LONG_LONG, MPI_COMM_WORLD),
          "MPI_Allgather");
    std::vector<int> counts(sizes.size()), offsets(sizes.size(), 0);
    long long total = 0;
    for (std::size_t r = 0; r < sizes.size(); ++r) {
      if (sizes[r] > INT_MAX || total > INT_MAX)
        throw IoError("MPI: messages over 2 GiB in all cannot be gathered");
      counts[r] = static_cast<int>(sizes[r]);
      offsets[r] = static_cast<int>(total);
      total += sizes[r];
    }
    if (total > INT_MAX) throw IoError("MPI: messages over 2 GiB in all cannot be gathered");
    std::string all(static_cast<std::size_t>(total), '\0');
    check(MPI_Allgatherv(mine.data(), static_cast<int>(own), MPI_CHAR, all.data(), counts.data(),
                         offsets.data(), MPI_CHAR, MPI_COMM_WORLD),
          "MPI_Allgatherv");
    std::vector<std::string> out;
    for (std::size_t r = 0; r < sizes.size(); ++r)
      out.push_back(
          all.substr(static_cast<std::size_t>(offsets[r]), static_cast<std::size_t>(sizes[r])));
    return out;
  }

  void sum(std::vector<std::int64_t>& values) const override {
    if (values.empty()) return;
    check(MPI_Allreduce(MPI_IN_PLACE, values.data(), static_cast<int>(values.size()), MPI_INT64_T,
                        MPI_SUM, MPI_COMM_WORLD),
          "MPI_Allreduce");
  }

  // A user-defined, non-commutative reduction (MPI_Op_create) over one element of a derived
  // datatype that holds all the words, so that MPI never splits an element: MPI_Reduce combines
  // them in rank order up its tree to rank 0, whose result MPI_Bcast sends to all (the same bits
  // everywhere, which a collective that reduces on every process separately would not promise).
  void combine_in_order(std::vector<double>& words, const Combine& combine) const override {
    if (words.empty() || size_ == 1) return;
    if (words.size() > static_cast<std::size_t>(INT_MAX) / sizeof(double))
      throw IoError("MPI: a state over 2 GiB cannot be reduced");
    MPI_Datatype state;
    check(MPI_Type_contiguous(static_cast<int>(words.size()), MPI_DOUBLE, &state),
          "MPI_Type_contiguous");
    MPI_Type_commit(&state);
    MPI_Op op;
    MPI_Op_create(&apply_combine, /*commute=*/0, &op);
    std::vector<double> result(rank_ == 0 ? words.size() : 0);
    active_combine = &combine;
    combine_failed = false;
    const int code = MPI_Reduce(words.data(), rank_ == 0 ? result.data() : nullptr, 1, state, op, 0,
                                MPI_COMM_WORLD);
    active_combine = nullptr;
    MPI_Op_free(&op);
    if (rank_ == 0) words = std::move(result);
    const int sent =
        code == MPI_SUCCESS ? MPI_Bcast(words.data(), 1, state, 0, MPI_COMM_WORLD) : MPI_SUCCESS;
    MPI_Type_free(&state);
    check(code, "MPI_Reduce");
    check(sent, "MPI_Bcast");
    // A combination that failed on one process is every process's error.
    int failed = combine_failed ? 1 : 0;
    check(MPI_Allreduce(MPI_IN_PLACE, &failed, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD),
          "MPI_Allreduce");
    if (failed != 0) throw InternalError("MPI: a reduction's combination failed");
  }

 private:
  int rank_ = 0;
  int size_ = 1;
  bool owns_ = false;
};

}  // namespace

bool mpi_available() noexcept { return true; }

std::string mpi_version() {
  char text[MPI_MAX_LIBRARY_VERSION_STRING];
  int length = 0;
  MPI_Get_library_version(text, &length);
  std::string version(text, static_cast<std::size_t>(length));
  const auto comma = version.find(',');  // "Open MPI v4.1.4, package: …"
  return comma == std::string::npos ? version : version.substr(0, comma);
}

std::shared_ptr<const Communicator> mpi_world() {
  static std::mutex guard;
  static std::weak_ptr<const Communicator> world;
  const std::lock_guard<std::mutex> lock(guard);
  std::shared_ptr<const Communicator> shared = world.lock();
  if (!shared) {
    shared = std::make_shared<MpiWorld>();
    world = shared;
  }
  return shared;
}

}  // namespace linreg
