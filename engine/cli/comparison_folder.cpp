#include "engine/cli/comparison_folder.hpp"

#include "engine/core/cluster.hpp"
#include "engine/scenario/loader.hpp"
#include "engine/scenario/run_settings.hpp"
#include "engine/scenario/scenario_diff.hpp"
#include "reports/comparison_json.hpp"
#include "reports/html_report.hpp"
#include "reports/markdown_report.hpp"
#include "reports/output_folder.hpp"
#include "reports/xlsx_report.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <array>

namespace offersim::cli {

namespace fs = std::filesystem;

namespace {

// The files a comparison writes at the top of its folder, before its record and sub-folders.
constexpr std::array<std::string_view, 5> kComparisonFiles = {"comparison.json", "comparison.csv",
                                                              "report.html", "report.md", "report.xlsx"};

// Each run's sub-folder: its scenario's name made safe, numbered when taken.
std::vector<std::string> run_folders(const std::vector<scenario::Scenario>& scenarios) {
    std::vector<std::string> taken(kComparisonFiles.begin(), kComparisonFiles.end());
    taken.emplace_back("run.json");
    std::vector<std::string> folders;
    for (const auto& sc : scenarios) {
        const std::string safe_name = reports::folder_name_for(sc.name);
        std::string folder = safe_name;
        for (int n = 2; std::find(taken.begin(), taken.end(), folder) != taken.end(); ++n)
            folder = fmt::format("{}-{}", safe_name, n);
        taken.push_back(folder);
        folders.push_back(folder);
    }
    return folders;
}

std::string comparison_input_hash_of(const std::vector<scenario::Scenario>& scenarios,
                                     const CompareOptions& options) {
    std::vector<std::string_view> yamls;
    for (const auto& sc : scenarios) yamls.push_back(sc.resolved_yaml);
    const scenario::Scenario& base = scenarios.front();
    return comparison_input_hash(yamls, base.seed, base.replications, options.waterfall,
                                 options.leave_one_out);
}

// The comparison's run.json: its runs' sub-folders and options, and the hash of each of its
// own files (each run's files are in its sub-folder's record).
std::string comparison_record(const std::vector<scenario::Scenario>& scenarios,
                              const std::string& baseline_path, const std::vector<std::string>& folders,
                              const CompareOptions& options, const RunStamp& stamp,
                              const std::vector<RunFile>& files) {
    RunRecord r;
    r.offersim = OFFERSIM_VERSION;
    r.git_commit = OFFERSIM_GIT_COMMIT;
    r.scenario = baseline_path;
    r.seed = scenarios.front().seed;
    r.replications = scenarios.front().replications;
    r.input_hash = comparison_input_hash_of(scenarios, options);
    r.started_at = stamp.started_at;
    r.language = stamp.language;
    r.run_seconds = stamp.seconds;
    r.ranks = cluster::ranks();
    r.outputs = output_hashes(files);
    r.command = "compare";
    r.runs = folders;
    r.waterfall = options.waterfall;
    r.leave_one_out = options.leave_one_out;
    return run_record_json(r);
}

// The files of `files` under `folder/`, without the prefix.
std::vector<RunFile> files_under(const std::vector<RunFile>& files, const std::string& folder) {
    std::vector<RunFile> out;
    const std::string prefix = folder + "/";
    for (const auto& [name, contents] : files)
        if (name.starts_with(prefix)) out.emplace_back(name.substr(prefix.size()), contents);
    return out;
}

}  // namespace

sim::ComparisonRuns run_compared(const std::vector<scenario::Scenario>& scenarios,
                                 const sim::RunConfig& config, const CompareOptions& options) {
    sim::ComparisonRuns compared = sim::run_comparison(scenarios, config, options.leave_one_out);
    sim::RunConfig quiet = config;  // the waterfall's extra runs report no progress
    quiet.on_progress = nullptr;
    for (std::size_t i = 1; i < compared.runs.size(); ++i) {
        sim::VariantComparison& c = compared.comparisons[i - 1];
        c.changes = scenario::diff_scenarios(scenarios[0], scenarios[i]);
        if (options.waterfall)
            c.waterfall = sim::revenue_waterfall(scenarios[0], scenarios[i], compared.runs[0].cube,
                                                 compared.runs[i].cube, quiet);
    }
    return compared;
}

std::vector<RunFile> comparison_files(const std::vector<scenario::Scenario>& scenarios,
                                      const std::vector<std::string>& paths,
                                      const sim::ComparisonRuns& compared, const CompareOptions& options,
                                      const RunStamp& stamp, const std::atomic<bool>* cancel) {
    const std::vector<sim::ScenarioRun>& runs = compared.runs;
    const std::vector<sim::VariantComparison>& comparisons = compared.comparisons;
    const sim::RunResults& baseline = runs[0].results;
    const reports::ReportContext context = report_context(scenarios[0], stamp);
    std::vector<const sim::RunResults*> variants;
    for (std::size_t i = 1; i < runs.size(); ++i) variants.push_back(&runs[i].results);

    std::vector<RunFile> files;
    // An interrupt is honoured between files.
    const auto add = [&](std::string name, const auto& write) {
        sim::stop_if_cancelled(cancel);
        files.emplace_back(std::move(name), write());
    };
    add("comparison.json", [&] { return reports::comparison_json(baseline, comparisons, version_text()); });
    add("comparison.csv", [&] { return reports::comparison_csv(comparisons); });
    add("report.html",
        [&] { return reports::html_comparison_report(baseline, variants, comparisons, context); });
    add("report.md",
        [&] { return reports::markdown_comparison_report(baseline, variants, comparisons, context); });
    add("report.xlsx",
        [&] { return reports::xlsx_comparison_report(baseline, variants, comparisons, context); });
    const std::vector<std::string> folders = run_folders(scenarios);
    files.emplace_back("run.json",
                       comparison_record(scenarios, paths.front(), folders, options, stamp, files));
    for (std::size_t i = 0; i < runs.size(); ++i) {
        // Every file of a run of its own, so that `offersim run --check` confirms each.
        const auto own = run_files(scenarios[i], runs[i], stamp, cancel);
        for (const auto& [name, contents] : own) files.emplace_back(folders[i] + "/" + name, contents);
        files.emplace_back(folders[i] + "/run.json", run_record(scenarios[i], paths[i], stamp, own));
    }
    return files;
}

int check_comparison_folder(const fs::path& dir, const RunRecord& record, const sim::RunConfig& config) {
    // Each run's record first: a sub-folder that is not a run folder of this comparison stops
    // the check before anything is run.
    std::vector<RunRecord> run_records;
    std::vector<scenario::Scenario> scenarios;
    std::vector<std::string> paths;
    for (const auto& folder : record.runs) {
        run_records.push_back(read_run_record(dir / folder / "run.json"));
        scenarios.push_back(scenario::load_scenario(dir / folder / "scenario.resolved.yaml"));
        scenario::set_run_settings(scenarios.back(), record.seed, record.replications);
        paths.push_back(run_records.back().scenario);
    }
    int differing = 0;
    const CompareOptions options{record.waterfall, record.leave_one_out};
    differing += print_verdict(
        (dir / "run.json").string() + " input_hash",
        comparison_input_hash_of(scenarios, options) == record.input_hash
            ? ""
            : "the runs' scenarios, the seed, replications or options are not those the comparison recorded");
    for (std::size_t i = 0; i < scenarios.size(); ++i) {
        const scenario::Scenario& sc = scenarios[i];
        const bool same =
            input_hash_of(sc.resolved_yaml, sc.seed, sc.replications) == run_records[i].input_hash;
        differing +=
            print_verdict((dir / record.runs[i] / "run.json").string() + " input_hash",
                          same ? "" : "the scenario, seed or replications are not those the run recorded");
    }

    const sim::ComparisonRuns compared = run_compared(scenarios, config, options);
    const RunStamp stamp{record.started_at, record.language};
    const std::vector<RunFile> files =
        comparison_files(scenarios, paths, compared, options, stamp, config.cancel);
    std::vector<RunFile> top;
    for (const auto& file : files)
        if (std::find(kComparisonFiles.begin(), kComparisonFiles.end(), file.first) != kComparisonFiles.end())
            top.push_back(file);
    differing += check_files(dir, record, top);
    for (std::size_t i = 0; i < record.runs.size(); ++i) {
        std::vector<RunFile> own = files_under(files, record.runs[i]);
        std::erase_if(own, [](const RunFile& file) { return file.first == "run.json"; });
        differing += check_files(dir / record.runs[i], run_records[i], own);
    }
    return differing;
}

}  // namespace offersim::cli
