#pragma once
// run.json, the record of how a run was made, written beside its outputs and read back,
// strictly, by `offersim run --check`.
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace offersim::cli {

// A file of a run folder: its name within the folder and its bytes.
using RunFile = std::pair<std::string, std::string>;

struct RunRecord {
    std::string offersim;    // the version that wrote it
    std::string git_commit;  // written, not read back
    std::string scenario;    // the path given; written, not read back
    std::uint64_t seed = 0;
    int replications = 0;
    std::string input_hash;  // input_hash_of the resolved scenario, seed and replications
    std::string started_at;  // ISO 8601, UTC: the reports' generation time
    std::string language;    // zh-CN or en
    double run_seconds = 0.0;
    int ranks = 1;  // the MPI job's processes that ran it; written, not read back
    std::vector<std::pair<std::string, std::string>> outputs;  // every other file and its content_hash
    // A comparison folder's record (`offersim compare`): its runs' sub-folders, the baseline's
    // first, and the options that change its files. A run's record has command "run".
    std::string command = "run";
    std::vector<std::string> runs;
    bool waterfall = false;
    bool leave_one_out = false;
};

// FNV-1a, 64 bits, as 16 hex digits: a fingerprint that catches edits, not forgery (the
// re-run of `--check` is the proof).
std::string content_hash(std::string_view bytes);

// The fingerprint of what a run's figures depend on: the resolved scenario, seed and
// replications.
std::string input_hash_of(std::string_view resolved_yaml, std::uint64_t seed, int replications);

// The same for a comparison: every run's resolved scenario, the baseline's first, the shared
// seed and replications, and the options that change its files.
std::string comparison_input_hash(const std::vector<std::string_view>& resolved_yamls, std::uint64_t seed,
                                  int replications, bool waterfall, bool leave_one_out);

// The record's outputs: every file of `files` with its content_hash.
std::vector<std::pair<std::string, std::string>> output_hashes(const std::vector<RunFile>& files);

std::string run_record_json(const RunRecord& record);

// Reads `file` strictly: every field present with its type (a seed of 7.9 or -5, a
// replications of "2" or 0, a language other than zh-CN or en are refused, never coerced); a
// comparison's record also names at least two runs' sub-folders, each a plain name.
// Throws InputError naming the file, the line and column of the field and what it must be.
RunRecord read_run_record(const std::filesystem::path& file);

}  // namespace offersim::cli
