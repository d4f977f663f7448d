#pragma once
// Reader for the NIST Statistical Reference Datasets for linear regression (StRD .dat files):
// the certified parameters, their standard deviations, the residual standard deviation and R²,
// and the data. Used to validate the solvers' accuracy.
#include <istream>
#include <string>
#include <vector>

#include "linreg/dataset.hpp"
#include "linreg/fit_summary.hpp"
#include "linreg/inference.hpp"
#include "linreg/types.hpp"

namespace linreg {

struct NistDataset {
  std::string name;
  Vector coefficients;  // B0, B1, … as certified (B0 is the intercept when the model has one)
  Vector standard_deviations;
  double residual_sd = 0.0;
  double r_squared = 0.0;
  std::vector<std::string> column_names;  // as in the "Data:" line: y first
  Matrix data;                            // rows × columns, y first
};

// DataError naming `name` when the certified values or the data cannot be found.
NistDataset read_nist_strd(std::istream& in, const std::string& name);

// The model NIST certifies for each of the 11 linear datasets.
struct NistModel {
  const char* name;
  int degree;             // polynomial in x of this degree; 0: every x column as it is (Longley)
  bool intercept = true;  // NoInt1 and NoInt2: y = B1·x
};
const std::vector<NistModel>& nist_models();

// The design of `model` on `data`: x, x², … (powers in double-double: X + X_low), or Longley's
// six columns; y is the first column.
Dataset nist_design(const NistDataset& data, const NistModel& model);

// Log relative error: the number of correct significant digits of `estimate` against
// `certified`, capped at 15 (−log10 of the absolute error when certified is 0).
double log_relative_error(double estimate, double certified);

// How many digits a fit of `model` got right: the minimum LRE over the coefficients and over
// their standard deviations (0 for a term without one), the residual SD's and R²'s LRE.
struct NistScore {
  double coefficients = 0.0;
  double standard_deviations = 0.0;
  double residual_sd = 0.0;
  double r_squared = 0.0;
};
NistScore score_nist_fit(const NistDataset& nist, const NistModel& model, const FitSummary& summary,
                         const InferenceTable& table);

}  // namespace linreg
