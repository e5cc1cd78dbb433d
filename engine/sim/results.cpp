#include "engine/sim/results.hpp"

#include "engine/core/error.hpp"
#include "engine/sim/customer_views.hpp"
#include "engine/sim/simulation.hpp"
#include "models/finance.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <optional>

namespace offersim::sim {

namespace {

double percentile_sorted(const std::vector<double>& sorted, double p) {
    if (sorted.size() == 1) return sorted.front();
    const double h = (static_cast<double>(sorted.size()) - 1.0) * p;
    const auto lo = static_cast<std::size_t>(std::floor(h));
    const std::size_t hi = std::min(lo + 1, sorted.size() - 1);
    return sorted[lo] + (h - static_cast<double>(lo)) * (sorted[hi] - sorted[lo]);
}

double ratio(double numerator, double denominator) {
    return denominator > 0.0 ? numerator / denominator : 0.0;
}

double cny(double fen) {
    return fen / 100.0;
}

// Replication `rep`'s sum of line `m` of `row` over the horizon.
double sum_months(const MetricCube& cube, int rep, int row, Metric m) {
    double s = 0.0;
    for (int t = 0; t < cube.months; ++t) s += cube.at(rep, t, row, m);
    return s;
}

// A row's horizon figures (docs/models.md, section 8), each over replications.
template <typename PerRep>
SegmentSummary summarise_segment(const MetricCube& cube, int row, const PerRep& per_rep) {
    // Per replication, Σ numerator / Σ active in the line's unit, where the row billed anyone.
    const auto per_billed_rep = [&](Metric numerator, double (*unit)(double)) {
        std::vector<std::optional<double>> values(static_cast<std::size_t>(cube.replications));
        for (int rep = 0; rep < cube.replications; ++rep) {
            const double billed = sum_months(cube, rep, row, Metric::active);
            if (billed > 0.0)
                values[static_cast<std::size_t>(rep)] = unit(sum_months(cube, rep, row, numerator) / billed);
        }
        return summarise_defined(values);
    };
    SegmentSummary s;
    s.subscribers_start = per_rep([&](int rep) {
        return cube.at(rep, 0, row, Metric::active) - cube.at(rep, 0, row, Metric::gross_adds);
    });
    s.subscribers_end =
        per_rep([&](int rep) { return cube.at(rep, cube.months - 1, row, Metric::active_end); });
    s.revenue_total_cny =
        per_rep([&](int rep) { return cny(sum_months(cube, rep, row, Metric::revenue_total)); });
    s.arpu_cny = per_billed_rep(Metric::revenue_total, cny);
    s.churn_rate_monthly = per_billed_rep(Metric::churners, [](double rate) { return rate; });
    return s;
}

// Payback month of a series of monthly margins (fen), horizon + 1 when it never pays back.
double payback_or_beyond(const std::vector<double>& margins) {
    const auto month = models::payback_month(margins);
    return month ? *month : static_cast<double>(margins.size()) + 1.0;
}

template <typename PerRep>
void summarise_offers(const SimulationPlan& plan, const MetricCube& cube, RunResults& r,
                      const PerRep& per_rep) {
    const int reps = cube.replications;
    const auto total = [&](int rep, int k, OfferMetric metric) {
        double s = 0.0;
        for (int t = 0; t < cube.months; ++t) s += cube.offer_at(rep, t, k, metric);
        return s;
    };
    for (int k = 0; k < cube.offers; ++k) {
        OfferSummary o;
        o.id = plan.offers[static_cast<std::size_t>(k)].id;
        o.name = plan.offers[static_cast<std::size_t>(k)].name;
        o.take_ups = per_rep([&](int rep) { return total(rep, k, OfferMetric::take_ups); });
        o.holders_end = per_rep([&](int rep) {
            return cube.offer_at(rep, cube.months - 1, k, OfferMetric::holders) -
                   cube.offer_at(rep, cube.months - 1, k, OfferMetric::churners);
        });
        o.revenue_cny = per_rep([&](int rep) { return total(rep, k, OfferMetric::revenue) / 100.0; });
        o.cost_cny = per_rep([&](int rep) { return total(rep, k, OfferMetric::cost) / 100.0; });
        o.margin_cny = per_rep([&](int rep) { return total(rep, k, OfferMetric::margin) / 100.0; });
        int paid_back = 0;
        // Counted from the launch month: before it the offer has nothing to pay back.
        const int launch = std::clamp(plan.offers[static_cast<std::size_t>(k)].launch_month, 1, cube.months);
        o.payback_month = per_rep([&](int rep) {
            std::vector<double> margins;
            for (int t = launch - 1; t < cube.months; ++t)
                margins.push_back(cube.offer_at(rep, t, k, OfferMetric::margin));
            const double month = launch - 1 + payback_or_beyond(margins);
            paid_back += month <= cube.months;
            return month;
        });
        o.payback_share = reps > 0 ? static_cast<double>(paid_back) / reps : 0.0;
        for (int c = 0; c < cube.months; ++c) {
            double takers = 0.0;
            for (int rep = 0; rep < reps; ++rep) takers += cube.offer_at(rep, c, k, OfferMetric::take_ups);
            if (takers == 0.0) continue;
            o.cohort_months.push_back(c + 1);
            o.cohort_payback_month.push_back(per_rep([&](int rep) {
                const int month = cube.cohort_at(rep, k, c).month;  // as payback_or_beyond
                return static_cast<double>(c + (month > 0 ? month : cube.months - c + 1));
            }));
        }
        o.unit = offer_unit_economics(plan, cube, k);
        r.offers.push_back(std::move(o));
    }
    for (int t = 0; t < cube.months; ++t) {
        std::vector<std::vector<Band>> month;
        for (int k = 0; k < cube.offers; ++k) {
            std::vector<Band> lines;
            for (int m = 0; m < kOfferMetricCount; ++m) {
                const auto metric = static_cast<OfferMetric>(m);
                const bool money = metric == OfferMetric::revenue || metric == OfferMetric::cost ||
                                   metric == OfferMetric::margin;
                lines.push_back(per_rep(
                    [&](int rep) { return cube.offer_at(rep, t, k, metric) / (money ? 100.0 : 1.0); }));
            }
            month.push_back(std::move(lines));
        }
        r.offer_monthly.push_back(std::move(month));
    }
}

// Which offers are taken at fixed shares and which are chosen (PriceResponseSummary), each
// named once, in the plan's order.
void summarise_take_up(const SimulationPlan& plan, PriceResponseSummary& out) {
    std::vector<bool> chosen(plan.offers.size(), false);
    for (const auto& seg : plan.segments)
        if (seg.choice.enabled)
            for (const ChoiceAlternative& a : seg.choice.alternatives)
                if (a.offer > 0) chosen[static_cast<std::size_t>(a.offer - 1)] = true;
    for (std::size_t k = 0; k < plan.offers.size(); ++k) {
        const OfferPlan& offer = plan.offers[k];
        const std::string& name = offer.name.empty() ? offer.id : offer.name;
        const bool open = std::any_of(offer.open_to_segment.begin(), offer.open_to_segment.end(),
                                      [](std::uint8_t o) { return o != 0; });
        if (open && (offer.new_share > 0.0 || offer.existing_share > 0.0))
            out.fixed_share_offers.push_back(name);
        if (chosen[k]) out.chosen_offers.push_back(name);
    }
}

}  // namespace

Band summarise_defined(const std::vector<std::optional<double>>& values) {
    std::vector<double> defined;
    for (const auto& v : values)
        if (v) defined.push_back(*v);
    if (defined.empty()) {
        const double nan = std::numeric_limits<double>::quiet_NaN();
        return Band{.mean = nan, .std_error = nan, .p5 = nan, .p50 = nan, .p95 = nan, .n = 0};
    }
    return summarise(std::move(defined));
}

Band summarise(std::vector<double> values) {
    Band b;
    b.n = static_cast<int>(values.size());
    if (values.empty()) return b;
    for (std::size_t i = 0; i < values.size(); ++i)
        require(std::isfinite(values[i]), "a non-finite value arose in replication {}", i + 1);
    double sum = 0.0;
    for (double v : values) sum += v;
    b.mean = sum / b.n;
    if (b.n > 1) {
        double squares = 0.0;
        for (double v : values) squares += (v - b.mean) * (v - b.mean);
        b.std_error = std::sqrt(squares / (b.n - 1) / b.n);
    }
    std::sort(values.begin(), values.end());
    b.p5 = percentile_sorted(values, 0.05);
    b.p50 = percentile_sorted(values, 0.50);
    b.p95 = percentile_sorted(values, 0.95);
    return b;
}

std::string output_name(Metric m) {
    const std::string key(metric_def(m).key);
    return is_money(m) ? key + "_cny" : key;
}

const std::vector<std::string>& monthly_metric_names() {
    static const std::vector<std::string> names = [] {
        std::vector<std::string> n;
        for (int m = 0; m < kMetricCount; ++m) n.push_back(output_name(static_cast<Metric>(m)));
        n.insert(n.end(), {"churn_rate", "arpu_cny", "mou_min", "survival"});
        return n;
    }();
    return names;
}

const Band& RunResults::headline(std::string_view key) const {
    for (const auto& h : headlines)
        if (h.key == key) return h.band;
    throw Error(fmt::format("no headline figure '{}'", key));
}

const Band& RunResults::line(int month, int segment, std::string_view metric) const {
    const auto& names = monthly_metric_names();
    const auto it = std::find(names.begin(), names.end(), metric);
    if (it == names.end()) throw Error(fmt::format("no monthly metric '{}'", metric));
    const std::size_t rows = segment_ids.size();
    const std::size_t index =
        ((static_cast<std::size_t>(month - 1) * rows) + static_cast<std::size_t>(segment)) * names.size() +
        static_cast<std::size_t>(it - names.begin());
    return monthly.at(index).band;
}

std::vector<std::pair<std::string, std::vector<double>>> headline_samples(const SimulationPlan& plan,
                                                                          const MetricCube& cube,
                                                                          const ModuleSamples* modules) {
    const int reps = cube.replications;
    const int all = cube.total_row();
    const auto sum_all = [&](int rep, Metric m) { return sum_months(cube, rep, all, m); };
    std::vector<std::pair<std::string, std::vector<double>>> samples;
    const auto add = [&](std::string key, auto&& figure) {
        std::vector<double> v(static_cast<std::size_t>(reps));
        for (int rep = 0; rep < reps; ++rep) v[static_cast<std::size_t>(rep)] = figure(rep);
        samples.emplace_back(std::move(key), std::move(v));
    };
    add("subscribers_start", [&](int rep) {
        return cube.at(rep, 0, all, Metric::active) - cube.at(rep, 0, all, Metric::gross_adds);
    });
    add("subscribers_end", [&](int rep) { return cube.at(rep, cube.months - 1, all, Metric::active_end); });
    add("gross_adds", [&](int rep) { return sum_all(rep, Metric::gross_adds); });
    add("churners", [&](int rep) { return sum_all(rep, Metric::churners); });
    add("churn_rate_monthly",
        [&](int rep) { return ratio(sum_all(rep, Metric::churners), sum_all(rep, Metric::active)); });
    // The modules' money beside the customer base's (0 without modules).
    const auto module_revenue = [&](int rep, int t) { return modules ? modules->revenue(rep, t) : 0.0; };
    const auto module_cost = [&](int rep, int t) { return modules ? modules->cost(rep, t) : 0.0; };
    const auto over_months = [&](int rep, auto&& monthly) {
        double s = 0.0;
        for (int t = 0; t < cube.months; ++t) s += monthly(rep, t);
        return s;
    };
    add("revenue_total_cny",
        [&](int rep) { return cny(sum_all(rep, Metric::revenue_total)) + over_months(rep, module_revenue); });
    add("cost_total_cny",
        [&](int rep) { return cny(sum_all(rep, Metric::cost_total)) + over_months(rep, module_cost); });
    add("margin_total_cny", [&](int rep) {
        return cny(sum_all(rep, Metric::margin)) + over_months(rep, module_revenue) -
               over_months(rep, module_cost);
    });
    add("npv_margin_cny", [&](int rep) {
        std::vector<double> flows(static_cast<std::size_t>(cube.months));
        for (int t = 0; t < cube.months; ++t)
            flows[static_cast<std::size_t>(t)] =
                cny(cube.at(rep, t, all, Metric::margin)) + module_revenue(rep, t) - module_cost(rep, t);
        return models::net_present_value(flows, plan.discount_rate_annual);
    });
    add("arpu_cny", [&](int rep) {
        return cny(ratio(sum_all(rep, Metric::revenue_total), sum_all(rep, Metric::active)));
    });
    add("mou_min",
        [&](int rep) { return ratio(sum_all(rep, Metric::voice_min), sum_all(rep, Metric::active)); });
    for (Metric line : kCostLines) add(output_name(line), [&](int rep) { return cny(sum_all(rep, line)); });
    return samples;
}

namespace {

// Horizon totals of the behaviour lines and the tier-to-tier flows of plan choice.
template <typename PerRep>
BehaviourSummary summarise_behaviour(const SimulationPlan& plan, const MetricCube& cube, PerRep&& per_rep) {
    BehaviourSummary b;
    const int all = cube.total_row();
    constexpr Metric lines[] = {Metric::plan_changes,   Metric::bill_shocks,        Metric::vip_upgrades,
                                Metric::vip_downgrades, Metric::retention_contacts, Metric::retention_accepts,
                                Metric::cost_retention};
    for (Metric line : lines)
        b.totals.push_back({output_name(line), per_rep([&](int rep) {
                                double sum = 0.0;
                                for (int t = 0; t < cube.months; ++t) sum += cube.at(rep, t, all, line);
                                return is_money(line) ? sum / 100.0 : sum;
                            })});
    for (int from = 0; from < cube.tiers; ++from)
        for (int to = 0; to < cube.tiers; ++to) {
            if (from == to) continue;
            Band flow = per_rep([&](int rep) {
                double sum = 0.0;
                for (int t = 0; t < cube.months; ++t) sum += cube.migration_at(rep, t, from, to);
                return sum;
            });
            if (flow.mean > 0.0)
                b.migrations.push_back({plan.tiers.ids[static_cast<std::size_t>(from)],
                                        plan.tiers.ids[static_cast<std::size_t>(to)], flow});
        }
    std::stable_sort(
        b.migrations.begin(), b.migrations.end(),
        [](const MigrationFlow& x, const MigrationFlow& y) { return x.customers.mean > y.customers.mean; });
    b.vip_levels = plan.behaviour.level_ids;
    for (const auto& c : plan.behaviour.campaigns) b.campaigns.push_back(c.name);
    return b;
}

}  // namespace

RunResults summarise_run(const SimulationPlan& plan, const MetricCube& cube, std::string name,
                         std::string title, std::uint64_t seed, const std::atomic<bool>* cancel,
                         const ModuleSamples* modules) {
    RunResults r;
    r.scenario_name = std::move(name);
    r.scenario_title = std::move(title);
    r.horizon_months = cube.months;
    r.replications = cube.replications;
    r.seed = seed;
    for (const auto& s : plan.segments) {
        if (s.source_segment >= 0) continue;  // group joiners are in their source's row (§28.2)
        r.segment_ids.push_back(s.id);
        r.segment_names.push_back(s.name);
    }
    r.segment_ids.push_back("all");
    r.segment_names.push_back("all");
    r.tier_ids = plan.tiers.ids;
    r.tier_names = plan.tiers.names;

    const int reps = cube.replications;
    const auto per_rep = [&](auto&& figure) {
        std::vector<double> v(static_cast<std::size_t>(reps));
        for (int rep = 0; rep < reps; ++rep) v[static_cast<std::size_t>(rep)] = figure(rep);
        return summarise(std::move(v));
    };
    for (auto& [key, values] : headline_samples(plan, cube, modules))
        r.headlines.push_back({key, summarise(std::move(values))});
    for (int row = 0; row <= cube.segments; ++row) {
        stop_if_cancelled(cancel);
        r.segments.push_back(summarise_segment(cube, row, per_rep));
    }

    // Each replication's survival to the end of month t, by row: prod_{u <= t} (1 - churn rate(u)).
    std::vector<double> survival(static_cast<std::size_t>((cube.segments + 1) * reps), 1.0);

    for (int t = 0; t < cube.months; ++t) {
        stop_if_cancelled(cancel);
        for (int row = 0; row <= cube.segments; ++row) {
            const auto at = [&](int rep, Metric m) { return cube.at(rep, t, row, m); };
            for (int m = 0; m < kMetricCount; ++m) {
                const auto metric = static_cast<Metric>(m);
                r.monthly.push_back({t + 1, row, output_name(metric), per_rep([&](int rep) {
                                         return is_money(metric) ? cny(at(rep, metric)) : at(rep, metric);
                                     })});
            }
            r.monthly.push_back({t + 1, row, "churn_rate", per_rep([&](int rep) {
                                     return ratio(at(rep, Metric::churners), at(rep, Metric::active));
                                 })});
            r.monthly.push_back({t + 1, row, "arpu_cny", per_rep([&](int rep) {
                                     return cny(
                                         ratio(at(rep, Metric::revenue_total), at(rep, Metric::active)));
                                 })});
            r.monthly.push_back({t + 1, row, "mou_min", per_rep([&](int rep) {
                                     return ratio(at(rep, Metric::voice_min), at(rep, Metric::active));
                                 })});
            double* row_survival = survival.data() + static_cast<std::ptrdiff_t>(row) * reps;
            for (int rep = 0; rep < reps; ++rep)
                row_survival[rep] *= 1.0 - ratio(at(rep, Metric::churners), at(rep, Metric::active));
            r.monthly.push_back(
                {t + 1, row, "survival", per_rep([&](int rep) { return row_survival[rep]; })});
        }
        std::vector<Band> mix;
        for (int k = 0; k < cube.tiers; ++k)
            mix.push_back(per_rep([&](int rep) { return cube.tier_at(rep, t, k); }));
        r.tier_mix.push_back(std::move(mix));
    }

    summarise_offers(plan, cube, r, per_rep);
    r.price_response.reference = plan.reference_name;
    for (const auto& seg : plan.segments) {
        const PricePlan& p = seg.price;
        if (!p.answers() || seg.source_segment >= 0) continue;
        const double beta = p.beta_per_fen * 100.0;
        PriceResponseSegment s;
        s.id = seg.id;
        s.churn_elasticity = beta * p.mean_bill_cny * (1.0 - p.mean_hazard);
        s.leave_per_cny = beta;
        if (p.weighs_rivals()) {
            s.rivals = plan.rival_names_reaching(seg.id);
            s.discount_threshold = p.discount_threshold;
            s.discount_strength = p.discount_strength;
        }
        r.price_response.segments.push_back(std::move(s));
    }
    summarise_take_up(plan, r.price_response);
    if (plan.behaviour.enabled) r.behaviour = summarise_behaviour(plan, cube, per_rep);
    if (cube.views.enabled()) r.customer_views = summarise_customer_views(plan, cube.views);
    constexpr std::string_view kinds[] = {"price_cut", "free_handsets", "bundle_attack", "group_bid",
                                          "other"};
    for (const auto& move : plan.competitor_moves) {
        if (!move.replaced_by.empty()) {
            r.warnings.push_back({.kind = WarningKind::move_replaced_by_prices,
                                  .replications = 0,
                                  .minimum = 0,
                                  .segment = {},
                                  .move = move.name,
                                  .rival = move.replaced_by});
            continue;
        }
        r.events.push_back({move.id, move.name, std::string(kinds[static_cast<std::size_t>(move.kind)]),
                            move.start_month, move.end_month});
    }

    if (reps < kMinimumReplications)
        r.warnings.push_back({.kind = WarningKind::few_replications,
                              .replications = reps,
                              .minimum = kMinimumReplications,
                              .segment = {},
                              .move = {},
                              .rival = {}});
    // Group ids of an extract on a segment no class takes members from, in a run whose groups
    // take theirs from the store: probably meant for a class (docs/models.md §33).
    if (plan.group_members)
        for (const auto& seg : plan.segments)
            if (seg.extract && seg.joiners == Joiners::scenario &&
                seg.extract->rows_with_group_id[seg.extract_segment] > 0 &&
                seg.extract->groups_by_segment[seg.extract_segment].empty())
                r.warnings.push_back({.kind = WarningKind::group_ids_ignored,
                                      .replications = 0,
                                      .minimum = 0,
                                      .segment = seg.id,
                                      .move = {},
                                      .rival = {}});
    for (int s = 0; s < cube.segments; ++s) {
        const bool had_customers = plan.segments[static_cast<std::size_t>(s)].initial_size > 0;
        if (had_customers && r.line(cube.months, s, "active_end").mean < 1.0)
            r.warnings.push_back({.kind = WarningKind::segment_emptied,
                                  .replications = 0,
                                  .minimum = 0,
                                  .segment = r.segment_ids[static_cast<std::size_t>(s)],
                                  .move = {},
                                  .rival = {}});
    }
    return r;
}

}  // namespace offersim::sim
