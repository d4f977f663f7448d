// linreg/linreg.hpp alone is enough to use the library: this file includes nothing else of ours
// (CTest umbrella_complete checks that the umbrella includes every public header).
#include <gtest/gtest.h>

#include "linreg/linreg.hpp"

namespace linreg {
namespace {

TEST(Umbrella, FitsATinyDatasetWithOnlyTheUmbrellaHeader) {
  Dataset data;
  data.X.resize(4, 1);
  data.X << 1.0, 2.0, 3.0, 4.0;
  data.y.resize(4);
  data.y << 3.0, 5.0, 7.0, 9.0;
  data.feature_names = {"x"};
  FitOptions options;
  options.solver = SolverKind::exact;
  const FitSummary summary = fit(data, options);
  EXPECT_NEAR(summary.model.weights()[0], 2.0, 1e-12);
  EXPECT_NEAR(summary.model.intercept(), 1.0, 1e-12);
  EXPECT_NEAR(r2_score(data.y, summary.model.predict(data.X)), 1.0, 1e-12);
}

}  // namespace
}  // namespace linreg
