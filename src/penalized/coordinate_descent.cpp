#include "penalized/coordinate_descent.hpp"

#include <Eigen/Cholesky>
#include <algorithm>
#include <cmath>
#include <limits>

namespace linreg::detail {

namespace {

double soft_threshold(double u, double t) {
  if (u > t) return u - t;
  if (u < -t) return u + t;
  return 0.0;
}

double sign(double x) { return x > 0.0 ? 1.0 : -1.0; }

struct Penalty {
  double l1;  // λr
  double l2;  // λ(1 − r)
};

// The largest KKT violation of w with negative gradient q.
double violation_at(const Vector& q, const Vector& w, Penalty pen) {
  double largest = 0.0;
  for (Index j = 0; j < w.size(); ++j) {
    const double g = q[j] - pen.l2 * w[j];
    const double v =
        w[j] == 0.0 ? std::max(0.0, std::abs(g) - pen.l1) : std::abs(g - pen.l1 * sign(w[j]));
    largest = std::max(largest, v);
  }
  return largest;
}

// Covariance updates: q = c − Gw.
class CovarianceState {
 public:
  explicit CovarianceState(const PenalizedProblem& p) : p_(p) {}
  void refresh(const Vector& w) {
    q_ = p_.c;
    q_.noalias() -= p_.gram * w;
  }
  [[nodiscard]] double gradient(Index j) const { return q_[j]; }
  void move(Index j, double delta) { q_.noalias() -= delta * p_.gram.col(j); }
  [[nodiscard]] const Vector& full_gradient() const { return q_; }
  // The largest KKT violation of w, q recomputed in full.
  double certify(const Vector& w, const Penalty& pen, const std::vector<bool>&) {
    refresh(w);
    return violation_at(q_, w, pen);
  }
  // ‖ỹ‖²/n − 2cᵀw + wᵀGw.
  [[nodiscard]] double mean_squared_residual(const Vector& w) const {
    return p_.yy - 2.0 * p_.c.dot(w) + w.dot(p_.gram * w);
  }
  [[nodiscard]] Matrix active_gram(const std::vector<Index>& active) const {
    const auto m = static_cast<Index>(active.size());
    Matrix a(m, m);
    for (Index k = 0; k < m; ++k) {
      for (Index l = 0; l < m; ++l)
        a(k, l) = p_.gram(active[static_cast<std::size_t>(k)], active[static_cast<std::size_t>(l)]);
    }
    return a;
  }

 private:
  const PenalizedProblem& p_;
  Vector q_;
};

// Residual updates: r = ỹ − Zw (O(n) per nonzero weight to rebuild), q_j = z_jᵀr/n when asked.
// The KKT check needs every q_j, O(n·p) in full; most features are far from entering, and for
// those a bound does: |z_jᵀr| ≤ |z_jᵀr₀| + ‖z_j‖·‖r − r₀‖ from the last residual r₀ checked, so a
// feature at 0 whose bound stays below λr is certified without its dot product. full_gradient()
// holds q_j where computed and the bound on |q_j| where certified so (w_j = 0 there).
class ResidualState {
 public:
  // `known`: the negative gradient at the warm start (exact or a bound on its magnitude where
  // w_j = 0), or empty.
  ResidualState(const PenalizedProblem& p, const Vector& known, ActiveProducts& products)
      : p_(p),
        products_(products),
        inverse_n_(1.0 / static_cast<double>(p.y.size())),
        norm_((p.diagonal * static_cast<double>(p.y.size())).cwiseSqrt()),
        bound_(known.cwiseAbs()),
        q_(known) {}
  void refresh(const Vector& w) {
    r_ = p_.y;
    for (Index j = 0; j < w.size(); ++j) {
      if (w[j] != 0.0) r_.noalias() -= w[j] * p_.z.col(j);
    }
    if (reference_.size() == 0 && bound_.size() == w.size()) {
      // The warm start's residual, which `known` is for; its exact entries get their rounding.
      reference_ = r_;
      bound_ += rounding() * r_.norm() * inverse_n_ * norm_;
    }
  }
  [[nodiscard]] double gradient(Index j) const { return p_.z.col(j).dot(r_) * inverse_n_; }
  void move(Index j, double delta) { r_.noalias() -= delta * p_.z.col(j); }
  [[nodiscard]] const Vector& full_gradient() const { return q_; }
  // The largest KKT violation of w: q_j computed for the nonzero weights and every feature whose
  // bound reaches λr (strong set or not: a zero weight's bound certifies it either way); the
  // bounds of the others carried to this residual.
  double certify(const Vector& w, const Penalty& pen, const std::vector<bool>& /*eligible*/) {
    refresh(w);
    const Index p = w.size();
    // A dot product of n terms is off by at most about n·ε·‖z_j‖·‖r‖ (and a little for the
    // bound's own arithmetic): the bounds carry that too.
    const double rounding = this->rounding();
    const double residual_norm = r_.norm();
    const bool first = bound_.size() != p;
    const double drift = first ? 0.0 : (r_ - reference_).norm() * (1.0 + rounding);
    if (first) bound_ = q_ = Vector::Zero(p);
    for (Index j = 0; j < p; ++j) {
      const double carried = bound_[j] + norm_[j] * drift * inverse_n_;
      if (first || w[j] != 0.0 || carried > pen.l1) {
        q_[j] = gradient(j);
        bound_[j] = std::abs(q_[j]) + rounding * norm_[j] * residual_norm * inverse_n_;
      } else {
        q_[j] = bound_[j] = carried;
      }
    }
    reference_ = r_;
    return violation_at(q_, w, pen);
  }
  // After refresh(w): ‖r‖²/n.
  [[nodiscard]] double mean_squared_residual(const Vector&) const {
    return r_.squaredNorm() * inverse_n_;
  }
  [[nodiscard]] Matrix active_gram(const std::vector<Index>& active) const {
    return products_.gram(p_, active);
  }

 private:
  [[nodiscard]] double rounding() const {
    return (static_cast<double>(p_.y.size()) + 4.0) * std::numeric_limits<double>::epsilon();
  }

  const PenalizedProblem& p_;
  ActiveProducts& products_;
  double inverse_n_;
  Vector norm_;   // ‖z_j‖
  Vector bound_;  // ≥ |z_jᵀr₀|/n for the reference residual r₀
  Vector q_;
  Vector r_;
  Vector reference_;  // r₀
};

std::vector<Index> marked(const std::vector<bool>& mask, const Vector& w, bool nonzero_only) {
  std::vector<Index> out;
  for (std::size_t j = 0; j < mask.size(); ++j) {
    if (mask[j] && (!nonzero_only || w[static_cast<Index>(j)] != 0.0))
      out.push_back(static_cast<Index>(j));
  }
  return out;
}

// One pass over the features `which`: w_j ← S(q_j + G_jj·w_j, λr)/(G_jj + λ(1 − r)). Returns the
// largest change of a q_j by its own update, |δ_j|·G_jj, and whether a weight became 0 or nonzero.
template <class State>
double sweep(State& state, const Vector& diagonal, const std::vector<Index>& which, Penalty pen,
             Vector& w, bool& support_changed) {
  double largest = 0.0;
  for (const Index j : which) {
    const double gjj = diagonal[j];
    const double denominator = gjj + pen.l2;
    if (!(denominator > 0.0)) continue;  // a feature that takes no part, without ridge: stays 0
    const double old = w[j];
    const double next = soft_threshold(state.gradient(j) + gjj * old, pen.l1) / denominator;
    const double delta = next - old;
    if (delta == 0.0) continue;
    if ((old == 0.0) != (next == 0.0)) support_changed = true;
    w[j] = next;
    state.move(j, delta);
    largest = std::max(largest, std::abs(delta) * gjj);
  }
  return largest;
}

// The order to factor the active set in: the cached factor's features first when they are all
// still active and the L2 term is the same (the factor extends), then the new ones; else the
// active set as it is (the factor is dropped).
std::vector<Index> factor_order(ActiveFactor& factor, const std::vector<Index>& active, double l2) {
  std::vector<char> in_active;
  bool extends = factor.l2 == l2 && factor.order.size() <= active.size();
  if (extends) {
    const Index most = active.empty() ? 0 : active.back() + 1;
    in_active.assign(static_cast<std::size_t>(most), 0);
    for (const Index j : active) in_active[static_cast<std::size_t>(j)] = 1;
    for (const Index j : factor.order) {
      if (j >= most || !in_active[static_cast<std::size_t>(j)]) {
        extends = false;
        break;
      }
    }
  }
  if (!extends) {
    factor = ActiveFactor{};
    return active;
  }
  std::vector<Index> order = factor.order;
  for (const Index j : factor.order) in_active[static_cast<std::size_t>(j)] = 0;
  for (const Index j : active) {
    if (in_active[static_cast<std::size_t>(j)]) order.push_back(j);
  }
  return order;
}

// Solves a·v = rhs for the symmetric a of the features `order`, with one refinement step:
// Cholesky (the fast case, a positive definite), extending the cached factor when its features
// lead `order`, else LDLT with pivoting (semidefinite, as wide designs' active Gram matrices can
// become near the end of a path). False when neither gives finite values.
bool solve_spd(const Matrix& a, const Vector& rhs, const std::vector<Index>& order, double l2,
               ActiveFactor& factor, Vector& v) {
  const Index m = a.rows();
  const auto m0 = static_cast<Index>(factor.order.size());
  bool factored = false;
  if (m0 > 0 && m0 <= m) {
    // [L 0; Bᵀ L₂₂]: L·B = a₁₂, L₂₂·L₂₂ᵀ = a₂₂ − BᵀB.
    const Index k = m - m0;
    Matrix lower = Matrix::Zero(m, m);
    lower.topLeftCorner(m0, m0) = factor.lower;
    if (k > 0) {
      const Matrix b = factor.lower.triangularView<Eigen::Lower>().solve(a.topRightCorner(m0, k));
      const Eigen::LLT<Matrix> tail(a.bottomRightCorner(k, k) - b.transpose() * b);
      if (tail.info() == Eigen::Success) {
        lower.bottomLeftCorner(k, m0) = b.transpose();
        lower.bottomRightCorner(k, k) = tail.matrixL();
        factored = true;
      }
    } else {
      factored = true;
    }
    if (factored) factor.lower = std::move(lower);
  }
  if (!factored) {
    const Eigen::LLT<Matrix> llt(a);
    if (llt.info() == Eigen::Success) {
      factor.lower = llt.matrixL();
      factored = true;
    }
  }
  if (factored) {
    factor.order = order;
    factor.l2 = l2;
    const Matrix& l = factor.lower;
    const auto solve = [&l](const Vector& b) {
      const Vector half = l.triangularView<Eigen::Lower>().solve(b);
      return Vector(l.transpose().triangularView<Eigen::Upper>().solve(half));
    };
    v = solve(rhs);
    v += solve(rhs - a * v);
    if (v.allFinite()) return true;
  }
  factor = ActiveFactor{};
  const Eigen::LDLT<Matrix> ldlt(a);
  if (ldlt.info() != Eigen::Success) return false;
  v = ldlt.solve(rhs);
  v += ldlt.solve(rhs - a * v);
  return v.allFinite();
}

// On the active set A (the nonzero weights, signs σ) the KKT conditions are the linear system
// (G_AA + λ(1 − r)·I)·v = c_A − λr·σ_A, solved directly (solve_spd). Where v
// keeps every sign it is the exact minimizer over A. Where it does not, w moves toward v up to
// the first weight that reaches 0 (the objective, a convex quadratic in that orthant, decreases
// along the way), that weight leaves A, and the system is solved again (a homotopy step, as in
// LARS). Returns whether w changed.
template <class State>
bool solve_active_set(const State& state, const PenalizedProblem& p, Penalty pen,
                      ActiveFactor& factor, Vector& w) {
  std::vector<Index> sorted;
  for (Index j = 0; j < w.size(); ++j) {
    if (w[j] != 0.0) sorted.push_back(j);
  }
  bool changed = false;
  while (!sorted.empty()) {
    // In the factor's order (the solve's order does not change the solution beyond rounding).
    const std::vector<Index> active = factor_order(factor, sorted, pen.l2);
    Matrix a = state.active_gram(active);
    const Index m = a.rows();
    Vector rhs(m);
    for (Index k = 0; k < m; ++k) {
      const Index j = active[static_cast<std::size_t>(k)];
      rhs[k] = p.c[j] - pen.l1 * sign(w[j]);
      a(k, k) += pen.l2;
    }
    Vector v;
    if (!solve_spd(a, rhs, active, pen.l2, factor, v)) return changed;
    // The first crossing: the smallest t = w/(w − v) over the weights whose sign v flips.
    double t = 1.0;
    Index crossing = -1;
    for (Index k = 0; k < m; ++k) {
      const double old = w[active[static_cast<std::size_t>(k)]];
      if (v[k] != 0.0 && sign(v[k]) == sign(old)) continue;
      const double at = old / (old - v[k]);
      if (at < t) t = at, crossing = k;
    }
    for (Index k = 0; k < m; ++k) {
      double& weight = w[active[static_cast<std::size_t>(k)]];
      weight = crossing < 0 ? v[k] : weight + t * (v[k] - weight);
    }
    changed = true;
    if (crossing < 0) return true;
    w[active[static_cast<std::size_t>(crossing)]] = 0.0;
    // Rounding may leave another weight just past 0 too: it leaves as well.
    std::vector<Index> left;
    for (const Index j : sorted) {
      if (w[j] != 0.0) left.push_back(j);
    }
    sorted = std::move(left);
  }
  return changed;
}

template <class State>
CoordinateDescentResult descend(State& state, const PenalizedProblem& p, Penalty pen,
                                double tolerance, long max_sweeps, std::vector<bool>& eligible,
                                Vector& w, Vector& q, ActiveFactor& factor) {
  CoordinateDescentResult out;
  // The gradient at the warm start is known when the caller kept it (the previous λ's).
  if (q.size() == w.size()) {
    state.refresh(w);
    out.violation = violation_at(q, w, pen);
    if (out.violation <= tolerance) {
      out.converged = true;
      out.mean_squared_residual = state.mean_squared_residual(w);
      return out;
    }
  } else {
    out.violation = state.certify(w, pen, eligible);
  }
  // How little a sweep must change before the KKT conditions are checked: loose at first, a
  // hundred times tighter each time the check fails with no feature to add.
  double threshold = 1e-4 * std::max(pen.l1, tolerance);
  // Active-set sweeps with the support unchanged before the direct solve is tried; doubled after
  // each try that does not finish, so that a slow-settling pattern costs few solves.
  long patience = 1;
  bool settled = false;
  const auto finish = [&] {
    if (!solve_active_set(state, p, pen, factor, w)) return false;
    out.violation = state.certify(w, pen, eligible);
    return out.violation <= tolerance;
  };
  while (out.violation > tolerance && out.sweeps < max_sweeps) {
    const std::vector<Index> all = marked(eligible, w, false);
    bool support_changed = false;
    double change = sweep(state, p.diagonal, all, pen, w, support_changed);
    ++out.sweeps;
    while (change > threshold && out.sweeps < max_sweeps && !settled) {
      const std::vector<Index> active = marked(eligible, w, true);
      long stable = 0;
      while (out.sweeps < max_sweeps) {
        bool dropped = false;
        const double moved = sweep(state, p.diagonal, active, pen, w, dropped);
        ++out.sweeps;
        stable = dropped ? 0 : stable + 1;
        if (stable >= patience) {
          if (finish()) {
            settled = true;
            break;
          }
          patience *= 2;
          stable = 0;
          state.refresh(w);
        }
        if (moved <= threshold) break;
      }
      if (settled || out.sweeps >= max_sweeps) break;
      support_changed = false;
      change = sweep(state, p.diagonal, all, pen, w, support_changed);
      ++out.sweeps;
    }
    if (settled) break;
    out.violation = state.certify(w, pen, eligible);
    if (out.violation <= tolerance || finish()) break;
    bool added = false;
    const Vector& q = state.full_gradient();
    for (std::size_t j = 0; j < eligible.size(); ++j) {
      if (!eligible[j] && std::abs(q[static_cast<Index>(j)]) > pen.l1) eligible[j] = added = true;
    }
    if (!added) threshold *= 1e-2;
  }
  if (out.violation > tolerance) out.violation = state.certify(w, pen, eligible);  // out of sweeps
  out.converged = out.violation <= tolerance;
  out.mean_squared_residual = state.mean_squared_residual(w);
  q = state.full_gradient();
  return out;
}

}  // namespace

Matrix ActiveProducts::gram(const PenalizedProblem& problem, const std::vector<Index>& active) {
  if (slot_.empty()) slot_.assign(static_cast<std::size_t>(problem.features()), -1);
  const auto old = static_cast<Index>(features_.size());
  for (const Index j : active) {
    if (slot_[static_cast<std::size_t>(j)] >= 0) continue;
    slot_[static_cast<std::size_t>(j)] = static_cast<Index>(features_.size());
    features_.push_back(j);
  }
  const auto used = static_cast<Index>(features_.size());
  if (used > old) {
    if (used > products_.rows()) {  // the capacity doubles: each product is computed once
      const Index capacity = std::max<Index>(used, 2 * products_.rows());
      Matrix grown(capacity, capacity);
      grown.topLeftCorner(old, old) = products_.topLeftCorner(old, old);
      products_ = std::move(grown);
    }
    // The new features' rows, against every feature in use.
    const double inverse_n = 1.0 / static_cast<double>(problem.z.rows());
    for (Index t = old; t < used; ++t) {
      const auto column = problem.z.col(features_[static_cast<std::size_t>(t)]);
      for (Index s = 0; s <= t; ++s) {
        products_(s, t) = products_(t, s) =
            problem.z.col(features_[static_cast<std::size_t>(s)]).dot(column) * inverse_n;
      }
    }
  }
  const auto m = static_cast<Index>(active.size());
  Matrix a(m, m);
  for (Index k = 0; k < m; ++k) {
    const Index row = slot_[static_cast<std::size_t>(active[static_cast<std::size_t>(k)])];
    for (Index l = 0; l < m; ++l)
      a(k, l) =
          products_(row, slot_[static_cast<std::size_t>(active[static_cast<std::size_t>(l)])]);
  }
  return a;
}

CoordinateDescentResult coordinate_descent(const PenalizedProblem& problem, double lambda, double r,
                                           double tolerance, long max_sweeps,
                                           std::vector<bool>& eligible, Vector& w, Vector& q,
                                           ActiveProducts& products, ActiveFactor& factor) {
  const Penalty pen{lambda * r, lambda * (1.0 - r)};
  CoordinateDescentResult out;
  if (problem.covariance()) {
    CovarianceState state(problem);
    out = descend(state, problem, pen, tolerance, max_sweeps, eligible, w, q, factor);
  } else {
    ResidualState state(problem, q, products);
    out = descend(state, problem, pen, tolerance, max_sweeps, eligible, w, q, factor);
  }
  return out;
}

}  // namespace linreg::detail
