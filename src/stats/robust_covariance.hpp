#pragma once
// The sandwich covariance of the coefficients (private to the library): linreg/covariance.hpp.
#include <vector>

#include "linreg/covariance.hpp"
#include "linreg/dataset.hpp"

namespace linreg::detail {

struct RobustCovariance {
  Matrix covariance;  // of (intercept, the active slopes in order), or of the slopes alone
  Index groups = 0;   // clusters (cluster type)
};

// From the residuals e (one per row of `data`, column-major) of the least-squares fit on the
// columns `active`. Computed on Z = [1, (X − x̄)/s] (the centered columns: the constant one is
// orthogonal to them, so only the design's own conditioning enters), a block of rows at a time
// through the R of a tall-skinny QR of Z (qᵢ = zᵢR⁻¹, hᵢ = ‖qᵢ‖²; XᵀX is never formed), then
// carried to the data's parametrization, which is exact: the sandwich is equivariant.
RobustCovariance robust_covariance(const DatasetView& data, const std::vector<Index>& active,
                                   bool intercept, const Vector& residuals,
                                   const CovarianceOptions& options);

}  // namespace linreg::detail
