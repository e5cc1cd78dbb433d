// offersim sweep: the scenario at every point of a grid or a Latin hypercube over parameter
// paths, each against the scenario as written with common random numbers.
#include "engine/sim/sweep.hpp"
#include "engine/cli/commands.hpp"
#include "engine/cli/sweep_points.hpp"
#include "engine/scenario/loader.hpp"
#include "engine/scenario/run_settings.hpp"
#include "reports/output_folder.hpp"
#include "reports/sweep_report.hpp"
#include "reports/xlsx_report.hpp"

#include <fmt/format.h>

namespace offersim::cli {

namespace {

// The scenario at every point, each named point-N and titled by its values.
std::vector<scenario::Scenario> load_points(const std::vector<SweepAxis>& axes,
                                            const std::vector<std::vector<double>>& values,
                                            const scenario::Scenario& base) {
    std::vector<scenario::Scenario> points;
    for (std::size_t i = 0; i < values.size(); ++i) {
        std::vector<scenario::ParameterOverride> overrides;
        std::string title;
        for (std::size_t k = 0; k < axes.size(); ++k) {
            overrides.push_back({axes[k].path, values[i][k]});
            title += fmt::format("{}{}={}", k ? ", " : "", axes[k].path.text, values[i][k]);
        }
        scenario::Scenario sc = scenario::reload_scenario(base, overrides);  // no file read again
        scenario::set_run_settings(sc, base.seed, base.replications);
        if (sc.horizon_months != base.horizon_months)
            throw InputError({{SourcePos{"--set", 0, 0},
                               "horizon_months cannot be swept: every point runs against the scenario as "
                               "written, over the same months"}});
        sc.name = fmt::format("point-{}", i + 1);
        sc.title = title;
        points.push_back(std::move(sc));
    }
    return points;
}

}  // namespace

int sweep_command(const SweepArgs& args, const CommandEnv& env) {
    scenario::Scenario base = scenario::load_scenario(args.scenario);
    scenario::set_run_settings(base, args.seed >= 0 ? static_cast<std::uint64_t>(args.seed) : base.seed,
                               args.replications > 0 ? args.replications : base.replications);
    if (args.sets.empty())
        throw InputError({{SourcePos{"--set", 0, 0}, "give at least one --set PATH=values to sweep"}});
    std::vector<SweepAxis> axes;
    for (const auto& s : args.sets) axes.push_back(parse_sweep_axis(s, args.lhs > 0));
    for (const auto& a : axes)
        if (a.path.text == "seed" || a.path.text == "replications")
            throw InputError(
                {{a.path.pos, fmt::format("{} cannot be swept: every point shares the scenario's "
                                          "random draws; use --seed or --replications",
                                          a.path.text)}});
    const std::vector<std::vector<double>> values =
        args.lhs > 0 ? latin_hypercube(axes, args.lhs, base.seed) : grid_points(axes);
    const std::vector<scenario::Scenario> points = load_points(axes, values, base);

    const std::filesystem::path out =
        args.out.empty() ? std::filesystem::path("out") / ("sweep-" + reports::folder_name_for(base.name))
                         : std::filesystem::path(args.out);
    reports::OutputFolder folder(out);  // refused before the runs if it is not ours to replace
    sim::RunConfig config = env.run_config(base.replications, base.seed);
    config.on_progress = env.on_progress;
    const sim::SweepRuns runs = sim::run_sweep(base, points, config);

    reports::SweepTable table{{}, values, runs};
    for (const auto& a : axes) table.parameters.push_back(a.path.text);
    const reports::ReportContext context = env.report_context(base.resolved_yaml);
    folder.add("sweep.csv", reports::sweep_csv(table));
    folder.add("sweep.xlsx", reports::xlsx_sweep_report(table, context));
    folder.add("report.md", reports::sweep_markdown(table, context));
    folder.add("report.html", reports::sweep_html(table, context));
    folder.add("scenario.resolved.yaml", base.resolved_yaml);
    sim::stop_if_cancelled(env.cancel);
    folder.commit();
    fmt::print("{}\n", (out / "report.html").string());
    fmt::print(stderr, "offersim: {} points, {} runs stepped in {} lockstep pass(es)\n", points.size(),
               runs.stepped, runs.chunks);
    return 0;
}

}  // namespace offersim::cli
