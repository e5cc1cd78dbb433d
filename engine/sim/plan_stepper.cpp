#include "engine/sim/plan_stepper.hpp"

#include "engine/sim/cube_bytes.hpp"
#include "engine/sim/simulation.hpp"

#include "engine/sim/behaviour.hpp"

#include <algorithm>
#include <cmath>

namespace offersim::sim {

namespace {

double rated(double units, double rate_centifen) {
    return std::floor((units * rate_centifen + 50.0) / 100.0);
}

// Fills the derived lines of one row from its recorded sums: costs rated from usage (per
// segment, each rounded to the fen; the whole base sums its segments), totals and margin.
void complete_row(MetricCube& cube, int rep, int month, int row, const CostRates& costs) {
    const bool whole_base = row == cube.total_row();
    auto v = [&](Metric m) -> double& { return cube.at(rep, month, row, m); };
    v(Metric::active_end) = v(Metric::active) - v(Metric::churners);
    constexpr Metric usage_costs[] = {Metric::cost_network_voice, Metric::cost_network_data,
                                      Metric::cost_network_sms, Metric::cost_interconnect,
                                      Metric::cost_interconnect_income_lost};
    if (whole_base) {
        for (Metric m : usage_costs) {
            v(m) = 0.0;
            for (int s = 0; s < cube.segments; ++s) v(m) += cube.at(rep, month, s, m);
        }
    } else {
        v(Metric::cost_network_voice) = rated(v(Metric::voice_min), costs.network_voice_centifen);
        v(Metric::cost_network_data) = rated(v(Metric::data_mb), costs.network_data_centifen);
        v(Metric::cost_network_sms) = rated(v(Metric::sms), costs.network_sms_centifen);
        v(Metric::cost_interconnect) = rated(v(Metric::off_net_min), costs.interconnect_centifen);
        // Settlement is taken as symmetric: a minute a rival pays us is rated as one we pay it.
        v(Metric::cost_interconnect_income_lost) =
            rated(v(Metric::inbound_min_lost), costs.interconnect_centifen);
    }
    v(Metric::cost_commission) = v(Metric::gross_adds) * costs.commission_fen;
    v(Metric::cost_fixed) = whole_base ? costs.fixed_monthly_fen : 0.0;
    v(Metric::revenue_total) = 0.0;
    for (Metric m : kRevenueLines) v(Metric::revenue_total) += v(m);
    v(Metric::cost_total) = 0.0;
    for (Metric m : kCostLines) v(Metric::cost_total) += v(m);
    v(Metric::margin) = v(Metric::revenue_total) - v(Metric::cost_total);
}

// Adds one shard's month to its segment's row, the whole base and the offer accounts;
// the month's margin by offer and take-up month into `cohort_margin` ([offer][take-up month]).
void reduce_shard(const SimulationPlan& plan, const ShardMonth& shard, int segment, MetricCube& cube, int rep,
                  int m, std::vector<double>& cohort_margin) {
    const int all = cube.total_row();
    for (int row : {segment, all})
        for (int k = 0; k < kMetricCount; ++k)
            cube.at(rep, m, row, static_cast<Metric>(k)) += shard.lines[static_cast<std::size_t>(k)];
    for (std::size_t t = 0; t < shard.active_by_tier.size(); ++t)
        cube.tier_at(rep, m, static_cast<int>(t)) += shard.active_by_tier[t];
    for (std::size_t f = 0; f < shard.migrations.size(); ++f)
        cube.migration_at(rep, m, static_cast<int>(f / shard.active_by_tier.size()),
                          static_cast<int>(f % shard.active_by_tier.size())) += shard.migrations[f];
    for (int k = 0; k < cube.offers; ++k) {
        const OfferPlan& offer = plan.offers[static_cast<std::size_t>(k)];
        const auto line = [&](ShardMonth::Line l) {
            return shard.offers[static_cast<std::size_t>(k) * ShardMonth::line_count + l];
        };
        const double takers = line(ShardMonth::take_ups);
        // Booked when the offer is taken: the handset at retail, its subsidy and cost, a gift.
        const double device_revenue = takers * offer.device_revenue_fen;
        const double upfront_cost =
            takers * (offer.subsidy_fen + offer.device_cost_fen + offer.gift_cost_fen) +
            line(ShardMonth::new_take_ups) * plan.costs.commission_fen;
        for (int row : {segment, all}) {
            cube.at(rep, m, row, Metric::offer_take_ups) += takers;
            cube.at(rep, m, row, Metric::revenue_device) += device_revenue;
            cube.at(rep, m, row, Metric::cost_subsidy) += takers * offer.subsidy_fen;
            cube.at(rep, m, row, Metric::cost_device) += takers * offer.device_cost_fen;
            cube.at(rep, m, row, Metric::cost_gift) += takers * offer.gift_cost_fen;
        }
        cube.offer_at(rep, m, k, OfferMetric::take_ups) += takers;
        cube.offer_at(rep, m, k, OfferMetric::holders) += line(ShardMonth::holders);
        cube.offer_at(rep, m, k, OfferMetric::churners) += line(ShardMonth::churners);
        cube.offer_at(rep, m, k, OfferMetric::revenue) += line(ShardMonth::revenue) + device_revenue;
        cube.offer_at(rep, m, k, OfferMetric::cost) += line(ShardMonth::cost) + upfront_cost;
        cohort_margin[static_cast<std::size_t>(k) * cube.months + m] += device_revenue - upfront_cost;
    }
    for (const auto& cell : shard.cohort_margin) cohort_margin[cell.index] += cell.margin;
}

// A shard's revenue of the month in fen, as reduce_shard books it: its revenue lines and the
// handsets its take-ups bought.
double shard_revenue_fen(const SimulationPlan& plan, const ShardMonth& shard) {
    double sum = 0.0;
    for (Metric line : kRevenueLines) sum += shard.lines[static_cast<std::size_t>(line)];
    for (std::size_t k = 0; k < plan.offers.size(); ++k)
        sum += shard.offers[k * ShardMonth::line_count + ShardMonth::take_ups] *
               plan.offers[k].device_revenue_fen;
    return sum;
}

// Each take-up cohort's payback after month m, from the month's margins, which it clears.
void advance_cohorts(MetricCube& cube, int rep, int m, std::vector<double>& cohort_margin) {
    for (int k = 0; k < cube.offers; ++k)
        for (int c = 0; c <= m; ++c) {
            double& margin = cohort_margin[static_cast<std::size_t>(k) * cube.months + c];
            cube.cohort_at(rep, k, c).add(margin, m - c + 1);
            margin = 0.0;
        }
}

}  // namespace

PlanStepper::PlanStepper(const SimulationPlan& plan, int replications, const std::atomic<bool>* cancel,
                         std::optional<ShardRange> touched)
    : plan_(plan),
      cancel_(cancel),
      cube_(replications, plan.horizon_months, plan.cube_segments(), static_cast<int>(plan.tiers.size()),
            static_cast<int>(plan.offers.size())),
      store_(plan, touched),
      shard_months_(store_.shards().size()),
      cohort_margin_(static_cast<std::size_t>(cube_.offers) * static_cast<std::size_t>(cube_.months), 0.0),
      pool_churners_(store_.shards().size()) {
    if (plan.win_back) cube_.win_back.resize(static_cast<std::size_t>(replications));
    if (plan.group_members) {
        std::optional<CustomerSpan> own;
        if (touched) own = customers_of(store_.shards(), *touched);
        groups_.emplace(plan, store_, own);
        cube_.group_runs.resize(static_cast<std::size_t>(replications));
    }
    if (!plan.views.enabled) return;
    views_.emplace(plan, store_, touched);
    cube_.views = make_customer_view_cube(plan, replications);
}

void PlanStepper::start_month(int rep, int month, PhiloxKey replication_key, ThreadPool* pool,
                              const ShardShare* share) {
    if (plan_.win_back && month == 1) win_back_.begin(*plan_.win_back, replication_key);
    if (groups_ && month == 1) groups_->start(replication_key);
    if (groups_) groups_->begin_month(month);  // a matched price's cut on members' bills (§29.1)
    if (plan_.behaviour.campaigns.empty()) return;
    const int segments = static_cast<int>(plan_.segments.size());
    const auto tallies = run_retention_campaigns(plan_, store_, month, replication_key, pool, cancel_, share);
    for (int seg = 0; seg < segments; ++seg)
        for (int row : {plan_.cube_row(seg), cube_.total_row()}) {
            const RetentionTally& t = tallies[static_cast<std::size_t>(seg)];
            cube_.at(rep, month - 1, row, Metric::retention_contacts) += t.contacts;
            cube_.at(rep, month - 1, row, Metric::retention_accepts) += t.accepts;
            cube_.at(rep, month - 1, row, Metric::cost_retention) += t.cost_fen;
        }
}

void PlanStepper::step(std::size_t s, int month, PhiloxKey replication_key, double* revenue,
                       std::uint8_t* active) {
    stop_if_cancelled(cancel_);
    const Shard& shard = store_.shards()[s];
    const Cohort& cohort = store_.cohorts()[static_cast<std::size_t>(shard.cohort)];
    const int join = cohort.join_month;
    const std::int64_t n = shard.end - shard.begin;
    ShardMonth& out = shard_months_[s];
    out.reset(plan_);
    if (join > month) {
        if (revenue) std::fill_n(revenue, n, 0.0);
        if (active) std::fill_n(active, n, std::uint8_t{0});
        return;
    }
    const SegmentPlan& seg = plan_.segments[static_cast<std::size_t>(cohort.segment)];
    if (join == month || (join == 0 && month == 1)) {
        if (seg.won_back())
            join_won_back(plan_, store_, shard, win_back_.contacts(), replication_key, out);
        else if (seg.group_joiners())
            groups_->activate_joiners(shard, replication_key, out);
        else
            store_.create_customers(plan_, shard, replication_key);
    }
    // Nothing in the month brings a customer back, so who is alive now was active in it.
    if (active) std::copy_n(store_.alive.begin() + shard.begin, n, active);
    if (seg.won_back())
        out.lines[static_cast<std::size_t>(Metric::inbound_min_lost)] +=
            won_back_inbound_min_lost(plan_, store_, shard, win_back_.contacts());
    // Who was alive before the step, to find the month's churners who feed the win-back pool.
    thread_local std::vector<std::uint8_t> alive_before;
    const bool feeds_pool = feeds_win_back_pool(plan_, cohort.segment);
    if (feeds_pool) alive_before.assign(store_.alive.begin() + shard.begin, store_.alive.begin() + shard.end);
    if (views_)
        step_viewed(s, shard, month, replication_key, revenue);
    else
        step_shard(plan_, store_, shard, month, replication_key, out, revenue);
    if (feeds_pool)
        collect_pool_churners(plan_, store_, shard, alive_before.data(), replication_key, pool_churners_[s]);
}

void PlanStepper::step_viewed(std::size_t s, const Shard& shard, int month, PhiloxKey replication_key,
                              double* revenue) {
    // Who is billed and the VIP level held in the month, read before the step: grading at its
    // end may change the level.
    thread_local std::vector<std::uint8_t> billed, level;
    thread_local std::vector<double> own_revenue, cost;
    const auto n = static_cast<std::size_t>(shard.end - shard.begin);
    billed.assign(store_.alive.begin() + shard.begin, store_.alive.begin() + shard.end);
    if (store_.vip_level.empty())
        level.assign(n, 0);
    else
        level.assign(store_.vip_level.begin() + shard.begin, store_.vip_level.begin() + shard.end);
    own_revenue.resize(n);
    cost.resize(n);
    double* const rev = revenue ? revenue : own_revenue.data();
    step_shard(plan_, store_, shard, month, replication_key, shard_months_[s], rev, cost.data());
    views_->record(s, shard, ShardCustomers{billed.data(), level.data(), rev, cost.data()});
}

void PlanStepper::add_group_switches(int rep, int month, const ShardShare* share) {
    // The members' bills of the month and the matched price's cut on them, in shard order.
    double cut = 0.0, member_bills = 0.0, unified_bills = 0.0;
    for (const ShardMonth& shard : shard_months_) {
        cut -= shard.lines[static_cast<std::size_t>(Metric::revenue_price_match)];
        member_bills += shard.member_bills_fen;
        unified_bills += shard.unified_bills_fen;
    }
    groups_->add_member_bills(month, cut, member_bills, unified_bills);
    // The joiners' revenue, apart: it is in their source segment's row (§28.2).
    double joiners_revenue = 0.0;
    for (std::size_t s = 0; s < shard_months_.size(); ++s) {
        const int segment = store_.cohorts()[static_cast<std::size_t>(store_.shards()[s].cohort)].segment;
        if (plan_.segments[static_cast<std::size_t>(segment)].group_joiners())
            joiners_revenue += shard_revenue_fen(plan_, shard_months_[s]);
    }
    groups_->add_joiners_revenue(month, joiners_revenue);
    const std::vector<double>& followers = groups_->step(month, share);
    const int segments = static_cast<int>(plan_.segments.size());
    for (int seg = 0; seg < segments; ++seg)
        for (int row : {plan_.cube_row(seg), cube_.total_row()}) {
            cube_.at(rep, month - 1, row, Metric::churners) += followers[static_cast<std::size_t>(seg)];
            cube_.at(rep, month - 1, row, Metric::churners_group_switch) +=
                followers[static_cast<std::size_t>(seg)];
        }
    // Followers who held an offer are among its account's churners (§28).
    const std::vector<double>& by_offer = groups_->followers_by_offer();
    for (int k = 0; k < cube_.offers; ++k)
        cube_.offer_at(rep, month - 1, k, OfferMetric::churners) += by_offer[static_cast<std::size_t>(k)];
    if (month == plan_.horizon_months) cube_.group_runs[static_cast<std::size_t>(rep)] = groups_->finish();
}

void PlanStepper::share_pool_churners(const ShardShare& share) {
    const std::vector<std::string> parts =
        share.exchange([&] { return pool_churners_bytes(pool_churners_, share.mine); });
    for (const std::string& bytes : parts) read_pool_churners(bytes, pool_churners_);
}

void PlanStepper::finish_month(int rep, int month, const ShardShare* share) {
    const int segments = cube_.segments;  // the whole base's row; group joiners add into their source's
    const auto& shards = store_.shards();
    const auto& cohorts = store_.cohorts();
    const int m = month - 1;
    for (std::size_t s = 0; s < shards.size(); ++s)
        reduce_shard(plan_, shard_months_[s],
                     plan_.cube_row(cohorts[static_cast<std::size_t>(shards[s].cohort)].segment), cube_, rep,
                     m, cohort_margin_);
    if (groups_) add_group_switches(rep, month, share);
    advance_cohorts(cube_, rep, m, cohort_margin_);
    if (plan_.win_back) {
        if (share) share_pool_churners(*share);
        for (auto& churners : pool_churners_) {
            if (!churners.empty()) win_back_.add_churners(month, churners);
            churners.clear();
        }
        win_back_.contact(month);
        if (month == plan_.horizon_months) cube_.win_back[static_cast<std::size_t>(rep)] = win_back_.tally();
    }
    if (views_) views_->finish_month(rep, month, store_, cube_.views, share);
    for (int seg = 0; seg < segments; ++seg) {
        // Won-back and group joiners' cohorts count who joined (join_won_back,
        // GroupsInStore::activate_joiners), not their slots: their shards add them, group
        // joiners' into their source segment's row, to which the segment's own adds add.
        const SegmentPlan& joiners = plan_.segments[static_cast<std::size_t>(seg)];
        if (joiners.won_back() || joiners.group_joiners()) continue;
        const double adds = static_cast<double>(
            plan_.segments[static_cast<std::size_t>(seg)].gross_adds[static_cast<std::size_t>(m)]);
        cube_.at(rep, m, seg, Metric::gross_adds) += adds;
        cube_.at(rep, m, segments, Metric::gross_adds) += adds;
    }
    for (int row = 0; row <= segments; ++row) complete_row(cube_, rep, m, row, plan_.costs);
    // An offer's launch cost: once, in its launch month, on the whole base's fixed line.
    for (int k = 0; k < cube_.offers; ++k) {
        const OfferPlan& offer = plan_.offers[static_cast<std::size_t>(k)];
        if (offer.launch_month != month || offer.launch_cost_fen == 0.0) continue;
        cube_.offer_at(rep, m, k, OfferMetric::cost) += offer.launch_cost_fen;
        for (Metric line : {Metric::cost_fixed, Metric::cost_total})
            cube_.at(rep, m, segments, line) += offer.launch_cost_fen;
        cube_.at(rep, m, segments, Metric::margin) -= offer.launch_cost_fen;
    }
    for (int k = 0; k < cube_.offers; ++k)
        cube_.offer_at(rep, m, k, OfferMetric::margin) =
            cube_.offer_at(rep, m, k, OfferMetric::revenue) - cube_.offer_at(rep, m, k, OfferMetric::cost);
}

}  // namespace offersim::sim
