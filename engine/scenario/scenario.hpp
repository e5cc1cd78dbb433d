#pragma once
// A scenario as plain typed values: what the loader produces and the compiler reads.
// Nothing here knows YAML. Units are in the names; money is exact (engine/core/money.hpp).
#include "engine/core/error.hpp"
#include "engine/core/money.hpp"
#include "models/churn_hazard.hpp"
#include "models/distribution.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace offersim::scenario {

using models::Distribution;
using models::DistributionKind;
using models::HazardCurve;
using models::HazardBand;
using models::HazardModel;

// Each customer's usage propensity (mean monthly usage) is drawn once from these; a
// month's usage is the propensity times a lognormal factor of mean 1 and CV `monthly_cv`.
struct UsageSpec {
    Distribution voice_min;
    Distribution data_mb;
    Distribution sms;
    double monthly_cv = 0.25;
};

struct TierShare {
    std::string tier;  // a Tier::id
    double share = 0.0;
    SourcePos pos;     // where the reference was written, for errors found later
};

struct AcquisitionSpec {
    // Gross adds by month; a single value holds for every month, a shorter list holds
    // its last value for the remaining months.
    std::vector<std::int64_t> gross_adds_per_month;
    std::vector<TierShare> tier_mix;  // empty: the segment's own tier mix
};

enum class SegmentKind { mass_market, vip, group_member };

struct Segment {
    std::string id;
    std::string name;
    SegmentKind kind = SegmentKind::mass_market;
    std::int64_t size = 0;
    Distribution tenure_months;  // of the initial base at month 0
    std::vector<TierShare> tier_mix;
    UsageSpec usage;
    double price_sensitivity = 1.0;  // read by plan choice; 1 = the market average
    HazardCurve churn;
    AcquisitionSpec acquisition;
};

// A monthly-package tier: a fee with included allowances and per-unit overage.
struct Tier {
    std::string id;
    std::string name;
    Money monthly_fee;
    std::int64_t included_voice_min = 0;
    std::int64_t included_data_mb = 0;
    std::int64_t included_sms = 0;
    Rate voice_per_min;
    Rate data_per_mb;
    Rate sms_each;
};

struct Costs {
    Rate network_per_min;
    Rate network_per_mb;
    Rate network_per_sms;
    Money commission_per_gross_add;
    Money fixed_monthly;
};

struct Scenario {
    std::string name;
    std::string title;
    int horizon_months = 12;
    int replications = 100;
    std::uint64_t seed = 1;
    std::string currency = "CNY";
    double discount_rate_annual = 0.0;
    std::vector<Segment> segments;
    std::vector<Tier> tiers;
    Costs costs;

    std::vector<std::string> source_files;  // the file and the chain it extends, child first
    std::string resolved_yaml;              // the scenario as run, after `extends`
};

}  // namespace offersim::scenario
