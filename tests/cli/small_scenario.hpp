#pragma once
// A scenario of 2,600 customers over 6 months with one offer, which runs in a fraction of a
// second: for command-line tests that check what is written rather than what is simulated.
#include "tests/cli/cli_support.hpp"

#include <fmt/format.h>
#include <string>

namespace offersim::cli_test {

// Writes DIR/FILE holding the small scenario named `name` (quoted as YAML), its segment and
// offer ids `segment` and `offer`; returns its path.
inline fs::path write_small_scenario(const fs::path& dir, const std::string& file = "small.yaml",
                                     const std::string& name = "small", const std::string& segment = "mass",
                                     const std::string& offer = "prepay_600") {
    const std::string text = "name: '" + name + "'\n" + R"(horizon_months: 6
seed: 3
replications: 2
tiers:
  - id: t50
    monthly_fee_cny: 50
    included: { voice_min: 300, data_mb: 100, sms: 100 }
    overage: { voice_per_min_cny: 0.2, data_per_mb_cny: 1, sms_each_cny: 0.1 }
segments:
  - id: ")" + segment + R"("
    size: 2000
    tenure_months: { distribution: gamma, mean: 24, cv: 0.8 }
    tier_mix: { t50: 1 }
    usage:
      voice_min: { distribution: lognormal, mean: 200, cv: 0.8 }
      data_mb: { distribution: fixed, mean: 50 }
      sms: { distribution: fixed, mean: 30 }
    churn: { model: constant, monthly_hazard: 0.03 }
    acquisition: { gross_adds_per_month: 100 }
offers:
  - id: ")" + offer + R"("
    name: "预存 600"
    kind: prepay
    prepay: { amount_cny: 600, release_months: 12 }
    take_up: { segments: [")" +
                             segment + R"("], existing_share: 0.1, new_share: 0.1 }
)";
    write(dir / file, text);
    return dir / file;
}

// `segments` segments of `size` customers, each joined by `adds` customers a month, over
// `months` months, with `offers` offers that new customers of the first segment take (offer
// k from month k): runs sized in one direction (many segments, months or cohorts).
inline std::string sized_scenario(int segments, int size, int adds, int months, int offers) {
    std::string text = fmt::format(R"(name: sized
horizon_months: {}
tiers:
  - {{ id: t50, monthly_fee_cny: 50, included: {{ voice_min: 300, data_mb: 100, sms: 100 }},
      overage: {{ voice_per_min_cny: 0.2, data_per_mb_cny: 1, sms_each_cny: 0.1 }} }}
segments:
)",
                                   months);
    for (int s = 1; s <= segments; ++s)
        text += fmt::format(R"(  - id: s{}
    size: {}
    tenure_months: {{ distribution: gamma, mean: 24, cv: 0.8 }}
    tier_mix: {{ t50: 1 }}
    usage:
      voice_min: {{ distribution: lognormal, mean: 200, cv: 0.8 }}
      data_mb: {{ distribution: fixed, mean: 50 }}
      sms: {{ distribution: fixed, mean: 30 }}
    churn: {{ model: constant, monthly_hazard: 0.03 }}
    acquisition: {{ gross_adds_per_month: {} }}
)",
                            s, size, adds);
    if (offers > 0) text += "offers:\n";
    for (int k = 1; k <= offers; ++k)
        text += fmt::format(
            "  - {{ id: o{0}, name: o{0}, kind: prepay, prepay: {{ amount_cny: 100, release_months: 10 }}, "
            "take_up: {{ segments: [s1], new_share: 0.5, launch_month: {0} }} }}\n",
            k);
    return text;
}

}  // namespace offersim::cli_test
