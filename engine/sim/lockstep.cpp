#include "engine/sim/lockstep.hpp"

#include "engine/core/cluster.hpp"
#include "engine/core/error.hpp"
#include "engine/sim/cube_bytes.hpp"
#include "engine/sim/plan_stepper.hpp"
#include "engine/sim/rank_split.hpp"
#include "engine/sim/run.hpp"
#include "engine/sim/thread_pool.hpp"
#include "engine/sim/uncertainty.hpp"

#include <algorithm>
#include <map>
#include <memory>
#include <optional>
#include <tuple>

namespace offersim::sim {

namespace {

// The same customers in every plan: a shard of each plan that holds them, or -1.
struct ShardGroup {
    std::vector<int> shard;  // by plan
};

// Who a shard's customers are: its segment (its stream key), joining month and offset in the
// cohort. A customer's draws are keyed by those, so the same key holds the same customers.
using ShardKey = std::tuple<std::uint32_t, int, std::int64_t>;

ShardKey key_of(const SimulationPlan& plan, const std::vector<Cohort>& cohorts, const Shard& shard) {
    const Cohort& cohort = cohorts[static_cast<std::size_t>(shard.cohort)];
    return {plan.segments[static_cast<std::size_t>(cohort.segment)].stream_key, cohort.join_month,
            shard.begin - cohort.begin};
}

// Shards are matched by key_of, in the first plan's order, then the others' unmatched ones.
std::vector<ShardGroup> match_shards(const std::vector<std::unique_ptr<PlanStepper>>& steppers) {
    std::map<ShardKey, std::size_t> index;
    std::vector<ShardGroup> groups;
    for (std::size_t p = 0; p < steppers.size(); ++p) {
        const CustomerStore& store = steppers[p]->store();
        for (std::size_t s = 0; s < store.shards().size(); ++s) {
            const auto key = key_of(steppers[p]->plan(), store.cohorts(), store.shards()[s]);
            const auto [it, added] = index.try_emplace(key, groups.size());
            if (added) groups.push_back(ShardGroup{std::vector<int>(steppers.size(), -1)});
            groups[it->second].shard[p] = static_cast<int>(s);
        }
    }
    return groups;
}

// Whether group u is shard u of every plan: the plans' shards match one for one.
bool groups_are_shards(const std::vector<ShardGroup>& groups) {
    for (std::size_t u = 0; u < groups.size(); ++u)
        for (const int s : groups[u].shard)
            if (s != static_cast<int>(u)) return false;
    return true;
}

std::int64_t size_of(const Shard& shard) {
    return shard.end - shard.begin;
}

// Customers under contract after the horizon, and the months their contracts still run:
// whole numbers, so their sums are exact in any order (below 2^53) and the ranks' add up to
// one process's.
struct TailCount {
    std::int64_t customers = 0;
    std::int64_t months_left = 0;
};

TailCount count_tail(const CustomerStore& store, CustomerSpan span, int horizon) {
    TailCount tail;
    for (std::int64_t i = span.first; i < span.last; ++i) {
        const auto u = static_cast<std::size_t>(i);
        if (!store.alive[u] || store.contract_end[u] <= horizon) continue;
        tail.customers += 1;
        tail.months_left += store.contract_end[u] - horizon;
    }
    return tail;
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

// The plans stepped month by month over the same customers: in this process, or, with
// `ranks`, this rank's shards of every plan, the other ranks' months taken through bytes.
class PlansInLockstep {
public:
    PlansInLockstep(const std::vector<const SimulationPlan*>& plans, const std::vector<PlanPairing>& pairings,
                    const RunConfig& config, const LockstepRanks* ranks)
        : plans_(plans), pairings_(pairings), config_(config), ranks_(ranks), pool_(config.threads) {
        std::optional<ShardRange> mine;
        if (ranks) mine = ranks->ranges[static_cast<std::size_t>(ranks->rank)];
        for (const auto* plan : plans)
            steppers_.push_back(
                std::make_unique<PlanStepper>(*plan, config.replications, config.cancel, mine));
        groups_ = match_shards(steppers_);
        stepped_ = mine.value_or(ShardRange{0, groups_.size()});
        if (ranks) {
            require(groups_are_shards(groups_), "ranks share the shards of plans whose shards do not match");
            share_.emplace(ShardShare{stepped_, ranks->exchange});
        }
        // Each group's month of cannibalised revenue by pairing and offer, added in group order.
        slot_start_.push_back(0);
        for (const auto& pairing : pairings)
            slot_start_.push_back(slot_start_.back() +
                                  plans[static_cast<std::size_t>(pairing.with)]->offers.size());
        slots_.assign(groups_.size(), std::vector<double>(slot_start_.back()));
    }

    LockstepRun run() {
        const int horizon = plans_.front()->horizon_months;
        LockstepRun run;
        const auto reps = static_cast<std::size_t>(config_.replications);
        for (const auto& pairing : pairings_)
            run.cannibalised.emplace_back(reps * static_cast<std::size_t>(horizon) *
                                          plans_[static_cast<std::size_t>(pairing.with)]->offers.size());
        run.tails.assign(plans_.size(), ContractTail{std::vector<double>(reps), std::vector<double>(reps)});
        const double steps = static_cast<double>(config_.replications) * horizon;
        for (int rep = 0; rep < config_.replications; ++rep) {
            const PhiloxKey key =
                replication_key(config_.seed, static_cast<std::uint32_t>(config_.first_replication + rep));
            for (int month = 1; month <= horizon; ++month) {
                step_month(run, rep, month, key);
                if (config_.on_progress) config_.on_progress((rep * horizon + month) / steps);
            }
            count_tails(run, rep);
        }
        for (auto& stepper : steppers_) run.cubes.push_back(std::move(stepper->cube()));
        return run;
    }

private:
    // Every plan's month: the campaigns' contacts, the shards (this rank's, the others' taken
    // through bytes), then the cube's month and the cannibalised revenue, in shard order.
    void step_month(LockstepRun& run, int rep, int month, PhiloxKey key) {
        stop_if_cancelled(config_.cancel);
        const ShardShare* share = share_ ? &*share_ : nullptr;
        for (auto& stepper : steppers_) stepper->start_month(rep, month, key, &pool_, share);
        if (ranks_)
            share_month(month, key);
        else
            step_groups(month, key);
        for (auto& stepper : steppers_) stepper->finish_month(rep, month, share);
        add_cannibalised(run, rep, month);
    }

    // This process's groups of the month, on the pool.
    void step_groups(int month, PhiloxKey key) {
        pool_.parallel_for(stepped_.count,
                           [&](std::size_t i) { step_group(stepped_.first + i, month, key); });
    }

    // Steps group `u` of every plan holding it and writes its month of cannibalised revenue.
    void step_group(std::size_t u, int month, PhiloxKey key) {
        const std::size_t n_plans = plans_.size();
        thread_local std::vector<double> revenue;
        thread_local std::vector<std::uint8_t> active;
        // Every plan holding the group writes its part in full; the rest is never read.
        revenue.resize(n_plans * kShardCustomers);
        active.resize(n_plans * kShardCustomers);
        const ShardGroup& group = groups_[u];
        for (std::size_t p = 0; p < n_plans; ++p) {
            if (group.shard[p] < 0) continue;
            steppers_[p]->step(static_cast<std::size_t>(group.shard[p]), month, key,
                               revenue.data() + p * kShardCustomers, active.data() + p * kShardCustomers);
        }
        std::vector<double>& slot = slots_[u];
        std::fill(slot.begin(), slot.end(), 0.0);
        for (std::size_t q = 0; q < pairings_.size(); ++q) {
            const auto with = static_cast<std::size_t>(pairings_[q].with);
            const auto without = static_cast<std::size_t>(pairings_[q].without);
            if (group.shard[with] < 0) continue;
            const Shard& shard = steppers_[with]->shards()[static_cast<std::size_t>(group.shard[with])];
            const std::int64_t there =
                group.shard[without] < 0
                    ? 0
                    : size_of(steppers_[without]->shards()[static_cast<std::size_t>(group.shard[without])]);
            add_lost_revenue(steppers_[with]->store(), shard, active.data() + with * kShardCustomers,
                             revenue.data() + with * kShardCustomers,
                             revenue.data() + without * kShardCustomers, there, slot.data() + slot_start_[q]);
        }
    }

    // Steps this rank's groups, then takes every other rank's shard months of every plan and
    // its groups' cannibalised revenue, so that every rank adds all of them in shard order.
    void share_month(int month, PhiloxKey key) {
        std::vector<std::vector<ShardMonth>*> months;
        for (auto& stepper : steppers_) months.push_back(&stepper->shard_months());
        const std::vector<std::string> parts = ranks_->exchange([&] {
            step_groups(month, key);
            return lockstep_month_bytes(months, slots_, stepped_);
        });
        for (std::size_t r = 0; r < parts.size(); ++r)
            if (static_cast<int>(r) != ranks_->rank)
                read_lockstep_month(parts[r], months, slots_, ranks_->ranges[r]);
    }

    // The month's cannibalised revenue by pairing and offer: the groups' slots in group order.
    void add_cannibalised(LockstepRun& run, int rep, int month) const {
        for (std::size_t q = 0; q < pairings_.size(); ++q) {
            const SimulationPlan& with = *plans_[static_cast<std::size_t>(pairings_[q].with)];
            for (std::size_t k = 0; k < with.offers.size(); ++k) {
                double sum = 0.0;
                for (const auto& slot : slots_) sum += slot[slot_start_[q] + k];
                run.cannibalised[q][cannibalised_index(with, rep, month, static_cast<int>(k))] = sum;
            }
        }
    }

    // Each plan's contract tail after the replication: over this process's customers, or
    // summed over the ranks' (exact: whole numbers).
    void count_tails(LockstepRun& run, int rep) const {
        const int horizon = plans_.front()->horizon_months;
        std::vector<std::int64_t> counts;  // by plan: customers, months left
        for (const auto& stepper : steppers_) {
            const CustomerSpan span =
                ranks_ ? customers_of(stepper->shards(), stepped_) : CustomerSpan{0, stepper->store().size()};
            const TailCount tail = count_tail(stepper->store(), span, horizon);
            counts.insert(counts.end(), {tail.customers, tail.months_left});
        }
        if (ranks_) {
            const std::vector<std::string> parts = ranks_->exchange([&] { return counts_bytes(counts); });
            std::fill(counts.begin(), counts.end(), 0);
            for (const std::string& bytes : parts) {
                const std::vector<std::int64_t> theirs = read_counts(bytes);
                require(theirs.size() == counts.size(), "a rank's contract tails have {} counts, not {}",
                        theirs.size(), counts.size());
                for (std::size_t i = 0; i < counts.size(); ++i) counts[i] += theirs[i];
            }
        }
        for (std::size_t p = 0; p < plans_.size(); ++p) {
            run.tails[p].customers[static_cast<std::size_t>(rep)] = static_cast<double>(counts[2 * p]);
            run.tails[p].months_left[static_cast<std::size_t>(rep)] = static_cast<double>(counts[2 * p + 1]);
        }
    }

    const std::vector<const SimulationPlan*>& plans_;
    const std::vector<PlanPairing>& pairings_;
    const RunConfig& config_;
    const LockstepRanks* ranks_;
    ThreadPool pool_;
    std::vector<std::unique_ptr<PlanStepper>> steppers_;
    std::vector<ShardGroup> groups_;
    ShardRange stepped_;  // the groups this process steps
    std::optional<ShardShare> share_;
    std::vector<std::size_t> slot_start_;     // by pairing: its first slot
    std::vector<std::vector<double>> slots_;  // by group: the month's cannibalised revenue
};

// The replications of `config` in this process.
LockstepRun step_here(const std::vector<const SimulationPlan*>& plans,
                      const std::vector<PlanPairing>& pairings, const RunConfig& config) {
    return PlansInLockstep(plans, pairings, config, nullptr).run();
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
    const RankSplit split = lockstep_split(plans, config);
    if (split == RankSplit::alone) return step_here(plans, pairings, config);
    if (split == RankSplit::shards) {
        RunConfig mine = config;
        if (!cluster::writes()) mine.on_progress = nullptr;
        const LockstepRanks ranks{
            shards_by_rank(CustomerStore::layout(*plans.front()), horizon, cluster::ranks()), cluster::rank(),
            exchange_across_ranks};
        return run_lockstep_on_shards(plans, pairings, mine, ranks);
    }
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

LockstepRun run_lockstep_on_shards(const std::vector<const SimulationPlan*>& plans,
                                   const std::vector<PlanPairing>& pairings, const RunConfig& config,
                                   const LockstepRanks& ranks) {
    return PlansInLockstep(plans, pairings, config, &ranks).run();
}

bool shards_match(const std::vector<const SimulationPlan*>& plans) {
    const StoreLayout first = CustomerStore::layout(*plans.front());
    for (std::size_t p = 1; p < plans.size(); ++p) {
        const StoreLayout other = CustomerStore::layout(*plans[p]);
        if (other.shards.size() != first.shards.size()) return false;
        for (std::size_t s = 0; s < first.shards.size(); ++s)
            if (key_of(*plans[p], other.cohorts, other.shards[s]) !=
                    key_of(*plans.front(), first.cohorts, first.shards[s]) ||
                size_of(other.shards[s]) != size_of(first.shards[s]) ||
                other.shards[s].begin != first.shards[s].begin)
                return false;
    }
    return true;
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
