#pragma once
// Maximum-likelihood fits for `offersim calibrate` (docs/models.md, section 32): churn by
// sBG and Weibull, plan choice by multinomial logit, usage by lognormal or gamma, each with
// standard errors from the observed information (the inverted Hessian of the
// log-likelihood at the maximum).
#include "engine/calibration/calibration_data.hpp"
#include "models/churn_hazard.hpp"
#include "models/usage_fit.hpp"

#include <string>
#include <vector>

namespace offersim::calibration {

struct Estimate {
    std::string name;  // as the scenario's YAML key names it
    double value = 0.0;
    double std_error = 0.0;  // NaN when the information matrix is singular
};

struct ModelFit {
    std::vector<Estimate> estimates;
    std::vector<double> covariance;  // of the estimates, row-major; empty when the information is singular
    double log_likelihood = 0.0;
    bool converged = false;
    std::string note;  // why not, when not converged
};

struct ChurnFit {
    std::string segment;
    double customers = 0.0;
    double churners = 0.0;
    int months = 0;                         // the longest tenure observed
    ModelFit sbg;                           // alpha, beta
    ModelFit weibull;                       // scale_months, shape
    std::vector<double> observed_survival;  // Kaplan-Meier, months 1 .. months
    std::vector<double> sbg_survival;
    std::vector<double> weibull_survival;

    // The model of the higher log-likelihood (both have two parameters).
    bool sbg_is_better() const { return sbg.log_likelihood >= weibull.log_likelihood; }
    models::HazardCurve best_curve() const;
};

struct ChoiceFit {
    std::string segment;
    int situations = 0;
    ModelFit logit;  // one coefficient per kChoiceAttributes, as utility weights
    double null_log_likelihood = 0.0;
    double rho_squared = 0.0;  // 1 - LL / LL0
};

struct UsageFit {
    std::string segment;
    std::string service;
    models::UsageFit fit;
};

struct CalibrationResult {
    std::vector<ChurnFit> churn;
    std::vector<ChoiceFit> choices;
    std::vector<UsageFit> usage;
};

ModelFit fit_sbg(std::span<const models::SurvivalRecord> records);
ModelFit fit_weibull(std::span<const models::SurvivalRecord> records);
ChurnFit fit_churn(const std::string& segment, std::span<const models::SurvivalRecord> records);
ChoiceFit fit_choices(const std::string& segment, const models::ChoiceData& data);

// Usage per segment and service by the family the scenario gives (`kinds`: segment ->
// service -> lognormal or gamma; lognormal when absent or fixed).
CalibrationResult calibrate(
    const CalibrationData& data,
    const std::map<std::string, std::map<std::string, models::DistributionKind>>& kinds);

}  // namespace offersim::calibration
