#pragma once
// One month of one shard: usage draw, bill rating, churn draw. The hot loop of offersim.
#include "engine/core/philox.hpp"
#include "engine/sim/customer_store.hpp"
#include "engine/sim/plan.hpp"

namespace offersim::sim {

// What one shard adds to its segment's lines in one month. Counts and money (fen) are
// whole numbers held in doubles, exact below 2^53, so sums do not depend on their order.
struct ShardMonth {
    double active = 0.0;    // billed this month (survivors plus this month's gross adds)
    double churners = 0.0;  // left at the end of the month (billed for it)
    double fee_fen = 0.0;
    double overage_voice_fen = 0.0;
    double overage_data_fen = 0.0;
    double overage_sms_fen = 0.0;
    double voice_min = 0.0;
    double data_mb = 0.0;
    double sms = 0.0;
};

// Steps every customer of `shard` through `month` (1-based) and returns its totals;
// per-tier active counts are added to `active_by_tier`.
ShardMonth step_shard(const SimulationPlan& plan, CustomerStore& store, const Shard& shard, int month,
                      PhiloxKey replication_key, double* active_by_tier);

}  // namespace offersim::sim
