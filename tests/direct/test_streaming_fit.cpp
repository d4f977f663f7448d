// The streaming exact fit against the in-memory exact solver on the same rows: the same
// coefficients, rank, aliased features, loss and warnings, however the rows are cut into blocks.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <optional>
#include <span>
#include <string>

#include "linreg/errors.hpp"
#include "linreg/fit.hpp"
#include "linreg/metrics.hpp"
#include "linreg/streaming_fit.hpp"
#include "nist_strd.hpp"
#include "test_helpers.hpp"

namespace linreg {
namespace {

StreamedFit stream(const Dataset& d, Index block, const FitOptions& options) {
  StreamingExactFit s(d.feature_names, d.target_name, options);
  for (Index start = 0; start < d.n_rows(); start += block) {
    const Index m = std::min(block, d.n_rows() - start);
    s.add(d.X.middleRows(start, m), d.y.segment(start, m));
  }
  EXPECT_EQ(s.rows(), d.n_rows());
  return s.finish();
}

double max_relative_difference(const LinearModel& a, const LinearModel& b) {
  double worst =
      std::abs(a.intercept() - b.intercept()) / std::max(std::abs(b.intercept()), 1e-300);
  for (Index j = 0; j < a.n_features(); ++j) {
    worst = std::max(worst, std::abs(a.weights()[j] - b.weights()[j]) / std::abs(b.weights()[j]));
  }
  return worst;
}

// Both solutions are refined until the correction is below 1e-17 relative; on a well-conditioned
// problem they agree with the exact least-squares solution to a few ulps. 1e-14 leaves room.
constexpr double kSameSolution = 1e-14;

TEST(StreamingExactFit, MatchesTheInMemoryExactSolverForAnyBlockSize) {
  const Dataset d = testing::random_problem(5000, 6, 1.0, 17);
  const FitSummary expected = fit(d, testing::exact_options());
  const RegressionMetrics metrics = evaluate_regression(d.y, expected.model.predict(d.X));
  for (const Index block : {Index{1}, Index{7}, Index{1000}, Index{4096}, Index{5000}}) {
    const StreamedFit got = stream(d, block, testing::exact_options());
    SCOPED_TRACE(fmt::format("blocks of {}", block));
    EXPECT_EQ(got.summary.solver, SolverKind::exact);
    EXPECT_EQ(got.summary.direct.value().rank, 6);
    EXPECT_LT(max_relative_difference(got.summary.model, expected.model), kSameSolution);
    // The loss from the sums in double-double against the loss from the rows: both to ~1e-15.
    EXPECT_NEAR(got.summary.final_loss, expected.final_loss, 1e-13 * expected.final_loss);
    EXPECT_NEAR(got.training.r2, metrics.r2, 1e-14);
    EXPECT_NEAR(got.training.rmse, metrics.rmse, 1e-13 * metrics.rmse);
    EXPECT_TRUE(std::isnan(got.training.mae));
    EXPECT_EQ(got.training.n, 5000);
    EXPECT_GE(got.summary.direct.value().refinement_steps, 1);
    // The compensated sum is the more accurate of the two; Eigen's mean is within a few ulps.
    EXPECT_NEAR(got.feature_means[2], d.X.col(2).mean(), 1e-15 * std::abs(d.X.col(2).mean()));
  }
}

// Weighted rows: the streamed fit equals the in-memory weighted fit (the whitened rows), rows of
// weight 0 left out of both, for blocks that are folded and blocks short enough to be kept; the
// metrics are weighted. A bad weight is named by its row.
TEST(StreamingExactFit, WeightedRowsMatchTheInMemoryWeightedFit) {
  Dataset d = testing::random_problem(3000, 5, 1.0, 31);
  d.weights = Vector::LinSpaced(3000, 0.1, 4.0);
  for (Index i = 0; i < 3000; i += 17) {
    d.weights[i] = 0.0;
    d.y[i] += 1e4;  // far off: it would show
  }
  for (const bool intercept : {true, false}) {
    const FitSummary expected = fit(d, testing::exact_options(intercept));
    const std::span<const double> weights(d.weights.data(), 3000);
    const RegressionMetrics metrics =
        evaluate_regression(d.y, expected.model.predict(d.X), weights);
    for (const Index block : {Index{3}, Index{250}, Index{3000}}) {
      SCOPED_TRACE(fmt::format("blocks of {}{}", block, intercept ? "" : ", no intercept"));
      StreamingExactFit s(d.feature_names, d.target_name, testing::exact_options(intercept));
      for (Index start = 0; start < 3000; start += block) {
        const Index m = std::min(block, 3000 - start);
        s.add(s.prepare(d.X.middleRows(start, m), d.y.segment(start, m),
                        d.weights.segment(start, m)));
      }
      EXPECT_EQ(s.rows(), 3000 - 177);  // the rows of positive weight
      const StreamedFit got = s.finish();
      EXPECT_LT(max_relative_difference(got.summary.model, expected.model), kSameSolution);
      EXPECT_NEAR(got.summary.final_loss, expected.final_loss, 1e-13 * expected.final_loss);
      EXPECT_NEAR(got.training.r2, metrics.r2, 1e-14);
      EXPECT_EQ(got.training.n, metrics.n);
      EXPECT_NEAR(got.feature_means[3], expected.feature_means[3],
                  1e-15 * std::abs(expected.feature_means[3]));
    }
  }
  // Fewer rows than features, kept and fitted in memory, weighted too.
  const Dataset few = [&] {
    Dataset f = testing::random_problem(4, 5, 1.0, 32);
    f.weights = Vector::LinSpaced(4, 1.0, 2.0);
    return f;
  }();
  StreamingExactFit short_rows(few.feature_names, few.target_name, testing::exact_options());
  short_rows.add(short_rows.prepare(few.X, few.y, few.weights));
  EXPECT_LT(max_relative_difference(short_rows.finish().summary.model,
                                    fit(few, testing::exact_options()).model),
            1e-13);
  StreamingExactFit bad(d.feature_names, d.target_name, testing::exact_options());
  bad.add(bad.prepare(d.X.topRows(10), d.y.head(10), d.weights.head(10)));
  Vector negative = d.weights.head(10);
  negative[4] = -1.0;
  try {
    bad.add(bad.prepare(d.X.topRows(10), d.y.head(10), negative));
    ADD_FAILURE() << "a negative weight was taken";
  } catch (const DataError& e) {
    EXPECT_NE(std::string(e.what()).find("row 15"), std::string::npos) << e.what();
  }
}

TEST(StreamingExactFit, WithoutInterceptMatches) {
  const Dataset d = testing::random_problem(3000, 4, 0.5, 3);
  const FitSummary expected = fit(d, testing::exact_options(false));
  const StreamedFit got = stream(d, 250, testing::exact_options(false));
  EXPECT_EQ(got.summary.model.intercept(), 0.0);
  for (Index j = 0; j < 4; ++j) {
    EXPECT_NEAR(got.summary.model.weights()[j], expected.model.weights()[j],
                kSameSolution * std::abs(expected.model.weights()[j]));
  }
}

TEST(StreamingExactFit, NamesTheSameAliasedAndConstantFeatures) {
  Dataset d = testing::random_problem(2000, 5, 1.0, 5);
  d.X.col(4) = d.X.col(0) * 3.0 - d.X.col(2);  // aliased
  d.X.col(1).setConstant(2.5);                 // constant
  d.feature_names = {"a", "b", "c", "d", "e"};
  const FitSummary expected = fit(d, testing::exact_options());
  const StreamedFit got = stream(d, 300, testing::exact_options());
  EXPECT_EQ(got.summary.direct.value().rank, expected.direct.value().rank);
  EXPECT_EQ(got.summary.direct.value().rank, 3);
  // 'b' (constant) is aliased with the intercept; of a, c and e (e = 3a − c) any one may go:
  // column pivoting decides between near-equal norms by rounding, which differs between the two
  // factorizations (and between optimization levels).
  const auto count = [](const std::vector<std::string>& names,
                        std::initializer_list<std::string> of) {
    return std::count_if(names.begin(), names.end(), [&](const std::string& n) {
      return std::find(of.begin(), of.end(), n) != of.end();
    });
  };
  for (const auto* names : {&got.summary.aliased(), &expected.aliased()}) {
    EXPECT_EQ(names->size(), 2u);
    EXPECT_EQ(count(*names, {"b"}), 1);
    EXPECT_EQ(count(*names, {"a", "c", "e"}), 1);
  }
  ASSERT_EQ(got.summary.warnings.size(), expected.warnings.size());
  EXPECT_EQ(got.summary.warnings.front(), expected.warnings.front());
  EXPECT_EQ(got.summary.warnings.front().code, WarningCode::constant_feature);
  EXPECT_NE(got.summary.warnings.front().text.find("'b'"), std::string::npos);
  const Vector predicted = got.summary.model.predict(d.X);
  EXPECT_LT((predicted - expected.model.predict(d.X)).cwiseAbs().maxCoeff(), 1e-12);
}

TEST(StreamingExactFit, ConstantColumnsAreTheInMemoryFitsExactly) {
  // One definition of a constant column for every path: a column of one value is constant in
  // both; one whose values differ by an ulp is constant in neither (no warning).
  Dataset d = testing::random_problem(500, 3, 1.0, 6);
  d.X.col(1).setConstant(0.1);
  for (Index i = 0; i < d.n_rows(); ++i) d.X(i, 2) = i % 2 == 0 ? 1.0 : std::nextafter(1.0, 2.0);
  d.feature_names = {"a", "b", "c"};
  const FitSummary expected = fit(d, testing::exact_options());
  const StreamedFit got = stream(d, 64, testing::exact_options());
  const auto constant_names = [](const std::vector<Warning>& warnings) {
    std::vector<std::string> names;
    for (const Warning& w : warnings) {
      if (w.code == WarningCode::constant_feature)
        names.push_back(w.text.substr(0, w.text.find(" is ")));
    }
    return names;
  };
  EXPECT_EQ(constant_names(expected.warnings), std::vector<std::string>{"feature 'b'"});
  EXPECT_EQ(constant_names(got.summary.warnings), constant_names(expected.warnings));
}

// A design wider than its rows is fitted from the rows (O(n·d) memory, no d × d state): the result
// is the in-memory fit's, bit for bit, MAE included.
TEST(StreamingExactFit, FewerRowsThanFeaturesAreFittedFromTheRows) {
  const Dataset d = testing::random_problem(30, 200, 0.5, 5);
  const FitSummary expected = fit(d, testing::exact_options());
  for (const Index block : {Index{1}, Index{7}, Index{30}}) {
    SCOPED_TRACE(fmt::format("blocks of {}", block));
    const StreamedFit got = stream(d, block, testing::exact_options());
    EXPECT_EQ(got.summary.direct.value().rank, expected.direct.value().rank);
    EXPECT_EQ(got.summary.direct.value().rank,
              29);  // 30 rows, one degree of freedom to the intercept
    EXPECT_EQ(got.summary.aliased(), expected.aliased());
    EXPECT_EQ(got.summary.model.weights(), expected.model.weights());
    EXPECT_EQ(got.summary.model.intercept(), expected.model.intercept());
    EXPECT_FALSE(std::isnan(got.training.mae));
    EXPECT_EQ(got.training.n, 30);
  }
}

// Short blocks that together outgrow the width are folded from then on, in order: the same
// solution as the in-memory solver's (tall: 250 rows, 40 features).
TEST(StreamingExactFit, ShortBlocksThatOutgrowTheWidthAreFolded) {
  const Dataset d = testing::random_problem(250, 40, 0.5, 9);
  const FitSummary expected = fit(d, testing::exact_options());
  for (const Index block : {Index{3}, Index{39}, Index{41}}) {
    SCOPED_TRACE(fmt::format("blocks of {}", block));
    const StreamedFit got = stream(d, block, testing::exact_options());
    EXPECT_EQ(got.summary.direct.value().rank, 40);
    EXPECT_LT(max_relative_difference(got.summary.model, expected.model), kSameSolution);
    EXPECT_TRUE(std::isnan(got.training.mae));  // from the sums, as for any tall stream
  }
}

// The fewest correct digits (LRE) of the model's coefficients against NIST's certified values.
double certified_digits(const LinearModel& model, const NistDataset& nist, const NistModel& m) {
  double digits = 15.0;
  const Index offset = m.intercept ? 1 : 0;
  if (m.intercept) digits = log_relative_error(model.intercept(), nist.coefficients[0]);
  for (Index j = 0; j < model.n_features(); ++j) {
    digits = std::min(digits,
                      log_relative_error(model.weights()[j],
                                         nist.coefficients[static_cast<std::size_t>(j + offset)]));
  }
  return digits;
}

// The refinement from the compensated sums recovers what the in-memory refinement recovers from
// the rows: the NIST StRD datasets to 12 digits or more. Filip's x¹⁰ is given here as the double
// nearest to it (a file holds doubles), so Filip is compared with the in-memory solver on the
// same doubles instead of with the certified values.
TEST(StreamingExactFit, NistDatasetsToTwelveDigits) {
  for (const NistModel& m : nist_models()) {
    std::ifstream in(std::string(LINREG_TEST_DATA_DIR "/nist/") + m.name + ".dat");
    const NistDataset nist = read_nist_strd(in, m.name);
    Dataset data = nist_design(nist, m);
    data.X_low = Matrix();
    const StreamedFit got = stream(data, 13, testing::exact_options(m.intercept));
    SCOPED_TRACE(m.name);
    EXPECT_EQ(got.summary.direct.value().rank, data.n_features());
    if (std::string(m.name) == "Filip") {
      const FitSummary expected = fit(data, testing::exact_options());
      double digits = 15.0;
      for (Index j = 0; j < data.n_features(); ++j) {
        digits = std::min(digits, log_relative_error(got.summary.model.weights()[j],
                                                     expected.model.weights()[j]));
      }
      std::cout << fmt::format("  Filip (doubles): streaming vs in-memory, {:.1f} digits\n",
                               digits);
      EXPECT_GE(digits, 12.0);
      continue;
    }
    const double digits = certified_digits(got.summary.model, nist, m);
    std::cout << fmt::format("  {:9s} streaming LRE {:5.1f}\n", m.name, digits);
    EXPECT_GE(digits, 12.0);
  }
}

// What a distributed fit does (linreg/distributed.hpp): three fits of consecutive thirds of the
// rows, each turned into words and back (as a process sends its state), merged in order. With
// the powers' low-order parts (Dataset::X_low) in the Gram's sums, Filip's x¹⁰ keeps 12 digits
// of the certified values too; the merged fit of a random problem is the one-stream fit's to
// rounding (1e-14, as above).
TEST(StreamingExactFit, StatesSentAndMergedInOrderKeepTheDigits) {
  const auto merged = [](const Dataset& d, const FitOptions& options) {
    const bool low = d.X_low.size() > 0;
    std::vector<double> words;
    std::optional<StreamingExactFit> all;
    const Index n = d.n_rows();
    for (int part = 0; part < 3; ++part) {
      const Index begin = n * part / 3, end = n * (part + 1) / 3;
      StreamingExactFit s(d.feature_names, d.target_name, options, low);
      for (Index start = begin; start < end; start += 5) {
        const Index m = std::min<Index>(5, end - start);
        if (low) {
          s.add(s.prepare(d.X.middleRows(start, m), d.y.segment(start, m), Vector(),
                          d.X_low.middleRows(start, m)));
        } else {
          s.add(d.X.middleRows(start, m), d.y.segment(start, m));
        }
      }
      words = s.to_words();
      EXPECT_EQ(words.size(),
                StreamingExactFit::state_word_count(d.n_features(), options.fit_intercept, low));
      StreamingExactFit sent =
          StreamingExactFit::from_words(d.feature_names, d.target_name, options, low, words.data());
      if (all) {
        all->merge(std::move(sent));
      } else {
        all.emplace(std::move(sent));
      }
    }
    EXPECT_EQ(all->rows(), n);
    return all->finish();
  };
  for (const NistModel& m : nist_models()) {
    std::ifstream in(std::string(LINREG_TEST_DATA_DIR "/nist/") + m.name + ".dat");
    const NistDataset nist = read_nist_strd(in, m.name);
    const Dataset data = nist_design(nist, m);
    SCOPED_TRACE(m.name);
    const StreamedFit got = merged(data, testing::exact_options(m.intercept));
    const double digits = certified_digits(got.summary.model, nist, m);
    std::cout << fmt::format("  {:9s} merged LRE {:5.1f}\n", m.name, digits);
    EXPECT_GE(digits, 12.0);
  }
  const Dataset d = testing::random_problem(2000, 5, 1.0, 8);
  EXPECT_LT(max_relative_difference(merged(d, testing::exact_options()).summary.model,
                                    stream(d, 100, testing::exact_options()).summary.model),
            kSameSolution);
  // A fit made for low parts takes blocks with them only.
  StreamingExactFit low(d.feature_names, d.target_name, testing::exact_options(), true);
  EXPECT_THROW((void)low.prepare(d.X, d.y), std::invalid_argument);
}

TEST(StreamingExactFit, BadInput) {
  Dataset d = testing::random_problem(100, 2, 1.0, 1);
  StreamingExactFit s({"a", "b"}, "y", testing::exact_options());
  EXPECT_THROW((void)s.finish(), DataError);
  s.add(d.X.topRows(60), d.y.head(60));
  d.X(62, 1) = std::numeric_limits<double>::infinity();
  try {
    s.add(d.X.bottomRows(40), d.y.tail(40));
    FAIL() << "no error";
  } catch (const DataError& e) {
    EXPECT_STREQ(e.what(), "row 63, column 'b': value inf is not finite (NaN or infinity)");
  }
  EXPECT_THROW(s.add(Matrix(3, 5), Vector(3)), std::invalid_argument);
  FitOptions gd;
  gd.solver = SolverKind::gradient_descent;
  EXPECT_THROW(StreamingExactFit({"a"}, "y", gd), std::invalid_argument);
}

}  // namespace
}  // namespace linreg
