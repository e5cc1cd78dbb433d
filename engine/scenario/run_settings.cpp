#include "engine/scenario/run_settings.hpp"

#include "engine/scenario/document.hpp"

#include <fmt/format.h>

namespace offersim::scenario {

namespace {

void set_scalar(DocNode& root, std::string_view key, std::string value) {
    DocNode scalar;
    scalar.kind = DocNode::Kind::scalar;
    scalar.scalar = std::move(value);
    if (DocNode* existing = root.find(key)) {
        scalar.pos = existing->pos;
        *existing = std::move(scalar);
        return;
    }
    scalar.pos = root.pos;
    root.entries.push_back(DocEntry{std::string(key), root.pos, {std::move(scalar)}});
}

}  // namespace

void set_run_settings(Scenario& sc, std::uint64_t seed, int replications) {
    if (sc.seed == seed && sc.replications == replications) return;
    std::vector<Diagnostic> problems;
    DocNode root = parse_document(sc.resolved_yaml, sc.name + " (resolved)", problems);
    if (!problems.empty()) throw InputError(std::move(problems));
    set_scalar(root, "seed", fmt::format("{}", seed));
    set_scalar(root, "replications", fmt::format("{}", replications));
    sc.seed = seed;
    sc.replications = replications;
    sc.resolved_yaml = emit_document(root);
}

}  // namespace offersim::scenario
