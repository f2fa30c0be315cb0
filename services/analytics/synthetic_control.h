// Synthetic control weights: the convex combination of donor series closest to a target series
// over a fitting period (Abadie, Diamond & Hainmueller 2010), optionally with an intercept
// ("demeaned" synthetic control, Ferman & Pinto 2021; Doudchenko & Imbens 2016).
//
//   minimise   (1/T) * sum_t (target_t - intercept - sum_j w_j * donor_jt)^2
//   subject to w_j >= 0, sum_j w_j = 1   (intercept = 0 unless fit_intercept)
//
// With an intercept the optimum intercept is mean_t(target - sum_j w_j donor_j), so the weights
// are fitted to the demeaned series and the intercept follows; the fitted gaps then have mean 0
// over the fitting period.
//
// The quadratic programme is solved by NLopt's SLSQP (sequential least squares programming with
// the equality constraint sum w = 1 and the bounds 0 <= w <= 1), started from equal weights.
// Nothing of the optimiser is hand-written here: this file only builds the objective (a Gram
// matrix, so one evaluation costs O(J^2) for J donors) and checks the solution.
// All functions are pure and thread-safe (each call owns its NLopt instance).
#pragma once

#include <vector>

#include "absl/status/statusor.h"

namespace integra::monitoring::analytics {

struct SyntheticControlFit {
  std::vector<double> weights;  // one per donor, >= 0, summing to 1
  double intercept = 0;         // 0 unless fitted with an intercept
  double rmspe = 0;             // root mean squared prediction error over the fitting period
  int evaluations = 0;          // objective evaluations NLopt needed
};

// `target` has T values, every donor T values (the same periods, no gaps).
// InvalidArgument: no donor, T == 0, a donor of another length, a non-finite value.
// Internal: NLopt failed (its result code in the message); a solution is accepted when NLopt
// reports success or a reached tolerance / evaluation limit, after projecting tiny negative
// weights (> -1e-9) to 0 and renormalising.
absl::StatusOr<SyntheticControlFit> FitSyntheticControl(
    const std::vector<double>& target, const std::vector<std::vector<double>>& donors,
    bool fit_intercept);

// The synthetic series over any periods: intercept + sum_j w_j * donor_jt for each t.
// Preconditions: donor_values.size() == fit.weights.size(), all donors of equal length.
std::vector<double> SyntheticSeries(const SyntheticControlFit& fit,
                                    const std::vector<std::vector<double>>& donor_values);

}  // namespace integra::monitoring::analytics
