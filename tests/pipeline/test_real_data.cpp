// End-to-end runs on the real datasets in ../shared/data (skipped when that folder is absent).
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cli/cli_runner.hpp"

namespace linreg::cli {
namespace {

const std::filesystem::path kData = LINREG_SHARED_DATA_DIR;

using testing::Result;
using testing::run_cli;

class RealData : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!std::filesystem::exists(kData / "cars24")) {
      GTEST_SKIP() << "real datasets not found at " << kData.string()
                   << " (../shared/data): skipped";
    }
  }
  static std::string file(const std::string& name) { return (kData / name).string(); }
};

TEST_F(RealData, Cars24ReproducesTheTutorial) {
  const Result r = run_cli({"fit", file("cars24/cars24-car-price-cleaned.csv"), "--target",
                            "selling_price", "--drop", "make,model", "--solver", "gd", "--lr",
                            "0.1", "--iters", "1000", "--json"});
  ASSERT_EQ(r.code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  // The tutorial's 1000 steps at lr 0.1 on standardized features print R² = 0.7778.
  EXPECT_NEAR(j["train"]["r2"].get<double>(), 0.7778, 0.0005);
  EXPECT_EQ(j["train"]["n"], 19820);
}

TEST_F(RealData, Cars24DirectSolversReportTheAliasedYear) {
  for (const char* solver : {"exact", "cholesky"}) {
    const Result r =
        run_cli({"fit", file("cars24/cars24-car-price-cleaned.csv"), "--target", "selling_price",
                 "--drop", "make,model", "--solver", solver, "--json"});
    ASSERT_EQ(r.code, 0) << r.err;
    const auto j = nlohmann::json::parse(r.out);
    // year = 2023 − age in every row: one of the two is aliased and gets weight 0.
    ASSERT_EQ(j["aliased"].size(), 1u) << solver;
    const std::string aliased = j["aliased"][0];
    EXPECT_TRUE(aliased == "year" || aliased == "age") << solver << ": " << aliased;
    EXPECT_EQ(j["coefficients"][aliased], 0.0) << solver;
    EXPECT_NEAR(j["train"]["r2"].get<double>(), 0.7778, 0.0005) << solver;
  }
}

TEST_F(RealData, RawCars24AndInsuranceFitWithAutomaticCategoricals) {
  // full_name (one level per car model: thousands of one-hot columns) is left out to keep the
  // suite quick; the three other text columns become categorical on their own.
  Result r = run_cli({"fit", file("cars24/cars24-car-price.csv"), "--target", "selling_price",
                      "--drop", "full_name", "--json"});
  ASSERT_EQ(r.code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["train"]["n"], 19980);
  EXPECT_EQ(j["categorical"],
            nlohmann::json::array({"seller_type", "fuel_type", "transmission_type"}));
  r = run_cli({"fit", file("insurance.csv"), "--target", "charges", "--solver", "exact", "--json"});
  ASSERT_EQ(r.code, 0) << r.err;
  j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["categorical"], nlohmann::json::array({"sex", "smoker", "region"}));
  // Known value of ordinary least squares on this dataset (R² of the full model).
  EXPECT_NEAR(j["train"]["r2"].get<double>(), 0.7509, 0.0001);
}

TEST_F(RealData, HousingNeedsAMissingValuePolicy) {
  Result r = run_cli({"fit", file("housing.csv"), "--target", "median_house_value"});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("total_bedrooms (207"), std::string::npos) << r.err;
  for (const char* policy : {"drop", "mean"}) {
    r = run_cli({"fit", file("housing.csv"), "--target", "median_house_value", "--missing", policy,
                 "--json"});
    ASSERT_EQ(r.code, 0) << policy << ": " << r.err;
    const auto j = nlohmann::json::parse(r.out);
    EXPECT_EQ(j["train"]["n"], std::string(policy) == "drop" ? 20433 : 20640) << policy;
    EXPECT_GT(j["train"]["r2"].get<double>(), 0.6) << policy;
  }
}

}  // namespace
}  // namespace linreg::cli
