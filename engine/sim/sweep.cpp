#include "engine/sim/sweep.hpp"

#include "engine/core/error.hpp"
#include "engine/scenario/loader.hpp"
#include "engine/sim/comparison_run.hpp"

#include <fmt/format.h>
#include <algorithm>

namespace offersim::sim {

namespace {

constexpr std::string_view kDeltaSuffix = "_delta";

const std::vector<double>* find_figure(const FigureSamples& figures, std::string_view key) {
    for (const auto& [name, values] : figures)
        if (name == key) return &values;
    return nullptr;
}

// How many of the runs after the first (the base) fit in memory stepped with it, at least one.
std::size_t points_that_fit(const std::vector<MemoryEstimate>& runs, double max_memory_gib) {
    if (max_memory_gib <= 0) return runs.size() - 1;
    std::vector<MemoryEstimate> together{runs.front()};
    for (std::size_t i = 1; i < runs.size(); ++i) {
        together.push_back(runs[i]);
        if (estimate_together(together).gib > max_memory_gib) return std::max<std::size_t>(i - 1, 1);
    }
    return runs.size() - 1;
}

}  // namespace

FigureSamples figure_samples(const ScenarioRun& run) {
    FigureSamples figures = headline_samples(run.plan, run.cube);
    if (run.results.win_back)
        figures.emplace_back("win_back_confirmed", run.results.win_back->confirmed_by_replication);
    return figures;
}

std::vector<std::string> metric_names(const FigureSamples& figures) {
    std::vector<std::string> names;
    for (const auto& f : figures) names.push_back(f.first);
    for (const auto& f : figures) names.push_back(f.first + std::string(kDeltaSuffix));
    return names;
}

std::vector<double> metric_samples(const FigureSamples& point, const FigureSamples& base,
                                   std::string_view metric, const SourcePos& where) {
    const bool delta = metric.ends_with(kDeltaSuffix);
    const std::string_view key = delta ? metric.substr(0, metric.size() - kDeltaSuffix.size()) : metric;
    const std::vector<double>* own = find_figure(point, key);
    const std::vector<double>* base_values = find_figure(base, key);
    if (!own || (delta && !base_values)) {
        const std::vector<std::string> names = metric_names(point);
        const std::vector<std::string_view> views(names.begin(), names.end());
        const std::string_view near = scenario::nearest_name(metric, views);
        throw InputError(
            {{where,
              near.empty()
                  ? fmt::format("unknown figure '{}'; expected a headline figure such as npv_margin_cny, "
                                "churn_rate_monthly or win_back_confirmed, or one with _delta for the "
                                "change against the scenario as written",
                                metric)
                  : fmt::format("unknown figure '{}'; did you mean '{}'?", metric, near)}});
    }
    std::vector<double> values = *own;
    if (delta)
        for (std::size_t r = 0; r < values.size(); ++r) values[r] -= (*base_values)[r];
    return values;
}

SweepRuns run_sweep(const scenario::Scenario& base, const std::vector<scenario::Scenario>& points,
                    const RunConfig& config) {
    // Each distinct document runs once; index 0 is the base.
    std::vector<const scenario::Scenario*> distinct{&base};
    std::vector<std::size_t> run_of;
    for (const auto& p : points) {
        const auto same = std::find_if(distinct.begin(), distinct.end(), [&](const scenario::Scenario* d) {
            return d->resolved_yaml == p.resolved_yaml;
        });
        run_of.push_back(static_cast<std::size_t>(same - distinct.begin()));
        if (same == distinct.end()) distinct.push_back(&p);
    }
    // Each run's memory, its plan compiled only for the estimate (the lockstep compiles its own).
    std::vector<MemoryEstimate> memory;
    for (const auto* sc : distinct)
        memory.push_back(estimate_memory(compile_plan(*sc), config.replications, config.threads));

    SweepRuns out;
    std::vector<FigureSamples> figures(distinct.size());
    std::vector<VariantComparison> comparisons(distinct.size());
    const auto total_points = static_cast<double>(std::max<std::size_t>(distinct.size() - 1, 1));
    std::size_t next = 1;
    do {
        std::vector<MemoryEstimate> rest{memory.front()};
        rest.insert(rest.end(), memory.begin() + static_cast<std::ptrdiff_t>(next), memory.end());
        const std::size_t count =
            std::min(points_that_fit(rest, config.max_memory_gib), distinct.size() - next);
        std::vector<scenario::Scenario> chunk{base};
        for (std::size_t i = next; i < next + count; ++i) chunk.push_back(*distinct[i]);
        const RunConfig part =
            progress_part(config, static_cast<double>(next - 1) / total_points,
                          static_cast<double>(std::max<std::size_t>(count, 1)) / total_points);
        if (count == 0) {  // every point is the base
            ScenarioRun run = run_scenario(base, part);
            figures[0] = figure_samples(run);
            out.base = std::move(run.results);
            comparisons[0] = compare_runs(run.plan, run.cube, run.plan, run.cube, base.name, base.title);
            out.stepped += 1;
            break;
        }
        ComparisonRuns runs = run_comparison(chunk, part, false);
        if (next == 1) {
            figures[0] = figure_samples(runs.runs[0]);
            comparisons[0] = compare_runs(runs.runs[0].plan, runs.runs[0].cube, runs.runs[0].plan,
                                          runs.runs[0].cube, base.name, base.title);
            out.base = runs.runs[0].results;
        }
        for (std::size_t k = 0; k < count; ++k) {
            figures[next + k] = figure_samples(runs.runs[k + 1]);
            comparisons[next + k] = std::move(runs.comparisons[k]);
        }
        out.stepped += static_cast<int>(count) + 1;
        out.chunks += 1;
        next += count;
    } while (next < distinct.size());
    out.base_figures = figures[0];
    for (std::size_t i = 0; i < points.size(); ++i) {
        SweepPointRun p{figures[run_of[i]], comparisons[run_of[i]]};
        p.comparison.name = points[i].name;
        p.comparison.title = points[i].title;
        out.points.push_back(std::move(p));
    }
    return out;
}

}  // namespace offersim::sim
