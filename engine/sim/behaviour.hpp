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
#include "engine/sim/usage_rating.hpp"
#include "models/plan_choice.hpp"

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

// The usual bills (usual_bill_fen) of one segment's customers, with the segment's view of
// the tier table built once: a retention campaign scores every candidate's usual bill every
// month, and building the view per customer was a fifth of that.
class UsualBills {
public:
    UsualBills(const SimulationPlan& plan, const SegmentPlan& seg)
        : plan_(plan), seg_(seg), rates_(TierRates::of(plan.tiers, seg)) {}

    double fen(int tier, int offer, float voice, float data, float sms) const {
        const auto t = static_cast<std::size_t>(tier);
        const auto o = static_cast<std::size_t>(offer);
        const double bill = usual_bill_before_floors_fen(
            seg_.splits_voice, rates_, tier, monthly_fee_fen(seg_, tier, offer), voice, data, sms);
        return std::max({bill, plan_.tiers.min_spend_fen[t], seg_.offers.contract_floor_fen[o]});
    }

private:
    const SimulationPlan& plan_;
    const SegmentPlan& seg_;
    TierRates rates_;
};

// What a customer brings to a menu of plans: the plan it holds and its mean usage.
struct Chooser {
    int tier = 0;
    int offer = 0;
    bool arriving = false;  // a new customer holds nothing yet
    double voice = 0.0;
    double data = 0.0;
    double sms = 0.0;
};

// Whether a choice event of `seg` in `month` rates the reference's menu
// (`seg.price.reference_menu` on `reference`'s `ref_seg`) as it rates ours
// (`seg.choice.alternatives`) for a customer who holds the same tier and offer at both: the
// same alternatives, open alike, each with our fees, floors and allowances on a tier that
// rates usage as ours does (rates_alike), bit for bit. Then the reference's utilities are
// ours, and so is their log-sum: the event need not rate the reference's menu.
bool reference_menu_rates_as_ours(const SimulationPlan& plan, const SegmentPlan& seg,
                                  const SimulationPlan& reference, const SegmentPlan& ref_seg, int month);

// The worth of `menu` (alternatives in `plan`'s tiers and offers, for a customer of `seg`)
// to `who` in `month`, with `choice`'s coefficients: the log-sum of the utilities of the
// alternatives open then (docs/models.md, section 19, "At choice events"); -infinity when
// none is open.
double menu_log_sum(const SimulationPlan& plan, const SegmentPlan& seg,
                    std::span<const ChoiceAlternative> menu, const ChoicePlan& choice, const Chooser& who,
                    int month);

// usage_fen_at_mean on `tier` of each customer whose means are (`voice`[j], `data`[j],
// `sms`[j]), into `out`[j], bit for bit: one vectorised pass over a shard's choosers, each
// tier in turn, where each event rated its menu's tiers one customer at a time.
void usage_fen_column(bool split_voice, const TierRates& rates, int tier, std::span<const float> voice,
                      std::span<const float> data, std::span<const float> sms, std::span<double> out);

// A choice event's bill in CNY at mean usage on one alternative (`fee` with its tier's
// `min_spend` and its offer's contract `floor`, in fen) for each usage part of `usage`, into
// `out`: the floors taken in that order, then the division by 100, one vectorised pass over a
// shard's choosers where each event divided alone.
void bill_cny_column(double fee, double min_spend, double floor, std::span<const double> usage,
                     std::span<double> out);

// models::utility of an alternative with subsidy `subsidy_cny` that is not the plan the
// chooser holds, for each bill in CNY of `bill_cny` and overage risk of `risk`, into `out`:
// one vectorised pass over a shard's choosers an alternative.
void utility_column(const models::ChoiceCoefficients& coef, double subsidy_cny,
                    std::span<const double> bill_cny, std::span<const double> risk, std::span<double> out);

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
