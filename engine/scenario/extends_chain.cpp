#include "engine/scenario/extends_chain.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <fstream>
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
std::string not_a_scenario(const std::string& name, const DocNode& parent) {
    if (parent.kind == DocNode::Kind::null)
        return fmt::format("'{}' is empty; it is not a scenario to extend", name);
    return fmt::format(
        "'{}' holds {}, not a scenario; a scenario to extend is a mapping of keys such as name, "
        "tiers and segments",
        name, parent.kind == DocNode::Kind::sequence ? "a list" : "a single value");
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

MergedChain load_extends_chain(std::string_view text, const fs::path& file,
                               std::vector<Diagnostic>& diagnostics) {
    MergedChain chain;
    if (text.size() > kMaxFileBytes) {
        diagnostics.push_back(
            {SourcePos{file.string(), 0, 0}, too_big(fmt::format("{} bytes", text.size()))});
        return chain;
    }
    // Followed one file at a time, child first, so a long chain needs no deep stack.
    std::vector<DocNode> documents;
    std::unordered_set<std::string> loading;
    std::error_code ec;
    loading.insert(fs::weakly_canonical(file, ec).string());
    ParseBudget budget;
    std::string parent_text;
    fs::path current = file;
    while (true) {
        DocNode node = parse_document(text, current.string(), diagnostics, budget);
        if (!diagnostics.empty()) return chain;
        if (node.kind != DocNode::Kind::map) {
            if (documents.empty()) {  // the file given: the decoder says what it holds
                chain.root = std::move(node);
                return chain;
            }
            const DocNode& extends = *documents.back().find("extends");
            diagnostics.push_back({extends.pos, not_a_scenario(extends.scalar, node)});
            return chain;
        }
        chain.files.push_back(current.string());
        documents.push_back(std::move(node));
        const DocNode* extends = documents.back().find("extends");
        if (!extends) break;
        const fs::path parent = current.parent_path() / extends->scalar;
        const fs::path canonical = fs::weakly_canonical(parent, ec);
        if (const std::string problem =
                parent_problem(*extends, parent, canonical, loading, documents.size());
            !problem.empty()) {
            diagnostics.push_back({extends->pos, problem});
            return chain;
        }
        std::string problem;
        if (!read_scenario_file(parent, parent_text, problem)) {
            diagnostics.push_back(
                {extends->pos, fmt::format("extends names '{}': {}", extends->scalar, problem)});
            return chain;
        }
        loading.insert(canonical.string());
        text = parent_text;
        current = parent;
    }
    DocNode merged = std::move(documents.back());
    documents.pop_back();
    while (!documents.empty()) {
        merged = merge_documents(std::move(merged), documents.back(), kMergeRules);
        documents.pop_back();
        // The child's own `extends` is resolved; keep the record free of it.
        std::erase_if(merged.entries, [](const DocEntry& e) { return e.key == "extends"; });
    }
    chain.root = std::move(merged);
    return chain;
}

}  // namespace offersim::scenario
