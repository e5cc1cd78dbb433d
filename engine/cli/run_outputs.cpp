#include "engine/cli/run_outputs.hpp"

#include "engine/core/cluster.hpp"
#include "engine/core/error.hpp"
#include "engine/scenario/loader.hpp"
#include "engine/scenario/value_notes.hpp"
#include "reports/html_report.hpp"
#include "reports/markdown_report.hpp"
#include "reports/monthly_csv.hpp"
#include "reports/summary_json.hpp"
#include "reports/xlsx_report.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <fstream>
#include <sstream>

namespace offersim::cli {

namespace fs = std::filesystem;

namespace {

// The bytes of `file`; InputError when it cannot be read.
std::string read_text(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw InputError({{SourcePos{file.string(), 0, 0}, "cannot read the file"}});
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

}  // namespace

std::string version_text() {
    return fmt::format("offersim {} ({})", OFFERSIM_VERSION, OFFERSIM_GIT_COMMIT);
}

reports::ReportContext report_context(const scenario::Scenario& sc, const RunStamp& stamp) {
    reports::ReportContext context;
    context.language = stamp.language == "en" ? reports::Language::en : reports::Language::zh_cn;
    context.offersim_version = version_text();
    context.generated_at = stamp.started_at;
    context.resolved_scenario_yaml = sc.resolved_yaml;
    context.scenario_values = scenario::scenario_values(sc.resolved_yaml);
    return context;
}

std::vector<RunFile> run_files(const scenario::Scenario& sc, const sim::ScenarioRun& run,
                               const RunStamp& stamp, const std::atomic<bool>* cancel) {
    const reports::ReportContext context = report_context(sc, stamp);
    std::vector<RunFile> files;
    // An interrupt is honoured between files, each written in well under a second.
    const auto add = [&](std::string name, const auto& write) {
        sim::stop_if_cancelled(cancel);
        files.emplace_back(std::move(name), write());
    };
    add("summary.json", [&] { return reports::summary_json(run.results, version_text()); });
    add("monthly.csv", [&] { return reports::monthly_csv(run.results); });
    if (!run.results.offers.empty()) add("offers.csv", [&] { return reports::offers_csv(run.results); });
    add("report.html", [&] { return reports::html_report(run.results, context); });
    add("report.md", [&] { return reports::markdown_report(run.results, context); });
    add("report.xlsx", [&] { return reports::xlsx_report(run.results, context); });
    sim::stop_if_cancelled(cancel);
    files.emplace_back("scenario.resolved.yaml", sc.resolved_yaml);
    if (sc.price_reference)
        files.emplace_back(std::string(scenario::kPriceReferenceRecord), sc.price_reference->resolved_yaml);
    return files;
}

std::string run_record(const scenario::Scenario& sc, const std::string& scenario_path, const RunStamp& stamp,
                       const std::vector<RunFile>& files) {
    RunRecord r;
    r.offersim = OFFERSIM_VERSION;
    r.git_commit = OFFERSIM_GIT_COMMIT;
    r.scenario = scenario_path;
    r.seed = sc.seed;
    r.replications = sc.replications;
    r.input_hash = input_hash_of(sc.resolved_yaml, sc.seed, sc.replications);
    r.started_at = stamp.started_at;
    r.language = stamp.language;
    r.run_seconds = stamp.seconds;
    r.ranks = cluster::ranks();
    r.outputs = output_hashes(files);
    return run_record_json(r);
}

int print_verdict(const std::string& what, std::string_view problem) {
    fmt::print("{}: {}\n", what, problem.empty() ? "identical" : fmt::format("DIFFERS ({})", problem));
    return problem.empty() ? 0 : 1;
}

int check_files(const fs::path& dir, const RunRecord& record, const std::vector<RunFile>& rerun) {
    int differing = 0;
    std::vector<std::string> names;
    for (const auto& [name, contents] : rerun) {
        names.push_back(name);
        const fs::path file = dir / name;
        const std::string& file_name = name;  // clang 14 captures no structured binding
        const auto recorded = std::find_if(record.outputs.begin(), record.outputs.end(),
                                           [&](const auto& output) { return output.first == file_name; });
        const std::string now = fs::exists(file) ? read_text(file) : std::string();
        differing +=
            print_verdict(file.string(), !fs::exists(file)                       ? "missing"
                                         : now != contents                       ? "from the re-run"
                                         : recorded == record.outputs.end()      ? "not in run.json's outputs"
                                         : recorded->second != content_hash(now) ? "from its hash in run.json"
                                                                                 : "");
    }
    // A file the record lists, or an offers.csv, that this run does not write (an offers.csv
    // beside a run without offers) is not the run's.
    for (const auto& [name, hash] : record.outputs)
        if (std::find(names.begin(), names.end(), name) == names.end())
            differing +=
                print_verdict((dir / name).string(), "run.json lists it, the re-run does not write it");
    const bool listed = std::any_of(record.outputs.begin(), record.outputs.end(),
                                    [](const auto& output) { return output.first == "offers.csv"; });
    if (!listed && fs::exists(dir / "offers.csv") &&
        std::find(names.begin(), names.end(), "offers.csv") == names.end())
        differing += print_verdict((dir / "offers.csv").string(), "the re-run does not write it");
    return differing;
}

}  // namespace offersim::cli
