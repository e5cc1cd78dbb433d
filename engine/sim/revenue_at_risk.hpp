#pragma once
// The scores a retention campaign ranks its candidates by (docs/models.md, "Retention
// campaigns"), as a column over a shard. Compiled with the month loop's flags
// (engine/CMakeLists.txt): a usual bill rated one customer at a time with the plain x86-64
// flags was the ranking's largest cost (docs/performance.md, "Choices, usual bills and
// retention"); rated as a column it vectorises as the month's bills do, with the same
// operations in the same order, so the same bits.
#include "engine/sim/customer_store.hpp"
#include "engine/sim/plan.hpp"

#include <vector>

namespace offersim::sim {

// The revenue each customer of `shard` puts at risk for `campaign` in `month`, in fen a
// month, into `scores` (one entry a customer of the shard, whether it is a candidate or
// not): this month's hazard (its segment's at its tenure, the month's competitor factor, its
// VIP level's multiplier) times its usual bill (UsualBills::fen), times the campaign's
// warning weight while it is under a downgrade warning. Reads only.
void revenue_at_risk(const SimulationPlan& plan, const CustomerStore& store, const Shard& shard,
                     const CampaignPlan& campaign, int month, std::vector<double>& scores);

}  // namespace offersim::sim
