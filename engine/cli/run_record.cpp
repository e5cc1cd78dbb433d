#include "engine/cli/run_record.hpp"

#include "engine/core/error.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace offersim::cli {

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr int kMaxReplications = 100'000;  // as the scenario format and --replications allow

std::uint64_t fnv1a64(std::string_view text, std::uint64_t h = 1469598103934665603ull) {
    for (unsigned char c : text) {
        h ^= c;
        h *= 1099511628211ull;
    }
    return h;
}

bool is_hash(const json& value) {
    if (!value.is_string()) return false;
    const auto& text = value.get_ref<const std::string&>();
    return text.size() == 16 && std::all_of(text.begin(), text.end(), [](char c) {
               return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
           });
}

// YYYY-MM-DDTHH:MM:SSZ, as the run wrote it.
bool is_start_time(const json& value) {
    if (!value.is_string()) return false;
    const auto& text = value.get_ref<const std::string&>();
    constexpr std::string_view shape = "dddd-dd-ddTdd:dd:ddZ";
    if (text.size() != shape.size()) return false;
    for (std::size_t i = 0; i < shape.size(); ++i)
        if (shape[i] == 'd' ? !(text[i] >= '0' && text[i] <= '9') : text[i] != shape[i]) return false;
    return true;
}

// A file name a run writes: a plain name, never a path out of the folder.
bool is_output_name(const std::string& name) {
    return !name.empty() && name != "." && name != ".." && name != "run.json" &&
           name.find_first_of("/\\") == std::string::npos && name.find('\0') == std::string::npos;
}

// Reads one record's fields, collecting every problem at the line and column of its key.
class RecordReader {
public:
    RecordReader(std::string file, std::string text) : file_(std::move(file)), text_(std::move(text)) {}

    const json* field(const json& root, std::string_view key, std::string_view expected) {
        const auto found = root.find(std::string(key));
        if (found == root.end()) {
            problem(key, fmt::format("the record has no \"{}\"; expected {}", key, expected), true);
            return nullptr;
        }
        return &*found;
    }

    // The value at `key` when `valid` holds for it; otherwise a problem saying what it must be.
    template <typename Valid>
    const json* checked(const json& root, std::string_view key, std::string_view expected, Valid valid) {
        const json* value = field(root, key, expected);
        if (value != nullptr && !valid(*value)) {
            problem(key, fmt::format("\"{}\" must be {}; found {}", key, expected, value->dump()));
            return nullptr;
        }
        return value;
    }

    void problem(std::string_view key, std::string message, bool missing = false) {
        SourcePos pos{file_, 1, 1};
        const std::size_t at = missing ? std::string::npos : text_.find(fmt::format("\"{}\"", key));
        if (at != std::string::npos) {
            pos.line = 1 + static_cast<int>(std::count(
                               text_.begin(), text_.begin() + static_cast<std::ptrdiff_t>(at), '\n'));
            const std::size_t line_start = text_.rfind('\n', at);
            pos.column = 1 + static_cast<int>(at - (line_start == std::string::npos ? 0 : line_start + 1));
        }
        problems_.push_back({pos, std::move(message)});
    }

    std::vector<Diagnostic>& problems() { return problems_; }

private:
    std::string file_;
    std::string text_;
    std::vector<Diagnostic> problems_;
};

// The fields of a comparison's record: "command": "compare", its runs' sub-folders (plain,
// distinct names, at least a baseline and a variant) and its options.
void read_comparison_fields(RecordReader& reader, const json& root, RunRecord& r) {
    if (const json* v = reader.checked(root, "command", "\"run\" or \"compare\"",
                                       [](const json& x) { return x == "run" || x == "compare"; }))
        r.command = v->get<std::string>();
    if (r.command != "compare") return;
    const auto valid_runs = [](const json& x) {
        if (!x.is_array() || x.size() < 2) return false;
        std::vector<std::string> seen;
        for (const auto& item : x) {
            if (!item.is_string() || !is_output_name(item.get<std::string>())) return false;
            if (std::find(seen.begin(), seen.end(), item.get<std::string>()) != seen.end()) return false;
            seen.push_back(item.get<std::string>());
        }
        return true;
    };
    if (const json* v =
            reader.checked(root, "runs", "the sub-folders of the baseline and each variant", valid_runs))
        r.runs = v->get<std::vector<std::string>>();
    const auto is_bool = [](const json& x) { return x.is_boolean(); };
    if (const json* v = reader.checked(root, "waterfall", "true or false", is_bool))
        r.waterfall = v->get<bool>();
    if (const json* v = reader.checked(root, "leave_one_out", "true or false", is_bool))
        r.leave_one_out = v->get<bool>();
}

}  // namespace

std::string content_hash(std::string_view bytes) {
    return fmt::format("{:016x}", fnv1a64(bytes));
}

std::string input_hash_of(std::string_view resolved_yaml, std::uint64_t seed, int replications) {
    return content_hash(fmt::format("{}|{}|{}", resolved_yaml, seed, replications));
}

std::string comparison_input_hash(const std::vector<std::string_view>& resolved_yamls, std::uint64_t seed,
                                  int replications, bool waterfall, bool leave_one_out) {
    std::string runs;
    for (const auto yaml : resolved_yamls) runs += input_hash_of(yaml, seed, replications) + "|";
    return content_hash(fmt::format("compare|{}{}|{}", runs, waterfall, leave_one_out));
}

std::vector<std::pair<std::string, std::string>> output_hashes(const std::vector<RunFile>& files) {
    std::vector<std::pair<std::string, std::string>> hashes;
    for (const auto& [name, contents] : files) hashes.emplace_back(name, content_hash(contents));
    return hashes;
}

std::string run_record_json(const RunRecord& r) {
    nlohmann::ordered_json j;
    j["offersim"] = r.offersim;
    j["git_commit"] = r.git_commit;
    j["scenario"] = r.scenario;
    j["seed"] = r.seed;
    j["replications"] = r.replications;
    j["input_hash"] = r.input_hash;
    j["started_at"] = r.started_at;
    j["language"] = r.language;
    j["run_seconds"] = std::round(r.run_seconds * 1000.0) / 1000.0;
    j["ranks"] = r.ranks;
    if (r.command != "run") {
        j["command"] = r.command;
        j["runs"] = r.runs;
        j["waterfall"] = r.waterfall;
        j["leave_one_out"] = r.leave_one_out;
    }
    j["outputs"] = nlohmann::ordered_json::object();
    for (const auto& [name, hash] : r.outputs) j["outputs"][name] = hash;
    return j.dump(2) + "\n";
}

RunRecord read_run_record(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw InputError({{SourcePos{file.string(), 0, 0}, "cannot read the run record"}});
    std::ostringstream bytes;
    bytes << in.rdbuf();
    RecordReader reader(file.string(), bytes.str());
    const json root = json::parse(bytes.str(), nullptr, false);
    if (root.is_discarded() || !root.is_object())
        throw InputError(
            {{SourcePos{file.string(), 1, 1}, "not a run record written by offersim (not a JSON object)"}});

    RunRecord r;
    if (const json* v = reader.checked(root, "offersim", "the version as text",
                                       [](const json& x) { return x.is_string(); }))
        r.offersim = v->get<std::string>();
    if (const json* v = reader.checked(root, "seed", "a whole number from 0 to 18446744073709551615",
                                       [](const json& x) { return x.is_number_unsigned(); }))
        r.seed = v->get<std::uint64_t>();
    const std::string reps = fmt::format("a whole number from 1 to {}", kMaxReplications);
    if (const json* v = reader.checked(root, "replications", reps, [](const json& x) {
            return x.is_number_integer() && x.get<std::int64_t>() >= 1 &&
                   x.get<std::int64_t>() <= kMaxReplications;
        }))
        r.replications = v->get<int>();
    if (const json* v = reader.checked(root, "input_hash", "16 lower-case hex digits", is_hash))
        r.input_hash = v->get<std::string>();
    if (const json* v = reader.checked(root, "started_at", "a time as YYYY-MM-DDTHH:MM:SSZ", is_start_time))
        r.started_at = v->get<std::string>();
    if (const json* v = reader.checked(root, "language", "\"zh-CN\" or \"en\"",
                                       [](const json& x) { return x == "zh-CN" || x == "en"; }))
        r.language = v->get<std::string>();
    const auto valid_outputs = [](const json& x) {
        if (!x.is_object() || x.empty()) return false;
        for (const auto& item : x.items())
            if (!is_output_name(item.key()) || !is_hash(item.value())) return false;
        return true;
    };
    if (const json* v =
            reader.checked(root, "outputs", "every file's name with its 16-hex-digit hash", valid_outputs))
        for (const auto& item : v->items())
            r.outputs.emplace_back(item.key(), item.value().get<std::string>());
    if (root.contains("command")) read_comparison_fields(reader, root, r);
    if (!reader.problems().empty()) throw InputError(std::move(reader.problems()));
    return r;
}

}  // namespace offersim::cli
