#pragma once
// Log-likelihoods of churn models on survival records, with analytic gradients, for
// `offersim calibrate` (docs/models.md, section 32). Time is in whole tenure months: a
// customer's lifetime T is the tenure month in which they leave (T >= 1).
#include <cstdint>
#include <span>
#include <vector>

namespace offersim::models {

// `count` customers who had completed `entry_months` months when observation began (0: seen
// from activation; more: left-truncated, already in the base), then either left in tenure
// month `exit_month` (churned) or were still active after completing it (right-censored).
// entry_months < exit_month for a churner, entry_months <= exit_month otherwise.
struct SurvivalRecord {
    int entry_months = 0;
    int exit_month = 0;
    bool churned = false;
    double count = 1.0;
};

// A log-likelihood's value and its gradient in the model's two natural parameters.
struct LogLikelihood2 {
    double value = 0.0;
    double d_first = 0.0;
    double d_second = 0.0;
};

// Shifted-beta-geometric with S(t) = B(alpha, beta + t) / B(alpha, beta):
//   churned:  ln[S(d-1) - S(d)] - ln S(a) = ln B(alpha + 1, beta + d - 1) - ln B(alpha, beta + a)
//   censored: ln S(d) - ln S(a)           = ln B(alpha, beta + d) - ln B(alpha, beta + a)
// summed with weights `count`; gradient in (alpha, beta).
LogLikelihood2 sbg_log_likelihood(double alpha, double beta, std::span<const SurvivalRecord> records);

// Discrete Weibull, S(t) = exp(-(t / scale)^shape):
//   churned:  ln[S(d-1) - S(d)] - ln S(a);  censored: ln S(d) - ln S(a)
// gradient in (scale, shape).
LogLikelihood2 weibull_log_likelihood(double scale, double shape, std::span<const SurvivalRecord> records);

// Survival records with the same (entry, exit, churned) merged into one with their summed
// count, in ascending order: a million customers' history becomes a few thousand terms.
std::vector<SurvivalRecord> merge_survival_records(std::vector<SurvivalRecord> records);

// Kaplan-Meier estimate of S(t) for t = 1 .. months, with left truncation (the risk set of
// month t holds those with entry < t <= exit): the observed curve a fit is drawn against.
std::vector<double> kaplan_meier(std::span<const SurvivalRecord> records, int months);

}  // namespace offersim::models
