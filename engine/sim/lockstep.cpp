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

// Who a shard's customers are: its segment (its place among the plans' segments, each named
// by its stream key), joining month and offset in the cohort. A customer's draws are keyed by
// the stream key, joining month and place, so the same key holds the same customers.
using ShardKey = std::tuple<int, int, std::int64_t>;

// Each segment's place, by stream key, in the order in which the plans first list them.
std::map<std::uint32_t, int> segment_order(const std::vector<const SimulationPlan*>& plans) {
    std::map<std::uint32_t, int> order;
    for (const auto* plan : plans)
        for (const auto& seg : plan->segments) {
            const auto next = static_cast<int>(order.size());
            order.try_emplace(seg.stream_key, next);
        }
    return order;
}

std::vector<StoreLayout> layouts_of(const std::vector<const SimulationPlan*>& plans) {
    std::vector<StoreLayout> layouts;
    for (const auto* plan : plans) layouts.push_back(CustomerStore::layout(*plan));
    return layouts;
}

// The plans' shards grouped by ShardKey, in canonical order: by segment (segment_order),
// joining month and offset in the cohort, whatever the order of the plans. Where the plans
// list the same segments in the same order (shards_align), that is each plan's store order.
std::vector<ShardGroup> group_shards(const std::vector<const SimulationPlan*>& plans,
                                     const std::vector<StoreLayout>& layouts) {
    const std::map<std::uint32_t, int> order = segment_order(plans);
    std::map<ShardKey, ShardGroup> by_key;
    for (std::size_t p = 0; p < plans.size(); ++p) {
        const StoreLayout& layout = layouts[p];
        for (std::size_t s = 0; s < layout.shards.size(); ++s) {
            const Shard& shard = layout.shards[s];
            const Cohort& cohort = layout.cohorts[static_cast<std::size_t>(shard.cohort)];
            const std::uint32_t stream =
                plans[p]->segments[static_cast<std::size_t>(cohort.segment)].stream_key;
            const ShardKey key{order.at(stream), cohort.join_month, shard.begin - cohort.begin};
            ShardGroup& group =
                by_key.try_emplace(key, ShardGroup{std::vector<int>(plans.size(), -1)}).first->second;
            group.shard[p] = static_cast<int>(s);
        }
    }
    std::vector<ShardGroup> groups;
    groups.reserve(by_key.size());
    for (auto& entry : by_key) groups.push_back(std::move(entry.second));
    return groups;
}

// Each group's customer-months of work, summed over the plans that hold it (shard_work).
std::vector<std::int64_t> group_work(const std::vector<ShardGroup>& groups,
                                     const std::vector<StoreLayout>& layouts, int horizon) {
    std::vector<std::int64_t> work;
    work.reserve(groups.size());
    for (const ShardGroup& group : groups) {
        std::int64_t sum = 0;
        for (std::size_t p = 0; p < layouts.size(); ++p)
            if (group.shard[p] >= 0)
                sum += shard_work(layouts[p], layouts[p].shards[static_cast<std::size_t>(group.shard[p])],
                                  horizon);
        work.push_back(sum);
    }
    return work;
}

// Each rank's part, from its consecutive groups (`ranges`, from group 0 on, in rank order):
// of each plan, the shards its groups hold, which follow on from the previous rank's.
std::vector<LockstepPart> parts_of(const std::vector<ShardGroup>& groups,
                                   const std::vector<ShardRange>& ranges, std::size_t plans) {
    std::vector<LockstepPart> parts;
    std::vector<std::size_t> before(plans, 0);  // by plan: its shards in the earlier ranks' groups
    for (const ShardRange& range : ranges) {
        LockstepPart part{range, {}};
        for (std::size_t p = 0; p < plans; ++p) {
            std::size_t count = 0;
            for (std::size_t u = range.first; u < range.first + range.count; ++u) {
                const int s = groups[u].shard[p];
                if (s < 0) continue;
                require(static_cast<std::size_t>(s) == before[p] + count,
                        "shard group {} holds shard {} of plan {}, out of its store order", u, s, p);
                ++count;
            }
            part.shards.push_back(ShardRange{before[p], count});
            before[p] += count;
        }
        parts.push_back(std::move(part));
    }
    return parts;
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
        groups_ = group_shards(plans, layouts_of(plans));
        if (ranks) require(shards_align(plans), "ranks share the shards of plans whose segments differ");
        stepped_ = ranks ? my_part().groups : ShardRange{0, groups_.size()};
        for (std::size_t p = 0; p < plans.size(); ++p) {
            std::optional<ShardRange> mine;
            if (ranks) mine = my_part().shards[p];
            steppers_.push_back(
                std::make_unique<PlanStepper>(*plans[p], config.replications, config.cancel, mine));
            if (ranks) shares_.push_back(ShardShare{*mine, ranks->exchange});
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
        for (std::size_t p = 0; p < steppers_.size(); ++p)
            steppers_[p]->start_month(rep, month, key, &pool_, share_of(p));
        if (ranks_)
            share_month(month, key);
        else
            step_groups(month, key);
        for (std::size_t p = 0; p < steppers_.size(); ++p)
            steppers_[p]->finish_month(rep, month, share_of(p));
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

    // This rank's part of the job.
    const LockstepPart& my_part() const { return ranks_->parts[static_cast<std::size_t>(ranks_->rank)]; }

    // Plan p's share of the job's shards, or none in a process of its own.
    const ShardShare* share_of(std::size_t p) const { return ranks_ ? &shares_[p] : nullptr; }

    // Steps this rank's groups, then takes every other rank's shard months of every plan and
    // its groups' cannibalised revenue, so that every rank adds all of them in shard order.
    void share_month(int month, PhiloxKey key) {
        std::vector<std::vector<ShardMonth>*> months;
        for (auto& stepper : steppers_) months.push_back(&stepper->shard_months());
        const std::vector<std::string> parts = ranks_->exchange([&] {
            step_groups(month, key);
            return lockstep_month_bytes(months, slots_, my_part());
        });
        for (std::size_t r = 0; r < parts.size(); ++r)
            if (static_cast<int>(r) != ranks_->rank)
                read_lockstep_month(parts[r], months, slots_, ranks_->parts[r]);
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
        for (std::size_t p = 0; p < steppers_.size(); ++p) {
            const PlanStepper& stepper = *steppers_[p];
            const CustomerSpan span = ranks_ ? customers_of(stepper.shards(), shares_[p].mine)
                                             : CustomerSpan{0, stepper.store().size()};
            const TailCount tail = count_tail(stepper.store(), span, horizon);
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
    ShardRange stepped_;                      // the groups this process steps
    std::vector<ShardShare> shares_;          // by plan, where ranks share the shards: its shards here
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
        const LockstepRanks ranks{parts_by_rank(plans, cluster::ranks()), cluster::rank(),
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

bool shards_align(const std::vector<const SimulationPlan*>& plans) {
    const auto keys = [](const SimulationPlan& plan) {
        std::vector<std::uint32_t> out;
        for (const auto& seg : plan.segments) out.push_back(seg.stream_key);
        return out;
    };
    const std::vector<std::uint32_t> first = keys(*plans.front());
    return std::all_of(plans.begin(), plans.end(),
                       [&](const SimulationPlan* plan) { return keys(*plan) == first; });
}

std::vector<LockstepPart> parts_by_rank(const std::vector<const SimulationPlan*>& plans, int ranks) {
    require(shards_align(plans), "ranks share the shards of plans whose segments differ");
    const std::vector<StoreLayout> layouts = layouts_of(plans);
    const std::vector<ShardGroup> groups = group_shards(plans, layouts);
    const std::vector<std::int64_t> work = group_work(groups, layouts, plans.front()->horizon_months);
    return parts_of(groups, ranges_by_work(work, ranks), plans.size());
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
