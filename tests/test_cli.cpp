// The `linreg` program, run in-process through cli::run.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "app.hpp"
#include "linreg/fit.hpp"
#include "linreg/model_io.hpp"
#include "linreg/csv.hpp"
#include "linreg/encoder.hpp"

namespace linreg::cli {
namespace {

struct Result {
  int code;
  std::string out;
  std::string err;
};

Result run_cli(const std::vector<std::string>& args, const std::string& input = "") {
  std::istringstream in(input);
  std::ostringstream out, err;
  const int code = run(args, {in, out, err});
  return {code, out.str(), err.str()};
}

class CliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("linreg_cli_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string path(const std::string& name) const { return (dir_ / name).string(); }

  std::filesystem::path dir_;
};

TEST_F(CliTest, DemoRunsAndShowsTheTutorial) {
  const Result r = run_cli({"demo"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_TRUE(r.err.empty()) << r.err;
  for (const char* needle : {"X: (100, 3)", "∂L/∂W", "lr = 1e-09", "Standardization", "R² = 0.99",
                             "exact least-squares", "1/L", "diverged"}) {
    EXPECT_NE(r.out.find(needle), std::string::npos) << needle;
  }
}

TEST_F(CliTest, GenerateFitSavePredictMatchesTheLibrary) {
  const Result gen = run_cli({"generate", "house", "--rows", "500", "--seed", "3", "--out", path("h.csv")});
  ASSERT_EQ(gen.code, 0) << gen.err;
  const Result fitted = run_cli({"fit", path("h.csv"), "--target", "price", "--model", path("m.json")});
  ASSERT_EQ(fitted.code, 0) << fitted.err;
  EXPECT_NE(fitted.out.find("converged"), std::string::npos) << fitted.out;
  // Predict on the columns in another order, with an extra column: matched by name.
  {
    std::ofstream shuffled(path("new.csv"));
    shuffled << "distance_to_city,extra,age,size\n3,9,10,1500\n20,9,40,2500\n";
  }
  const Result predicted = run_cli({"predict", "--model", path("m.json"), path("new.csv"), "--out", path("p.csv")});
  ASSERT_EQ(predicted.code, 0) << predicted.err;

  std::ifstream csv(path("h.csv"));
  const CsvTable table = read_csv(csv, "h.csv");
  Dataset d;
  d.feature_names = {"size", "age", "distance_to_city"};
  d.X.resize(table.rows, 3);
  for (Index j = 0; j < 3; ++j) {
    d.X.col(j) = Eigen::Map<const Vector>(table.column(d.feature_names[static_cast<std::size_t>(j)]).numbers.data(), table.rows);
  }
  d.y = Eigen::Map<const Vector>(table.column("price").numbers.data(), table.rows);
  const FitSummary s = fit(d);
  Matrix rows(2, 3);
  rows << 1500, 10, 3, 2500, 40, 20;
  const Vector expected = s.model.predict(rows);
  std::ifstream p(path("p.csv"));
  const CsvTable got = read_csv(p, "p.csv");
  ASSERT_EQ(got.column_names(), std::vector<std::string>{"prediction"});
  ASSERT_EQ(got.rows, 2);
  // Same code path, same data, and exact round trips through the model file: bit-identical.
  EXPECT_EQ(got.columns[0].numbers[0], expected[0]);
  EXPECT_EQ(got.columns[0].numbers[1], expected[1]);
}

TEST_F(CliTest, FitJsonFromStdin) {
  const Result gen = run_cli({"generate", "house", "--rows", "300", "--seed", "1"});
  ASSERT_EQ(gen.code, 0);
  const Result r = run_cli({"fit", "-", "--target", "price", "--json", "--solver", "exact"}, gen.out);
  ASSERT_EQ(r.code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  for (const char* key : {"solver", "intercept", "coefficients", "iterations", "stop_reason",
                          "warnings", "train"}) {
    EXPECT_TRUE(j.contains(key)) << key;
  }
  EXPECT_EQ(j["solver"], "exact");
  EXPECT_EQ(j["stop_reason"], "solved");
  EXPECT_TRUE(j["coefficients"].contains("size"));
  for (const char* key : {"n", "r2", "mse", "rmse", "mae"}) EXPECT_TRUE(j["train"].contains(key));
  EXPECT_EQ(j["train"]["n"], 300);
}

TEST_F(CliTest, BadFlagIsAUsageError) {
  const Result r = run_cli({"fit", "x.csv", "--target", "y", "--bogus"});
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("--help"), std::string::npos) << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  EXPECT_EQ(run_cli({}).code, 2);
  EXPECT_EQ(run_cli({"fit", "x.csv", "--target", "y", "--lr", "fast"}).code, 2);
  EXPECT_EQ(run_cli({"fit", "x.csv", "--target", "y", "--solver", "magic"}).code, 2);
  EXPECT_EQ(run_cli({"fit", "x.csv"}).code, 2);  // --target is required
}

TEST_F(CliTest, HelpAndVersionExitZero) {
  const Result help = run_cli({"fit", "--help"});
  EXPECT_EQ(help.code, 0);
  EXPECT_NE(help.out.find("--target"), std::string::npos);
  const Result version = run_cli({"--version"});
  EXPECT_EQ(version.code, 0);
  EXPECT_NE(version.out.find("linreg"), std::string::npos);
}

TEST_F(CliTest, MissingFileIsADataError) {
  const Result r = run_cli({"fit", path("nope.csv"), "--target", "price"});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("nope.csv"), std::string::npos) << r.err;
}

TEST_F(CliTest, UnknownTargetListsTheColumns) {
  ASSERT_EQ(run_cli({"generate", "house", "--rows", "10", "--out", path("h.csv")}).code, 0);
  const Result r = run_cli({"fit", path("h.csv"), "--target", "cost"});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("size, age, distance_to_city, price"), std::string::npos) << r.err;
}

TEST_F(CliTest, BadValueNamesLineAndColumn) {
  {
    std::ofstream f(path("bad.csv"));
    f << "a,b\n1,2\n3,12a\n";
  }
  const Result r = run_cli({"fit", path("bad.csv"), "--target", "b"});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("bad.csv:3:3"), std::string::npos) << r.err;
}

TEST_F(CliTest, PredictNamesAMissingColumn) {
  ASSERT_EQ(run_cli({"generate", "house", "--rows", "50", "--out", path("h.csv")}).code, 0);
  ASSERT_EQ(run_cli({"fit", path("h.csv"), "--target", "price", "--model", path("m.json")}).code, 0);
  {
    std::ofstream f(path("partial.csv"));
    f << "size,age\n1000,3\n";
  }
  const Result r = run_cli({"predict", "--model", path("m.json"), path("partial.csv")});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("'distance_to_city'"), std::string::npos) << r.err;
}

TEST_F(CliTest, DivergenceIsReportedNotFatal) {
  ASSERT_EQ(run_cli({"generate", "house", "--rows", "50", "--out", path("h.csv")}).code, 0);
  const Result r = run_cli({"fit", path("h.csv"), "--target", "price", "--scale", "none", "--lr", "0.01"});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("diverged"), std::string::npos);
  EXPECT_NE(r.out.find("2/L"), std::string::npos);
}

TEST_F(CliTest, HeaderOnlyFileIsADataError) {
  {
    std::ofstream f(path("empty.csv"));
    f << "a,b\n";
  }
  const Result r = run_cli({"fit", path("empty.csv"), "--target", "b"});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("no data rows"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace linreg::cli
