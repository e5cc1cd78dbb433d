// offersim optimise: the values of 1 to 3 parameters, within bounds, that maximise or
// minimise a figure under constraints (NLopt, in engine/sim/optimise.cpp).
#include "engine/sim/optimise.hpp"
#include "engine/cli/commands.hpp"
#include "engine/cli/number_arg.hpp"
#include "engine/scenario/loader.hpp"
#include "engine/scenario/run_settings.hpp"
#include "reports/number_format.hpp"
#include "reports/optimise_report.hpp"
#include "reports/output_folder.hpp"

#include <fmt/format.h>

namespace offersim::cli {

namespace {

// "PATH=lo:hi" or "PATH=lo:hi:tolerance"; the tolerance defaults to a two-hundredth of the range.
struct ParameterBound {
    scenario::ParameterPath path;
    sim::OptimiseBound bound;
};

ParameterBound parameter_bound(const std::string& text) {
    const SourcePos at{"--parameter", 0, 0};
    const auto eq = text.find('=');
    if (eq == std::string::npos || eq == 0)
        throw InputError(
            {{at,
              fmt::format("expected PATH=lo:hi[:tolerance], e.g. tiers[t].monthly_fee_cny=30:90, found '{}'",
                          text)}});
    ParameterBound p;
    p.path = scenario::parse_parameter_path(text.substr(0, eq), at);
    p.bound.path = p.path.text;
    const std::string_view range = std::string_view(text).substr(eq + 1);
    const auto colon = range.find(':');
    if (colon == std::string_view::npos)
        throw InputError({{at, fmt::format("expected lo:hi after '{}=', found '{}'", p.path.text, range)}});
    const auto second = range.find(':', colon + 1);
    p.bound.lo = number_arg(range.substr(0, colon), at, "a number before ':'");
    p.bound.hi = number_arg(range.substr(colon + 1, second == std::string_view::npos ? std::string_view::npos
                                                                                     : second - colon - 1),
                            at, "a number after ':'");
    if (!(p.bound.lo < p.bound.hi))
        throw InputError({{at, fmt::format("{}: the low bound {} must be below the high bound {}",
                                           p.path.text, p.bound.lo, p.bound.hi)}});
    p.bound.tolerance = (p.bound.hi - p.bound.lo) / 200.0;
    if (second != std::string_view::npos) {
        p.bound.tolerance = number_arg(range.substr(second + 1), at, "a tolerance after the second ':'");
        if (!(p.bound.tolerance > 0.0) || p.bound.tolerance >= p.bound.hi - p.bound.lo)
            throw InputError(
                {{at, fmt::format("{}: the tolerance {} must be above 0 and below the range's width",
                                  p.path.text, p.bound.tolerance)}});
    }
    return p;
}

sim::OptimiseSpec optimise_spec(const OptimiseArgs& args, const std::vector<ParameterBound>& bounds) {
    sim::OptimiseSpec spec;
    for (const auto& b : bounds) spec.parameters.push_back(b.bound);
    if (args.maximise.empty() == args.minimise.empty())
        throw InputError(
            {{SourcePos{"--maximise", 0, 0}, "give one objective: --maximise METRIC or --minimise METRIC"}});
    spec.maximise = !args.maximise.empty();
    spec.objective = spec.maximise ? args.maximise : args.minimise;
    spec.objective_where = SourcePos{spec.maximise ? "--maximise" : "--minimise", 0, 0};
    for (const auto& c : args.constraints)
        spec.constraints.push_back(sim::parse_constraint(c, SourcePos{"--constraint", 0, 0}));
    spec.algorithm =
        args.algorithm == "auglag" ? sim::OptimiseAlgorithm::auglag : sim::OptimiseAlgorithm::cobyla;
    spec.max_runs = args.max_runs;
    return spec;
}

}  // namespace

int optimise_command(const OptimiseArgs& args, const CommandEnv& env) {
    const scenario::Scenario as_written = scenario::load_scenario(args.scenario);
    scenario::Scenario base = change_baseline(as_written, args.baseline, args.seed, args.replications);
    if (args.parameters.empty() || args.parameters.size() > 3)
        throw InputError(
            {{SourcePos{"--parameter", 0, 0},
              fmt::format("give 1 to 3 --parameter PATH=lo:hi, found {}", args.parameters.size())}});
    std::vector<ParameterBound> bounds;
    for (const auto& p : args.parameters) bounds.push_back(parameter_bound(p));
    const sim::OptimiseSpec spec = optimise_spec(args, bounds);
    const auto at = [&](const std::vector<double>& values) {
        std::vector<scenario::ParameterOverride> overrides;
        for (std::size_t k = 0; k < values.size(); ++k) overrides.push_back({bounds[k].path, values[k]});
        scenario::Scenario sc = scenario::reload_scenario(as_written, overrides);
        scenario::set_run_settings(sc, base.seed, base.replications);
        return sc;
    };
    // A path that names no value, or a bound the loader refuses, before any run.
    std::vector<double> lows, highs;
    for (const auto& b : bounds) {
        lows.push_back(b.bound.lo);
        highs.push_back(b.bound.hi);
    }
    at(lows);
    at(highs);
    const std::filesystem::path out =
        args.out.empty() ? std::filesystem::path("out") / ("optimise-" + reports::folder_name_for(base.name))
                         : std::filesystem::path(args.out);
    reports::OutputFolder folder(out);
    const sim::OptimiseResult r = sim::optimise(base, at, spec, env.run_config(base.replications, base.seed));

    const reports::OptimiseReport report{args.scenario,
                                         as_written.title,
                                         args.baseline.empty() ? args.scenario : args.baseline,
                                         spec,
                                         base.replications,
                                         base.seed,
                                         r};
    const reports::ReportContext context = env.report_context(as_written.resolved_yaml);
    folder.add("optimise.json", reports::optimise_json(report, env.version));
    folder.add("optimise.csv", reports::optimise_csv(report));
    folder.add("report.md", reports::optimise_markdown(report, context));
    folder.add("report.html", reports::optimise_html(report, context));
    folder.add("scenario.resolved.yaml", base.resolved_yaml);
    sim::stop_if_cancelled(env.cancel);
    folder.commit();
    const sim::OptimisePoint& best = r.evaluations[r.optimum];
    std::string values;
    for (std::size_t k = 0; k < best.values.size(); ++k)
        values += fmt::format("{}{} = {}", k ? ", " : "", spec.parameters[k].path,
                              reports::value_to_tolerance(best.values[k], spec.parameters[k].tolerance));
    const auto figure = [&](double v) { return reports::figure_text(v, spec.objective); };
    fmt::print("{} gives {} = {} ({} on {} fresh replications, P5-P95 {} .. {}); {} runs\n", values,
               spec.objective, figure(best.objective.mean), figure(r.check.objective.mean), base.replications,
               figure(r.check.objective.p5), figure(r.check.objective.p95), r.runs);
    for (const auto& c : spec.constraints)
        if (!c.relaxed_from.empty())
            fmt::print("note: {} is relaxed to {} >= 0 (cumulative incremental cash at that month)\n",
                       c.relaxed_from, c.metric);
    fmt::print("{}\n", (out / "report.html").string());
    return 0;
}

}  // namespace offersim::cli
