#pragma once
// The compact valid scenario that the loader, diff, schema and draw tests vary: one tier
// (gotone_58) and one segment (mass: 1,000 customers on it at a constant 3% monthly
// hazard); and `replaced`, which changes one piece of a test input and fails the test where
// the piece is missing.
#include <gtest/gtest.h>
#include <string>
#include <string_view>

namespace offersim::test {

// The gotone_58 tier of the tests' scenarios, as an item of `tiers:`.
inline constexpr std::string_view kGotone58Tier = R"(  - id: gotone_58
    monthly_fee_cny: 58
    included: { voice_min: 260, data_mb: 30, sms: 60 }
    overage: { voice_per_min_cny: 0.19, data_per_mb_cny: 1.00, sms_each_cny: 0.10 }
)";

// A mass segment of `size` customers on gotone_58 at a constant 3% monthly hazard, as an
// item of `segments:`.
inline std::string mass_segment(int size) {
    return "  - id: mass\n    size: " + std::to_string(size) + R"(
    tenure_months: { distribution: gamma, mean: 30, cv: 0.8 }
    tier_mix: { gotone_58: 1.0 }
    usage:
      voice_min: { distribution: lognormal, mean: 200, cv: 0.9 }
      data_mb: { distribution: lognormal, mean: 18, cv: 1.5 }
      sms: { distribution: fixed, mean: 100 }
    churn: { model: constant, monthly_hazard: 0.03 }
)";
}

// `head`: the top-level keys before `tiers`; `mass_extra`: keys added to the mass segment,
// four spaces in; `tail`: top-level keys after `segments`.
inline std::string compact_scenario(std::string_view head = "name: compact\nhorizon_months: 12\n",
                                    std::string_view mass_extra = "", std::string_view tail = "") {
    return std::string(head) + "tiers:\n" + std::string(kGotone58Tier) + "segments:\n" + mass_segment(1000) +
           std::string(mass_extra) + std::string(tail);
}

// `text` with the first `from` replaced by `to`.
inline std::string replaced(std::string_view text, std::string_view from, std::string_view to) {
    std::string out(text);
    const auto at = out.find(from);
    if (at == std::string::npos) {
        ADD_FAILURE() << "'" << from << "' is not in the test input";
        return out;
    }
    return out.replace(at, from.size(), to);
}

}  // namespace offersim::test
