#pragma once
// Each month, the usage factors and off-peak share of every customer of a segment whose
// usage answers prices (docs/models.md, "Usage response"): their average price per unit of
// each service on the tier and offer they hold against the same customer's at the
// reference prices. A scalar pass before the vectorised month, since pow does not
// vectorise under the project's exact-math flags; it recomputes only what changed.
#include "engine/sim/customer_store.hpp"
#include "engine/sim/plan.hpp"

namespace offersim::sim {

// A customer's average price per unit of each service at their mean usage, in fen, with
// whether its allowance is unlimited (a full flat rate) and the off-peak rate over the peak
// one. The fee (a bundle's mobile part) is attributed to the services by their allowances
// valued at the tier's own overage rates, an unlimited allowance counted at the customer's
// mean usage; the overage of their mean usage is rated as billed, at off-peak share `off_peak`.
struct UnitPrices {
    double voice = 0.0;
    double data = 0.0;
    double sms = 0.0;
    bool flat_voice = false;
    bool flat_data = false;
    bool flat_sms = false;
    double off_peak_relative = 1.0;  // 1 where voice has no peak rate or an unlimited allowance
};

UnitPrices unit_prices(const SimulationPlan& plan, const SegmentPlan& seg, int tier, int offer, float voice,
                       float data, float sms, double off_peak);

// The factor on a stated usage of a service: the flat-rate uplift where one side's allowance
// is unlimited and the other's not, else (p / p_ref)^elasticity; exactly 1 at equal prices.
double usage_scale(double price, bool flat, double price_ref, bool flat_ref, double elasticity,
                   double flat_rate_uplift);

// Brings the usage scales and off-peak share of each active customer of `shard` up to
// date: recomputed only when the customer's tier or offer differs from when they were last
// computed. An off-peak share of -1 means the segment's own (so the reference rates bit
// for bit as before). `seg.usage` must be enabled.
void update_usage(const SimulationPlan& plan, CustomerStore& store, const Shard& shard,
                  const SegmentPlan& seg);

}  // namespace offersim::sim
