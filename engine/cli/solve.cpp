// offersim solve: the value of one parameter at which a figure reaches a target.
#include "engine/sim/solve.hpp"
#include "engine/cli/commands.hpp"
#include "engine/cli/number_arg.hpp"
#include "engine/scenario/loader.hpp"
#include "engine/scenario/run_settings.hpp"
#include "reports/number_format.hpp"
#include "reports/output_folder.hpp"
#include "reports/solve_report.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace offersim::cli {

namespace {

sim::SolveSpec solve_spec(const SolveArgs& args) {
    sim::SolveSpec spec;
    const SourcePos bracket_at{"--bracket", 0, 0};
    const auto colon = args.bracket.find(':');
    if (colon == std::string::npos)
        throw InputError(
            {{bracket_at, fmt::format("expected lo:hi, e.g. 0:1200, found '{}'", args.bracket)}});
    spec.lo = number_arg(std::string_view(args.bracket).substr(0, colon), bracket_at, "a number before ':'");
    spec.hi = number_arg(std::string_view(args.bracket).substr(colon + 1), bracket_at, "a number after ':'");
    if (!(spec.lo < spec.hi))
        throw InputError({{bracket_at, fmt::format("the bracket's low end {} must be below its high end {}",
                                                   spec.lo, spec.hi)}});
    spec.where = SourcePos{"--target", 0, 0};
    const auto eq = args.target.find('=');
    if (eq == std::string::npos || eq == 0)
        throw InputError(
            {{spec.where,
              fmt::format("expected METRIC=VALUE, e.g. npv_margin_cny_delta=0, found '{}'", args.target)}});
    spec.metric = args.target.substr(0, eq);
    spec.target = number_arg(std::string_view(args.target).substr(eq + 1), spec.where, "a number after '='");
    spec.tolerance = args.tolerance > 0 ? args.tolerance : (spec.hi - spec.lo) / 1000.0;
    return spec;
}

std::string solve_json(const SolveArgs& args, const sim::SolveSpec& spec, const sim::SolveResult& r,
                       const scenario::Scenario& base, const CommandEnv& env) {
    nlohmann::ordered_json evaluations = nlohmann::ordered_json::array();
    for (const auto& e : r.evaluations)
        evaluations.push_back({{"value", e.value},
                               {"mean", e.figure.mean},
                               {"std_error", e.figure.std_error},
                               {"p5", e.figure.p5},
                               {"p95", e.figure.p95}});
    const nlohmann::ordered_json j{
        {"offersim", env.version},
        {"scenario", args.scenario},
        {"baseline", args.baseline.empty() ? args.scenario : args.baseline},
        {"seed", base.seed},
        {"replications", base.replications},
        {"parameter", args.parameter},
        {"metric", spec.metric},
        {"target", spec.target},
        {"bracket", {spec.lo, spec.hi}},
        {"tolerance", spec.tolerance},
        {"root", r.root},
        {"final_bracket", {r.bracket_lo, r.bracket_hi}},
        {"band",
         {{"method", "bootstrap over replications"},
          {"resamples", sim::kBootstrapResamples},
          {"p5", r.band.p5},
          {"p50", r.band.p50},
          {"p95", r.band.p95},
          {"std_error", r.band.std_error},
          {"resamples_outside_values_run", r.resamples_outside}}},
        {"runs", r.runs},
        {"evaluations", evaluations},
    };
    return j.dump(2) + "\n";
}

}  // namespace

scenario::Scenario change_baseline(const scenario::Scenario& as_written, const std::string& baseline,
                                   std::int64_t seed, int replications) {
    scenario::Scenario base = baseline.empty() ? as_written : scenario::load_scenario(baseline);
    scenario::set_run_settings(base, seed >= 0 ? static_cast<std::uint64_t>(seed) : as_written.seed,
                               replications > 0 ? replications : as_written.replications);
    if (base.horizon_months != as_written.horizon_months)
        throw InputError(
            {{SourcePos{baseline, 0, 0},
              fmt::format("horizon_months is {} but the scenario's is {}; a change is measured over "
                          "the same months",
                          base.horizon_months, as_written.horizon_months)}});
    return base;
}

int solve_command(const SolveArgs& args, const CommandEnv& env) {
    const scenario::Scenario as_written = scenario::load_scenario(args.scenario);
    scenario::Scenario base = change_baseline(as_written, args.baseline, args.seed, args.replications);
    const scenario::ParameterPath path =
        scenario::parse_parameter_path(args.parameter, SourcePos{"--parameter", 0, 0});
    const sim::SolveSpec spec = solve_spec(args);
    const auto at = [&](double x) {
        scenario::Scenario sc = scenario::reload_scenario(as_written, {{path, x}});
        scenario::set_run_settings(sc, base.seed, base.replications);
        return sc;
    };
    // A path that names no value, or an end the loader refuses, before any run.
    at(spec.lo);
    at(spec.hi);
    const std::filesystem::path out =
        args.out.empty() ? std::filesystem::path("out") / ("solve-" + reports::folder_name_for(base.name))
                         : std::filesystem::path(args.out);
    reports::OutputFolder folder(out);
    const sim::RunConfig config = env.run_config(base.replications, base.seed);
    const sim::SolveResult r = sim::solve(base, at, spec, config);
    folder.add("solve.json", solve_json(args, spec, r, base, env));
    const reports::SolveReport report{as_written.name,
                                      as_written.title,
                                      args.parameter,
                                      args.baseline.empty() ? args.scenario : args.baseline,
                                      spec,
                                      base.replications,
                                      base.seed,
                                      r};
    const reports::ReportContext context = env.report_context(as_written.resolved_yaml);
    folder.add("report.md", reports::solve_markdown(report, context));
    folder.add("report.html", reports::solve_html(report, context));
    folder.add("scenario.resolved.yaml", base.resolved_yaml);
    sim::stop_if_cancelled(env.cancel);
    folder.commit();
    const auto found = [&](double v) { return reports::value_to_tolerance(v, spec.tolerance); };
    fmt::print("{} = {} (P5-P95 {} .. {}, bootstrap over {} replications) gives {} = {} within {}; {} runs\n",
               args.parameter, found(r.root), found(r.band.p5), found(r.band.p95), base.replications,
               spec.metric, spec.target, spec.tolerance, r.runs);
    fmt::print("{}\n", (out / "solve.json").string());
    return 0;
}

}  // namespace offersim::cli
