#include "engine/sim/comparison.hpp"

#include "engine/core/error.hpp"

namespace offersim::sim {

const Band& VariantComparison::delta(std::string_view key) const {
    for (const auto& d : deltas)
        if (d.key == key) return d.band;
    throw Error(fmt::format("no compared figure '{}'", key));
}

namespace {

// Paired differences of the module figures, in the order the baseline reports them, then
// those only the variant reports.
std::vector<Headline> module_deltas(const ModuleSamples* baseline, const ModuleSamples* variant, int reps) {
    const ModuleSamples none;
    const ModuleSamples& base = baseline ? *baseline : none;
    const ModuleSamples& var = variant ? *variant : none;
    std::vector<Headline> out;
    const auto add = [&](const std::string& key) {
        for (const auto& d : out)
            if (d.key == key) return;
        const std::vector<double>* b = base.figure(key);
        const std::vector<double>* v = var.figure(key);
        // A view only one run has on (reporting.customer_views) has nothing to pair with.
        if (key.starts_with("view_") && (!b || !v)) return;
        std::vector<double> diff(static_cast<std::size_t>(reps), 0.0);
        for (std::size_t r = 0; r < diff.size(); ++r) diff[r] = (v ? v->at(r) : 0.0) - (b ? b->at(r) : 0.0);
        out.push_back({key, summarise(std::move(diff))});
    };
    for (const auto& [key, values] : base.figures) add(key);
    for (const auto& [key, values] : var.figures) add(key);
    return out;
}

}  // namespace

VariantComparison compare_runs(const SimulationPlan& baseline_plan, const MetricCube& baseline,
                               const SimulationPlan& variant_plan, const MetricCube& variant,
                               std::string name, std::string title, const ModuleSamples* baseline_modules,
                               const ModuleSamples* variant_modules) {
    require(baseline.replications == variant.replications && baseline.months == variant.months,
            "variant '{}' has {} replications of {} months, the baseline {} of {}: compare needs them equal",
            name, variant.replications, variant.months, baseline.replications, baseline.months);
    VariantComparison c;
    c.name = std::move(name);
    c.title = std::move(title);
    const auto base_samples = headline_samples(baseline_plan, baseline, baseline_modules);
    const auto variant_samples = headline_samples(variant_plan, variant, variant_modules);
    for (std::size_t k = 0; k < base_samples.size(); ++k) {
        std::vector<double> diff(base_samples[k].second.size());
        for (std::size_t r = 0; r < diff.size(); ++r)
            diff[r] = variant_samples[k].second[r] - base_samples[k].second[r];
        c.deltas.push_back({base_samples[k].first, summarise(std::move(diff))});
    }
    c.module_deltas = module_deltas(baseline_modules, variant_modules, baseline.replications);
    const auto module_margin = [](const ModuleSamples* m, int r, int t) {
        return m ? m->revenue(r, t) - m->cost(r, t) : 0.0;
    };

    const int reps = baseline.replications;
    const int months = baseline.months;
    std::vector<std::vector<double>> monthly(static_cast<std::size_t>(months),
                                             std::vector<double>(static_cast<std::size_t>(reps)));
    std::vector<double> payback(static_cast<std::size_t>(reps));
    int paid_back = 0;
    for (int r = 0; r < reps; ++r) {
        std::vector<double> flows(static_cast<std::size_t>(months));
        for (int t = 0; t < months; ++t) {
            const double d = (variant.at(r, t, variant.total_row(), Metric::margin) -
                              baseline.at(r, t, baseline.total_row(), Metric::margin)) /
                                 100.0 +
                             (module_margin(variant_modules, r, t) - module_margin(baseline_modules, r, t));
            flows[static_cast<std::size_t>(t)] = d;
            monthly[static_cast<std::size_t>(t)][static_cast<std::size_t>(r)] = d;
        }
        const auto month = incremental_payback_month(flows);
        payback[static_cast<std::size_t>(r)] = month ? *month : months + 1.0;
        paid_back += month.has_value();
    }
    c.payback_month = summarise(std::move(payback));
    c.payback_share = reps > 0 ? static_cast<double>(paid_back) / reps : 0.0;
    std::vector<double> cumulative(static_cast<std::size_t>(reps), 0.0);
    for (int t = 0; t < months; ++t) {
        for (int r = 0; r < reps; ++r)
            cumulative[static_cast<std::size_t>(r)] +=
                monthly[static_cast<std::size_t>(t)][static_cast<std::size_t>(r)];
        c.monthly_margin_delta_cny.push_back(summarise(monthly[static_cast<std::size_t>(t)]));
        c.cumulative_margin_delta_cny.push_back(summarise(cumulative));
    }
    c.cash = cash_curve(c.monthly_margin_delta_cny, variant_plan.discount_rate_annual);
    return c;
}

}  // namespace offersim::sim
