#pragma once
// Three tiers without, with a small and with a large allowance (t28, t58, t128), their
// overage rated at CNY rates: the tier menu of the choice-event tests (behaviour_test,
// overage_risk_table_test), whose segments choose among them.
#include <string>

namespace offersim::sim::test {

inline const std::string kThreeTiers = R"(tiers:
  - id: t28
    monthly_fee_cny: 28
    included: { voice_min: 0, data_mb: 0 }
    overage: { voice_per_min_cny: 0.2, data_per_mb_cny: 1, sms_each_cny: 0.1 }
  - id: t58
    monthly_fee_cny: 58
    included: { voice_min: 260, data_mb: 30 }
    overage: { voice_per_min_cny: 0.19, data_per_mb_cny: 1, sms_each_cny: 0.1 }
  - id: t128
    monthly_fee_cny: 128
    included: { voice_min: 700, data_mb: 100 }
    overage: { voice_per_min_cny: 0.15, data_per_mb_cny: 0.5, sms_each_cny: 0.1 }
)";

}  // namespace offersim::sim::test
