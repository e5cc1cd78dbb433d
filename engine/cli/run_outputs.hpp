#pragma once
// The files of a run folder, its record (run.json), and their check against a re-run: what
// `offersim run` and `offersim compare` write and what `offersim run --check` verifies.
#include "engine/cli/run_record.hpp"
#include "engine/scenario/scenario.hpp"
#include "engine/sim/run.hpp"
#include "reports/report_context.hpp"

#include <atomic>
#include <filesystem>
#include <string>
#include <vector>

namespace offersim::cli {

// "offersim 1.2.0 (abc123)": the version every report and summary names.
std::string version_text();

// When and how a run was made: the start time is the reports' generation time, so that
// every file but run.json is the same for the same scenario, seed and replications.
struct RunStamp {
    std::string started_at;  // ISO 8601
    std::string language;    // as given to --lang
    double seconds = 0.0;
};

reports::ReportContext report_context(const scenario::Scenario& sc, const RunStamp& stamp);

// Every file of one run but run.json, by name; `cancel` is honoured between files.
std::vector<RunFile> run_files(const scenario::Scenario& sc, const sim::ScenarioRun& run,
                               const RunStamp& stamp, const std::atomic<bool>* cancel);

// run.json: how the run was made, with a hash of its inputs and of every other file.
std::string run_record(const scenario::Scenario& sc, const std::string& scenario_path, const RunStamp& stamp,
                       const std::vector<RunFile>& files);

// Checks the files of `dir` against `rerun` (the re-run's files, by name) and `record` (its
// run.json): each file must be present, equal to the re-run's and to its recorded hash; a
// file the record lists that the re-run does not write, or an offers.csv beside a run
// without offers, fails too. Prints one verdict a line; returns the number that failed.
int check_files(const std::filesystem::path& dir, const RunRecord& record, const std::vector<RunFile>& rerun);

// Prints the verdict on `what`: "identical", or "DIFFERS (problem)"; returns 1 when it differs.
int print_verdict(const std::string& what, std::string_view problem);

}  // namespace offersim::cli
