// What `linreg fit` refuses rather than answer wrongly: dirty numeric columns taken for
// categories, text that is not UTF-8, names that two terms would share. Run in-process.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "cli/cli_runner.hpp"

namespace linreg::cli {
namespace {

using testing::Result;
using testing::run_cli;

const std::string kTrustDir = LINREG_TEST_DATA_DIR "/trust/";

using Refusals = testing::TempDirTest;

// 1,000 people: age, a noise column, y = 3 + 0.5·age + noise; cell `bad_row` of age replaced.
std::string ages(int bad_row, const std::string& bad_value, int more_bad = 0) {
  std::string text = "age,other,y\n";
  for (int i = 0; i < 1000; ++i) {
    const int age = 18 + (i * 37) % 60;
    const double other = ((i * 7919) % 101) / 10.0;
    const double y = 3.0 + 0.5 * age + 0.01 * other + ((i % 7) - 3) * 0.1;
    const bool bad = i == bad_row || (more_bad > 0 && i > bad_row && i <= bad_row + more_bad);
    text += fmt::format("{},{},{}\n", bad ? bad_value : std::to_string(age), other, y);
  }
  return text;
}

TEST_F(Refusals, ATypoInANumericColumnStopsTheFit) {
  const std::string file = write("ages.csv", ages(55, "12a"));
  for (const char* solver : {"gd", "exact"}) {
    const Result r = run_cli({"fit", file, "--target", "y", "--solver", solver});
    EXPECT_EQ(r.code, 1) << r.out;
    // Row 55 is line 57; age is the first column.
    EXPECT_NE(
        r.err.find(file + ":57:1: column 'age' looks numeric, but '12a' here is not a number"),
        std::string::npos)
        << r.err;
    EXPECT_NE(r.err.find("1 of its 1,000 values is not"), std::string::npos) << r.err;
    for (const char* way_out : {"--categorical age", "--na-values 12a", "--decimal ,"}) {
      EXPECT_NE(r.err.find(way_out), std::string::npos) << way_out << "\n" << r.err;
    }
    EXPECT_TRUE(r.out.empty()) << r.out;
  }
  // The ways out work: read the token as missing, or say it is text.
  const Result missing = run_cli({"fit", file, "--target", "y", "--solver", "exact", "--na-values",
                                  "12a", "--missing", "drop", "--json"});
  ASSERT_EQ(missing.code, 0) << missing.err;
  const auto j = nlohmann::json::parse(missing.out);
  EXPECT_EQ(j["train"]["n"], 999);
  EXPECT_EQ(j["coefficients"].size(), 2u);
  const Result text = run_cli(
      {"fit", file, "--target", "y", "--solver", "exact", "--categorical", "age", "--json"});
  ASSERT_EQ(text.code, 0) << text.err;
  EXPECT_GT(nlohmann::json::parse(text.out)["coefficients"].size(), 50u);
}

TEST_F(Refusals, EveryKindOfDirtyNumberIsNamed) {
  // A decimal comma (quoted), a thousands separator, hex, a NUL byte inside a number.
  for (const std::string& bad :
       {std::string("\"9,5\""), std::string("\"1,000\""), std::string("0x10"),
        std::string("4\0"
                    "2",
                    3)}) {
    const std::string file = write("dirty.csv", ages(10, bad, 4));
    const Result r = run_cli({"fit", file, "--target", "y", "--solver", "exact", "--in-memory"});
    EXPECT_EQ(r.code, 1) << bad;
    EXPECT_NE(r.err.find(":12:1: column 'age' looks numeric"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("5 of its 1,000 values are not"), std::string::npos) << r.err;
  }
}

TEST_F(Refusals, ColumnsOfNumbersWrittenWithCommas) {
  // Every value a decimal comma in a ';' file: 0% numbers as read, yet a numeric column (it was
  // one-hot encoded into 40 features with R² = 1).
  std::string text = "x;z;y\n";
  for (int i = 0; i < 40; ++i)
    text += fmt::format("{},{:03d};{};{}\n", i % 7 - 3, (i * 37) % 1000, i % 10, i);
  const std::string file = write("commas.csv", text);
  const Result r = run_cli({"fit", file, "--target", "y", "--solver", "exact"});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("commas.csv:2:1: column 'x' looks numeric"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("40 of them are numbers written with commas: --decimal ,"),
            std::string::npos)
      << r.err;
  EXPECT_EQ(run_cli({"fit", file, "--target", "y", "--solver", "exact", "--decimal", ","}).code, 0);
  // Thousands separators, quoted: named, and no --na-values suggestion that would split the token.
  const Result thousands =
      run_cli({"fit", write("t.csv", "a,y\n\"1,000\",1\n\"2,500\",2\n\"13,000\",3\n"), "--target",
               "y", "--solver", "exact"});
  EXPECT_EQ(thousands.code, 1);
  EXPECT_NE(thousands.err.find("3 of them are numbers written with commas"), std::string::npos)
      << thousands.err;
  EXPECT_EQ(thousands.err.find("--na-values 1,000"), std::string::npos) << thousands.err;
  // A token with a space is quoted for the shell.
  const Result spaced =
      run_cli({"fit", write("s.csv", ages(7, "n a")), "--target", "y", "--solver", "exact"});
  EXPECT_NE(spaced.err.find("--na-values 'n a' reads such tokens as missing"), std::string::npos)
      << spaced.err;
}

TEST_F(Refusals, BothSidesOfTheNinetyPercentRule) {
  // 100 values: 90 numbers and 10 words is dirty numeric; 89 and 11 is a text column.
  const auto column = [](int words) {
    std::string text = "code,y\n";
    for (int i = 0; i < 100; ++i) {
      text += (i < words ? fmt::format("w{}", i % 3) : std::to_string(i % 5)) +
              fmt::format(",{}\n", i % 9);
    }
    return text;
  };
  const Result dirty =
      run_cli({"fit", write("a.csv", column(10)), "--target", "y", "--solver", "exact"});
  EXPECT_EQ(dirty.code, 1);
  EXPECT_NE(dirty.err.find("10 of its 100 values are not numbers"), std::string::npos) << dirty.err;
  EXPECT_NE(dirty.err.find("at least 90%"), std::string::npos) << dirty.err;
  const Result text =
      run_cli({"fit", write("b.csv", column(11)), "--target", "y", "--solver", "exact", "--json"});
  ASSERT_EQ(text.code, 0) << text.err;
  // Levels 0-4 and w0-w2: 8 levels, 7 indicator columns.
  EXPECT_EQ(nlohmann::json::parse(text.out)["coefficients"].size(), 7u);
}

TEST_F(Refusals, IdentifierColumnsAreNotCategories) {
  // 1,500 rows, each with its own id: one-hot, 1,499 features that fit every row by heart.
  std::string text = "id,x,y\n";
  for (int i = 0; i < 1500; ++i) text += fmt::format("u{},{},{}\n", i, i % 13, (i * 7) % 11);
  const std::string file = write("ids.csv", text);
  const Result r = run_cli({"fit", file, "--target", "y", "--solver", "exact"});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("column 'id' has 1,500 distinct values in 1,500 rows"), std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("--drop id"), std::string::npos) << r.err;
  EXPECT_EQ(run_cli({"fit", file, "--target", "y", "--solver", "exact", "--drop", "id"}).code, 0);
}

TEST_F(Refusals, TheFirstDirtyCellInTheFileIsNamed) {
  // Column b's bad cell (line 3) comes before column a's (line 5).
  std::string text = "a,b,y\n";
  for (int i = 0; i < 20; ++i) {
    text += fmt::format("{},{},{}\n", i == 3 ? std::string("x1") : std::to_string(i),
                        i == 1 ? std::string("z") : std::to_string(i * 2), i);
  }
  const Result r = run_cli({"fit", write("two.csv", text), "--target", "y", "--solver", "exact"});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("two.csv:3:"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("column 'b' looks numeric"), std::string::npos) << r.err;
}

TEST_F(Refusals, DirtyColumnFromStandardInput) {
  const Result r = run_cli({"fit", "-", "--target", "y", "--solver", "exact"}, ages(3, "n/a?"));
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("<stdin>:5:1: column 'age' looks numeric"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("in one block of rows"), std::string::npos) << r.err;
}

TEST_F(Refusals, DirtyTarget) {
  std::string text = ages(-1, "");
  text.replace(text.find("\n", 30) + 1, 0, "20,1,oops\n");
  const Result r = run_cli({"fit", write("t.csv", text), "--target", "y", "--solver", "exact"});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("the target 'y' must be numeric, but 1 of its values is not a number"),
            std::string::npos)
      << r.err;
}

TEST_F(Refusals, RealTextColumnsStillEncode) {
  const std::string data = LINREG_SHARED_DATA_DIR;
  if (!std::filesystem::exists(data + "/insurance.csv")) GTEST_SKIP() << "../shared/data is absent";
  const Result r = run_cli(
      {"fit", data + "/insurance.csv", "--target", "charges", "--solver", "exact", "--json"});
  ASSERT_EQ(r.code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_TRUE(j["coefficients"].contains("region=northwest")) << r.out;
  const Result cars = run_cli({"fit", data + "/cars24/cars24-car-price-cleaned.csv", "--target",
                               "selling_price", "--solver", "exact", "--drop", "model", "--json"});
  ASSERT_EQ(cars.code, 0) << cars.err;
  EXPECT_TRUE(nlohmann::json::parse(cars.out)["coefficients"].contains("make=TOYOTA"))
      << cars.out.substr(0, 400);
}

TEST_F(Refusals, DecimalCommaFile) {
  const Result r = run_cli({"fit", kTrustDir + "decimal_comma.csv", "--target", "y", "--solver",
                            "exact", "--decimal", ",", "--json"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(nlohmann::json::parse(r.out)["coefficients"].size(), 1u);
  const Result clash = run_cli({"fit", kTrustDir + "decimal_comma.csv", "--target", "y",
                                "--decimal", ",", "--delimiter", ","});
  EXPECT_EQ(clash.code, 2);
  EXPECT_NE(clash.err.find("--delimiter ';'"), std::string::npos) << clash.err;
}

TEST_F(Refusals, OutputNamesAreNeverEmptyOrAmbiguous) {
  const std::string file = write("d.csv", "x,y\n1,2\n2,3\n3,5\n");
  for (const std::vector<std::string>& bad :
       {std::vector<std::string>{"--model", ""}, std::vector<std::string>{"--report", "-"},
        std::vector<std::string>{"--plots", "-"}, std::vector<std::string>{"--report", ""}}) {
    std::vector<std::string> args = {"fit", file, "--target", "y"};
    args.insert(args.end(), bad.begin(), bad.end());
    const Result r = run_cli(args);
    EXPECT_EQ(r.code, 2) << bad[0] << " '" << bad[1] << "'";
    EXPECT_NE(r.err.find(bad[0] + ": needs a"), std::string::npos) << r.err;
  }
  EXPECT_EQ(run_cli({"generate", "house", "--out", ""}).code, 2);
  // Two outputs on one path: the later would replace the earlier.
  const Result same =
      run_cli({"fit", file, "--target", "y", "--model", path("o.x"), "--report", path("o.x")});
  EXPECT_EQ(same.code, 2);
  EXPECT_NE(same.err.find("--model and --report both name"), std::string::npos) << same.err;
  const Result chart = run_cli(
      {"fit", file, "--target", "y", "--plots", path("pl"), "--report", path("pl/loss.svg")});
  EXPECT_EQ(chart.code, 2);
  EXPECT_NE(chart.err.find("is where --plots writes its charts"), std::string::npos) << chart.err;
  EXPECT_FALSE(std::filesystem::exists(path("o.x")));
  EXPECT_FALSE(std::filesystem::exists("-"));
}

TEST_F(Refusals, UsageMessagesForPeople) {
  const auto message = [](const std::vector<std::string>& args) {
    const Result r = run_cli(args);
    EXPECT_EQ(r.code, 2) << r.err;
    return r.err;
  };
  EXPECT_NE(message({"foo"}).find(
                "unknown command 'foo' (expected demo, fit, path, predict or generate)"),
            std::string::npos);
  EXPECT_NE(message({"generate", "foo"}).find("unknown kind of data 'foo'"), std::string::npos);
  EXPECT_NE(message({"fit", "d.csv", "--target", "a", "--target", "b"})
                .find("--target is given more than once"),
            std::string::npos);
  EXPECT_NE(message({"fit", "d.csv", "--target", "y", "--iters"}).find("--iters needs a value"),
            std::string::npos);
  // In the order given (CLI11 parses them reversed).
  EXPECT_NE(message({"generate", "house", "--rows", "3", "--cols", "2"})
                .find("unexpected arguments: --cols 2"),
            std::string::npos);
}

TEST_F(Refusals, PredictReadsTheSameWay) {
  const std::string file = kTrustDir + "decimal_comma.csv";
  const Result fitted = run_cli({"fit", file, "--target", "y", "--solver", "exact", "--decimal",
                                 ",", "--model", path("m.json")});
  ASSERT_EQ(fitted.code, 0) << fitted.err;
  const Result plain = run_cli({"predict", "--model", path("m.json"), file});
  EXPECT_EQ(plain.code, 1);
  EXPECT_NE(plain.err.find("column 'x': '9,5' is not a number (written with a comma"),
            std::string::npos)
      << plain.err;
  const Result comma = run_cli({"predict", "--model", path("m.json"), file, "--decimal", ","});
  ASSERT_EQ(comma.code, 0) << comma.err;
  EXPECT_EQ(std::count(comma.out.begin(), comma.out.end(), '\n'), 5) << comma.out;
  // Tokens read as missing, and Latin-1 text, at predict time too.
  const std::string train =
      write("t.csv", "x,city,y\n1,Lisboa,2\n2,Porto,4\n3,Lisboa,6.5\n4,Porto,8\n");
  ASSERT_EQ(run_cli({"fit", train, "--target", "y", "--solver", "exact", "--missing", "mean",
                     "--model", path("c.json")})
                .code,
            0);
  const std::string rows = write("new.csv", "x,city\n-999,Lisboa\n2,S\xE3o Paulo\n");
  EXPECT_EQ(run_cli({"predict", "--model", path("c.json"), rows, "--na-values", "-999"}).code, 1);
  const Result both = run_cli(
      {"predict", "--model", path("c.json"), rows, "--na-values", "-999", "--encoding", "latin1"});
  ASSERT_EQ(both.code, 0) << both.err;
  EXPECT_NE(both.err.find("1 missing value(s) filled"), std::string::npos) << both.err;
  // The model remembers the training file's tokens: -999 is missing at predict time unasked.
  ASSERT_EQ(run_cli({"fit", train, "--target", "y", "--solver", "exact", "--missing", "mean",
                     "--na-values", "-999", "--model", path("n.json")})
                .code,
            0);
  const Result remembered =
      run_cli({"predict", "--model", path("n.json"), rows, "--encoding", "latin1"});
  ASSERT_EQ(remembered.code, 0) << remembered.err;
  EXPECT_NE(remembered.err.find("1 missing value(s) filled"), std::string::npos) << remembered.err;
}

TEST_F(Refusals, PredictionsBeyondDoubleAreDataErrors) {
  const std::string train = write("t.csv", "x,y\n1,2\n2,4.1\n3,5.9\n4,8\n");
  ASSERT_EQ(
      run_cli({"fit", train, "--target", "y", "--solver", "exact", "--model", path("m.json")}).code,
      0);
  const Result r =
      run_cli({"predict", "--model", path("m.json"), write("new.csv", "x\n1\n1e308\n")});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("new.csv: row 2: its prediction is beyond the range of double precision"),
            std::string::npos)
      << r.err;
  EXPECT_TRUE(r.out.empty()) << r.out;
}

TEST_F(Refusals, Latin1TextIsCheckedWhereItIsRead) {
  const std::string file = kTrustDir + "latin1_cities.csv";
  const Result r = run_cli({"fit", file, "--target", "y", "--solver", "exact", "--json"});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("latin1_cities.csv:3:5: byte 0xED is not valid UTF-8"), std::string::npos)
      << r.err;
  EXPECT_EQ(r.err.find("json"), std::string::npos) << r.err;
  EXPECT_TRUE(r.out.empty());
  const Result ok = run_cli(
      {"fit", file, "--target", "y", "--solver", "exact", "--encoding", "latin1", "--json"});
  ASSERT_EQ(ok.code, 0) << ok.err;
  EXPECT_TRUE(nlohmann::json::parse(ok.out)["coefficients"].contains("city=S\xC3\xA3o Paulo"))
      << ok.out;
}

TEST_F(Refusals, TwoTermsNeverShareAName) {
  // A text column c with level b beside a numeric column named c=b: one JSON key for two terms.
  const std::string clash = write("clash.csv", "c,c=b,y\na,1,1\nb,2,2\na,3,2\nb,5,4\na,4,3\n");
  const Result r = run_cli({"fit", clash, "--target", "y", "--solver", "exact", "--json"});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(
      r.err.find("two terms would both be named 'c=b': level 'b' of column 'c' and column 'c=b'"),
      std::string::npos)
      << r.err;
  EXPECT_TRUE(r.out.empty());
  // A column named like the intercept term, streamed or not.
  const std::string intercept = write("intercept.csv", "(intercept),y\n1,1\n2,2\n3,2\n");
  for (const char* solver : {"exact", "gd"}) {
    const Result i = run_cli({"fit", intercept, "--target", "y", "--solver", solver});
    EXPECT_EQ(i.code, 1) << solver;
    EXPECT_NE(i.err.find("intercept.csv: column '(intercept)' is named '(intercept)'"),
              std::string::npos)
        << i.err;
  }
  // A column x^2 beside --poly x:2.
  const std::string power = write("power.csv", "x,x^2,y\n1,0,1\n2,1,2\n3,0,2\n4,1,5\n5,0,4\n");
  const Result p = run_cli({"fit", power, "--target", "y", "--solver", "exact", "--poly", "x:2"});
  EXPECT_EQ(p.code, 1);
  EXPECT_NE(p.err.find("power.csv: two terms would both be named 'x^2': the power 2 of column 'x' "
                       "and column 'x^2'"),
            std::string::npos)
      << p.err;
  // A model file whose terms would share a name is refused when it is loaded, naming it.
  const std::string data = write("c.csv", "x,c,y\n1,a,2\n2,b,3\n3,a,5\n4,b,4\n");
  ASSERT_EQ(
      run_cli({"fit", data, "--target", "y", "--solver", "exact", "--model", path("m.json")}).code,
      0);
  nlohmann::json model = nlohmann::json::parse(std::ifstream(path("m.json")));
  model["preprocessing"]["inputs"][0]["name"] = "c=b";
  model["config"]["features"][0] = "c=b";
  write("clash.json", model.dump());
  const Result loaded = run_cli({"predict", "--model", path("clash.json"), data});
  EXPECT_EQ(loaded.code, 1);
  EXPECT_NE(loaded.err.find("clash.json: model file: two terms would both be named 'c=b'"),
            std::string::npos)
      << loaded.err;
  // A number beyond double in a model file: a data error, not the JSON library's exception.
  model = nlohmann::json::parse(std::ifstream(path("m.json")));
  std::string text = model.dump();
  const auto at = text.find("\"intercept\":");
  ASSERT_NE(at, std::string::npos);
  text.replace(at, text.find(',', at) - at, "\"intercept\":1e999");
  write("overflow.json", text);
  const Result overflow = run_cli({"predict", "--model", path("overflow.json"), data});
  EXPECT_EQ(overflow.code, 1);
  EXPECT_NE(overflow.err.find("overflow.json: not valid JSON: number overflow"), std::string::npos)
      << overflow.err;
  EXPECT_EQ(overflow.err.find("json.exception"), std::string::npos) << overflow.err;
  // Names that only look alike are fine: every term reaches the JSON.
  const std::string fine = write("fine.csv", "c,c=a,y\na,1,1\nb,2,2\na,3,2\nb,5,4\na,4,3\n");
  const Result ok = run_cli({"fit", fine, "--target", "y", "--solver", "exact", "--json"});
  ASSERT_EQ(ok.code, 0) << ok.err;
  const auto j = nlohmann::json::parse(ok.out);
  EXPECT_TRUE(j["coefficients"].contains("c=a"));
  EXPECT_TRUE(j["coefficients"].contains("c=b"));
}

// 200 rows of x, z and y = 3 + 2x − z + noise, with x multiplied by `x_factor` and y by `y_factor`.
std::string extreme_units(double x_factor, double y_factor) {
  std::string text = "x,z,y\n";
  for (int i = 0; i < 200; ++i) {
    const double x = std::sin(0.37 * i) + 0.01 * i;
    const double z = std::cos(1.3 * i);
    const double y = 3.0 + 2.0 * x - z + 0.5 * std::sin(7.1 * i);
    text += fmt::format("{},{},{}\n", x * x_factor, z, y * y_factor);
  }
  return text;
}

TEST_F(Refusals, ExtremeUnitsGiveTheSameFit) {
  const auto fit_json = [&](const std::string& file, const std::vector<std::string>& extra) {
    std::vector<std::string> args = {"fit",    file,      "--target",    "y",
                                     "--json", "--model", path("m.json")};
    args.insert(args.end(), extra.begin(), extra.end());
    const Result r = run_cli(args);
    EXPECT_EQ(r.code, 0) << file << " " << r.err;
    std::ifstream model(path("m.json"));
    const std::string saved((std::istreambuf_iterator<char>(model)),
                            std::istreambuf_iterator<char>());
    EXPECT_EQ(saved.find("NaN"), std::string::npos) << saved;
    return r.code == 0 ? nlohmann::json::parse(r.out) : nlohmann::json();
  };
  const std::string base = write("base.csv", extreme_units(1.0, 1.0));
  for (const std::vector<std::string>& solver :
       {std::vector<std::string>{"--solver", "exact"},
        std::vector<std::string>{"--solver", "exact", "--in-memory"},
        std::vector<std::string>{"--solver", "cholesky"},
        std::vector<std::string>{"--solver", "svd"}, std::vector<std::string>{"--solver", "gd"}}) {
    const auto reference = fit_json(base, solver);
    for (const double factor : {1e160, 1e-160, 1e300, 1e-300}) {
      const auto j = fit_json(write("scaled.csv", extreme_units(factor, 1.0)), solver);
      const std::string context = fmt::format("{} x times {:g}", solver.back(), factor);
      // The target times 1e150 (MSE about 1e300, sums of squares beyond 1e308) or 1e-150 too.
      const double y_factor = factor > 1.0 ? 1e150 : 1e-150;
      const auto jy = fit_json(write("scaled_y.csv", extreme_units(1.0, y_factor)), solver);
      ASSERT_FALSE(jy.is_null()) << context << " (target)";
      EXPECT_NEAR(jy["train"]["r2"].get<double>(), reference["train"]["r2"].get<double>(), 1e-9)
          << context;
      EXPECT_NEAR(jy["train"]["mse"].get<double>() / y_factor / y_factor /
                      reference["train"]["mse"].get<double>(),
                  1.0, 1e-9)
          << context << " (target)";
      EXPECT_NEAR(jy["coefficients"]["x"].get<double>() / y_factor /
                      reference["coefficients"]["x"].get<double>(),
                  1.0, 1e-9)
          << context << " (target)";
      ASSERT_FALSE(j.is_null()) << context;
      if (reference.contains("aliased")) {
        EXPECT_EQ(j["aliased"], reference["aliased"]) << context;
      }
      // The file's decimal digits of x·factor are not x's digits times an exact power of two, so
      // the fits agree to rounding of the data: 1e-9 relative is far above that (κ ≈ 3) and far
      // below the factor-of-2 and the R² = 1 failures this guards against.
      EXPECT_NEAR(j["train"]["r2"].get<double>(), reference["train"]["r2"].get<double>(), 1e-9)
          << context;
      EXPECT_NEAR(j["train"]["mse"].get<double>() / reference["train"]["mse"].get<double>(), 1.0,
                  1e-9)
          << context;
      EXPECT_NEAR(j["coefficients"]["x"].get<double>() * factor /
                      reference["coefficients"]["x"].get<double>(),
                  1.0, 1e-9)
          << context;
      EXPECT_NEAR(j["intercept"].get<double>() / reference["intercept"].get<double>(), 1.0, 1e-9)
          << context;
    }
  }
}

TEST_F(Refusals, ValuesBeyondWhatCanBeHandledAreDataErrors) {
  // Targets near 1e307: squared errors beyond double precision, for every path.
  const std::string huge_y = write("huge_y.csv", extreme_units(1.0, 1e307));
  for (const std::vector<std::string>& solver :
       {std::vector<std::string>{"--solver", "exact"},
        std::vector<std::string>{"--solver", "exact", "--in-memory"},
        std::vector<std::string>{"--solver", "svd"}, std::vector<std::string>{"--solver", "gd"}}) {
    std::vector<std::string> args = {"fit", huge_y, "--target", "y"};
    args.insert(args.end(), solver.begin(), solver.end());
    const Result r = run_cli(args);
    EXPECT_EQ(r.code, 1) << solver.back() << r.out;
    EXPECT_NE(r.err.find(huge_y + ": the target 'y' reaches about 2^10"), std::string::npos)
        << r.err;
    EXPECT_EQ(r.err.find("StandardScaler"), std::string::npos) << r.err;
  }
  // A power of a column that leaves the range of double: a data error naming the row and column.
  const Result poly = run_cli({"fit", write("big_x.csv", extreme_units(1e160, 1.0)), "--target",
                               "y", "--solver", "exact", "--poly", "x:2"});
  EXPECT_EQ(poly.code, 1);
  EXPECT_NE(poly.err.find("big_x.csv: row 2, column 'x' = "), std::string::npos) << poly.err;
  EXPECT_NE(poly.err.find("its power 2 is beyond the range of double precision"), std::string::npos)
      << poly.err;
  // A subnormal column (1e-310) whose weight would be 1e310: the weight cannot be represented.
  const std::string subnormal = write("subnormal.csv", extreme_units(1e-310, 1.0));
  for (const char* solver : {"gd", "exact", "svd"}) {
    const Result r = run_cli({"fit", subnormal, "--target", "y", "--solver", solver});
    EXPECT_EQ(r.code, 1) << solver;
    EXPECT_NE(
        r.err.find("subnormal.csv: the weight of 'x' is beyond the range of double precision"),
        std::string::npos)
        << r.err;
  }
  // Unscaled gradient descent cannot take a column whose squares overflow.
  const Result none = run_cli({"fit", write("huge_x.csv", extreme_units(1e300, 1.0)), "--target",
                               "y", "--solver", "gd", "--scale", "none"});
  EXPECT_EQ(none.code, 1);
  EXPECT_NE(none.err.find("column 'x' holds values of about"), std::string::npos) << none.err;
}

}  // namespace
}  // namespace linreg::cli
