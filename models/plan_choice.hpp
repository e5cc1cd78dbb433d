#pragma once
// Plan choice as a multinomial logit (docs/models.md, "Plan choice"): each alternative's
// utility comes from the customer's expected bill, the risk of exceeding an allowance, a
// device subsidy, and a switching cost or inertia; the choice probabilities are the
// softmax of the utilities.
#include <span>

namespace offersim::models {

// What a customer sees of one alternative.
struct AlternativeView {
    double expected_bill_cny = 0.0;  // at the customer's own mean usage
    double overage_risk = 0.0;       // probability that a month's usage exceeds an allowance
    double subsidy_cny = 0.0;
    bool is_current = false;  // the plan the customer holds now
};

struct ChoiceCoefficients {
    double price_per_cny = 0.0;  // includes the segment's price sensitivity
    double overage_risk = 0.0;
    double subsidy_per_cny = 0.0;
    double switching_cost_cny = 0.0;
    double inertia = 0.0;
};

//   U = -b_price (bill + [not current] switching_cost) - b_risk risk + b_subsidy subsidy
//       + [current] inertia
// Inline: a choice event rates every alternative of two menus.
inline double utility(const AlternativeView& a, const ChoiceCoefficients& c) {
    const double cost = a.expected_bill_cny + (a.is_current ? 0.0 : c.switching_cost_cny);
    return -c.price_per_cny * cost - c.overage_risk * a.overage_risk + c.subsidy_per_cny * a.subsidy_cny +
           (a.is_current ? c.inertia : 0.0);
}

// P(monthly usage > allowance) when usage is mean x a lognormal factor of mean 1 whose
// log has standard deviation `sigma`; 0 for an unlimited allowance, 1 / 0 when sigma = 0.
double exceed_probability(double mean_units, double allowance, double sigma);

// Softmax of `utilities` into `probabilities` (same size), shifted by the maximum so it
// never overflows. Returns the log-sum of the utilities, as log_sum gives it bit for bit
// (the same exponentials summed in the same order), so an event pays for them once.
double choice_probabilities(std::span<const double> utilities, std::span<double> probabilities);

// ln(sum of exp(utilities)), the expected best utility of a menu up to a constant (the
// log-sum of the logit), shifted by the maximum so it never overflows. Empty: -infinity.
double log_sum(std::span<const double> utilities);

// The alternative a uniform draw u in [0, 1) selects from `probabilities`.
int pick_alternative(std::span<const double> probabilities, double u);

}  // namespace offersim::models
