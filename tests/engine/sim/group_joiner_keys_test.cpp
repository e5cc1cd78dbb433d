// Joiners of in-store groups draw by their identity (docs/models.md §28.2, "Keys"): a variant
// that adds an adoption, changes one class's member growth or adds new groups leaves every
// other joiner's bills and churn month bit for bit, though their slots move in the store; and
// joiners take the segment's device offers as its gross adds do (new_share, lock-in).
#include "engine/scenario/group_joiners.hpp"
#include "engine/sim/group_members.hpp"
#include "engine/sim/plan_stepper.hpp"
#include "engine/sim/run.hpp"
#include "tests/engine/sim/staff_groups_scenario.hpp"

#include <gtest/gtest.h>
#include <cmath>
#include <map>
#include <string>
#include <tuple>
#include <vector>

namespace offersim::sim {
namespace group_joiner_keys_test {

constexpr int kHorizon = 8;
constexpr double kStaffHazard = 0.02;  // the staff segment's constant monthly hazard
constexpr double kNewShare = 0.5;      // of the staff's gross adds who take the handset
constexpr double kLockIn = 0.25;

// A handset under a 24-month contract that the staff's gross adds take.
const std::string kHandset = R"(offers:
  - id: phone
    kind: device_subsidy
    device: { device_cost_cny: 1650, retail_price_cny: 1999, subsidy_cny: 1200, contract_months: 24, lock_in_multiplier: 0.25 }
    take_up: { segments: [staff], new_share: 0.5 }
)";

std::string firm2_class(const std::string& growth) {
    return R"(    - id: firm2
      count: 3
      members: { distribution: fixed, mean: 100 }
      purity: 0.6
      key_persons: 5
      member_revenue_monthly_cny: 88
      member_growth_on_net_share: 0.5
      members_from: staff
      member_growth_monthly: )" +
           growth + "\n";
}

const std::string kAdoption =
    "    - { id: vnet, classes: [firm, firm2], month: 2, probability: 1, off_net_join_probability: 0.3, "
    "adds_bundle: false }\n";
const std::string kSecondAdoption =
    "    - { id: data, classes: [firm, firm2], month: 4, probability: 1, off_net_join_probability: 0.4, "
    "adds_bundle: false }\n";
const std::string kPark =
    "    - { id: park, class: firm, per_month: 1, from_month: 2, to_month: 3, purity: 0.5 }\n";
const std::string kEstate = "    - { id: estate, class: firm2, per_month: 1, from_month: 3, to_month: 4 }\n";

// Four firms and three of firm2 taking members from the staff, both growing, adopting in
// month 2, and new firms settling in a park; the variants add to it.
std::string scenario(const std::string& firm2_growth, const std::string& adoptions,
                     const std::string& new_groups) {
    return test::staff_groups_scenario("keys", kHorizon, 1500, 4, "0.6", kHandset) +
           "      member_growth_monthly: 1.5\n      member_growth_on_net_share: 0.4\n" +
           firm2_class(firm2_growth) + "  adoptions:\n" + adoptions + "  new_groups:\n" + new_groups;
}

// A joiner slot by its identity: its group's class or new_groups hash and index there, its
// kind, its adoption's id hash, its join month and its index in its block.
using Identity = std::tuple<std::uint32_t, std::uint32_t, int, std::uint32_t, int, std::int64_t>;

struct Slot {
    std::size_t store_index = 0;
    std::int64_t place_in_cohort = 0;
    std::uint32_t class_identity = 0;
};

std::map<Identity, Slot> joiner_slots(const SimulationPlan& plan, const CustomerStore& store) {
    const GroupMembersPlan& m = *plan.group_members;
    std::vector<std::int64_t> segment_begin(plan.segments.size(), -1);
    std::vector<std::int64_t> cohort_begin(plan.segments.size() * (kHorizon + 1), 0);
    for (const Cohort& c : store.cohorts()) {
        const auto s = static_cast<std::size_t>(c.segment);
        if (segment_begin[s] < 0) segment_begin[s] = c.begin;
        cohort_begin[s * (kHorizon + 1) + static_cast<std::size_t>(c.join_month)] = c.begin;
    }
    std::map<Identity, Slot> slots;
    for (std::size_t b = 0; b < m.joiners.blocks.size(); ++b) {
        const auto s = m.block_segment[b];
        if (s < 0) continue;
        const scenario::JoinerBlock& block = m.joiners.blocks[b];
        const scenario::StoreGroupPlace& group = m.joiners.groups[block.group];
        const std::int64_t begin = segment_begin[static_cast<std::size_t>(s)] + m.block_offset[b];
        for (std::int64_t k = 0; k < block.capacity; ++k)
            slots[Identity{group.identity, group.index, static_cast<int>(block.kind), block.item_key,
                           block.join_month, k}] =
                Slot{static_cast<std::size_t>(begin + k),
                     begin + k -
                         cohort_begin[static_cast<std::size_t>(s) * (kHorizon + 1) +
                                      static_cast<std::size_t>(block.join_month)],
                     group.identity};
    }
    return slots;
}

// Per joiner, month by month over two replications: its bill and whether it is still ours at
// the month's end.
struct JoinerFigures {
    std::map<Identity, Slot> slots;
    std::map<Identity, std::vector<double>> figures;
    double filled = 0.0;
};

JoinerFigures run_joiners(const SimulationPlan& plan) {
    PlanStepper stepper(plan, 2);
    JoinerFigures out;
    out.slots = joiner_slots(plan, stepper.store());
    const auto n = static_cast<std::size_t>(stepper.store().size());
    for (int rep = 0; rep < 2; ++rep) {
        const PhiloxKey key = replication_key(20091001u, static_cast<std::uint32_t>(rep));
        for (int month = 1; month <= kHorizon; ++month) {
            stepper.start_month(rep, month, key);
            std::vector<double> bills(n, 0.0);
            for (std::size_t s = 0; s < stepper.shards().size(); ++s)
                stepper.step(s, month, key, bills.data() + stepper.shards()[s].begin);
            stepper.finish_month(rep, month);
            for (const auto& [identity, slot] : out.slots) {
                auto& f = out.figures[identity];
                f.push_back(bills[slot.store_index]);
                f.push_back(stepper.store().alive[slot.store_index]);
                out.filled += month == kHorizon ? bills[slot.store_index] > 0.0 : 0.0;
            }
        }
    }
    return out;
}

// Every joiner of the base (but those of the class `changed`, hashed) has the same figures
// in the variant; some of them sit at another place in their cohort there.
void expect_other_joiners_unmoved(const std::string& variant_text, std::uint32_t changed) {
    const JoinerFigures base = run_joiners(test::plan_of(scenario("1", kAdoption, kPark)));
    const JoinerFigures variant = run_joiners(test::plan_of(variant_text));
    ASSERT_GT(base.filled, 100.0);  // joiners billed in the last month: the test covers them
    int compared = 0, moved = 0;
    for (const auto& [identity, slot] : base.slots) {
        if (slot.class_identity == changed) continue;
        const auto there = variant.slots.find(identity);
        ASSERT_NE(there, variant.slots.end());
        moved += there->second.place_in_cohort != slot.place_in_cohort;
        EXPECT_EQ(base.figures.at(identity), variant.figures.at(identity));
        ++compared;
    }
    EXPECT_GT(compared, 500);
    EXPECT_GT(moved, 0);  // keyed by their place, these would draw anew
}

TEST(GroupJoinerKeys, ASecondAdoptionLeavesEveryOtherJoinersBillsAndChurnBitForBit) {
    expect_other_joiners_unmoved(scenario("1", kAdoption + kSecondAdoption, kPark), 0);
}

TEST(GroupJoinerKeys, AnotherClasssGrowthLeavesTheOtherClasssJoinersBitForBit) {
    expect_other_joiners_unmoved(scenario("2.5", kAdoption, kPark), stable_hash("firm2"));
}

TEST(GroupJoinerKeys, NewGroupsLeaveEveryOtherJoinerBitForBit) {
    // The new entry is written first: the park's firms' slots move up in the store.
    expect_other_joiners_unmoved(scenario("1", kAdoption, kEstate + kPark), 0);
}

TEST(GroupJoinerKeys, ResultsAreBitIdenticalForOneTwoAndEightThreads) {
    test::expect_group_figures_thread_invariant(
        test::plan_of(scenario("1", kAdoption + kSecondAdoption, kPark + kEstate)));
}

TEST(GroupJoinerKeys, JoinersTakeTheSegmentsHandsetAtItsNewShareAndItsLockInLowersTheirChurn) {
    // A joiner is a gross add of its segment (§28.2): in its join month it takes the staff's
    // handset with new_share 0.5, and while its contract runs it leaves with h x 0.25.
    const SimulationPlan plan = test::plan_of(
        test::staff_groups_scenario("handset", kHorizon, 3000, 20, "0.6", kHandset) +
        "      member_growth_monthly: 1.5\n      member_growth_on_net_share: 0.4\n  adoptions:\n"
        "    - { id: vnet, classes: [firm], month: 2, probability: 1, off_net_join_probability: 0.3, "
        "adds_bundle: false }\n  new_groups:\n" +
        kPark);
    constexpr int kReps = 8;
    PlanStepper stepper(plan, kReps);
    const std::map<Identity, Slot> slots = joiner_slots(plan, stepper.store());
    const auto n = static_cast<std::size_t>(stepper.store().size());
    double joined = 0.0, holders = 0.0;
    double at_risk[2] = {0.0, 0.0}, left[2] = {0.0, 0.0};  // [holds the handset]
    for (int rep = 0; rep < kReps; ++rep) {
        const PhiloxKey key = replication_key(7u, static_cast<std::uint32_t>(rep));
        for (int month = 1; month <= kHorizon; ++month) {
            stepper.start_month(rep, month, key);
            std::vector<std::uint8_t> active(n, 0);
            for (std::size_t s = 0; s < stepper.shards().size(); ++s)
                stepper.step(s, month, key, nullptr, active.data() + stepper.shards()[s].begin);
            stepper.finish_month(rep, month);
            const CustomerStore& store = stepper.store();
            for (const auto& [identity, slot] : slots) {
                if (!active[slot.store_index]) continue;
                const int holds = store.offer[slot.store_index] != 0 ? 1 : 0;
                if (std::get<4>(identity) == month) {  // its join month
                    joined += 1.0;
                    holders += holds;
                }
                at_risk[holds] += 1.0;
                left[holds] += store.alive[slot.store_index] ? 0.0 : 1.0;
            }
        }
    }
    ASSERT_GT(joined, 1000.0);
    EXPECT_NEAR(holders / joined, kNewShare, 4.0 * std::sqrt(kNewShare * (1.0 - kNewShare) / joined));
    const double locked = kStaffHazard * kLockIn;
    EXPECT_NEAR(left[1] / at_risk[1], locked, 4.0 * std::sqrt(locked * (1.0 - locked) / at_risk[1]));
    EXPECT_NEAR(left[0] / at_risk[0], kStaffHazard,
                4.0 * std::sqrt(kStaffHazard * (1.0 - kStaffHazard) / at_risk[0]));
    // The take-ups are the handset's account's, and its only takers are the joiners.
    double take_ups = 0.0;
    for (int rep = 0; rep < kReps; ++rep)
        for (int m = 0; m < kHorizon; ++m)
            take_ups += stepper.cube().offer_at(rep, m, 0, OfferMetric::take_ups);
    EXPECT_EQ(take_ups, holders);
}

TEST(GroupJoinerKeys, TheTablesByGroupIndexAreInTheMemoryEstimate) {
    // docs/models.md §29.1, "Cost": ten more in-store groups (no joiners, so nothing else
    // changes) add ten entries to the store's cut-and-odds table and the plan's beta-and-factor,
    // and ten rows of member counts, this process's and their sum (one rank of one).
    const SimulationPlan ten_groups = test::plan_of(test::staff_groups_scenario("t", 6, 2000, 10, "0.6"));
    const MemoryEstimate ten = estimate_memory(ten_groups, 1, 1);
    const MemoryEstimate twenty =
        estimate_memory(test::plan_of(test::staff_groups_scenario("t", 6, 2000, 20, "0.6")), 1, 1);
    EXPECT_EQ(twenty.customers, ten.customers);
    EXPECT_EQ(twenty.shard_bytes - ten.shard_bytes,
              10.0 * (12.0 + 2.0 * static_cast<double>(GroupsInStore::count_bytes_per_group(ten_groups))));
    EXPECT_EQ(twenty.table_bytes - ten.table_bytes, 10.0 * 12.0);
}

}  // namespace group_joiner_keys_test
}  // namespace offersim::sim
