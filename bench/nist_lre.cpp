// NIST StRD validation: fits the 11 linear-regression datasets through the library with a
// solver (default exact) and prints, per dataset, the LRE (correct significant digits, capped
// at 15) of the coefficients, their standard deviations, the residual SD and R² — the minimum
// over the parameters. One JSON object per line: {"dataset", "coef", "sd", "sigma", "r2"}.
//
// Usage: nist_lre DIR [SOLVER]   (DIR holds the .dat files, e.g. tests/data/nist)
#include <cstdio>
#include <fstream>
#include <string>

#include "linreg/fit.hpp"
#include "linreg/inference.hpp"
#include "nist_strd.hpp"

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: nist_lre DIR [exact|cholesky|svd|gd]\n");
    return 2;
  }
  const std::string dir = argv[1];
  linreg::FitOptions options;
  options.solver = linreg::parse_solver_kind(argc > 2 ? argv[2] : "exact");
  for (const auto& model : linreg::nist_models()) {
    std::ifstream in(dir + "/" + model.name + ".dat");
    if (!in) {
      std::fprintf(stderr, "nist_lre: cannot open %s/%s.dat\n", dir.c_str(), model.name);
      return 1;
    }
    const linreg::NistDataset nist = linreg::read_nist_strd(in, model.name);
    const linreg::Dataset data = linreg::nist_design(nist, model);
    options.fit_intercept = model.intercept;
    const linreg::FitSummary s = linreg::fit(data, options);
    const linreg::NistScore score =
        linreg::score_nist_fit(nist, model, s, linreg::infer(data, s, options));
    std::printf(
        "{\"dataset\": \"%s\", \"coef\": %.1f, \"sd\": %.1f, \"sigma\": %.1f, \"r2\": %.1f}\n",
        model.name, score.coefficients, score.standard_deviations, score.residual_sd,
        score.r_squared);
  }
  return 0;
}
