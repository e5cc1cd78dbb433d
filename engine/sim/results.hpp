#pragma once
// What a run means: per-replication headline figures, per-segment figures and monthly
// lines summarised over replications as mean, standard error and P5 / P50 / P95. Plain
// records; the report writers render them and compute nothing of their own.
#include "engine/sim/band.hpp"
#include "engine/sim/customer_view_results.hpp"
#include "engine/sim/group_results.hpp"
#include "engine/sim/metric_cube.hpp"
#include "engine/sim/module_samples.hpp"
#include "engine/sim/plan.hpp"
#include "engine/sim/uncertainty.hpp"
#include "engine/sim/unit_economics.hpp"

#include <array>
#include <atomic>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace offersim::sim {

struct MonthlyLine {
    int month = 0;       // 1-based
    int segment = 0;     // index into segment_ids; segment_ids.size() - 1 is the whole base
    std::string metric;  // a Metric name, a ratio (churn_rate, arpu_cny, mou_min) or survival
    Band band;
};

// A segment's figures over the horizon, or the whole base's: the headline figures of the
// same keys computed on its row, in each replication (docs/models.md, section 8). ARPU and
// the churn rate are each replication's ratio of horizon sums, summarised over the
// replications in which the row billed anyone (n counts them; all NaN when none did).
struct SegmentSummary {
    Band subscribers_start;
    Band subscribers_end;
    Band revenue_total_cny;
    Band arpu_cny;
    Band churn_rate_monthly;
};

// SegmentSummary's figures in table order, each under its headline key.
struct SegmentFigure {
    std::string_view key;
    Band SegmentSummary::*band;
};

inline constexpr std::array<SegmentFigure, 5> kSegmentFigures = {{
    {"subscribers_start", &SegmentSummary::subscribers_start},
    {"subscribers_end", &SegmentSummary::subscribers_end},
    {"revenue_total_cny", &SegmentSummary::revenue_total_cny},
    {"arpu_cny", &SegmentSummary::arpu_cny},
    {"churn_rate_monthly", &SegmentSummary::churn_rate_monthly},
}};

// An offer's figures over the horizon, each with its band over replications.
struct OfferSummary {
    std::string id;
    std::string name;
    Band take_ups;
    Band holders_end;
    Band revenue_cny;
    Band cost_cny;
    Band margin_cny;
    Band payback_month;              // of the offer's cumulative margin; horizon + 1 when it never pays back
    double payback_share = 0.0;      // of replications in which it pays back within the horizon
    std::vector<int> cohort_months;  // take-up months with takers
    std::vector<Band> cohort_payback_month;  // per such cohort, as payback_month
    OfferUnitEconomics unit;                 // docs/models.md, section 31
};

// A time-bound event the report marks on its time axis (a competitor move).
struct EventMark {
    std::string id;
    std::string name;
    std::string kind;  // price_cut, free_handsets, bundle_attack, group_bid, other
    int start_month = 1;
    int end_month = 1;
};

// Customers who moved from one tier to another by their own choice, over the horizon.
struct MigrationFlow {
    std::string from_tier;  // tier ids
    std::string to_tier;
    Band customers;
};

// What the behaviour models did (docs/models.md), present when the scenario uses any.
struct BehaviourSummary {
    std::vector<Headline> totals;           // horizon sums of the behaviour lines, keyed by metric name
    std::vector<MigrationFlow> migrations;  // flows with any customers, largest first
    std::vector<std::string> vip_levels;    // level ids, lowest band first
    std::vector<std::string> campaigns;     // retention campaign names
};

// A win-back campaign's figures for one region, or for all (target: their sum).
struct WinBackRegionResult {
    std::string id;
    std::string name;
    std::int64_t target = 0;
    Band eligible;            // passed the traffic rule, staff removed
    Band excluded_employees;  // competitors' staff who passed the rule
    Band contacted;
    Band reported;   // converts: what the region reports
    Band confirmed;  // passed the success test within the horizon
    Band pending;    // converts whose test month lies beyond the horizon
    Band reported_points;
    Band confirmed_points;  // the score the province gives
};

// A win-back campaign (回流) over replications: see engine/sim/win_back.hpp.
struct WinBackResults {
    std::string id;
    std::string name;
    int start_month = 1;
    int end_month = 1;
    std::int64_t pool_size = 0;
    std::int64_t monthly_capacity = 0;  // account managers x contacts per manager
    // Whether our churners feed the pool, and how many joined it within the horizon (§30).
    bool fed_by_churners = false;
    Band churners_joined;
    // The scenario's success test and scoring, for the texts that explain them: the months
    // after the switch the test reads, the points for reaching the target and the share of
    // it below which a region scores nothing.
    int test_first_month = 2;
    int test_last_month = 3;
    double full_points = 4.0;
    double zero_points_below = 0.9;
    std::vector<WinBackRegionResult> regions;
    WinBackRegionResult total;
    // By month (index month - 1): contacts, converts (switch month) and confirmations
    // (decision month), and the running totals of the last two.
    std::vector<Band> contacted_monthly;
    std::vector<Band> reported_monthly;
    std::vector<Band> confirmed_monthly;
    std::vector<Band> reported_cumulative;
    std::vector<Band> confirmed_cumulative;
    // Confirmed win-backs to the horizon in each replication, for solving on them.
    std::vector<double> confirmed_by_replication;
    // What the simulation knows and the operator does not: converts judged within the
    // horizon by their true kind, and how many of each the test confirmed.
    Band judged_switchers;
    Band judged_second_sims;
    Band confirmed_switchers;
    Band confirmed_second_sims;
    Band revenue_cny;       // the won-back segments' revenue to the horizon (from the cube)
    Band subsidy_cost_cny;  // handset subsidies and rewards paid to converts
};

// Which segments' churn answers our prices, and how strongly (docs/models.md, "Price
// response"); no segments: churn answers no price in this scenario.
struct PriceResponseSegment {
    std::string id;
    double churn_elasticity = 0.0;    // at the reference's mean bill and hazard
    double leave_per_cny = 0.0;       // beta
    std::vector<std::string> rivals;  // names of the rivals that reach it (docs/models.md, "Rivals")
    double discount_threshold = 0.0;  // the discount point's tau; 0: none
    double discount_strength = 0.0;
};

struct PriceResponseSummary {
    std::string reference;  // the name of the scenario whose prices the hazards were observed at
    std::vector<PriceResponseSegment> segments;
    // Offers (names) some customers take at a fixed share (take_up's new_share or
    // existing_share above 0): their fee, subsidy and gift move their revenue and cost, not
    // how many take them (docs/models.md, section 5).
    std::vector<std::string> fixed_share_offers;
    // Offers (names) a segment with plan_choice chooses among its alternatives, by expected
    // bill, overage risk and subsidy (section 13).
    std::vector<std::string> chosen_offers;
};

// Something a reader must know before trusting the figures, as values: the reports word it
// in their language.
enum class WarningKind {
    few_replications,         // the bands rest on fewer replications than `minimum`
    segment_emptied,          // `segment` has no customers left at the end of the horizon
    move_replaced_by_prices,  // competitor move `move`'s multiplier gave way to `rival`'s prices
    group_ids_ignored,        // `segment`'s extract rows carry group ids no class takes (§33)
};

struct RunWarning {
    WarningKind kind = WarningKind::few_replications;
    int replications = 0;
    int minimum = 0;
    std::string segment;  // a segment id
    std::string move;     // a competitor move's name
    std::string rival;    // a rival's name

    bool operator==(const RunWarning&) const = default;
};

// Fewer replications than this draw a warning.
inline constexpr int kMinimumReplications = 30;

struct RunResults {
    std::string scenario_name;
    std::string scenario_title;
    int horizon_months = 0;
    int replications = 0;
    std::uint64_t seed = 0;
    std::vector<std::string> segment_ids;    // then "all"
    std::vector<std::string> segment_names;  // then the whole base's name
    std::vector<std::string> tier_ids;
    std::vector<std::string> tier_names;
    std::vector<Headline> headlines;
    std::vector<SegmentSummary> segments;  // one per segment_ids entry: the segments, then the whole base
    std::vector<MonthlyLine> monthly;
    std::vector<std::vector<Band>> tier_mix;  // [month][tier], active at month end
    std::vector<OfferSummary> offers;
    std::vector<EventMark> events;
    std::vector<std::vector<std::vector<Band>>> offer_monthly;  // [month][offer][OfferMetric], money in CNY
    std::vector<RunWarning> warnings;
    std::optional<BehaviourSummary> behaviour;
    std::optional<WinBackResults> win_back;             // when the scenario runs a win-back campaign
    std::optional<GroupResults> groups;                 // when the scenario has `groups:`
    std::optional<CustomerViewResults> customer_views;  // when `reporting: {customer_views: true}`
    PriceResponseSummary price_response;
    // The uncertain inputs, the band's split and the tornado; none: the band is simulation noise only.
    UncertaintySummary uncertainty;

    const Band& headline(std::string_view key) const;
    const Band& line(int month, int segment, std::string_view metric) const;
};

// A monthly line's name in every output: its key in kMetricTable, with "_cny" for money.
std::string output_name(Metric m);

// Names of the monthly lines in the order they appear in RunResults::monthly per row.
const std::vector<std::string>& monthly_metric_names();

// Each headline figure's value in every replication, keyed as RunResults::headlines:
// subscribers, churn, revenue, cost, margin, NPV, ARPU, MOU, then each cost line in CNY.
// Revenue, cost, margin and NPV include the modules' money when `modules` is given
// (docs/models.md, section 23); the cost lines, ARPU and MOU are the customer base's.
std::vector<std::pair<std::string, std::vector<double>>> headline_samples(
    const SimulationPlan& plan, const MetricCube& cube, const ModuleSamples* modules = nullptr);

// Stops with RunError when `cancel` is set (checked every month of figures).
RunResults summarise_run(const SimulationPlan& plan, const MetricCube& cube, std::string name,
                         std::string title, std::uint64_t seed, const std::atomic<bool>* cancel = nullptr,
                         const ModuleSamples* modules = nullptr);

}  // namespace offersim::sim
