#pragma once
// Synthetic operator data drawn from known parameters (`offersim generate-sample`), for the
// worked example, the tests and anyone trying `offersim calibrate` without their own data:
// a churn history, observed plan choices and customers' mean usage, as the files
// calibrate reads. Every draw is keyed (Philox, by seed, segment, customer and purpose), so
// a seed gives the same files on any machine.
#include "models/churn_hazard.hpp"
#include "models/distribution.hpp"

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace offersim::calibration {

struct SampleSegment {
    std::string id;
    models::HazardCurve churn;   // sbg or weibull
    int customers = 0;           // in the history
    double in_base_share = 0.5;  // already in the base when the history starts (left-truncated)
    int max_entry_months = 36;   // their completed tenure then, uniform on 1 .. this
    int observed_months = 24;    // the history's length; survivors are censored at its end
    models::Distribution bill_cny{models::DistributionKind::fixed, 50.0,
                                  0.0};  // each customer's monthly bill
    models::Distribution voice_min;
    models::Distribution data_mb;
    models::Distribution sms;
    int usage_customers = 0;
    // Utility weights of bill_cny, overage_risk, subsidy_cny, is_current (calibration_data.hpp).
    std::array<double, 4> choice_weights{};
    int choice_situations = 0;
};

// How many times the base size of history customers the shipped files hold. The tests
// draw many histories at the base size (mass 3,000, vip 2,000) to stay fast; the shipped
// history.csv holds 4 times as many (12,000 and 8,000), so that the binomial path noise of
// its one history leaves room for the back-test's 2% target (docs/models.md §35: at the
// base size the expected MAPE of mass is 1.5%, and it halves with 4 times the customers).
// The first customers of a larger history are those of a smaller one (draws are keyed by
// customer index), so a scale only adds customers.
constexpr int kShippedHistoryScale = 4;

// The parameters the sample data (docs/examples/data/) are drawn from: segments `mass`
// (sBG) and `vip` (Weibull) of docs/examples/calibration.yaml, with `history_scale` times
// the base size of history customers (choices and usage keep their size).
std::vector<SampleSegment> shipped_sample_segments(int history_scale = 1);

struct SampleFiles {
    std::string history_csv;  // segment,entry_months,exit_month,churned,monthly_bill_cny
    std::string choices_csv;  // situation,segment,chosen,bill_cny,overage_risk,subsidy_cny,is_current
    std::string usage_csv;    // segment,voice_min,data_mb,sms
};

// The files for `segments`, drawn from `seed`.
SampleFiles generate_sample(const std::vector<SampleSegment>& segments, std::uint64_t seed);

}  // namespace offersim::calibration
