// The `linreg` program, run in-process through cli::run.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <functional>
#include <nlohmann/json.hpp>
#include <sstream>

#include "app.hpp"
#include "cli/cli_runner.hpp"
#include "linreg/csv.hpp"
#include "linreg/encoder.hpp"
#include "linreg/fit.hpp"
#include "linreg/model_io.hpp"

namespace linreg::cli {
namespace {

using testing::Result;
using testing::run_cli;

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
  const Result gen =
      run_cli({"generate", "house", "--rows", "500", "--seed", "3", "--out", path("h.csv")});
  ASSERT_EQ(gen.code, 0) << gen.err;
  const Result fitted =
      run_cli({"fit", path("h.csv"), "--target", "price", "--model", path("m.json")});
  ASSERT_EQ(fitted.code, 0) << fitted.err;
  EXPECT_NE(fitted.out.find("exact least squares"), std::string::npos)
      << fitted.out;  // the default solver
  // Predict on the columns in another order, with an extra column: matched by name.
  {
    std::ofstream shuffled(path("new.csv"));
    shuffled << "distance_to_city,extra,age,size\n3,9,10,1500\n20,9,40,2500\n";
  }
  const Result predicted =
      run_cli({"predict", "--model", path("m.json"), path("new.csv"), "--out", path("p.csv")});
  ASSERT_EQ(predicted.code, 0) << predicted.err;

  std::ifstream csv(path("h.csv"));
  const CsvTable table = read_csv(csv, "h.csv");
  Dataset d;
  d.feature_names = {"size", "age", "distance_to_city"};
  d.X.resize(table.rows, 3);
  for (Index j = 0; j < 3; ++j) {
    d.X.col(j) = Eigen::Map<const Vector>(
        table.column(d.feature_names[static_cast<std::size_t>(j)]).numbers.data(), table.rows);
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
  const Result r =
      run_cli({"fit", "-", "--target", "price", "--json", "--solver", "exact"}, gen.out);
  ASSERT_EQ(r.code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  for (const char* key :
       {"solver", "intercept", "coefficients", "iterations", "stop_reason", "warnings", "train"}) {
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
  EXPECT_EQ(run_cli({"fit", "x.csv", "--target", "y", "--solver", "gd", "--lr", "fast"}).code, 2);
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
  ASSERT_EQ(run_cli({"fit", path("h.csv"), "--target", "price", "--model", path("m.json")}).code,
            0);
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
  const Result r = run_cli({"fit", path("h.csv"), "--target", "price", "--solver", "gd", "--scale",
                            "none", "--lr", "0.01"});
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
  // The streamed exact fit says the same, naming the file or standard input.
  const Result streamed = run_cli({"fit", path("empty.csv"), "--target", "b", "--solver", "exact"});
  EXPECT_EQ(streamed.code, 1);
  EXPECT_NE(streamed.err.find("empty.csv: no data rows after the header"), std::string::npos)
      << streamed.err;
  const Result piped = run_cli({"fit", "-", "--target", "b", "--solver", "exact"}, "a,b\n");
  EXPECT_EQ(piped.code, 1);
  EXPECT_NE(piped.err.find("<stdin>: no data rows after the header"), std::string::npos)
      << piped.err;
}

}  // namespace
}  // namespace linreg::cli

namespace linreg::cli {
namespace {

// A small mixed table: a categorical column, a numeric one with a missing value, the target.
const char* kCars =
    "make,km,price\n"
    "alto,10,1.0\n"
    "swift,20,2.5\n"
    "alto,,1.4\n"
    "city,40,3.9\n"
    "swift,50,3.1\n"
    "city,60,5.2\n"
    "alto,70,1.9\n"
    "city,80,6.1\n";

class CliDataTest : public CliTest {
 protected:
  void SetUp() override {
    CliTest::SetUp();
    std::ofstream(path("cars.csv")) << kCars;
  }
};

TEST_F(CliDataTest, MissingValuesAreAnErrorByDefaultNamingTheColumn) {
  const Result r = run_cli({"fit", path("cars.csv"), "--target", "price"});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("km (1, first at line 4)"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("1 row affected"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("--missing drop"), std::string::npos) << r.err;
}

TEST_F(CliDataTest, CategoricalNoneNamesTheTextColumn) {
  const Result r = run_cli(
      {"fit", path("cars.csv"), "--target", "price", "--categorical", "none", "--missing", "drop"});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("cars.csv:2:1: column 'make' holds text ('alto')"), std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("--drop make"), std::string::npos) << r.err;
}

TEST_F(CliDataTest, OneHotNamesAndReferenceLevel) {
  const Result r = run_cli({"fit", path("cars.csv"), "--target", "price", "--missing", "drop",
                            "--solver", "exact", "--json"});
  ASSERT_EQ(r.code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  // Levels sorted: alto (reference, no column), city, swift.
  EXPECT_TRUE(j["coefficients"].contains("make=city"));
  EXPECT_TRUE(j["coefficients"].contains("make=swift"));
  EXPECT_FALSE(j["coefficients"].contains("make=alto"));
  EXPECT_EQ(j["train"]["n"], 7);
  EXPECT_EQ(j["categorical"], nlohmann::json::array({"make"}));
}

TEST_F(CliDataTest, ForcedCategoricalNumericCodes) {
  std::ofstream(path("codes.csv")) << "seats,y\n5,1\n7,2\n5,1.1\n7,2.2\n9,3\n";
  const Result r = run_cli({"fit", path("codes.csv"), "--target", "y", "--categorical", "seats",
                            "--solver", "exact", "--json"});
  ASSERT_EQ(r.code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_TRUE(j["coefficients"].contains("seats=7"));
  EXPECT_TRUE(j["coefficients"].contains("seats=9"));
}

TEST_F(CliDataTest, TestSplitReportsBothSets) {
  const Result r = run_cli({"fit", path("cars.csv"), "--target", "price", "--missing", "mean",
                            "--test-size", "0.25", "--seed", "3", "--json"});
  ASSERT_EQ(r.code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  ASSERT_TRUE(j.contains("test"));
  EXPECT_EQ(j["test"]["n"], 2);
  EXPECT_EQ(j["train"]["n"], 6);
  for (const char* key : {"r2", "mse", "rmse", "mae"}) EXPECT_TRUE(j["test"].contains(key));
  // The same seed gives the same split; another seed another one.
  EXPECT_EQ(run_cli({"fit", path("cars.csv"), "--target", "price", "--missing", "mean",
                     "--test-size", "0.25", "--seed", "3", "--json"})
                .out,
            r.out);
  const Result table = run_cli({"fit", path("cars.csv"), "--target", "price", "--missing", "mean",
                                "--test-size", "0.25", "--seed", "3"});
  EXPECT_NE(table.out.find("\n  test "), std::string::npos) << table.out;
}

TEST_F(CliDataTest, PredictMatchesTheLibraryWithCategoriesMeansAndUnseenLevels) {
  ASSERT_EQ(run_cli({"fit", path("cars.csv"), "--target", "price", "--missing", "mean", "--solver",
                     "exact", "--model", path("m.json")})
                .code,
            0);
  // Columns in another order, an extra column, a missing km (filled with the training mean), an
  // unseen level (mapped to the reference level 'alto').
  std::ofstream(path("new.csv")) << "extra,km,make\nq,15,swift\nq,,city\nq,30,tesla\n";
  const Result r = run_cli({"predict", "--model", path("m.json"), path("new.csv")});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.err.find("1 row(s) had a level of 'make' not seen"), std::string::npos) << r.err;

  const SavedModel m = load_model(path("m.json"));
  // The library's own path: the model's weights on hand-built rows.
  const auto w = [&](const std::string& name) {
    const auto& names = m.feature_names;
    return m.model.weights()[std::find(names.begin(), names.end(), name) - names.begin()];
  };
  const double km_mean = (10 + 20 + 40 + 50 + 60 + 70 + 80) / 7.0;
  const double b = m.model.intercept();
  const double expected[3] = {b + w("km") * 15 + w("make=swift"),
                              b + w("km") * km_mean + w("make=city"), b + w("km") * 30};
  std::istringstream in(r.out);
  const CsvTable got = read_csv(in, "out");
  ASSERT_EQ(got.rows, 3);
  // Same products, possibly summed in another order: a few ulps.
  for (int i = 0; i < 3; ++i)
    EXPECT_NEAR(got.columns[0].numbers[static_cast<std::size_t>(i)], expected[i],
                1e-12 * std::abs(expected[i]));
}

TEST_F(CliDataTest, PredictWithDropPolicyLeavesNA) {
  ASSERT_EQ(run_cli({"fit", path("cars.csv"), "--target", "price", "--missing", "drop", "--model",
                     path("m.json")})
                .code,
            0);
  std::ofstream(path("new.csv")) << "make,km\nalto,15\ncity,NA\n";
  const Result r = run_cli({"predict", "--model", path("m.json"), path("new.csv")});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("\nNA\n"), std::string::npos) << r.out;
}

TEST_F(CliDataTest, PredictRejectsTextInANumericColumn) {
  ASSERT_EQ(run_cli({"fit", path("cars.csv"), "--target", "price", "--missing", "drop", "--model",
                     path("m.json")})
                .code,
            0);
  std::ofstream(path("new.csv")) << "make,km\nalto,15\ncity,12a\n";
  const Result r = run_cli({"predict", "--model", path("m.json"), path("new.csv")});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("new.csv:3:6: column 'km': '12a' is not a number"), std::string::npos)
      << r.err;
}

TEST_F(CliDataTest, TargetProblemsAreDataErrors) {
  std::ofstream(path("t.csv")) << "x,y\n1,\n2,NA\n";
  Result r = run_cli({"fit", path("t.csv"), "--target", "y"});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("the target 'y' has no values"), std::string::npos) << r.err;
  std::ofstream(path("t2.csv")) << "x,y\n1,a\n2,b\n";
  r = run_cli({"fit", path("t2.csv"), "--target", "y"});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("t2.csv:2:3: the target 'y' must be numeric"), std::string::npos) << r.err;
  std::ofstream(path("q.csv")) << "x,y\n1,2\n\"3,4\n";
  r = run_cli({"fit", path("q.csv"), "--target", "y"});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("q.csv:3:1: unterminated quoted field"), std::string::npos) << r.err;
}

// The data block of a NIST StRD file as a CSV, values copied as written.
std::string nist_csv(const std::string& name, const std::string& header) {
  std::ifstream nist(std::string(LINREG_TEST_DATA_DIR "/nist/") + name + ".dat");
  std::string line, csv = header + "\n";
  int data_lines = 0;
  while (std::getline(nist, line)) {
    if (line.rfind("Data:", 0) == 0) {
      ++data_lines;
      continue;
    }
    if (data_lines < 2) continue;
    std::istringstream fields(line);
    std::string a, b;
    if (fields >> a >> b) csv += a + "," + b + "\n";
  }
  return csv;
}

// --solver exact on a file streams it (rows folded a block at a time, never kept): the same
// model as the in-memory fit, without MAE, and a model file that predicts the same.
TEST_F(CliDataTest, StreamedExactFitMatchesTheInMemoryFit) {
  ASSERT_EQ(run_cli({"generate", "linear", "--rows", "20000", "--cols", "4", "--seed", "3", "--out",
                     path("lin.csv")})
                .code,
            0);
  const Result streamed = run_cli({"fit", path("lin.csv"), "--target", "y", "--solver", "exact",
                                   "--json", "--model", path("s.json")});
  const Result kept = run_cli({"fit", path("lin.csv"), "--target", "y", "--solver", "exact",
                               "--json", "--in-memory", "--model", path("k.json")});
  ASSERT_EQ(streamed.code, 0) << streamed.err;
  ASSERT_EQ(kept.code, 0) << kept.err;
  const auto a = nlohmann::json::parse(streamed.out);
  const auto b = nlohmann::json::parse(kept.out);
  EXPECT_TRUE(a["streamed"].get<bool>());
  EXPECT_FALSE(b["streamed"].get<bool>());
  // Both exact and refined to ~1e-17: a few ulps apart at most.
  EXPECT_NEAR(a["intercept"].get<double>(), b["intercept"].get<double>(), 1e-14);
  for (const char* x : {"x1", "x2", "x3", "x4"}) {
    const double want = b["coefficients"][x].get<double>();
    EXPECT_NEAR(a["coefficients"][x].get<double>(), want, 1e-14 * std::abs(want)) << x;
  }
  EXPECT_NEAR(a["train"]["r2"].get<double>(), b["train"]["r2"].get<double>(), 1e-14);
  EXPECT_TRUE(a["train"]["mae"].is_null());
  EXPECT_TRUE(b["train"]["mae"].is_number());
  EXPECT_EQ(a["train"]["n"], 20000);
  const Result pa = run_cli({"predict", "--model", path("s.json"), path("lin.csv")});
  const Result pb = run_cli({"predict", "--model", path("k.json"), path("lin.csv")});
  ASSERT_EQ(pa.code, 0) << pa.err;
  EXPECT_EQ(pa.out.size(), pb.out.size());
  const Result table = run_cli({"fit", path("lin.csv"), "--target", "y", "--solver", "exact"});
  EXPECT_NE(table.out.find("rows: streamed a block at a time"), std::string::npos) << table.out;
}

TEST_F(CliDataTest, Float32GradientDescent) {
  ASSERT_EQ(run_cli({"generate", "linear", "--rows", "5000", "--cols", "3", "--seed", "8", "--out",
                     path("l.csv")})
                .code,
            0);
  const Result f32 = run_cli(
      {"fit", path("l.csv"), "--target", "y", "--solver", "gd", "--dtype", "f32", "--json"});
  const Result f64 = run_cli({"fit", path("l.csv"), "--target", "y", "--solver", "gd", "--json"});
  ASSERT_EQ(f32.code, 0) << f32.err;
  const auto a = nlohmann::json::parse(f32.out);
  const auto b = nlohmann::json::parse(f64.out);
  EXPECT_EQ(a["dtype"], "f32");
  EXPECT_EQ(b["dtype"], "f64");
  // float32 data and passes: the weights agree to float32 noise (~1e-6 relative here).
  for (const char* x : {"x1", "x2", "x3"}) {
    EXPECT_NEAR(a["coefficients"][x].get<double>(), b["coefficients"][x].get<double>(),
                1e-5 * std::abs(b["coefficients"][x].get<double>()))
        << x;
  }
  const Result exact =
      run_cli({"fit", path("l.csv"), "--target", "y", "--dtype", "f32", "--solver", "exact"});
  EXPECT_EQ(exact.code, 2);
  EXPECT_NE(exact.err.find("--dtype is an option of gradient descent: add --solver gd"),
            std::string::npos)
      << exact.err;
  // Without --solver the solver is exact, and gradient descent's options are refused the same way.
  for (const char* option : {"--lr", "--iters", "--tol", "--scale", "--grad", "--dtype"}) {
    const std::string value = std::string(option) == "--scale"   ? "none"
                              : std::string(option) == "--grad"  ? "manual"
                              : std::string(option) == "--dtype" ? "f64"
                                                                 : "5";
    const Result r = run_cli({"fit", path("l.csv"), "--target", "y", option, value});
    EXPECT_EQ(r.code, 2) << option;
    EXPECT_NE(r.err.find(std::string(option) +
                         " is an option of gradient descent: add --solver gd (the solver is "
                         "exact, the default)"),
              std::string::npos)
        << r.err;
  }
  const Result table =
      run_cli({"fit", path("l.csv"), "--target", "y", "--solver", "gd", "--dtype", "f32"});
  EXPECT_NE(table.out.find("gradient descent in float32"), std::string::npos) << table.out;
}

TEST_F(CliDataTest, StreamedFitMissingValuesAndTextColumns) {
  std::ofstream(path("num.csv"))
      << "km,age,price\n10,1,1.0\n20,2,2.5\n,3,1.4\n40,4,3.9\n50,,3.1\n60,6,5.2\n";
  const Result error = run_cli({"fit", path("num.csv"), "--target", "price", "--solver", "exact"});
  EXPECT_EQ(error.code, 1);
  EXPECT_NE(error.err.find(
                "missing values in 2 columns: km (1, first at line 4), age (1, first at line 6); "
                "2 rows affected"),
            std::string::npos)
      << error.err;
  const Result drop = run_cli({"fit", path("num.csv"), "--target", "price", "--solver", "exact",
                               "--missing", "drop", "--json"});
  ASSERT_EQ(drop.code, 0) << drop.err;
  const auto j = nlohmann::json::parse(drop.out);
  EXPECT_TRUE(j["streamed"].get<bool>());
  EXPECT_EQ(j["train"]["n"], 4);
  EXPECT_EQ(j["rows_read"], 6);
  EXPECT_EQ(j["warnings"][0]["code"], "rows_left_out") << drop.out;
  EXPECT_NE(j["warnings"][0]["text"].get<std::string>().find("2 rows left out"), std::string::npos)
      << drop.out;
  // A text column: a file is read again in memory and one-hot encoded; standard input cannot be.
  const Result file = run_cli({"fit", path("cars.csv"), "--target", "price", "--solver", "exact",
                               "--missing", "drop", "--json"});
  ASSERT_EQ(file.code, 0) << file.err;
  EXPECT_FALSE(nlohmann::json::parse(file.out)["streamed"].get<bool>());
  const Result piped =
      run_cli({"fit", "-", "--target", "price", "--solver", "exact", "--missing", "drop"}, kCars);
  EXPECT_EQ(piped.code, 1);
  EXPECT_NE(piped.err.find("<stdin>:2:1: column 'make' holds text ('alto')"), std::string::npos)
      << piped.err;
  EXPECT_NE(piped.err.find("--in-memory"), std::string::npos) << piped.err;
  const Result piped_kept = run_cli(
      {"fit", "-", "--target", "price", "--solver", "exact", "--missing", "drop", "--in-memory"},
      kCars);
  EXPECT_EQ(piped_kept.code, 0) << piped_kept.err;
}

TEST_F(CliDataTest, NoInterceptThroughTheProgram) {
  // NIST NoInt1 and NoInt2: y = B1·x without intercept.
  const std::pair<const char*, double> cases[] = {{"NoInt1", 2.07438016528926},
                                                  {"NoInt2", 0.727272727272727}};
  for (const auto& [name, certified] : cases) {
    std::ofstream(path("noint.csv")) << nist_csv(name, "y,x");
    const Result r =
        run_cli({"fit", path("noint.csv"), "--target", "y", "--no-intercept", "--solver", "exact",
                 "--json", "--summary", "--model", path("m.json")});
    ASSERT_EQ(r.code, 0) << r.err;
    const auto j = nlohmann::json::parse(r.out);
    EXPECT_EQ(j["intercept"], 0.0) << name;
    EXPECT_EQ(j["fit_intercept"], false) << name;
    EXPECT_FALSE(j["inference"].contains("(intercept)")) << name;
    EXPECT_TRUE(j["aliased"].empty()) << name;
    // NIST's certified values have 15 digits; at least 13 of them must be right.
    EXPECT_NEAR(j["coefficients"]["x"].get<double>(), certified, certified * 1e-13) << name;
    EXPECT_FALSE(load_model(path("m.json")).fit_intercept);
  }
}

TEST_F(CliDataTest, FilipThroughTheProgramWithPoly) {
  std::ofstream(path("filip.csv")) << nist_csv("Filip", "y,x");
  const Result r = run_cli({"fit", path("filip.csv"), "--target", "y", "--poly", "x:10", "--solver",
                            "exact", "--json", "--model", path("m.json")});
  ASSERT_EQ(r.code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  const double certified[] = {-1467.48961422980,      -2772.17959193342,     -2316.37108160893,
                              -1127.97394098372,      -354.478233703349,     -75.1242017393757,
                              -10.8753180355343,      -1.06221498588947,     -0.670191154593408E-01,
                              -0.246781078275479E-02, -0.402962525080404E-04};
  // NIST's target for us: at least 12 correct digits on every coefficient.
  EXPECT_NEAR(j["intercept"].get<double>(), certified[0], 1e-12 * std::abs(certified[0]));
  EXPECT_NEAR(j["coefficients"]["x"].get<double>(), certified[1], 1e-12 * std::abs(certified[1]));
  for (int k = 2; k <= 10; ++k) {
    const double got = j["coefficients"][fmt::format("x^{}", k)].get<double>();
    EXPECT_NEAR(got, certified[k], 1e-12 * std::abs(certified[k])) << "x^" << k;
  }
  // The model file carries the degree: predict builds the same powers.
  std::ofstream(path("x.csv")) << "x\n-6.860120914\n";
  const Result p = run_cli({"predict", "--model", path("m.json"), path("x.csv")});
  ASSERT_EQ(p.code, 0) << p.err;
  EXPECT_NE(p.out.find("0.81"), std::string::npos) << p.out;  // y = 0.8116 at this x
  // No column z: a data problem (exit 1, with the column list), like --drop z.
  EXPECT_EQ(run_cli({"fit", path("filip.csv"), "--target", "y", "--poly", "z:3"}).code, 1);
  EXPECT_EQ(run_cli({"fit", path("filip.csv"), "--target", "y", "--poly", "x"}).code, 2);
}

TEST_F(CliDataTest, DelimiterOption) {
  std::ofstream(path("semi.csv")) << "a;b\n1;2\n2;4.1\n3;6\n";
  EXPECT_EQ(run_cli({"fit", path("semi.csv"), "--target", "b", "--delimiter", ";"}).code, 0);
  EXPECT_EQ(run_cli({"fit", path("semi.csv"), "--target", "b", "--delimiter", "ab"}).code, 2);
}

// Messages for people: no parser-library exception names, no library classes, no 309-digit
// bounds. Every failing run's stderr is checked for them.
void expect_plain_message(const Result& r, const std::string& what) {
  for (const char* internal : {"json.exception", "StandardScaler", "encoder:", "Encoder",
                               "CLI::", "1.79769", "179769313486"}) {
    EXPECT_EQ(r.err.find(internal), std::string::npos) << what << ": " << r.err;
  }
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << what << ": not one line: " << r.err;
}

TEST_F(CliTest, BadOptionValuesAreUsageErrorsWithPlainMessages) {
  std::ofstream(path("h.csv")) << "x,y\n1,2\n2,4.1\n3,6\n4,8.2\n";
  const std::vector<std::vector<std::string>> bad = {
      {"fit", path("h.csv"), "--target", "y", "--solver", "gd", "--iters", "-3"},
      {"fit", path("h.csv"), "--target", "y", "--solver", "gd", "--iters", "0"},
      {"fit", path("h.csv"), "--target", "y", "--solver", "gd", "--iters", "1e3"},
      {"fit", path("h.csv"), "--target", "y", "--solver", "gd", "--tol", "nan"},
      {"fit", path("h.csv"), "--target", "y", "--solver", "gd", "--tol", "inf"},
      {"fit", path("h.csv"), "--target", "y", "--solver", "gd", "--tol", "-1"},
      {"fit", path("h.csv"), "--target", "y", "--test-size", "nan"},
      {"fit", path("h.csv"), "--target", "y", "--test-size", "1"},
      {"fit", path("h.csv"), "--target", "y", "--test-size", "-0.5"},
      {"fit", path("h.csv"), "--target", "y", "--seed", "-1"},
      {"fit", path("h.csv"), "--target", "y", "--solver", "gd", "--lr", "nan"},
      {"demo", "--seed", "-1"},
      {"generate", "house", "--rows", "-1"},
      {"generate", "house", "--seed", "x"},
      {"generate", "linear", "--cols", "-2"},
      {"generate", "linear", "--rows", "99999999999999999999"},
      {"generate", "linear", "--noise", "nan"},
      {"generate", "linear", "--noise", "-1"},
  };
  for (const auto& args : bad) {
    const Result r = run_cli(args);
    const std::string what = fmt::format("{} {}", args[args.size() - 2], args.back());
    EXPECT_EQ(r.code, 2) << what << ": " << r.err;
    expect_plain_message(r, what);
  }
  const Result iters =
      run_cli({"fit", path("h.csv"), "--target", "y", "--solver", "gd", "--iters", "-3"});
  EXPECT_NE(iters.err.find("--iters: must be a whole number of at least 1, got '-3'"),
            std::string::npos)
      << iters.err;
  // The edges that are allowed.
  EXPECT_EQ(run_cli({"fit", path("h.csv"), "--target", "y", "--solver", "gd", "--tol", "0",
                     "--iters", "1"})
                .code,
            0);
  EXPECT_EQ(run_cli({"fit", path("h.csv"), "--target", "y", "--test-size", "0.5", "--seed",
                     "18446744073709551615"})
                .code,
            0);
  EXPECT_EQ(run_cli({"generate", "linear", "--rows", "0", "--cols", "0", "--noise", "0"}).code, 0);
}

TEST_F(CliDataTest, PolyProblems) {
  std::ofstream(path("h.csv")) << "x,y\n1,2\n2,4.1\n3,6\n4,8.2\n";
  // No such column: a data problem, like --drop nosuch: exit 1 with the columns there are.
  const Result missing = run_cli({"fit", path("h.csv"), "--target", "y", "--poly", "nosuch:3"});
  EXPECT_EQ(missing.code, 1) << missing.err;
  EXPECT_NE(missing.err.find("no column named 'nosuch'; the columns are: x, y"), std::string::npos)
      << missing.err;
  expect_plain_message(missing, "--poly nosuch:3");
  // A categorical column, the target, a bad degree: usage problems.
  const Result categorical = run_cli(
      {"fit", path("cars.csv"), "--target", "price", "--missing", "drop", "--poly", "make:2"});
  EXPECT_EQ(categorical.code, 2) << categorical.err;
  EXPECT_NE(categorical.err.find("'make' is categorical"), std::string::npos) << categorical.err;
  for (const char* spec : {"x:0", "x:31", "x:-2", "y:2", "x:", ":2", "x:2.5"}) {
    const Result r = run_cli({"fit", path("h.csv"), "--target", "y", "--poly", spec});
    EXPECT_EQ(r.code, 2) << spec << ": " << r.err;
    expect_plain_message(r, spec);
  }
  EXPECT_NE(
      run_cli({"fit", path("h.csv"), "--target", "y", "--poly", "x:31"}).err.find("from 1 to 30"),
      std::string::npos);
}

TEST_F(CliTest, DirectoriesAreNotFiles) {
  std::ofstream(path("h.csv")) << "x,y\n1,2\n2,4.1\n3,6\n4,8.2\n";
  ASSERT_EQ(run_cli({"fit", path("h.csv"), "--target", "y", "--model", path("m.json")}).code, 0);
  std::filesystem::create_directory(path("dir"));
  const std::vector<std::vector<std::string>> cases = {
      {"fit", path("dir"), "--target", "y"},
      {"fit", path("h.csv"), "--target", "y", "--model", path("dir")},
      {"predict", "--model", path("dir"), path("h.csv")},
      {"predict", "--model", path("m.json"), path("dir")},
      {"predict", "--model", path("m.json"), path("h.csv"), "--out", path("dir")},
      {"generate", "house", "--out", path("dir")},
  };
  for (const auto& args : cases) {
    const Result r = run_cli(args);
    EXPECT_EQ(r.code, 1) << r.err;
    EXPECT_NE(r.err.find(path("dir") + ": it is a directory"), std::string::npos) << r.err;
    expect_plain_message(r, "directory");
  }
  EXPECT_TRUE(std::filesystem::is_empty(path("dir")));
}

TEST_F(CliTest, BadModelFilesAreDataErrorsNamingTheFileAndKey) {
  std::ofstream(path("h.csv")) << "x,y\n1,2\n2,4.1\n3,6\n4,8.2\n";
  ASSERT_EQ(run_cli({"fit", path("h.csv"), "--target", "y", "--model", path("m.json")}).code, 0);
  std::ifstream in(path("m.json"));
  const nlohmann::ordered_json good = nlohmann::ordered_json::parse(in);
  const auto broken = [&](const std::string& name,
                          const std::function<void(nlohmann::ordered_json&)>& edit) {
    nlohmann::ordered_json doc = good;
    edit(doc);
    std::ofstream(path(name)) << doc.dump(2);
    return path(name);
  };
  const std::vector<std::pair<std::string, std::string>> cases = {
      {broken("v2.json", [](auto& d) { d["format_version"] = 2; }),
       "format_version 2 is not supported"},
      {broken("vs.json", [](auto& d) { d["format_version"] = "1"; }),
       "'format_version' must be an integer"},
      {broken("w.json", [](auto& d) { d["weights"]["coefficients"] = {"a"}; }),
       "'weights.coefficients' must be an array of numbers"},
      {broken("i.json", [](auto& d) { d["weights"].erase("intercept"); }),
       "no key 'weights.intercept'"},
      {broken("f.json", [](auto& d) { d["config"]["fit_intercept"] = 1; }),
       "'config.fit_intercept' must be true"},
      {broken("s.json", [](auto& d) { d["config"]["seed"] = -1; }),
       "'config.seed' must be a whole number"},
      {broken("d.json", [](auto& d) { d["preprocessing"]["inputs"][0]["degree"] = 0; }),
       "'preprocessing.inputs[0].degree' must be an integer from 1 to 30"},
      {broken("t.json", [](auto& d) { d["preprocessing"]["inputs"][0]["type"] = "text"; }),
       "'preprocessing.inputs[0].type' must be"},
      {broken("a.json",
              [](auto& d) {
                d = nlohmann::ordered_json::array({1, 2});
              }),
       "a JSON object"},
  };
  for (const auto& [file, expected] : cases) {
    const Result r = run_cli({"predict", "--model", file, path("h.csv")});
    EXPECT_EQ(r.code, 1) << file << ": " << r.err;
    EXPECT_NE(r.err.find(file + ": "), std::string::npos) << r.err;
    EXPECT_NE(r.err.find(expected), std::string::npos) << r.err;
    expect_plain_message(r, file);
  }
  std::ofstream(path("empty.json")) << "";
  const Result empty = run_cli({"predict", "--model", path("empty.json"), path("h.csv")});
  EXPECT_EQ(empty.code, 1);
  EXPECT_NE(empty.err.find(path("empty.json") + ": the model file is empty"), std::string::npos)
      << empty.err;
  std::ofstream(path("cut.json"))
      << "{\n  \"format_version\": 1,\n  \"config\": {\"target\" \"y\"}\n}\n";
  const Result cut = run_cli({"predict", "--model", path("cut.json"), path("h.csv")});
  EXPECT_EQ(cut.code, 1);
  EXPECT_NE(cut.err.find(path("cut.json") + ":3:"), std::string::npos)
      << cut.err;  // the line of the error
  EXPECT_NE(cut.err.find("not valid JSON"), std::string::npos) << cut.err;
  expect_plain_message(cut, "cut.json");
  const Result csv = run_cli({"predict", "--model", path("h.csv"), path("h.csv")});
  EXPECT_EQ(csv.code, 1);
  EXPECT_NE(csv.err.find(path("h.csv") + ":1:1: not valid JSON"), std::string::npos) << csv.err;
}

TEST_F(CliTest, ModelToStandardOutput) {
  std::ofstream(path("h.csv")) << "x,y\n1,2\n2,4.1\n3,6\n4,8.2\n";
  std::ofstream(path("new.csv")) << "x\n5\n";
  for (const char* out : {"-", "/dev/stdout"}) {
    const Result fitted = run_cli({"fit", path("h.csv"), "--target", "y", "--model", out});
    ASSERT_EQ(fitted.code, 0) << fitted.err;
    // stdout is the model and nothing else; the table went to stderr.
    const SavedModel model = model_from_json(fitted.out, "<stdout>");
    EXPECT_EQ(model.target_name, "y");
    EXPECT_NE(fitted.err.find("coefficient"), std::string::npos) << fitted.err;
    EXPECT_NE(fitted.err.find("model written to stdout"), std::string::npos) << fitted.err;
    const Result predicted = run_cli({"predict", "--model", "-", path("new.csv")}, fitted.out);
    ASSERT_EQ(predicted.code, 0) << predicted.err;
    EXPECT_EQ(predicted.out.rfind("prediction\n10.", 0), 0U) << predicted.out;
  }
  EXPECT_EQ(run_cli({"fit", path("h.csv"), "--target", "y", "--model", "-", "--json"}).code, 2);
  EXPECT_EQ(run_cli({"predict", "--model", "-", "-"}, "x\n1\n").code, 2);
  const Result out =
      run_cli({"predict", "--model", path("nothing.json"), path("new.csv"), "--out", "-"});
  EXPECT_EQ(out.code, 1);
  EXPECT_FALSE(std::filesystem::exists(path("-")));
}

TEST_F(CliTest, AnOutputThatIsAnInputIsRefused) {
  const std::string data = "x,y\n1,2\n2,4.1\n3,6\n4,8.2\n";
  std::ofstream(path("h.csv")) << data;
  ASSERT_EQ(run_cli({"fit", path("h.csv"), "--target", "y", "--model", path("m.json")}).code, 0);
  EXPECT_EQ(run_cli({"fit", path("h.csv"), "--target", "y", "--model", path("h.csv")}).code, 2);
  EXPECT_EQ(run_cli({"fit", path("h.csv"), "--target", "y", "--report", path("h.csv")}).code, 2);
  EXPECT_EQ(
      run_cli({"predict", "--model", path("m.json"), path("h.csv"), "--out", path("h.csv")}).code,
      2);
  EXPECT_EQ(
      run_cli({"predict", "--model", path("m.json"), path("h.csv"), "--out", path("m.json")}).code,
      2);
  std::ifstream in(path("h.csv"));
  EXPECT_EQ(std::string(std::istreambuf_iterator<char>(in), {}), data);
  EXPECT_NO_THROW((void)load_model(path("m.json")));
}

}  // namespace
}  // namespace linreg::cli
