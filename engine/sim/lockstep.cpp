#include "engine/sim/lockstep.hpp"

#include "engine/core/cluster.hpp"
#include "engine/core/error.hpp"
#include "engine/sim/cube_bytes.hpp"
#include "engine/sim/plan_stepper.hpp"
#include "engine/sim/rank_split.hpp"
#include "engine/sim/thread_pool.hpp"
#include "engine/sim/uncertainty.hpp"

#include <algorithm>
#include <map>
#include <memory>
#include <tuple>

namespace offersim::sim {

namespace {

// The same customers in every plan: a shard of each plan that holds them, or -1.
struct ShardGroup {
    std::vector<int> shard;  // by plan
};

// Shards are matched by segment (its stream key), joining month and offset in the cohort:
// a customer's draws are keyed by those, so the same key holds the same customers.
std::vector<ShardGroup> match_shards(const std::vector<std::unique_ptr<PlanStepper>>& steppers) {
    std::map<std::tuple<std::uint32_t, int, std::int64_t>, std::size_t> index;
    std::vector<ShardGroup> groups;
    for (std::size_t p = 0; p < steppers.size(); ++p) {
        const SimulationPlan& plan = steppers[p]->plan();
        const CustomerStore& store = steppers[p]->store();
        for (std::size_t s = 0; s < store.shards().size(); ++s) {
            const Shard& shard = store.shards()[s];
            const Cohort& cohort = store.cohorts()[static_cast<std::size_t>(shard.cohort)];
            const auto key =
                std::make_tuple(plan.segments[static_cast<std::size_t>(cohort.segment)].stream_key,
                                cohort.join_month, shard.begin - cohort.begin);
            const auto [it, added] = index.try_emplace(key, groups.size());
            if (added) groups.push_back(ShardGroup{std::vector<int>(steppers.size(), -1)});
            groups[it->second].shard[p] = static_cast<int>(s);
        }
    }
    return groups;
}

// Customers under contract after the horizon, and the months their contracts still run.
void count_tail(const CustomerStore& store, int horizon, int rep, ContractTail& tail) {
    double customers = 0.0;
    double months = 0.0;
    for (std::int64_t i = 0; i < store.size(); ++i) {
        const auto u = static_cast<std::size_t>(i);
        if (!store.alive[u] || store.contract_end[u] <= horizon) continue;
        customers += 1.0;
        months += store.contract_end[u] - horizon;
    }
    tail.customers[static_cast<std::size_t>(rep)] = customers;
    tail.months_left[static_cast<std::size_t>(rep)] = months;
}

std::int64_t size_of(const Shard& shard) {
    return shard.end - shard.begin;
}

// Adds to slot[k] what the holders of offer k + 1 in `shard` of the plan with the offers, active
// in the month, lost against the plan without them: each one's revenue there minus here,
// where positive. `there`: how many of the shard's customers the other plan has (a customer
// it does not have brings no revenue there).
void add_lost_revenue(const CustomerStore& with, const Shard& shard, const std::uint8_t* active,
                      const double* revenue, const double* revenue_without, std::int64_t there,
                      double* slot) {
    for (std::int64_t j = 0; j < size_of(shard); ++j) {
        const int o = with.offer[static_cast<std::size_t>(shard.begin + j)];
        if (o == 0 || !active[j]) continue;
        const double lost = (j < there ? revenue_without[j] : 0.0) - revenue[j];
        if (lost > 0.0) slot[o - 1] += lost;
    }
}

// The replications of `config` in this process.
LockstepRun step_here(const std::vector<const SimulationPlan*>& plans,
                      const std::vector<PlanPairing>& pairings, const RunConfig& config) {
    const int horizon = plans.front()->horizon_months;
    const std::size_t n_plans = plans.size();
    std::vector<std::unique_ptr<PlanStepper>> steppers;
    for (const auto* plan : plans)
        steppers.push_back(std::make_unique<PlanStepper>(*plan, config.replications, config.cancel));
    const std::vector<ShardGroup> groups = match_shards(steppers);

    LockstepRun run;
    const auto reps = static_cast<std::size_t>(config.replications);
    for (const auto& pairing : pairings)
        run.cannibalised.emplace_back(reps * static_cast<std::size_t>(horizon) *
                                      plans[static_cast<std::size_t>(pairing.with)]->offers.size());
    run.tails.assign(n_plans, ContractTail{std::vector<double>(reps), std::vector<double>(reps)});
    // Each group's month of cannibalised revenue by pairing and offer, added in group order.
    std::vector<std::size_t> slot_start{0};
    for (const auto& pairing : pairings)
        slot_start.push_back(slot_start.back() +
                             plans[static_cast<std::size_t>(pairing.with)]->offers.size());
    std::vector<std::vector<double>> slots(groups.size(), std::vector<double>(slot_start.back()));

    ThreadPool pool(config.threads);
    const double steps = static_cast<double>(config.replications) * horizon;
    for (int rep = 0; rep < config.replications; ++rep) {
        const PhiloxKey key =
            replication_key(config.seed, static_cast<std::uint32_t>(config.first_replication + rep));
        for (int month = 1; month <= horizon; ++month) {
            stop_if_cancelled(config.cancel);
            for (auto& stepper : steppers) stepper->start_month(rep, month, key, &pool);
            pool.parallel_for(groups.size(), [&](std::size_t u) {
                thread_local std::vector<double> revenue;
                thread_local std::vector<std::uint8_t> active;
                // Every plan holding the group writes its part in full; the rest is never read.
                revenue.resize(n_plans * kShardCustomers);
                active.resize(n_plans * kShardCustomers);
                const ShardGroup& group = groups[u];
                for (std::size_t p = 0; p < n_plans; ++p) {
                    if (group.shard[p] < 0) continue;
                    steppers[p]->step(static_cast<std::size_t>(group.shard[p]), month, key,
                                      revenue.data() + p * kShardCustomers,
                                      active.data() + p * kShardCustomers);
                }
                std::vector<double>& slot = slots[u];
                std::fill(slot.begin(), slot.end(), 0.0);
                for (std::size_t q = 0; q < pairings.size(); ++q) {
                    const auto with = static_cast<std::size_t>(pairings[q].with);
                    const auto without = static_cast<std::size_t>(pairings[q].without);
                    if (group.shard[with] < 0) continue;
                    const Shard& shard =
                        steppers[with]->shards()[static_cast<std::size_t>(group.shard[with])];
                    const std::int64_t there =
                        group.shard[without] < 0
                            ? 0
                            : size_of(steppers[without]
                                          ->shards()[static_cast<std::size_t>(group.shard[without])]);
                    add_lost_revenue(steppers[with]->store(), shard, active.data() + with * kShardCustomers,
                                     revenue.data() + with * kShardCustomers,
                                     revenue.data() + without * kShardCustomers, there,
                                     slot.data() + slot_start[q]);
                }
            });
            for (auto& stepper : steppers) stepper->finish_month(rep, month);
            for (std::size_t q = 0; q < pairings.size(); ++q) {
                const SimulationPlan& with = *plans[static_cast<std::size_t>(pairings[q].with)];
                for (std::size_t k = 0; k < with.offers.size(); ++k) {
                    double sum = 0.0;
                    for (const auto& slot : slots) sum += slot[slot_start[q] + k];
                    run.cannibalised[q][cannibalised_index(with, rep, month, static_cast<int>(k))] = sum;
                }
            }
            if (config.on_progress) config.on_progress((rep * horizon + month) / steps);
        }
        for (std::size_t p = 0; p < n_plans; ++p)
            count_tail(steppers[p]->store(), horizon, rep, run.tails[p]);
    }
    for (auto& stepper : steppers) run.cubes.push_back(std::move(stepper->cube()));
    return run;
}

}  // namespace

void place_lockstep(LockstepRun& whole, const LockstepRun& part, int first, int replications) {
    const int reps = part.cubes.front().replications;
    if (whole.cubes.empty()) {  // the first part sizes the whole
        for (const auto& c : part.cubes)
            whole.cubes.emplace_back(replications, c.months, c.segments, c.tiers, c.offers);
        for (const auto& c : part.cannibalised)
            whole.cannibalised.emplace_back(
                c.size() / static_cast<std::size_t>(reps) * static_cast<std::size_t>(replications), 0.0);
        for (std::size_t p = 0; p < part.tails.size(); ++p)
            whole.tails.push_back({std::vector<double>(static_cast<std::size_t>(replications), 0.0),
                                   std::vector<double>(static_cast<std::size_t>(replications), 0.0)});
    }
    for (std::size_t p = 0; p < part.cubes.size(); ++p)
        place_replications(whole.cubes[p], part.cubes[p], first);
    for (std::size_t q = 0; q < part.cannibalised.size(); ++q)
        place_replication_rows(whole.cannibalised[q], part.cannibalised[q], reps, first);
    for (std::size_t p = 0; p < part.tails.size(); ++p) {
        place_replication_rows(whole.tails[p].customers, part.tails[p].customers, reps, first);
        place_replication_rows(whole.tails[p].months_left, part.tails[p].months_left, reps, first);
    }
}

LockstepRun run_lockstep(const std::vector<const SimulationPlan*>& plans,
                         const std::vector<PlanPairing>& pairings, const RunConfig& config) {
    require(!plans.empty(), "a lockstep run needs a plan");
    const int horizon = plans.front()->horizon_months;
    for (const auto* plan : plans)
        require(plan->horizon_months == horizon, "plans stepped in lockstep need the same horizon");
    if (cluster::ranks() == 1) return step_here(plans, pairings, config);
    const std::vector<std::string> parts = gather_slices(
        config, [&](const RunConfig& slice) { return lockstep_bytes(step_here(plans, pairings, slice)); });
    LockstepRun whole;
    int first = 0;
    for (const auto& bytes : parts) {
        if (bytes.empty()) continue;  // a rank past the replications
        const LockstepRun part = lockstep_from_bytes(bytes);
        place_lockstep(whole, part, first, config.replications);
        first += part.cubes.front().replications;
    }
    return whole;
}

SimulationPlan without_offer(const SimulationPlan& plan, int k) {
    require(k >= 0 && k < static_cast<int>(plan.offers.size()), "no offer {} to leave out", k);
    SimulationPlan out = plan;
    OfferPlan& offer = out.offers[static_cast<std::size_t>(k)];
    offer.existing_share = 0.0;
    offer.new_share = 0.0;
    for (auto& seg : out.segments) {
        auto& alternatives = seg.choice.alternatives;
        alternatives.erase(std::remove_if(alternatives.begin(), alternatives.end(),
                                          [&](const ChoiceAlternative& a) { return a.offer == k + 1; }),
                           alternatives.end());
    }
    return out;
}

}  // namespace offersim::sim
