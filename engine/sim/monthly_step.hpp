#pragma once
// One month of one shard: offer take-up, usage draw, bill rating, churn draw. The hot
// loop of offersim.
#include "engine/core/philox.hpp"
#include "engine/sim/customer_store.hpp"
#include "engine/sim/metric_cube.hpp"
#include "engine/sim/plan.hpp"

#include <array>
#include <span>
#include <vector>

namespace offersim::sim {

// What one shard adds in one month. Counts and money (fen) are whole numbers held in
// doubles, exact below 2^53, so sums do not depend on their order. Derived lines (totals,
// costs rated from usage) are left at zero for the caller.
struct ShardMonth {
    std::array<double, kMetricCount> lines{};
    std::vector<double> active_by_tier;  // at the end of the month
    // Per offer: take-ups, take-ups by new customers, holders, churners, revenue and
    // direct cost (fen; network cost at unit rates, unrounded), and margin by take-up month.
    enum Line : int { take_ups, new_take_ups, holders, churners, revenue, cost, line_count };
    std::vector<double> offers;  // [offer][Line]
    // Margin by offer and take-up month, only for those its holders took (so that a shard
    // costs what its customers hold, not offers x months): index offer x horizon + month - 1.
    struct CohortMargin {
        std::uint32_t index;
        double margin;
    };
    std::vector<CohortMargin> cohort_margin;
    std::vector<double> migrations;  // [from tier][to tier], empty without plan choice
    // On the group-member path (§28.1, §29.1): the bills of group members (after a matched
    // price's cut), and of them those their intact group pays, in fen.
    double member_bills_fen = 0.0;
    double unified_bills_fen = 0.0;

    void reset(const SimulationPlan& plan);
    double& offer(int k, Line line) { return offers[static_cast<std::size_t>(k) * line_count + line]; }
};

// Customer `u` (its place `index_in_cohort` in cohort `cohort`) takes offer k (0-based)
// in `month`: its tier, contract and the offer's take-up counts.
void take_offer(const SimulationPlan& plan, const SegmentPlan& seg, CustomerStore& store, std::size_t u,
                int k, int month, bool joins_now, ShardMonth& out);

// The customers of `shard` who hold an offer and were active this month, as offsets from
// shard.begin in customer order: alive after the month's loop, or leaving in it (`leaves`, by
// offset, above 0). Whose results the offer accounts add; the list lives until the next call
// on this thread.
std::span<const std::int32_t> active_offer_holders(const CustomerStore& store, const Shard& shard,
                                                   const double* leaves);

// Steps every customer of `shard` through `month` (1-based) into `out`; with `revenue`, also
// writes each customer's revenue of the month there (fen: bill, top-up, termination fee and
// forfeited prepay; 0 for a customer not active), shard.end - shard.begin values; with `cost`,
// what each customer's own use and terms cost in the month (fen, network and interconnection
// at unit rates, unrounded; bundle components, gifts and bad debt; 0 when not active), which
// takes the offers' path of the bill loop.
void step_shard(const SimulationPlan& plan, CustomerStore& store, const Shard& shard, int month,
                PhiloxKey replication_key, ShardMonth& out, double* revenue = nullptr,
                double* cost = nullptr);

}  // namespace offersim::sim
