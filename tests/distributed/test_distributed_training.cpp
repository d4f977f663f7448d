// The distributed pipeline (linreg/distributed.hpp) with its processes as threads
// (thread_communicator.hpp): the same checks as tests/process/mpi_process.py without MPI, so that
// the sanitizer build runs the shard planning, the quoting automaton's maps, the column merges
// and the state reductions too. Each is compared with train() of one process on the same file:
// the exact solver's coefficients to 16 ulps of the largest (the rows are folded in other
// blocks: rounding only; the refinement makes both accurate to about one ulp), gradient descent's
// to 2.5e-12 (both stop within tol = 1e-12 of the optimum).
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "linreg/csv_file_source.hpp"
#include "linreg/distributed.hpp"
#include "linreg/errors.hpp"
#include "linreg/inference.hpp"
#include "linreg/random.hpp"
#include "linreg/training.hpp"
#include "thread_communicator.hpp"

namespace linreg {
namespace {

namespace fs = std::filesystem;
constexpr double kEps = 0x1.0p-52;

class DistributedTraining : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / fmt::format("linreg_distributed_{}", ::getpid());
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  // Writes rows (already formatted cells) under a header; returns the path.
  std::string write(const std::string& name, const std::vector<std::string>& header,
                    const std::vector<std::vector<std::string>>& rows, std::size_t from = 0,
                    std::size_t to = std::string::npos) {
    const std::string path = (dir_ / name).string();
    std::ofstream out(path);
    for (std::size_t j = 0; j < header.size(); ++j) out << (j ? "," : "") << header[j];
    out << '\n';
    for (std::size_t i = from; i < std::min(to, rows.size()); ++i) {
      for (std::size_t j = 0; j < rows[i].size(); ++j) out << (j ? "," : "") << rows[i][j];
      out << '\n';
    }
    return path;
  }

  fs::path dir_;
};

// The mixed table of mpi_process.py: categorical levels that differ between the parts of the
// file, a column numeric in its first half and text in its second, missing values, weights, and
// a free-text column whose quoted fields hold newlines, delimiters and doubled quotes.
std::vector<std::vector<std::string>> mixed_rows(int n, std::uint64_t seed) {
  Rng rng(seed);
  const std::vector<std::string> cities = {"beta", "gamma", "delta", "epsilon"};
  std::vector<std::vector<std::string>> rows;
  for (int i = 0; i < n; ++i) {
    const std::string city = i < n / 10 ? "alpha"
                             : i >= n - n / 10
                                 ? "zeta"
                                 : cities[static_cast<std::size_t>(rng.uniform_int(0, 4))];
    const std::string code = i < n / 2
                                 ? std::to_string(rng.uniform_int(1, 5))
                                 : std::string(1, static_cast<char>('A' + rng.uniform_int(0, 3)));
    const double x1 = rng.normal(), x2 = 5.0 + 2.0 * rng.normal();
    const double w = std::ldexp(1.0, static_cast<int>(rng.uniform_int(-1, 3)));
    const double y = 3.0 + 2.0 * x1 - 0.5 * x2 + static_cast<double>(city.size()) + rng.normal();
    const std::string note =
        rng.uniform() < 0.7 ? fmt::format("\"line one, of {}\nsecond \"\"quoted\"\" line\n\"", i)
                            : "plain";
    rows.push_back({fmt::format("{}", x1), rng.uniform() < 0.05 ? "" : fmt::format("{}", x2), city,
                    code, note, fmt::format("{}", w), fmt::format("{}", y)});
  }
  return rows;
}

const std::vector<std::string> kMixedHeader = {"x1", "x2", "city", "code", "note", "w", "y"};

TrainingResult one_process(const std::string& path, const TrainingSpec& spec) {
  CsvFileSource source(path);
  return train(source, CsvOptions{}, spec);
}

std::vector<TrainingResult> on_threads(int processes, const std::vector<std::string>& files,
                                       const TrainingSpec& spec) {
  testing::ThreadGroup group(processes);
  return group.run<TrainingResult>(
      [&](const Communicator& comm) { return train_distributed(comm, files, CsvOptions{}, spec); });
}

// The largest coefficient difference, in ulps of the largest coefficient.
double ulps_apart(const LinearModel& a, const LinearModel& b) {
  double scale = std::abs(a.intercept()), worst = std::abs(a.intercept() - b.intercept());
  for (Index j = 0; j < a.n_features(); ++j) {
    scale = std::max(scale, std::abs(a.weights()[j]));
    worst = std::max(worst, std::abs(a.weights()[j] - b.weights()[j]));
  }
  return worst / (kEps * scale);
}

void expect_same_fit(const TrainingResult& one, const TrainingResult& many) {
  EXPECT_EQ(one.data.rows_read, many.data.rows_read);
  EXPECT_EQ(one.train.n, many.train.n);
  EXPECT_EQ(one.data.train.feature_names, many.data.train.feature_names);
  ASSERT_EQ(one.data.warnings.size(), many.data.warnings.size());
  for (std::size_t k = 0; k < one.data.warnings.size(); ++k)
    EXPECT_EQ(one.data.warnings[k].text, many.data.warnings[k].text);
  EXPECT_LE(ulps_apart(one.summary.model, many.summary.model), 16.0);
  EXPECT_NEAR(one.train.r2, many.train.r2, 1e-12);
}

TEST_F(DistributedTraining, MixedTableOnOneToFourProcessesAndInParts) {
  const auto rows = mixed_rows(3000, 19);
  const std::string whole = write("mixed.csv", kMixedHeader, rows);
  const std::vector<std::string> parts = {write("part-0.csv", kMixedHeader, rows, 0, 500),
                                          write("part-1.csv", kMixedHeader, rows, 500, 2200),
                                          write("part-2.csv", kMixedHeader, rows, 2200)};
  for (const MissingPolicy missing : {MissingPolicy::drop, MissingPolicy::mean}) {
    for (const bool weighted : {false, true}) {
      TrainingSpec spec;
      spec.target = "y";
      spec.drop = {"note"};
      spec.missing = missing;
      if (weighted) spec.weight_column = "w";
      const TrainingResult one = one_process(whole, spec);
      for (int p = 1; p <= 4; ++p) {
        SCOPED_TRACE(
            fmt::format("{} processes, missing {}, weighted {}", p, to_string(missing), weighted));
        const std::vector<TrainingResult> many = on_threads(p, {whole}, spec);
        for (const TrainingResult& r : many) expect_same_fit(one, r);
        // Every process returns the same bits.
        for (const TrainingResult& r : many)
          EXPECT_EQ(ulps_apart(many.front().summary.model, r.summary.model), 0.0);
        expect_same_fit(one, on_threads(p, parts, spec).front());
      }
    }
  }
}

TEST_F(DistributedTraining, GradientDescentAndTheSplit) {
  const auto rows = mixed_rows(2000, 5);
  const std::string whole = write("mixed.csv", kMixedHeader, rows);
  TrainingSpec spec;
  spec.target = "y";
  spec.drop = {"note"};
  spec.missing = MissingPolicy::mean;
  spec.fit.solver = SolverKind::gradient_descent;
  const TrainingResult one = one_process(whole, spec);
  for (int p : {1, 3}) {
    const TrainingResult many = on_threads(p, {whole}, spec).front();
    double distance = 0.0, norm = 0.0;
    const auto add = [&](double a, double b) {
      distance += (a - b) * (a - b);
      norm += a * a;
    };
    add(one.summary.model.intercept(), many.summary.model.intercept());
    for (Index j = 0; j < one.summary.model.n_features(); ++j)
      add(one.summary.model.weights()[j], many.summary.model.weights()[j]);
    EXPECT_LE(std::sqrt(distance / norm), 2.5e-12) << p << " processes";
    EXPECT_EQ(many.summary.stop_reason, StopReason::converged);
    EXPECT_NEAR(many.train.mae, one.train.mae, 1e-10 * one.train.mae);
  }
  // The split is the same rows on any number of processes, about the share asked for.
  spec.fit.solver = SolverKind::exact;
  spec.test_size = 0.25;
  spec.seed = 4;
  const TrainingResult first = on_threads(1, {whole}, spec).front();
  ASSERT_TRUE(first.test.has_value());
  EXPECT_NEAR(static_cast<double>(first.test->n) / 2000.0, 0.25, 0.03);
  for (int p : {2, 4}) {
    const TrainingResult many = on_threads(p, {whole}, spec).front();
    EXPECT_EQ(many.test->n, first.test->n);
    EXPECT_NEAR(many.test->mse, first.test->mse, 1e-12 * first.test->mse);
  }
}

// The statistics table from every process's rows (infer()'s code, its sums completed over the
// processes) against infer() on one process: rounding apart, 1e-10 relative.
TEST_F(DistributedTraining, StatisticsTableFromEveryProcessesRows) {
  const std::string whole = write("mixed.csv", kMixedHeader, mixed_rows(2500, 11));
  for (const bool weighted : {false, true}) {
    TrainingSpec spec;
    spec.target = "y";
    spec.drop = {"note"};
    spec.missing = MissingPolicy::drop;
    if (weighted) spec.weight_column = "w";
    spec.keep_design = true;
    const TrainingResult one = one_process(whole, spec);
    const InferenceTable expected = infer(one.data.train, one.summary, spec.fit);
    for (int p : {2, 3}) {
      SCOPED_TRACE(fmt::format("{} processes, weighted {}", p, weighted));
      const TrainingResult many = on_threads(p, {whole}, spec).front();
      ASSERT_TRUE(many.statistics.has_value());
      const InferenceTable& got = *many.statistics;
      EXPECT_EQ(got.n, expected.n);
      EXPECT_EQ(got.df_residual, expected.df_residual);
      const auto near = [](double a, double b) { return std::abs(a - b) <= 1e-10 * std::abs(a); };
      ASSERT_EQ(got.terms.size(), expected.terms.size());
      for (std::size_t k = 0; k < got.terms.size(); ++k) {
        EXPECT_TRUE(near(*expected.terms[k].se, *got.terms[k].se)) << got.terms[k].name;
        EXPECT_TRUE(near(*expected.terms[k].t, *got.terms[k].t)) << got.terms[k].name;
      }
      EXPECT_TRUE(near(*expected.r2, *got.r2));
      EXPECT_TRUE(near(*expected.log_likelihood, *got.log_likelihood));
      EXPECT_TRUE(near(*expected.condition_number, *got.condition_number));
      EXPECT_TRUE(near(*expected.diagnostics.durbin_watson, *got.diagnostics.durbin_watson));
      EXPECT_TRUE(near(*expected.diagnostics.jarque_bera, *got.diagnostics.jarque_bera));
      EXPECT_TRUE(
          near(*expected.diagnostics.condition_number_raw, *got.diagnostics.condition_number_raw));
    }
  }
}

TEST_F(DistributedTraining, ProcessesWithoutRowsAndErrorsEveryProcessAgreesOn) {
  // One long quoted field spans most of the bytes: most ranges hold no record's start.
  const std::string tiny =
      write("tiny.csv", {"x", "note", "y"},
            {{"1", "\"" + std::string(400, 'a') + "\n" + std::string(400, 'b') + "\"", "2.5"},
             {"2", "b", "3.1"},
             {"4", "c", "7.2"}});
  TrainingSpec spec;
  spec.target = "y";
  spec.drop = {"note"};
  const TrainingResult one = one_process(tiny, spec);
  for (int p : {2, 4}) {
    for (const TrainingResult& r : on_threads(p, {tiny}, spec)) expect_same_fit(one, r);
  }
  // A short row near the end: every process throws the one-process reading's error.
  auto rows = mixed_rows(1500, 3);
  rows.push_back({"1", "2", "beta", "1", "n", "1"});
  const std::string bad = write("bad.csv", kMixedHeader, rows);
  std::string expected;
  try {
    (void)one_process(bad, spec);
  } catch (const DataError& e) {
    expected = e.what();
  }
  ASSERT_FALSE(expected.empty());
  testing::ThreadGroup group(3);
  const std::vector<std::string> messages = group.run<std::string>([&](const Communicator& comm) {
    try {
      (void)train_distributed(comm, {bad}, CsvOptions{}, spec);
    } catch (const DataError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  });
  for (const std::string& m : messages) EXPECT_EQ(m, expected);
  // A target that holds text in the last rows: the one-process error, not a crash.
  auto texts = mixed_rows(1500, 4);
  texts.back().back() = "abc";
  const std::string text_target = write("text_target.csv", kMixedHeader, texts);
  std::string one_message;
  try {
    (void)one_process(text_target, spec);
  } catch (const DataError& e) {
    one_message = e.what();
  }
  for (int p : {1, 3}) {
    try {
      (void)on_threads(p, {text_target}, spec);
      ADD_FAILURE() << "a text target was taken";
    } catch (const DataError& e) {
      EXPECT_EQ(std::string(e.what()), one_message);
    }
  }
  // Files whose headers differ are refused, naming the first that differs, whichever process
  // read its header.
  const std::string other = write("other.csv", {"x", "note", "z"}, {{"1", "a", "2"}});
  const std::string third = write("third.csv", {"x", "y"}, {{"1", "2"}});
  for (int p : {1, 2, 3}) {
    try {
      (void)on_threads(p, {tiny, other, third}, spec);
      ADD_FAILURE() << "different headers were taken";
    } catch (const DataError& e) {
      EXPECT_NE(std::string(e.what()).find(other), std::string::npos) << p << ": " << e.what();
    }
  }
  // What is not distributed yet says so.
  TrainingSpec descent = spec;
  descent.keep_design = true;  // the statistics table of gradient descent
  descent.fit.solver = SolverKind::gradient_descent;
  EXPECT_THROW((void)on_threads(1, {tiny}, descent), UsageError);
}

}  // namespace
}  // namespace linreg
