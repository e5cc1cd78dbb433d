#pragma once
// Customers' choices and grades between bills (docs/models.md): plan choice by
// multinomial logit, VIP grading from simulated bills, and the selection of retention
// campaigns' contacts. Scalar passes over the customers they concern; the vectorised
// bill reads the state they leave.
#include "engine/core/philox.hpp"
#include "engine/sim/customer_store.hpp"
#include "engine/sim/metric_cube.hpp"
#include "engine/sim/monthly_step.hpp"
#include "engine/sim/plan.hpp"
#include "engine/sim/price_response.hpp"
#include "engine/sim/retention_ranking.hpp"

#include <atomic>
#include <cstdint>
#include <span>
#include <vector>

namespace offersim::sim {

class ThreadPool;

// The bill a customer expects on a tier (and offer, 0: none) at its mean usage, in fen:
// the fee or bundle fee, overage rated as its bills are (V-net, off-net and off-peak
// minutes apart where the segment splits voice), and the floors that apply.
double usual_bill_fen(const SimulationPlan& plan, const SegmentPlan& seg, int tier, int offer, double voice,
                      double data, double sms);

// What a customer brings to a menu of plans: the plan it holds and its mean usage.
struct Chooser {
    int tier = 0;
    int offer = 0;
    bool arriving = false;  // a new customer holds nothing yet
    double voice = 0.0;
    double data = 0.0;
    double sms = 0.0;
};

// The worth of `menu` (alternatives in `plan`'s tiers and offers, for a customer of `seg`)
// to `who` in `month`, with `choice`'s coefficients: the log-sum of the utilities of the
// alternatives open then (docs/models.md, section 19, "At choice events"); -infinity when
// none is open.
double menu_log_sum(const SimulationPlan& plan, const SegmentPlan& seg,
                    std::span<const ChoiceAlternative> menu, const ChoicePlan& choice, const Chooser& who,
                    int month);

// Start of the month: customers who arrive, whose contract ended last month, or who were
// flagged (bill shock, a campaign's contact) choose among their segment's alternatives.
// Where the segment's leaving answers prices, each such event is appended to `events`, in
// customer order, with the gain in the value of staying that leaving weighs this month.
void choose_plans(const SimulationPlan& plan, CustomerStore& store, const Shard& shard, const Cohort& cohort,
                  int month, PhiloxKey key, ShardMonth& out, std::vector<ChoiceEvent>& events);

// End of the month: grades new customers from their usual bill and, every
// regrade_every_months, everyone from the average of their last bills.
void grade_vip(const SimulationPlan& plan, CustomerStore& store, const Shard& shard, const Cohort& cohort,
               int month, ShardMonth& out);

// What one month's retention campaigns did in one segment.
struct RetentionTally {
    double contacts = 0.0;
    double accepts = 0.0;
    double cost_fen = 0.0;
};

// Before the month's bills: each campaign running in `month` contacts its highest-risk
// customers, up to its capacity; accepters get its hazard factor for its effect months.
// Customers of cohorts that have not joined by `month` are not candidates. The candidates
// are ranked in parallel on `pool` (engine/sim/retention_ranking.hpp; on this thread when
// null), the same for any thread count; the contacts follow in rank order. With `share`,
// this process holds its rank's shards only: it ranks those, the ranks merge their lists
// (rank_across), every rank counts every contact and writes only its own customers. Stops
// with RunError when `cancel` is set (checked every shard).
std::vector<RetentionTally> run_retention_campaigns(const SimulationPlan& plan, CustomerStore& store,
                                                    int month, PhiloxKey replication_key, ThreadPool* pool,
                                                    const std::atomic<bool>* cancel = nullptr,
                                                    const ShardShare* share = nullptr);

}  // namespace offersim::sim
