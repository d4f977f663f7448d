#pragma once
// Which covariance of the coefficients the statistics table uses (linreg/inference.hpp): the
// classical σ²·(XᵀX)⁻¹, or a sandwich (XᵀX)⁻¹·XᵀΩX·(XᵀX)⁻¹ that stays valid when the errors'
// variance differs between rows (HC0–HC3, as statsmodels and R's sandwich define them) or when
// rows are correlated within clusters (CRV1) or with their neighbours in row order (HAC).
#include <string>
#include <vector>

#include "linreg/names.hpp"
#include "linreg/types.hpp"

namespace linreg {

// nonrobust: σ²·(XᵀX)⁻¹. With eᵢ the residuals, hᵢ the leverages, n rows and k coefficients:
//   hc0: Ω = diag(eᵢ²) (White 1980);      hc1: hc0·n/(n − k);
//   hc2: Ω = diag(eᵢ²/(1 − hᵢ));           hc3: Ω = diag(eᵢ²/(1 − hᵢ)²);
//   cluster: XᵀΩX = Σ_g (Σ_{i∈g} eᵢxᵢ)(Σ_{i∈g} eᵢxᵢ)ᵀ, times G/(G − 1)·(n − 1)/(n − k) for G
//   clusters (CRV1, statsmodels' default correction), and t and F with G − 1 denominator degrees
//   of freedom;
//   hac: Newey–West, XᵀΩX = Γ₀ + Σ_{l=1..L} (1 − l/(L + 1))·(Γ_l + Γ_lᵀ), Γ_l = Σ_t s_t·s_{t−l}ᵀ
//   with s_t = e_t·x_t in row order (time), Bartlett weights and L = lags: statsmodels'
//   cov_type="HAC" with maxlags = L and its default use_correction=False.
// t, p, the intervals and F follow the covariance; the distribution is Student's t (with
// n − k degrees of freedom but for clusters), as R's coeftest and statsmodels' use_t=True (its
// default for robust types is the normal).
enum class CovarianceType { nonrobust, hc0, hc1, hc2, hc3, cluster, hac };
inline constexpr NameTable<CovarianceType, 7> kCovarianceTypeNames{
    {{CovarianceType::nonrobust, "nonrobust"},
     {CovarianceType::hc0, "hc0"},
     {CovarianceType::hc1, "hc1"},
     {CovarianceType::hc2, "hc2"},
     {CovarianceType::hc3, "hc3"},
     {CovarianceType::cluster, "cluster"},
     {CovarianceType::hac, "hac"}}};
[[nodiscard]] std::string to_string(CovarianceType type);
// std::invalid_argument naming the choices.
[[nodiscard]] CovarianceType parse_covariance_type(const std::string& name);

struct CovarianceOptions {
  CovarianceType type = CovarianceType::nonrobust;
  // cluster: each row's group (any integers: equal means the same cluster), one per row.
  std::vector<long> clusters;
  // hac: the highest lag L, 0 ≤ L < rows (0 is HC0).
  long lags = -1;

  // UsageError: clusters without the cluster type or the cluster type with none, fewer than
  // two clusters, or not one per row (`rows`); lags without the hac type, or hac without lags
  // in [0, rows).
  void validate(Index rows) const;
};

}  // namespace linreg
