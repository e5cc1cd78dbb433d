#include "engine/sim/simulation.hpp"

#include "engine/core/error.hpp"
#include "engine/sim/customer_store.hpp"
#include "engine/sim/monthly_step.hpp"
#include "engine/sim/thread_pool.hpp"

#include <cmath>

namespace offersim::sim {

namespace {

double rated(double units, double rate_centifen) { return std::floor((units * rate_centifen + 50.0) / 100.0); }

// Fills the derived lines of one segment row from its recorded sums.
void complete_row(MetricCube& cube, int rep, int month, int row, const CostRates& costs, bool whole_base) {
    auto v = [&](Metric m) -> double& { return cube.at(rep, month, row, m); };
    v(Metric::active_end) = v(Metric::active) - v(Metric::churners);
    v(Metric::revenue_total) = v(Metric::revenue_fee) + v(Metric::revenue_overage_voice) +
                               v(Metric::revenue_overage_data) + v(Metric::revenue_overage_sms);
    if (whole_base) {
        // The sum of the segments' rounded lines, so the rows add up to the fen.
        for (Metric m : {Metric::cost_network_voice, Metric::cost_network_data, Metric::cost_network_sms}) {
            v(m) = 0.0;
            for (int s = 0; s < cube.segments; ++s) v(m) += cube.at(rep, month, s, m);
        }
    } else {
        v(Metric::cost_network_voice) = rated(v(Metric::voice_min), costs.network_voice_centifen);
        v(Metric::cost_network_data) = rated(v(Metric::data_mb), costs.network_data_centifen);
        v(Metric::cost_network_sms) = rated(v(Metric::sms), costs.network_sms_centifen);
    }
    v(Metric::cost_commission) = v(Metric::gross_adds) * costs.commission_fen;
    v(Metric::cost_fixed) = whole_base ? costs.fixed_monthly_fen : 0.0;
    v(Metric::cost_total) = v(Metric::cost_network_voice) + v(Metric::cost_network_data) +
                            v(Metric::cost_network_sms) + v(Metric::cost_commission) + v(Metric::cost_fixed);
    v(Metric::margin) = v(Metric::revenue_total) - v(Metric::cost_total);
}

}  // namespace

MetricCube run_simulation(const SimulationPlan& plan, const RunConfig& config) {
    const int segments = static_cast<int>(plan.segments.size());
    const int tiers = static_cast<int>(plan.tiers.size());
    MetricCube cube(config.replications, plan.horizon_months, segments, tiers);
    CustomerStore store(plan);
    const auto& shards = store.shards();
    const auto& cohorts = store.cohorts();
    std::vector<ShardMonth> shard_totals(shards.size());
    std::vector<double> shard_tiers(shards.size() * static_cast<std::size_t>(tiers));
    ThreadPool pool(config.threads);
    const double steps = static_cast<double>(config.replications) * plan.horizon_months;

    for (int rep = 0; rep < config.replications; ++rep) {
        const PhiloxKey key = replication_key(config.seed, static_cast<std::uint32_t>(rep));
        for (int month = 1; month <= plan.horizon_months; ++month) {
            if (config.cancel && config.cancel->load()) throw RunError("the run was interrupted");
            pool.parallel_for(shards.size(), [&](std::size_t s) {
                const Shard& shard = shards[s];
                const int join = cohorts[static_cast<std::size_t>(shard.cohort)].join_month;
                double* tier_counts = shard_tiers.data() + s * static_cast<std::size_t>(tiers);
                std::fill(tier_counts, tier_counts + tiers, 0.0);
                shard_totals[s] = ShardMonth{};
                if (join > month) return;
                if (join == month || (join == 0 && month == 1)) store.create_customers(plan, shard, key);
                shard_totals[s] = step_shard(plan, store, shard, month, key, tier_counts);
            });
            // Reduce in shard order: the same sums whatever thread ran which shard.
            const int m = month - 1;
            for (std::size_t s = 0; s < shards.size(); ++s) {
                const Cohort& c = cohorts[static_cast<std::size_t>(shards[s].cohort)];
                const ShardMonth& t = shard_totals[s];
                for (int row : {c.segment, segments}) {
                    auto add = [&](Metric metric, double x) { cube.at(rep, m, row, metric) += x; };
                    add(Metric::active, t.active);
                    add(Metric::churners, t.churners);
                    add(Metric::revenue_fee, t.fee_fen);
                    add(Metric::revenue_overage_voice, t.overage_voice_fen);
                    add(Metric::revenue_overage_data, t.overage_data_fen);
                    add(Metric::revenue_overage_sms, t.overage_sms_fen);
                    add(Metric::voice_min, t.voice_min);
                    add(Metric::data_mb, t.data_mb);
                    add(Metric::sms, t.sms);
                }
                for (int k = 0; k < tiers; ++k)
                    cube.tier_at(rep, m, k) += shard_tiers[s * static_cast<std::size_t>(tiers) + static_cast<std::size_t>(k)];
            }
            for (int seg = 0; seg < segments; ++seg) {
                const double adds = static_cast<double>(plan.segments[static_cast<std::size_t>(seg)].gross_adds[static_cast<std::size_t>(m)]);
                cube.at(rep, m, seg, Metric::gross_adds) = adds;
                cube.at(rep, m, segments, Metric::gross_adds) += adds;
            }
            for (int row = 0; row <= segments; ++row) complete_row(cube, rep, m, row, plan.costs, row == segments);
            if (config.on_progress) config.on_progress((rep * plan.horizon_months + month) / steps);
        }
    }
    return cube;
}

}  // namespace offersim::sim
