#include "engine/scenario/extends_chain.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <fstream>
#include <optional>
#include <unordered_set>

namespace offersim::scenario {
namespace {

namespace fs = std::filesystem;

// Under `extends`, maps keyed by ids are restated whole, and a block whose model or
// distribution changes does not inherit the parent's parameters for the old one.
const MergeRules kMergeRules = {{"tier_mix", "segment_fees_cny"}, {"model", "distribution"}};

std::string too_big(std::string_view size) {
    return fmt::format("the file is {}; a scenario file may be at most {} MiB ({} bytes)", size,
                       kMaxFileBytes >> 20, kMaxFileBytes);
}

// Why a parent that parsed is still not a scenario to extend.
// `verb` is what the naming key does with it: extend or include.
std::string not_a_scenario(const std::string& name, const DocNode& parent, std::string_view verb) {
    if (parent.kind == DocNode::Kind::null)
        return fmt::format("'{}' is empty; it is not a scenario to {}", name, verb);
    return fmt::format(
        "'{}' holds {}, not a scenario; a scenario to {} is a mapping of keys such as name, "
        "tiers and segments",
        name, parent.kind == DocNode::Kind::sequence ? "a list" : "a single value", verb);
}

// The checks on what `extends` names before it is read; an empty string when it may be.
std::string parent_problem(const DocNode& extends, const fs::path& parent, const fs::path& canonical,
                           const std::unordered_set<std::string>& chain, std::size_t files) {
    if (extends.kind != DocNode::Kind::scalar || extends.scalar.empty())
        return "expected extends to name a scenario file, e.g. extends: baseline.yaml";
    if (chain.contains(canonical.string()))
        return fmt::format("extends cycle: '{}' is already being loaded by this chain", extends.scalar);
    if (files >= kMaxChainFiles)
        return fmt::format("an extends chain may hold at most {} files; '{}' would be file {}",
                           kMaxChainFiles, extends.scalar, files + 1);
    std::error_code ec;
    if (fs::is_directory(parent, ec))
        return fmt::format("extends names '{}', which is a folder, not a scenario file", extends.scalar);
    if (!fs::is_regular_file(parent, ec))
        return fmt::format("extends names '{}', which does not exist (looked for {})", extends.scalar,
                           parent.string());
    return {};
}

}  // namespace

bool read_scenario_file(const fs::path& file, std::string& text, std::string& problem) {
    std::error_code ec;
    const auto size = fs::file_size(file, ec);
    if (!ec && size > kMaxFileBytes) {
        problem = too_big(fmt::format("{} bytes", size));
        return false;
    }
    std::ifstream in(file, std::ios::binary);
    if (!in) {
        problem = "cannot read the file";
        return false;
    }
    text.clear();
    char chunk[1 << 16];
    while (in.read(chunk, sizeof chunk) || in.gcount() > 0) {
        text.append(chunk, static_cast<std::size_t>(in.gcount()));
        if (text.size() > kMaxFileBytes) {  // it grew since its size was read
            problem = too_big(fmt::format("over {} MiB", kMaxFileBytes >> 20));
            return false;
        }
    }
    if (in.bad()) {
        problem = "cannot read the file";
        return false;
    }
    return true;
}

namespace {

// One scenario's files being resolved: the files open on the way from the file given
// (a cycle returns to one), how many files have been read in all, and one parse budget.
struct Resolution {
    explicit Resolution(std::vector<Diagnostic>& out) : diagnostics(out) {}
    std::vector<Diagnostic>& diagnostics;
    std::vector<std::string> open;
    std::size_t files = 1;  // the file given
    ParseBudget budget;
    std::vector<std::string> chain;  // the file given, then each parent it extends
};

// Why an `include` value cannot be followed; empty when it lists files.
std::string include_problem(const DocNode& include) {
    const bool listed = include.kind == DocNode::Kind::sequence &&
                        std::all_of(include.items.begin(), include.items.end(), [](const DocNode& item) {
                            return item.kind == DocNode::Kind::scalar && !item.scalar.empty();
                        });
    return listed ? std::string{} : "expected include to list scenario files, e.g. include: [churn_fit.yaml]";
}

// The checks on a file that `include` names before it is read; an empty string when it may be.
std::string included_problem(const DocNode& name, const fs::path& file, const Resolution& r) {
    std::error_code ec;
    const std::string canonical = fs::weakly_canonical(file, ec).string();
    if (std::find(r.open.begin(), r.open.end(), canonical) != r.open.end())
        return fmt::format("include cycle: '{}' is already being loaded by this scenario", name.scalar);
    if (r.files >= kMaxChainFiles)
        return fmt::format(
            "a scenario with its extends chain and includes may read at most {} files; '{}' "
            "would be file {}",
            kMaxChainFiles, name.scalar, r.files + 1);
    if (fs::is_directory(file, ec))
        return fmt::format("include names '{}', which is a folder, not a scenario file", name.scalar);
    if (!fs::is_regular_file(file, ec))
        return fmt::format("include names '{}', which does not exist (looked for {})", name.scalar,
                           file.string());
    return {};
}

void drop_resolved_keys(DocNode& node) {
    std::erase_if(node.entries, [](const DocEntry& e) { return e.key == "extends" || e.key == "include"; });
}

// `file` (whose text is `text`) merged as it says: its extends parent resolved, then each
// file it includes resolved, in list order, then the file itself. `via` is the value that
// named the file (null for the file given); an included file may include but not extend.
// Recursion is bounded by kMaxChainFiles.
DocNode resolve(std::string_view text, const fs::path& file, const DocNode* via, bool included,
                Resolution& r) {
    DocNode node = parse_document(text, file.string(), r.diagnostics, r.budget);
    if (!r.diagnostics.empty()) return {};
    if (node.kind != DocNode::Kind::map) {
        if (!via) return node;  // the file given: the decoder says what it holds
        r.diagnostics.push_back(
            {via->pos, not_a_scenario(via->scalar, node, included ? "include" : "extend")});
        return {};
    }
    if (!included) r.chain.push_back(file.string());
    std::error_code ec;
    r.open.push_back(fs::weakly_canonical(file, ec).string());
    std::optional<DocNode> base;
    if (const DocNode* extends = node.find("extends")) {
        if (included) {
            r.diagnostics.push_back({extends->pos,
                                     "an included file may not use extends; include lays its "
                                     "keys over the scenario that includes it"});
            return {};
        }
        const fs::path parent = file.parent_path() / extends->scalar;
        const fs::path canonical = fs::weakly_canonical(parent, ec);
        const std::unordered_set<std::string> open(r.open.begin(), r.open.end());
        if (std::string problem = parent_problem(*extends, parent, canonical, open, r.files);
            !problem.empty()) {
            r.diagnostics.push_back({extends->pos, problem});
            return {};
        }
        std::string parent_text;
        if (std::string problem; !read_scenario_file(parent, parent_text, problem)) {
            r.diagnostics.push_back(
                {extends->pos, fmt::format("extends names '{}': {}", extends->scalar, problem)});
            return {};
        }
        ++r.files;
        base = resolve(parent_text, parent, extends, false, r);
        if (!r.diagnostics.empty()) return {};
    }
    if (const DocNode* include = node.find("include")) {
        if (std::string problem = include_problem(*include); !problem.empty()) {
            r.diagnostics.push_back({include->pos, problem});
            return {};
        }
        for (const DocNode& name : include->items) {
            const fs::path path = file.parent_path() / name.scalar;
            if (std::string problem = included_problem(name, path, r); !problem.empty()) {
                r.diagnostics.push_back({name.pos, problem});
                return {};
            }
            std::string included_text;
            if (std::string problem; !read_scenario_file(path, included_text, problem)) {
                r.diagnostics.push_back(
                    {name.pos, fmt::format("include names '{}': {}", name.scalar, problem)});
                return {};
            }
            ++r.files;
            DocNode keys = resolve(included_text, path, &name, true, r);
            if (!r.diagnostics.empty()) return {};
            base = base ? merge_documents(std::move(*base), keys, kMergeRules) : std::move(keys);
        }
    }
    r.open.pop_back();
    DocNode merged = base ? merge_documents(std::move(*base), node, kMergeRules) : std::move(node);
    drop_resolved_keys(merged);  // resolved: keep the record free of them
    return merged;
}

}  // namespace

MergedChain load_extends_chain(std::string_view text, const fs::path& file,
                               std::vector<Diagnostic>& diagnostics) {
    MergedChain chain;
    if (text.size() > kMaxFileBytes) {
        diagnostics.push_back(
            {SourcePos{file.string(), 0, 0}, too_big(fmt::format("{} bytes", text.size()))});
        return chain;
    }
    Resolution r(diagnostics);
    DocNode root = resolve(text, file, nullptr, false, r);
    if (!diagnostics.empty()) return chain;
    chain.root = std::move(root);
    chain.files = std::move(r.chain);
    return chain;
}

}  // namespace offersim::scenario
