// `fit --influence` and the library's influence() against statsmodels' OLSInfluence on the same
// designs: reference values by tests/data/make_influence_statsmodels.py.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cli/cli_runner.hpp"
#include "linreg/csv.hpp"
#include "linreg/errors.hpp"
#include "linreg/fit.hpp"
#include "linreg/influence.hpp"
#include "reference_case.hpp"
#include "test_helpers.hpp"

namespace linreg {
namespace {

// Closed forms of the same least-squares quantities (leverages from a QR of the centered design
// here, from pinv of the raw one there): 1e-10 relative, the bar, with an absolute floor
// of 1e-12 of the column's largest value for entries that are nearly 0.
constexpr double kRelative = 1e-10;

class InfluenceFile : public cli::testing::TempDirTest {};

CsvTable read(const std::string& path) {
  std::ifstream in(path);
  return read_csv(in, path);
}

TEST_F(InfluenceFile, MatchesStatsmodelsRowByRow) {
  const auto ref = testing::reference_file("influence_statsmodels.json");
  for (const auto& [name, want] : ref["cases"].items()) {
    SCOPED_TRACE(name);
    const auto r = cli::testing::run_cli(testing::fit_args(want, {"--influence", path("i.csv")}));
    ASSERT_EQ(r.code, 0) << r.err;
    const CsvTable got = read(path("i.csv"));
    std::vector<std::string> names;
    for (const auto& c : got.columns) names.push_back(c.name);
    EXPECT_EQ(names, (std::vector<std::string>{"line", "fitted", "residual", "leverage",
                                               "student_internal", "student_external",
                                               "cooks_distance", "dffits"}));
    for (const auto& [row, values] : want["rows"].items()) {
      const auto i = static_cast<std::size_t>(std::stol(row));
      EXPECT_EQ(got.column("line").numbers[i], static_cast<double>(i + 2));  // header is line 1
      for (const auto& [key, value] : values.items()) {
        double largest = 0.0;
        for (const double v : got.column(key).numbers) largest = std::max(largest, std::abs(v));
        const double w = value.get<double>();
        EXPECT_NEAR(got.column(key).numbers[i], w, kRelative * std::abs(w) + 1e-12 * largest)
            << row << " " << key;
      }
    }
    // Rows of weight 0 are left out, as if not in the file: NA, like the rows --missing drop
    // leaves out. (The library's influence() gives their fitted values and residuals:
    // WeightedInfluence below.)
    if (!want.contains("na_rows")) continue;
    for (const auto& row : want["na_rows"]) {
      const auto i = row.get<std::size_t>();
      EXPECT_EQ(got.column("line").numbers[i], static_cast<double>(i + 2));
      for (const char* key : {"fitted", "residual", "leverage", "student_internal",
                              "student_external", "cooks_distance", "dffits"})
        EXPECT_TRUE(std::isnan(got.column(key).numbers[i])) << i << " " << key;
    }
  }
}

TEST_F(InfluenceFile, RowsLeftOutAreMarkedAndLinesCountBlankOnes) {
  // A blank line, a quoted field across two lines, and a row without its target: each row keeps
  // its own line; the one the fit left out has NA for every measure.
  std::ofstream(path("d.csv")) << "x,z,y\n1,\"a\nb\",1.5\n2,c,2.1\n\n3,d,\n4,e,4.2\n5,f,4.8\n"
                               << "6,g,6.3\n7,h,6.9\n";
  const auto r = cli::testing::run_cli({"fit", path("d.csv"), "--target", "y", "--drop", "z",
                                        "--missing", "drop", "--influence", path("i.csv")});
  ASSERT_EQ(r.code, 0) << r.err;
  const CsvTable got = read(path("i.csv"));
  ASSERT_EQ(got.rows, 7);
  EXPECT_EQ(got.column("line").numbers, (std::vector<double>{2, 4, 6, 7, 8, 9, 10}));
  EXPECT_TRUE(std::isnan(got.column("leverage").numbers[2]));  // the row without a target
  EXPECT_FALSE(std::isnan(got.column("leverage").numbers[3]));
  double sum = 0.0;  // the leverages of the 6 rows used sum to k = 2
  for (const double h : got.column("leverage").numbers) sum += std::isnan(h) ? 0.0 : h;
  EXPECT_NEAR(sum, 2.0, 1e-13);
}

TEST(Influence, UndefinedWhereARowIsFittedExactly) {
  // A row alone in its column (a one-hot level with one row) has leverage 1: its studentized
  // residuals, Cook's distance and DFFITS are undefined, and NaN says so.
  Dataset d = testing::random_problem(20, 1, 1.0, 91);
  d.X.conservativeResize(20, 2);
  d.X.col(1).setZero();
  d.X(5, 1) = 1.0;
  d.feature_names.push_back("only_row_5");
  FitOptions o;
  o.solver = SolverKind::exact;
  const Influence f = influence(d, fit(d, o), o);
  EXPECT_NEAR(f.leverage[5], 1.0, 1e-14);
  EXPECT_TRUE(std::isnan(f.cooks_distance[5]) && std::isnan(f.student_external[5]));
  EXPECT_FALSE(std::isnan(f.cooks_distance[4]));
  const Dataset tiny = testing::random_problem(2, 1, 1.0, 92);
  EXPECT_THROW((void)influence(tiny, fit(tiny, o), o), DataError);  // n = k
}

// The library's influence() of a weighted fit: a row of weight 0 takes no part (the others'
// measures are those of the data without it, to the bit), and it gets its fitted value and
// residual, with NaN for the rest.
TEST(WeightedInfluence, RowsOfWeightZeroTakeNoPart) {
  Dataset d = testing::random_problem(30, 2, 1.0, 93);
  d.weights = Vector::LinSpaced(30, 0.5, 2.0);
  d.weights[7] = 0.0;
  d.y[7] += 100.0;
  FitOptions o;
  o.solver = SolverKind::exact;
  const Influence all = influence(d, fit(d, o), o);
  std::vector<Index> keep;
  for (Index i = 0; i < 30; ++i) {
    if (i != 7) keep.push_back(i);
  }
  Dataset kept = d;
  kept.X = d.X(keep, Eigen::all);
  kept.y = d.y(keep);
  kept.weights = d.weights(keep);
  const Influence part = influence(kept, fit(kept, o), o);
  for (std::size_t k = 0; k < keep.size(); ++k) {
    const Index i = keep[k], p = static_cast<Index>(k);
    EXPECT_EQ(all.leverage[i], part.leverage[p]);
    EXPECT_EQ(all.cooks_distance[i], part.cooks_distance[p]);
    EXPECT_EQ(all.student_external[i], part.student_external[p]);
  }
  EXPECT_TRUE(std::isnan(all.leverage[7]) && std::isnan(all.dffits[7]));
  EXPECT_NEAR(all.residual[7], 100.0, 10.0);  // y moved by 100 from a fit that ignores it
  EXPECT_EQ(all.fitted[7] + all.residual[7], d.y[7]);
}

}  // namespace
}  // namespace linreg
