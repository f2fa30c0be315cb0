#include "services/analytics/synthetic_control.h"

#include <nlopt.h>

#include <algorithm>
#include <cmath>

#include "absl/strings/str_cat.h"

namespace integra::monitoring::analytics {
namespace {

// The objective f(w) = w'Qw - 2c'w + yy of the (scaled, possibly demeaned) data.
struct Quadratic {
  int n = 0;
  std::vector<double> q;  // n x n, row-major
  std::vector<double> c;
  double yy = 0;
  int evaluations = 0;
};

double Objective(unsigned n, const double* w, double* grad, void* data) {
  auto* quad = static_cast<Quadratic*>(data);
  ++quad->evaluations;
  double f = quad->yy;
  for (unsigned j = 0; j < n; ++j) {
    double qw = 0;
    for (unsigned k = 0; k < n; ++k) qw += quad->q[j * n + k] * w[k];
    f += w[j] * qw - 2 * quad->c[j] * w[j];
    if (grad != nullptr) grad[j] = 2 * (qw - quad->c[j]);
  }
  return f;
}

double SumConstraint(unsigned n, const double* w, double* grad, void*) {
  double s = -1;
  for (unsigned j = 0; j < n; ++j) {
    s += w[j];
    if (grad != nullptr) grad[j] = 1;
  }
  return s;
}

double Mean(const std::vector<double>& v) {
  double s = 0;
  for (double x : v) s += x;
  return v.empty() ? 0 : s / static_cast<double>(v.size());
}

}  // namespace

std::vector<double> SyntheticSeries(const SyntheticControlFit& fit,
                                    const std::vector<std::vector<double>>& donor_values) {
  const size_t periods = donor_values.empty() ? 0 : donor_values.front().size();
  std::vector<double> out(periods, fit.intercept);
  for (size_t j = 0; j < donor_values.size(); ++j) {
    for (size_t t = 0; t < periods; ++t) out[t] += fit.weights[j] * donor_values[j][t];
  }
  return out;
}

absl::StatusOr<SyntheticControlFit> FitSyntheticControl(
    const std::vector<double>& target, const std::vector<std::vector<double>>& donors,
    bool fit_intercept) {
  const size_t periods = target.size();
  const size_t n = donors.size();
  if (n == 0) return absl::InvalidArgumentError("synthetic control needs at least one donor");
  if (periods == 0) return absl::InvalidArgumentError("synthetic control needs fitting periods");
  for (double v : target) {
    if (!std::isfinite(v)) return absl::InvalidArgumentError("target value is not finite");
  }
  for (size_t j = 0; j < n; ++j) {
    if (donors[j].size() != periods) {
      return absl::InvalidArgumentError(
          absl::StrCat("donor ", j, " has ", donors[j].size(), " values, the target ", periods));
    }
    for (double v : donors[j]) {
      if (!std::isfinite(v)) {
        return absl::InvalidArgumentError(absl::StrCat("donor ", j, " has a non-finite value"));
      }
    }
  }

  // Centre (with an intercept) and scale, so SLSQP's tolerances mean the same for euros and
  // for percentages.
  std::vector<double> y = target;
  std::vector<std::vector<double>> x = donors;
  if (fit_intercept) {
    const double my = Mean(y);
    for (double& v : y) v -= my;
    for (auto& d : x) {
      const double md = Mean(d);
      for (double& v : d) v -= md;
    }
  }
  double scale = 0;
  for (double v : y) scale = std::max(scale, std::abs(v));
  for (const auto& d : x) {
    for (double v : d) scale = std::max(scale, std::abs(v));
  }
  if (scale == 0) scale = 1;
  for (double& v : y) v /= scale;
  for (auto& d : x) {
    for (double& v : d) v /= scale;
  }

  SyntheticControlFit fit;
  fit.weights.assign(n, 1.0 / static_cast<double>(n));
  if (n > 1) {
    Quadratic quad;
    quad.n = static_cast<int>(n);
    quad.q.assign(n * n, 0);
    quad.c.assign(n, 0);
    const double inv_t = 1.0 / static_cast<double>(periods);
    for (size_t j = 0; j < n; ++j) {
      for (size_t k = j; k < n; ++k) {
        double s = 0;
        for (size_t t = 0; t < periods; ++t) s += x[j][t] * x[k][t];
        quad.q[j * n + k] = quad.q[k * n + j] = s * inv_t;
      }
      double s = 0;
      for (size_t t = 0; t < periods; ++t) s += x[j][t] * y[t];
      quad.c[j] = s * inv_t;
    }
    for (double v : y) quad.yy += v * v * inv_t;

    nlopt_opt opt = nlopt_create(NLOPT_LD_SLSQP, static_cast<unsigned>(n));
    if (opt == nullptr) return absl::InternalError("NLopt could not create an SLSQP optimiser");
    nlopt_set_lower_bounds1(opt, 0.0);
    nlopt_set_upper_bounds1(opt, 1.0);
    nlopt_set_min_objective(opt, Objective, &quad);
    nlopt_add_equality_constraint(opt, SumConstraint, nullptr, 1e-12);
    // The data are scaled to |x| <= 1, so f is at most ~4; an exact fit (f -> 0, typical with
    // few periods and many donors) stops on ftol_abs instead of chasing rounding noise.
    nlopt_set_ftol_rel(opt, 1e-12);
    nlopt_set_ftol_abs(opt, 1e-16);
    nlopt_set_xtol_abs1(opt, 1e-10);
    nlopt_set_maxeval(opt, 2000);
    double minimum = 0;
    const nlopt_result result = nlopt_optimize(opt, fit.weights.data(), &minimum);
    nlopt_destroy(opt);
    fit.evaluations = quad.evaluations;
    if (result < 0 && result != NLOPT_ROUNDOFF_LIMITED) {
      return absl::InternalError(
          absl::StrCat("NLopt SLSQP failed to fit the synthetic control (result ", result, ")"));
    }
    double sum = 0;
    for (double& w : fit.weights) {
      if (w < -1e-9 || !std::isfinite(w)) {
        return absl::InternalError(absl::StrCat("NLopt SLSQP returned an infeasible weight ", w));
      }
      w = std::max(w, 0.0);
      sum += w;
    }
    if (std::abs(sum - 1) > 1e-6) {
      return absl::InternalError(absl::StrCat("NLopt SLSQP weights sum to ", sum, ", not 1"));
    }
    for (double& w : fit.weights) w /= sum;
  }

  // The intercept and the error on the original scale.
  if (fit_intercept) {
    fit.intercept = 0;
    const std::vector<double> synthetic = SyntheticSeries(fit, donors);
    double s = 0;
    for (size_t t = 0; t < periods; ++t) s += target[t] - synthetic[t];
    fit.intercept = s / static_cast<double>(periods);
  }
  const std::vector<double> synthetic = SyntheticSeries(fit, donors);
  double sq = 0;
  for (size_t t = 0; t < periods; ++t)
    sq += (target[t] - synthetic[t]) * (target[t] - synthetic[t]);
  fit.rmspe = std::sqrt(sq / static_cast<double>(periods));
  return fit;
}

}  // namespace integra::monitoring::analytics
