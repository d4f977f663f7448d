#include "penalized/coordinate_descent.hpp"

#include <Eigen/Cholesky>
#include <algorithm>
#include <cmath>

namespace linreg::detail {
namespace {

double soft_threshold(double u, double t) {
  if (u > t) return u - t;
  if (u < -t) return u + t;
  return 0.0;
}

double sign(double x) { return x > 0.0 ? 1.0 : -1.0; }

std::vector<Index> marked(const std::vector<bool>& mask, const Vector& w, bool nonzero_only) {
  std::vector<Index> out;
  for (std::size_t j = 0; j < mask.size(); ++j) {
    if (mask[j] && (!nonzero_only || w[static_cast<Index>(j)] != 0.0))
      out.push_back(static_cast<Index>(j));
  }
  return out;
}

// One pass over the features `which`: w_j ← S(q_j + G_jj·w_j, λr)/(G_jj + λ(1 − r)), q kept equal
// to c − Gw. Returns the largest change of a q_j by its own update, |δ_j|·G_jj.
double sweep(const CovarianceProblem& p, const std::vector<Index>& which, double l1, double l2,
             Vector& w, Vector& q) {
  double largest = 0.0;
  for (const Index j : which) {
    const double gjj = p.gram(j, j);
    const double denominator = gjj + l2;
    if (!(denominator > 0.0)) continue;  // a constant feature without ridge part: stays 0
    const double old = w[j];
    const double next = soft_threshold(q[j] + gjj * old, l1) / denominator;
    const double delta = next - old;
    if (delta == 0.0) continue;
    w[j] = next;
    q.noalias() -= delta * p.gram.col(j);
    largest = std::max(largest, std::abs(delta) * gjj);
  }
  return largest;
}

// The KKT conditions on the active set A (the nonzero weights, signs σ) are a linear system,
// (G_AA + λ(1 − r)·I)·w_A = c_A − λr·σ_A: solved directly (LDLT and one refinement step), and
// kept only when every weight keeps its sign. False (w unchanged) otherwise.
bool polish(const CovarianceProblem& p, double l1, double l2, Vector& w) {
  std::vector<Index> active;
  for (Index j = 0; j < w.size(); ++j) {
    if (w[j] != 0.0) active.push_back(j);
  }
  if (active.empty()) return false;
  const auto m = static_cast<Index>(active.size());
  Matrix a(m, m);
  Vector rhs(m);
  for (Index k = 0; k < m; ++k) {
    const Index j = active[static_cast<std::size_t>(k)];
    rhs[k] = p.c[j] - l1 * sign(w[j]);
    for (Index l = 0; l < m; ++l) a(k, l) = p.gram(j, active[static_cast<std::size_t>(l)]);
    a(k, k) += l2;
  }
  const Eigen::LDLT<Matrix> ldlt(a);
  if (ldlt.info() != Eigen::Success) return false;
  Vector v = ldlt.solve(rhs);
  v += ldlt.solve(rhs - a * v);
  if (!v.allFinite()) return false;
  for (Index k = 0; k < m; ++k) {
    if (v[k] == 0.0 || sign(v[k]) != sign(w[active[static_cast<std::size_t>(k)]])) return false;
  }
  for (Index k = 0; k < m; ++k) w[active[static_cast<std::size_t>(k)]] = v[k];
  return true;
}

}  // namespace

double kkt_violation(const CovarianceProblem& problem, double lambda, double r, const Vector& w,
                     Vector& q) {
  q = problem.c;
  q.noalias() -= problem.gram * w;
  const double l1 = lambda * r;
  const double l2 = lambda * (1.0 - r);
  double largest = 0.0;
  for (Index j = 0; j < w.size(); ++j) {
    const double g = q[j] - l2 * w[j];
    const double v = w[j] == 0.0 ? std::max(0.0, std::abs(g) - l1) : std::abs(g - l1 * sign(w[j]));
    largest = std::max(largest, v);
  }
  return largest;
}

CoordinateDescentResult coordinate_descent(const CovarianceProblem& problem, double lambda,
                                           double r, double tolerance, long max_sweeps,
                                           std::vector<bool>& eligible, Vector& w) {
  const double l1 = lambda * r;
  const double l2 = lambda * (1.0 - r);
  CoordinateDescentResult out;
  Vector q;
  out.violation = kkt_violation(problem, lambda, r, w, q);
  if (out.violation <= tolerance) {
    out.converged = true;
    return out;
  }
  // How little a sweep must change before the KKT conditions are checked: loose at first (the
  // direct solve on the active set gives the last digits once the signs are right), a hundred
  // times tighter each time the check fails without a new feature to add.
  double threshold = 1e-4 * std::max(l1, tolerance);
  while (out.sweeps < max_sweeps) {
    const std::vector<Index> all = marked(eligible, w, false);
    double change = sweep(problem, all, l1, l2, w, q);
    ++out.sweeps;
    while (change > threshold && out.sweeps < max_sweeps) {
      const std::vector<Index> active = marked(eligible, w, true);
      while (out.sweeps < max_sweeps) {
        ++out.sweeps;
        if (sweep(problem, active, l1, l2, w, q) <= threshold) break;
      }
      change = sweep(problem, all, l1, l2, w, q);
      ++out.sweeps;
    }
    out.violation = kkt_violation(problem, lambda, r, w, q);
    if (out.violation <= tolerance) break;
    const Vector before = w;
    if (polish(problem, l1, l2, w)) {
      const double polished = kkt_violation(problem, lambda, r, w, q);
      if (polished <= out.violation) {
        out.violation = polished;
      } else {
        w = before;
        out.violation = kkt_violation(problem, lambda, r, w, q);
      }
      if (out.violation <= tolerance) break;
    }
    bool added = false;
    for (std::size_t j = 0; j < eligible.size(); ++j) {
      if (!eligible[j] && std::abs(q[static_cast<Index>(j)]) > l1) eligible[j] = added = true;
    }
    if (!added) threshold *= 1e-2;
  }
  out.converged = out.violation <= tolerance;
  return out;
}

}  // namespace linreg::detail
