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
#include "engine/sim/win_back_tally.hpp"

#include <array>
#include <cstdint>
#include <memory>
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
    bool ours = false;             // one of our churners (docs/models.md §30)
    std::array<float, 3> usage{};  // ours: voice, data and sms propensities it had with us
};

// One of our customers who churned and joins the campaign's pool (docs/models.md §30): its
// identity, which keys its draws, and what it used with us.
struct WinBackChurner {
    std::uint32_t segment_stream = 0;  // its segment's stream key
    int join_month = 0;                // its cohort's
    std::int64_t index = 0;            // in its cohort
    float min_to_us = 0.0f;            // mean monthly minutes to our network while with us
    std::array<float, 3> usage{};      // voice, data and sms propensities
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

// One replication of the campaign as its months go: the rival's customers scanned once when
// it begins, our churners joining the pool as they leave, and each month's contacts taken
// heaviest callers first from whoever is in the pool then (docs/models.md §17, §27, §30).
class WinBackReplication {
public:
    WinBackReplication();
    ~WinBackReplication();
    WinBackReplication(WinBackReplication&&) noexcept;
    WinBackReplication& operator=(WinBackReplication&&) noexcept;

    // Starts replication `replication_key` of `plan`'s campaign.
    void begin(const WinBackPlan& plan, PhiloxKey replication_key);
    // Our churners who left in `month` (drawn into the pool already, in shard order); they
    // join the pool the feed's delay later.
    void add_churners(int month, const std::vector<WinBackChurner>& churners);
    // Contacts the month's targets (after the month's churners were added).
    void contact(int month);

    const WinBackContacts& contacts() const;
    const WinBackTally& tally() const;

private:
    struct State;
    std::unique_ptr<State> state_;
};

// Whether the churners of plan segment `segment` feed `plan`'s win-back pool.
bool feeds_win_back_pool(const SimulationPlan& plan, int segment);

// Our customers of `shard` (a cohort of a segment that feeds the pool) who churned in the
// month: alive before its step (`alive_before`, one flag per customer of the shard) and gone
// after. Each joins the pool with the feed's share, drawn by its identity; appends those.
void collect_pool_churners(const SimulationPlan& plan, const CustomerStore& store, const Shard& shard,
                           const std::uint8_t* alive_before, PhiloxKey replication_key,
                           std::vector<WinBackChurner>& out);

// The most customers the campaign can contact in `month` (its capacity, within its window
// and the pool): the dormant slots kept for that month's converts.
std::int64_t win_back_slots(const scenario::WinBackSpec& spec, int month, int horizon);

// Adds the segments the converts join, switchers and second SIMs, to `plan` (whose own
// segments are compiled): one cohort of dormant slots per month after a contact month.
void append_won_back_segments(SimulationPlan& plan, const scenario::Scenario& sc);

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

// Runs `sc.win_back` (which must be set) alone, on the rival's customers of its pool, over
// config's replications of its seed, spread over its threads, to the horizon of `sc`; stops
// with RunError when config.cancel is set. Our churners (from_churners) need the customer
// simulation: a scenario run counts them (summarise_win_back on its cube's tallies).
WinBackResults run_win_back(const scenario::Scenario& sc, const RunConfig& config,
                            ModuleSamples* samples = nullptr);

// The campaign's results from each replication's tally (by replication); with `samples`,
// also adds each replication's win-back KPIs to it for comparisons.
WinBackResults summarise_win_back(const scenario::WinBackSpec& spec, int horizon,
                                  const std::vector<WinBackTally>& tallies, ModuleSamples* samples = nullptr);

// The converts' money, from their rows of `cube` (the won-back segments of `plan`): per
// replication into `samples` (revenue, subsidies and rewards, margin) and as bands into
// `results`. Their money is in the headline through the cube, not through the samples.
void add_won_back_money(const SimulationPlan& plan, const MetricCube& cube, ModuleSamples* samples,
                        WinBackResults& results);

}  // namespace offersim::sim
