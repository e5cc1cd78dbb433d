// A run's replications split between the ranks of an MPI job (engine/sim/rank_split.hpp,
// engine/sim/cube_bytes.hpp). What makes a job of several ranks give one process's bytes:
// the slices cover the replications in order, a replication's figures do not depend on the
// slice that ran it, and the figures survive their trip through bytes bit for bit. The
// command-line test tests/cli/mpi_ranks_test.cpp runs the same under mpirun.
#include "engine/sim/rank_split.hpp"
#include "engine/scenario/loader.hpp"
#include "engine/sim/cube_bytes.hpp"
#include "engine/sim/lockstep.hpp"
#include "engine/sim/plan_stepper.hpp"
#include "engine/sim/run.hpp"
#include "engine/sim/simulation.hpp"
#include "engine/sim/uncertainty.hpp"
#include "tests/engine/sim/pseudo_ranks.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <memory>
#include <thread>

namespace offersim::sim {
namespace {

// A shipped example over 8 months, its large segments a hundredth of their size (the group
// staff and their joiners as written), with the per-customer views on; `edit`, when given,
// changes the scenario after that.
SimulationPlan small_plan(scenario::Scenario sc, bool views,
                          const std::function<void(scenario::Scenario&)>& edit) {
    sc.horizon_months = 8;
    for (auto& s : sc.segments) {
        if (s.size < 10000) continue;
        s.size /= 100;
        for (auto& g : s.acquisition.gross_adds_per_month) g /= 100;
    }
    sc.reporting.customer_views = views;
    if (edit) edit(sc);
    return compile_plan(sc);
}

SimulationPlan small_example_plan(const std::string& file, bool views = true,
                                  const std::function<void(scenario::Scenario&)>& edit = {}) {
    return small_plan(scenario::load_scenario(std::string(OFFERSIM_SOURCE_DIR) + "/" + file), views, edit);
}

// Shipped example `file` with two handset offers on 24-month contracts: the mass market to
// gotone_58 and the silver VIPs down to gotone_88, whose takers' bills fall (cannibalised
// revenue). The same customers as `file`'s, shard for shard; small, no views, then `edit`.
SimulationPlan small_plan_with_offers(const std::string& file,
                                      const std::function<void(scenario::Scenario&)>& edit = {}) {
    const std::string text = "extends: " OFFERSIM_SOURCE_DIR "/" + file + R"(
name: handsets
offers:
  - id: phone_58
    kind: device_subsidy
    tier: gotone_58
    device: { device_cost_cny: 600, retail_price_cny: 999, subsidy_cny: 400, contract_months: 24 }
    take_up: { segments: [mass], existing_share: 0.1, new_share: 0.3, launch_month: 2 }
  - id: phone_88
    kind: device_subsidy
    tier: gotone_88
    device: { device_cost_cny: 900, retail_price_cny: 1999, subsidy_cny: 600, contract_months: 24 }
    take_up: { segments: [vip_silver], existing_share: 0.3, launch_month: 3 }
)";
    return small_plan(scenario::load_scenario_text(text, OFFERSIM_SOURCE_DIR "/scenarios/handsets.yaml"),
                      false, edit);
}

// The run of `replications` put together from slices of `ranks`, as a job's ranks do.
MetricCube run_in_slices(const SimulationPlan& plan, int replications, int ranks) {
    MetricCube whole(replications, plan.horizon_months, plan.cube_segments(),
                     static_cast<int>(plan.tiers.size()), static_cast<int>(plan.offers.size()));
    for (int r = 0; r < ranks; ++r) {
        const ReplicationSlice slice = slice_of(replications, r, ranks);
        if (slice.count == 0) continue;
        RunConfig config = RunConfig::of(slice.count, 7, 2);
        config.first_replication = slice.first;
        place_replications(whole, cube_from_bytes(cube_bytes(run_simulation(plan, config))), slice.first);
    }
    return whole;
}

TEST(RankSplit, SlicesCoverTheReplicationsInOrderAndDifferByOneAtMost) {
    for (const int replications : {1, 2, 5, 7, 100})
        for (const int ranks : {1, 2, 3, 8}) {
            int next = 0;
            for (int r = 0; r < ranks; ++r) {
                const ReplicationSlice s = slice_of(replications, r, ranks);
                EXPECT_EQ(s.first, next) << replications << " over " << ranks;
                EXPECT_TRUE(s.count == replications / ranks || s.count == replications / ranks + 1);
                next += s.count;
            }
            EXPECT_EQ(next, replications) << replications << " over " << ranks;
        }
    EXPECT_EQ(slice_of(2, 2, 3).count, 0);  // a rank past the replications runs none
}

// Groups with members and joiners in the store, and the views: every part of the cube.
TEST(RankSplit, SlicesOfAGroupRunPutTogetherAreTheWholeRunBitForBit) {
    const SimulationPlan plan = small_example_plan("scenarios/examples/group_joiners.yaml");
    const MetricCube whole = run_simulation(plan, RunConfig::of(5, 7, 2));
    ASSERT_FALSE(whole.group_runs.empty());
    ASSERT_TRUE(whole.views.enabled());
    for (const int ranks : {2, 3})
        EXPECT_EQ(cube_bytes(run_in_slices(plan, 5, ranks)), cube_bytes(whole)) << ranks;
}

TEST(RankSplit, SlicesOfAWinBackRunPutTogetherAreTheWholeRunBitForBit) {
    const SimulationPlan plan = small_example_plan("scenarios/examples/win_back_own_churners.yaml");
    const MetricCube whole = run_simulation(plan, RunConfig::of(4, 7, 1));
    ASSERT_FALSE(whole.win_back.empty());
    EXPECT_EQ(cube_bytes(run_in_slices(plan, 4, 3)), cube_bytes(whole));
}

TEST(RankSplit, SlicesOfALockstepRunPutTogetherAreTheWholeRunBitForBit) {
    const SimulationPlan base = small_example_plan("scenarios/baseline.yaml");
    const SimulationPlan offers = small_example_plan("scenarios/examples/mass_choice_tariffs.yaml");
    const std::vector<const SimulationPlan*> plans{&base, &offers};
    const std::vector<PlanPairing> pairings{{1, 0}};
    const LockstepRun whole = run_lockstep(plans, pairings, RunConfig::of(3, 7, 2));
    ASSERT_FALSE(whole.cannibalised.empty());
    LockstepRun parts;
    for (int r = 0; r < 2; ++r) {
        const ReplicationSlice slice = slice_of(3, r, 2);
        RunConfig config = RunConfig::of(slice.count, 7, 2);
        config.first_replication = slice.first;
        place_lockstep(parts, lockstep_from_bytes(lockstep_bytes(run_lockstep(plans, pairings, config))),
                       slice.first, 3);
    }
    EXPECT_EQ(lockstep_bytes(parts), lockstep_bytes(whole));
}

// The run of `replications` with `ranks` sharing every month's shards, as a job's ranks do:
// each pseudo-rank, a thread, holds a store of its shards only, ranks their retention
// candidates and merges the others' lists, steps its shards and takes the others' months
// through bytes, then takes the others' win-back pool churners and group counts. Every
// pseudo-rank ends with the same cube.
MetricCube run_in_shared_shards(const SimulationPlan& plan, int replications, int ranks) {
    const std::vector<ShardRange> ranges =
        shards_by_rank(CustomerStore::layout(plan), plan.horizon_months, ranks);
    std::vector<std::unique_ptr<PlanStepper>> steppers;
    for (const ShardRange& mine : ranges)
        steppers.push_back(std::make_unique<PlanStepper>(plan, replications, nullptr, mine));
    test::PseudoRanks job(ranks);
    const auto run_rank = [&](int r) {
        PlanStepper& stepper = *steppers[static_cast<std::size_t>(r)];
        const ShardRange mine = ranges[static_cast<std::size_t>(r)];
        const ShardShare share{mine, [&job, r](const std::function<std::string()>& produce) {
                                   return job.exchange(r, produce);
                               }};
        for (int rep = 0; rep < replications; ++rep) {
            const PhiloxKey key = replication_key(7, static_cast<std::uint32_t>(rep));
            for (int month = 1; month <= plan.horizon_months; ++month) {
                stepper.start_month(rep, month, key, nullptr, &share);
                const std::vector<std::string> parts = share.exchange([&] {
                    for (std::size_t s = mine.first; s < mine.first + mine.count; ++s)
                        stepper.step(s, month, key);
                    return shard_months_bytes(stepper.shard_months(), mine);
                });
                for (int other = 0; other < ranks; ++other)
                    if (other != r)
                        read_shard_months(parts[static_cast<std::size_t>(other)], stepper.shard_months(),
                                          ranges[static_cast<std::size_t>(other)]);
                stepper.finish_month(rep, month, &share);
            }
        }
    };
    std::vector<std::thread> threads;
    for (int r = 0; r < ranks; ++r) threads.emplace_back(run_rank, r);
    for (auto& t : threads) t.join();
    for (int r = 1; r < ranks; ++r)
        EXPECT_EQ(cube_bytes(steppers[static_cast<std::size_t>(r)]->cube()), cube_bytes(steppers[0]->cube()))
            << "rank " << r;
    return std::move(steppers[0]->cube());
}

// A lockstep of `plans` with `ranks` sharing every month's shards of every plan, as a job's
// ranks do: each pseudo-rank, a thread, runs run_lockstep_on_shards on its part (its shard
// groups, parts_by_rank) and takes the others' months, cannibalised revenue and contract
// tails through bytes. Every pseudo-rank ends with the same run; its bytes.
std::string lockstep_in_shared_shards(const std::vector<const SimulationPlan*>& plans,
                                      const std::vector<PlanPairing>& pairings, int replications, int ranks) {
    const std::vector<LockstepPart> parts = parts_by_rank(plans, ranks);
    test::PseudoRanks job(ranks);
    std::vector<std::string> runs(static_cast<std::size_t>(ranks));
    const auto run_rank = [&](int r) {
        const LockstepRanks mine{parts, r, [&job, r](const std::function<std::string()>& produce) {
                                     return job.exchange(r, produce);
                                 }};
        runs[static_cast<std::size_t>(r)] =
            lockstep_bytes(run_lockstep_on_shards(plans, pairings, RunConfig::of(replications, 7, 2), mine));
    };
    std::vector<std::thread> threads;
    for (int r = 0; r < ranks; ++r) threads.emplace_back(run_rank, r);
    for (auto& t : threads) t.join();
    for (int r = 1; r < ranks; ++r) EXPECT_EQ(runs[static_cast<std::size_t>(r)], runs[0]) << "rank " << r;
    return runs[0];
}

// The sum of every figure of `values` (a pairing's cannibalised revenue, a plan's tail).
double sum_of(const std::vector<double>& values) {
    double sum = 0.0;
    for (const double v : values) sum += v;
    return sum;
}

// Each shard of the plan's store as (first customer, last customer + 1).
std::vector<std::pair<std::int64_t, std::int64_t>> shard_bounds(const SimulationPlan& plan) {
    std::vector<std::pair<std::int64_t, std::int64_t>> bounds;
    for (const Shard& shard : CustomerStore::layout(plan).shards) bounds.emplace_back(shard.begin, shard.end);
    return bounds;
}

// A comparison of a baseline and a variant with offers, each offer also measured against the
// variant without it (leave-one-out: a third plan, a second pairing), on ranks that share
// the shards of every plan: every plan's cube, the cannibalised revenue by pairing and the
// contract tails are the whole run's, bit for bit. The baseline's retention campaign, in
// the second pair, ranks each plan's candidates on every rank and merges them.
TEST(RankSplit, SharedShardsOfALockstepAreTheWholeLockstepBitForBit) {
    for (const std::string file : {"scenarios/baseline.yaml", "scenarios/examples/customer_behaviour.yaml"}) {
        const bool campaigns = file.find("behaviour") != std::string::npos;
        const auto cut_campaigns = [](scenario::Scenario& sc) {
            for (auto& campaign : sc.retention_campaigns) campaign.contacts_per_month = 150;
        };
        const SimulationPlan base = small_example_plan(file, false, cut_campaigns);
        const SimulationPlan offers = small_plan_with_offers(file, cut_campaigns);
        const SimulationPlan without_first = without_offer(offers, 0);
        const std::vector<const SimulationPlan*> plans{&base, &offers, &without_first};
        const std::vector<PlanPairing> pairings{{1, 0}, {1, 2}};
        ASSERT_EQ(shard_bounds(offers), shard_bounds(base)) << file;  // shard for shard the same
        ASSERT_EQ(shard_bounds(without_first), shard_bounds(base)) << file;
        ASSERT_EQ(!base.behaviour.campaigns.empty(), campaigns) << file;
        const LockstepRun whole = run_lockstep(plans, pairings, RunConfig::of(2, 7, 2));
        ASSERT_GT(sum_of(whole.cannibalised[0]), 0.0) << file;
        ASSERT_GT(sum_of(whole.cannibalised[1]), 0.0) << file;
        ASSERT_GT(sum_of(whole.tails[1].months_left), sum_of(whole.tails[0].months_left)) << file;
        const std::string bytes = lockstep_bytes(whole);
        for (const int ranks : {2, 3, 5})
            EXPECT_EQ(lockstep_in_shared_shards(plans, pairings, 2, ranks), bytes) << file << ", " << ranks;
    }
}

// The baseline's mass market joining 8,000 a month (a shard holds 8,192), then its gotone_58
// and mzone_19 fees at `fee_58` and `fee_19` CNY (0: as written). Gross adds answer prices,
// so a fee cut brings a second shard a cohort and a rise a smaller cohort.
std::function<void(scenario::Scenario&)> near_a_shard_at_fees(int fee_58, int fee_19) {
    return [fee_58, fee_19](scenario::Scenario& sc) {
        for (auto& s : sc.segments)
            if (s.id == "mass")
                for (auto& adds : s.acquisition.gross_adds_per_month) adds = 8000;
        for (auto& tier : sc.tiers) {
            if (tier.id == "gotone_58" && fee_58 > 0) tier.monthly_fee = Money::from_fen(fee_58 * 100);
            if (tier.id == "mzone_19" && fee_19 > 0) tier.monthly_fee = Money::from_fen(fee_19 * 100);
        }
    };
}

// A comparison whose plans hold cohorts of other sizes, as a sweep over a fee does: the
// baseline, a fee rise and a fee cut with handset offers, measured against both. The plans
// list the same segments, so their shards, grouped by the customers they hold, come in each
// plan's store order and the ranks share them: each rank steps its groups' shards of each
// plan, and every plan's cube, the cannibalised revenue and the tails are the whole run's.
TEST(RankSplit, SharedShardsOfPlansWhoseCohortsDifferAreTheWholeLockstepBitForBit) {
    const std::string file = "scenarios/baseline.yaml";
    const SimulationPlan base = small_example_plan(file, false, near_a_shard_at_fees(0, 0));
    const SimulationPlan rise = small_example_plan(file, false, near_a_shard_at_fees(80, 29));
    const SimulationPlan cut = small_plan_with_offers(file, near_a_shard_at_fees(30, 9));
    const std::vector<const SimulationPlan*> plans{&base, &rise, &cut};
    const std::vector<PlanPairing> pairings{{2, 0}, {2, 1}};
    ASSERT_TRUE(shards_align(plans));
    // The cohorts differ: the cut's mass cohorts fill two shards, the rise's fewer customers.
    const auto shards = [](const SimulationPlan& plan) { return CustomerStore::layout(plan).shards.size(); };
    ASSERT_GT(shards(cut), shards(base));
    ASSERT_EQ(shards(rise), shards(base));
    ASSERT_NE(shard_bounds(rise), shard_bounds(base));
    const LockstepRun whole = run_lockstep(plans, pairings, RunConfig::of(2, 7, 2));
    ASSERT_GT(sum_of(whole.cannibalised[0]), 0.0);
    ASSERT_GT(sum_of(whole.cannibalised[1]), 0.0);
    ASSERT_GT(sum_of(whole.tails[2].months_left), sum_of(whole.tails[0].months_left));
    const std::string bytes = lockstep_bytes(whole);
    for (const int ranks : {2, 3, 5}) {
        // Some rank holds more shards of the cut than of the baseline: the plans' parts differ.
        const std::vector<LockstepPart> parts = parts_by_rank(plans, ranks);
        EXPECT_TRUE(std::any_of(parts.begin(), parts.end(), [](const LockstepPart& p) {
            return p.shards[2].count > p.shards[0].count;
        })) << ranks;
        EXPECT_EQ(lockstep_in_shared_shards(plans, pairings, 2, ranks), bytes) << ranks;
    }
}

// Plans whose segments differ (a variant that adds one, drops one or lists them in another
// order) cannot share their shards: the ranks split their replications instead. Cohorts of
// other sizes (a fee that moves gross adds) can.
TEST(RankSplit, PlansShareShardsOnlyWhereTheirSegmentsAlign) {
    const SimulationPlan base = small_example_plan("scenarios/baseline.yaml", false);
    const SimulationPlan offers = small_plan_with_offers("scenarios/baseline.yaml");
    const SimulationPlan cut =
        small_example_plan("scenarios/baseline.yaml", false, near_a_shard_at_fees(30, 9));
    const SimulationPlan handsets = small_example_plan("scenarios/examples/handset_cdma_winback.yaml", false);
    const SimulationPlan reordered =
        small_example_plan("scenarios/baseline.yaml", false,
                           [](scenario::Scenario& sc) { std::swap(sc.segments[1], sc.segments[2]); });
    const SimulationPlan dropped =
        small_example_plan("scenarios/baseline.yaml", false,
                           [](scenario::Scenario& sc) { sc.segments.erase(sc.segments.begin() + 2); });
    EXPECT_TRUE(shards_align({&base, &offers}));
    EXPECT_TRUE(shards_align({&base, &cut, &offers}));
    EXPECT_FALSE(shards_align({&base, &handsets}));
    EXPECT_FALSE(shards_align({&handsets, &base}));
    EXPECT_FALSE(shards_align({&base, &reordered}));
    EXPECT_FALSE(shards_align({&base, &dropped}));
    EXPECT_EQ(lockstep_split({&base, &offers}, RunConfig::of(1, 7, 1)), RankSplit::alone);
}

// One plan's part of every rank is shards_by_rank's cut of its shards.
TEST(RankSplit, OnePlansPartsAreItsShardsByRank) {
    const SimulationPlan plan = small_example_plan("scenarios/examples/mass_choice_tariffs.yaml", false);
    for (const int ranks : {2, 3, 5}) {
        const std::vector<ShardRange> ranges =
            shards_by_rank(CustomerStore::layout(plan), plan.horizon_months, ranks);
        const std::vector<LockstepPart> parts = parts_by_rank({&plan}, ranks);
        ASSERT_EQ(parts.size(), ranges.size());
        for (std::size_t r = 0; r < parts.size(); ++r) {
            EXPECT_EQ(parts[r].groups.first, ranges[r].first) << ranks << ", rank " << r;
            EXPECT_EQ(parts[r].groups.count, ranges[r].count) << ranks << ", rank " << r;
            EXPECT_EQ(parts[r].shards.front().first, ranges[r].first) << ranks << ", rank " << r;
            EXPECT_EQ(parts[r].shards.front().count, ranges[r].count) << ranks << ", rank " << r;
        }
    }
}

// Each rank steps a share of every month's shards; a run with plan choice, offers, contracts
// and gross adds (later cohorts, less work a shard) is the whole run, bit for bit.
TEST(RankSplit, SharedShardsOfARunPutTogetherAreTheWholeRunBitForBit) {
    const SimulationPlan plan = small_example_plan("scenarios/examples/mass_choice_tariffs.yaml", false);
    ASSERT_GT(CustomerStore::layout(plan).shards.size(), 8u);
    const std::string whole = cube_bytes(run_simulation(plan, RunConfig::of(2, 7, 2)));
    for (const int ranks : {2, 3, 5})
        EXPECT_EQ(cube_bytes(run_in_shared_shards(plan, 2, ranks)), whole) << ranks;
}

// A retention campaign ranks the whole base each month: each rank ranks its own shards and
// the ranks merge their lists, so its contacts, and the whole run, are one process's. The
// campaign's capacity is cut so that it binds: the merge, not the candidates' number, decides.
TEST(RankSplit, RetentionRankedOnEachRankAndMergedIsTheWholeRunBitForBit) {
    SimulationPlan plan = small_example_plan("scenarios/examples/customer_behaviour.yaml", false);
    ASSERT_FALSE(plan.behaviour.campaigns.empty());
    for (auto& campaign : plan.behaviour.campaigns) campaign.contacts_per_month = 150;
    const MetricCube whole = run_simulation(plan, RunConfig::of(2, 7, 2));
    const int month = plan.behaviour.campaigns.front().start_month + 1;
    ASSERT_EQ(whole.at(0, month - 1, whole.total_row(), Metric::retention_contacts), 150.0);
    for (const int ranks : {2, 3, 5})
        EXPECT_EQ(cube_bytes(run_in_shared_shards(plan, 2, ranks)), cube_bytes(whole)) << ranks;
}

// Our churners feed the win-back pool on the rank that steps them: the ranks exchange them,
// so every rank's campaign takes the whole pool in shard order, contacts the same customers,
// and each rank joins the converts of its own won-back shards. The rival's customers share
// the pool and the capacity is cut so that it binds: the pool's order, not its size, decides.
TEST(RankSplit, WinBackPoolSharedByTheRanksIsTheWholeRunBitForBit) {
    const SimulationPlan plan = small_example_plan("scenarios/examples/win_back_own_churners.yaml", false,
                                                   [](scenario::Scenario& sc) {
                                                       sc.win_back->pool_size = 2000;
                                                       sc.win_back->account_managers = 1;
                                                       sc.win_back->contacts_per_manager_per_month = 40;
                                                   });
    const MetricCube whole = run_simulation(plan, RunConfig::of(2, 7, 2));
    const WinBackTally& tally = whole.win_back.front();
    ASSERT_GT(tally.churners_joined, 0.0);
    double contacted = 0.0, reported = 0.0;
    for (double c : tally.contacted) contacted += c;
    for (double r : tally.reported) reported += r;
    ASSERT_EQ(contacted, 40.0 * (plan.horizon_months - 1));  // capacity binds every month from 2
    ASSERT_GT(reported, 0.0);
    double won_back_adds = 0.0;  // the converts who joined, in their won-back segments' rows
    for (std::size_t seg = 0; seg < plan.segments.size(); ++seg)
        if (plan.segments[seg].won_back())
            for (int m = 0; m < plan.horizon_months; ++m)
                won_back_adds += whole.at(0, m, plan.cube_row(static_cast<int>(seg)), Metric::gross_adds);
    ASSERT_GT(won_back_adds, 0.0);
    for (const int ranks : {2, 3, 5})
        EXPECT_EQ(cube_bytes(run_in_shared_shards(plan, 2, ranks)), cube_bytes(whole)) << ranks;
}

// Many groups of tendered staff (the example's one, 40 times over), their members in
// several shards, so that the ranks cut the staff between them and groups have members on
// two ranks.
SimulationPlan many_groups_plan(const std::string& file) {
    return small_example_plan(file, false, [](scenario::Scenario& sc) {
        constexpr int groups = 40;
        sc.groups->classes.front().count = groups;
        for (auto& s : sc.segments)
            if (s.id == "tender_staff") s.size = groups * 650;  // 600 on-net staff a group, and room
    });
}

// Whether some rank's shards begin inside the initial cohort of the plan's segment `id`.
bool ranks_cut_segment(const SimulationPlan& plan, const std::string& id, int ranks) {
    const StoreLayout layout = CustomerStore::layout(plan);
    for (const ShardRange& r : shards_by_rank(layout, plan.horizon_months, ranks)) {
        if (r.count == 0 || r.first == 0) continue;
        const Shard& first = layout.shards[r.first];
        const Cohort& cohort = layout.cohorts[static_cast<std::size_t>(first.cohort)];
        if (plan.segments[static_cast<std::size_t>(cohort.segment)].id == id && cohort.join_month == 0 &&
            first.begin > cohort.begin)
            return true;
    }
    return false;
}

// Groups whose members are customers on several ranks: each rank counts its own members of
// each group (alive, bound, who would follow a switch), the ranks sum the counts and every
// rank steps every group on the sums; each rank churns its own followers and fills its own
// joiners' slots. Joiners, switches and a price match are all in play.
TEST(RankSplit, GroupsCountedOnEachRankAndSummedAreTheWholeRunBitForBit) {
    for (const std::string file :
         {"scenarios/examples/group_joiners.yaml", "scenarios/examples/group_tender_match.yaml"}) {
        const SimulationPlan plan = many_groups_plan(file);
        const MetricCube whole = run_simulation(plan, RunConfig::of(2, 7, 2));
        const GroupReplication& groups = whole.group_runs.front();
        double switches = 0.0, followers = 0.0;
        for (double s : groups.switches) switches += s;
        for (int m = 0; m < plan.horizon_months; ++m)
            followers += whole.at(0, m, whole.total_row(), Metric::churners_group_switch);
        ASSERT_GT(switches, 0.0) << file;
        ASSERT_GT(followers, 0.0) << file;
        // Each file's own lever: members who join, or a matched price.
        ASSERT_GT(file.find("joiners") != std::string::npos ? groups.members_joined : groups.price_matches,
                  0.0)
            << file;
        for (const int ranks : {2, 3, 5}) {
            EXPECT_TRUE(ranks_cut_segment(plan, "tender_staff", ranks)) << file << ", " << ranks;
            EXPECT_EQ(cube_bytes(run_in_shared_shards(plan, 2, ranks)), cube_bytes(whole))
                << file << ", " << ranks;
        }
    }
}

TEST(RankSplit, EachRankHasConsecutiveShardsAndAboutAnEvenShareOfTheWork) {
    const SimulationPlan plan = small_example_plan("scenarios/baseline.yaml", false);
    const StoreLayout layout = CustomerStore::layout(plan);
    std::vector<std::int64_t> work;  // each shard's customer-months
    std::int64_t total = 0, largest = 0;
    for (const Shard& shard : layout.shards) {
        const int join = layout.cohorts[static_cast<std::size_t>(shard.cohort)].join_month;
        work.push_back((shard.end - shard.begin) * (plan.horizon_months - std::max(join, 1) + 1));
        total += work.back();
        largest = std::max(largest, work.back());
    }
    for (const int ranks : {1, 2, 3, 8, 1000}) {
        const std::vector<ShardRange> ranges = shards_by_rank(layout, plan.horizon_months, ranks);
        ASSERT_EQ(ranges.size(), static_cast<std::size_t>(ranks));
        std::size_t next = 0;
        for (const ShardRange& r : ranges) {
            EXPECT_EQ(r.first, next) << ranks;
            next += r.count;
            std::int64_t mine = 0;
            for (std::size_t s = r.first; s < r.first + r.count; ++s) mine += work[s];
            // Cut at the first shard that reaches the even share: off by less than one shard.
            EXPECT_LE(std::abs(static_cast<double>(mine) - static_cast<double>(total) / ranks),
                      static_cast<double>(largest))
                << ranks;
        }
        EXPECT_EQ(next, layout.shards.size()) << ranks;
    }
}

// Alone, every run is one rank's: no rank splits what one process steps.
TEST(RankSplit, ARunAloneIsOneRanks) {
    EXPECT_EQ(rank_split(small_example_plan("scenarios/baseline.yaml", false), RunConfig::of(1, 7, 1)),
              RankSplit::alone);
}

// The per-customer views of the docs' example (VIP levels, ARPU bands, a retention campaign):
// each rank tallies and keeps the margins of its own shards, the ranks exchange the tallies by
// shard and sum and rank their margins together (engine/sim/margin_sums.hpp), so every
// figure of the views, the top fifth's margin among them, is the whole run's bit for bit.
TEST(RankSplit, ViewsOnSharedShardsAreTheWholeRunBitForBit) {
    const SimulationPlan plan = small_example_plan("docs/examples/customer_views.yaml");
    ASSERT_TRUE(plan.views.enabled);
    ASSERT_GT(CustomerStore::layout(plan).shards.size(), 8u);
    const MetricCube whole = run_simulation(plan, RunConfig::of(2, 7, 2));
    ASSERT_GT(whole.views.levels, 1);
    double top_fifth = 0.0;
    for (int m = 0; m < plan.horizon_months; ++m)
        top_fifth += whole.views.margin_at(1, m, CustomerViewCube::top_fifth);
    ASSERT_GT(top_fifth, 0.0);
    for (const int ranks : {2, 3, 5})
        EXPECT_EQ(cube_bytes(run_in_shared_shards(plan, 2, ranks)), cube_bytes(whole)) << ranks;
}

// A comparison of two plans with views, on ranks that share the shards of both: each plan's
// views are exchanged and ranked as a run's are, within the lockstep.
TEST(RankSplit, ViewsOfALockstepOnSharedShardsAreTheWholeLockstepBitForBit) {
    const auto views_and_cut_campaigns = [](scenario::Scenario& sc) {
        sc.reporting.customer_views = true;
        for (auto& campaign : sc.retention_campaigns) campaign.contacts_per_month = 150;
    };
    const std::string file = "scenarios/examples/customer_behaviour.yaml";
    const SimulationPlan base = small_example_plan(file, true, views_and_cut_campaigns);
    const SimulationPlan offers = small_plan_with_offers(file, views_and_cut_campaigns);
    const std::vector<const SimulationPlan*> plans{&base, &offers};
    const std::vector<PlanPairing> pairings{{1, 0}};
    ASSERT_TRUE(shards_align(plans));
    const LockstepRun whole = run_lockstep(plans, pairings, RunConfig::of(2, 7, 2));
    ASSERT_TRUE(whole.cubes[0].views.enabled());
    ASSERT_TRUE(whole.cubes[1].views.enabled());
    ASSERT_GT(sum_of(whole.cannibalised[0]), 0.0);
    const std::string bytes = lockstep_bytes(whole);
    for (const int ranks : {2, 3, 5})
        EXPECT_EQ(lockstep_in_shared_shards(plans, pairings, 2, ranks), bytes) << ranks;
}

TEST(CubeBytes, AFigureChangedChangesTheBytesAndCutBytesAreRefused) {
    const SimulationPlan plan = small_example_plan("scenarios/examples/group_joiners.yaml");
    MetricCube cube = run_simulation(plan, RunConfig::of(1, 7, 1));
    const std::string bytes = cube_bytes(cube);
    ASSERT_FALSE(cube.group_runs.empty());
    cube.group_runs.front().members_joined += 1.0;  // the last field of the deepest part
    EXPECT_NE(cube_bytes(cube), bytes);
    EXPECT_EQ(cube_bytes(cube_from_bytes(cube_bytes(cube))), cube_bytes(cube));
    EXPECT_THROW(cube_from_bytes(std::string_view(bytes).substr(0, bytes.size() - 1)), RunError);
    EXPECT_THROW(cube_from_bytes(bytes + "x"), RunError);
}

// Alone (no launcher), the split is the identity: one rank, every replication, no MPI.
TEST(RankSplit, AloneOneRankGathersItsOwnBytes) {
    const RunConfig config = RunConfig::of(4, 1, 1);
    int runs = 0;
    const auto parts = gather_slices(config, [&](const RunConfig& slice) {
        ++runs;
        EXPECT_EQ(slice.replications, 4);
        EXPECT_EQ(slice.first_replication, 0);
        return std::string("mine");
    });
    EXPECT_EQ(runs, 1);
    EXPECT_EQ(parts, std::vector<std::string>{"mine"});
}

TEST(RankSplit, AFailureIsThrownWithItsKind) {
    const RunConfig config = RunConfig::of(2, 1, 1);
    EXPECT_THROW(gather_slices(config, [](const RunConfig&) -> std::string { throw RunError("stopped"); }),
                 RunError);
    EXPECT_THROW(gather_slices(config,
                               [](const RunConfig&) -> std::string {
                                   throw InputError({{SourcePos{"f.yaml", 1, 1}, "bad"}});
                               }),
                 InputError);
}

}  // namespace
}  // namespace offersim::sim
