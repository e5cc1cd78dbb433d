#pragma once
// The win-back campaign (回流): a pool of competitors' customers with simulated monthly
// minutes to us and calling circles, targeted by the plan's traffic rule, contacted within
// account-manager capacity, converted by offer, and judged by the two-part success test,
// which tells real switchers from second SIMs. Converts join the customer base in the month
// after their switch (docs/models.md, "Won-back customers in the base"): each contacted
// customer has a dormant slot there, and the campaign's replication says who fills it.
// Draws are keyed by (seed, replication, campaign id, customer, month), so results do not
// depend on the thread count and variants share random numbers.
#include "engine/core/philox.hpp"
#include "engine/scenario/scenario.hpp"
#include "engine/sim/customer_store.hpp"
#include "engine/sim/metric_cube.hpp"
#include "engine/sim/module_samples.hpp"
#include "engine/sim/monthly_step.hpp"
#include "engine/sim/plan.hpp"
#include "engine/sim/results.hpp"
#include "engine/sim/simulation.hpp"

#include <cstdint>
#include <vector>

namespace offersim::sim {

// What became of one contacted pool customer.
enum class WinBackOutcome : std::uint8_t { stayed = 0, switched = 1, second_sim = 2 };

// One pool customer the campaign contacted, in contact order within its month.
struct WinBackContact {
    std::int64_t customer = 0;      // its index in the pool: the key of its draws
    float base_average_min = 0.0f;  // its mean monthly minutes to us over the base period
    std::uint8_t network = 0;       // scenario::CompetitorNetwork
    WinBackOutcome outcome = WinBackOutcome::stayed;
};

// One replication's contacts, by contact month (index month - first_month).
struct WinBackContacts {
    int first_month = 1;
    std::vector<std::vector<WinBackContact>> by_month;

    // The k-th customer contacted in `month`; nullptr when there was none.
    const WinBackContact* at(int month, std::int64_t k) const;
};

// The campaign frozen for a run (its tables; defined in win_back.cpp), which a plan with a
// win-back campaign holds (SimulationPlan::win_back).
struct WinBackPlan;

// The most customers the campaign can contact in `month` (its capacity, within its window
// and the pool): the dormant slots kept for that month's converts.
std::int64_t win_back_slots(const scenario::WinBackSpec& spec, int month, int horizon);

// Adds the segments the converts join, switchers and second SIMs, to `plan` (whose own
// segments are compiled): one cohort of dormant slots per month after a contact month.
void append_won_back_segments(SimulationPlan& plan, const scenario::Scenario& sc);

// Replication `replication_key` of the campaign: who was contacted, and who converted how.
void win_back_contacts(const WinBackPlan& plan, PhiloxKey replication_key, WinBackContacts& out);

// Brings the converts of `shard` (a won-back cohort) to life for one replication, as they
// are when they join: tier or device offer, usage from their own streams, tenure 0; books
// rewards and offer take-ups into `out`. Slots nobody filled stay dormant (alive = 0).
void join_won_back(const SimulationPlan& plan, CustomerStore& store, const Shard& shard,
                   const WinBackContacts& contacts, PhiloxKey replication_key, ShardMonth& out);

// The minutes the active converts of `shard` (a won-back cohort) no longer call us from the
// rival's network this month, whole minutes each: their base-period average less what the
// old number keeps calling (docs/models.md, "Interconnect").
double won_back_inbound_min_lost(const SimulationPlan& plan, const CustomerStore& store, const Shard& shard,
                                 const WinBackContacts& contacts);

// Runs `sc.win_back` (which must be set) over config's replications of its seed, spread
// over its threads, to the horizon of `sc`; stops with RunError when config.cancel is set.
// With `samples`, also adds each replication's win-back KPIs to it for comparisons.
WinBackResults run_win_back(const scenario::Scenario& sc, const RunConfig& config,
                            ModuleSamples* samples = nullptr);

// The converts' money, from their rows of `cube` (the won-back segments of `plan`): per
// replication into `samples` (revenue, subsidies and rewards, margin) and as bands into
// `results`. Their money is in the headline through the cube, not through the samples.
void add_won_back_money(const SimulationPlan& plan, const MetricCube& cube, ModuleSamples* samples,
                        WinBackResults& results);

}  // namespace offersim::sim
