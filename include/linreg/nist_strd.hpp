#pragma once
// Reader for the NIST Statistical Reference Datasets for linear regression (StRD .dat files):
// the certified parameters, their standard deviations, the residual standard deviation and R²,
// and the data. Used to validate the solvers' accuracy.
#include <istream>
#include <string>
#include <vector>

#include "linreg/types.hpp"

namespace linreg {

struct NistDataset {
  std::string name;
  Vector coefficients;  // B0, B1, … as certified (B0 is the intercept when the model has one)
  Vector standard_deviations;
  double residual_sd = 0.0;
  double r_squared = 0.0;
  std::vector<std::string> column_names;  // as in the "Data:" line: y first
  Matrix data;                             // rows × columns, y first
};

// DataError naming `name` when the certified values or the data cannot be found.
NistDataset read_nist_strd(std::istream& in, const std::string& name);

// Log relative error: the number of correct significant digits of `estimate` against
// `certified`, capped at 15 (−log10 of the absolute error when certified is 0).
double log_relative_error(double estimate, double certified);

}  // namespace linreg
