#pragma once
// The folder of `offersim compare`: the comparison's files, its record (run.json) and each
// run's own folder, and `offersim run --check` on it, which re-runs the comparison from the
// runs' recorded scenarios and confirms every file, the sub-folders' included.
#include "engine/cli/run_outputs.hpp"
#include "engine/scenario/scenario.hpp"
#include "engine/sim/comparison_run.hpp"

#include <filesystem>
#include <string>
#include <vector>

namespace offersim::cli {

struct CompareOptions {
    bool waterfall = false;      // split each variant's revenue change by mechanism
    bool leave_one_out = false;  // each offer of a variant with several on its own
};

// Runs the baseline and the variants (`scenarios`, with the baseline's seed and replications)
// in lockstep, with what each variant changes and, when asked, its revenue waterfall.
sim::ComparisonRuns run_compared(const std::vector<scenario::Scenario>& scenarios,
                                 const sim::RunConfig& config, const CompareOptions& options);

// Every file of the comparison folder: comparison.json, comparison.csv, the reports, run.json,
// then each run's files in a sub-folder named after its scenario (made safe and numbered if
// repeated, so it stays inside the folder), its run.json included. `paths` are the files the
// scenarios were loaded from, for the records.
std::vector<RunFile> comparison_files(const std::vector<scenario::Scenario>& scenarios,
                                      const std::vector<std::string>& paths,
                                      const sim::ComparisonRuns& compared, const CompareOptions& options,
                                      const RunStamp& stamp, const std::atomic<bool>* cancel);

// `offersim run --check` on a comparison folder whose run.json is `record`: checks each
// run's record, re-runs the comparison from the sub-folders' scenario.resolved.yaml with the
// recorded seed, replications, options, language and start time, and checks every file, the
// sub-folders' included. Prints one verdict a line; returns the number that failed.
int check_comparison_folder(const std::filesystem::path& dir, const RunRecord& record,
                            const sim::RunConfig& config);

}  // namespace offersim::cli
