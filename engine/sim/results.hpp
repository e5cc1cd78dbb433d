#pragma once
// What a run means: per-replication headline figures and monthly lines summarised over
// replications as mean, standard error and P5 / P50 / P95. Plain records; the report
// writers render them and compute nothing of their own.
#include "engine/sim/band.hpp"
#include "engine/sim/group_results.hpp"
#include "engine/sim/metric_cube.hpp"
#include "engine/sim/plan.hpp"

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace offersim::sim {

struct MonthlyLine {
    int month = 0;       // 1-based
    int segment = 0;     // index into segment_ids; segment_ids.size() - 1 is the whole base
    std::string metric;  // a Metric name or a ratio: churn_rate, arpu_cny, mou_min
    Band band;
};

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
};

// A time-bound event the report marks on its time axis (a competitor move).
struct EventMark {
    std::string id;
    std::string name;
    std::string kind;  // price_cut, free_handsets, bundle_attack, group_bid, other
    int start_month = 1;
    int end_month = 1;
};

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
    std::vector<MonthlyLine> monthly;
    std::vector<std::vector<Band>> tier_mix;  // [month][tier], active at month end
    std::vector<OfferSummary> offers;
    std::vector<EventMark> events;
    std::vector<std::vector<std::vector<Band>>> offer_monthly;  // [month][offer][OfferMetric], money in CNY
    std::vector<std::string> warnings;
    std::optional<GroupResults> groups;  // when the scenario has `groups:`

    const Band& headline(std::string_view key) const;
    const Band& line(int month, int segment, std::string_view metric) const;
};

// Names of the monthly lines in the order they appear in RunResults::monthly per row.
const std::vector<std::string>& monthly_metric_names();

// Each headline figure's value in every replication, keyed as RunResults::headlines:
// subscribers, churn, revenue, cost, margin, NPV, ARPU, MOU, then each cost line in CNY.
std::vector<std::pair<std::string, std::vector<double>>> headline_samples(const SimulationPlan& plan,
                                                                          const MetricCube& cube);

RunResults summarise_run(const SimulationPlan& plan, const MetricCube& cube, std::string name,
                         std::string title, std::uint64_t seed);

}  // namespace offersim::sim
