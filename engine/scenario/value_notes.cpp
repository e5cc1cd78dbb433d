#include "engine/scenario/value_notes.hpp"

#include "engine/core/error.hpp"
#include "engine/scenario/document.hpp"

#include <algorithm>
#include <cctype>

namespace offersim::scenario {

namespace {

bool starts_with_word(std::string_view text, std::string_view word) {
    if (text.size() < word.size()) return false;
    return std::equal(word.begin(), word.end(), text.begin(),
                      [](char w, char t) { return w == std::tolower(static_cast<unsigned char>(t)); });
}

bool is_label(std::string_view key) {
    return key == "id" || key == "name" || key == "title";
}

bool all_scalars(const DocNode& seq) {
    return std::all_of(seq.items.begin(), seq.items.end(),
                       [](const DocNode& n) { return n.kind == DocNode::Kind::scalar; });
}

void add_value(std::vector<ScenarioValue>& out, std::vector<std::string>& path, const DocNode& node) {
    switch (node.kind) {
        case DocNode::Kind::null:
        case DocNode::Kind::scalar:
            out.push_back({path, node.kind == DocNode::Kind::null ? std::string("~") : node.scalar, node.note,
                           source_of(node.note)});
            return;
        case DocNode::Kind::sequence:
            if (node.items.empty()) return;
            if (all_scalars(node)) {
                std::string joined;
                for (const auto& item : node.items) joined += (joined.empty() ? "" : ", ") + item.scalar;
                out.push_back({path, joined, node.note, source_of(node.note)});
                return;
            }
            for (std::size_t i = 0; i < node.items.size(); ++i) {
                const DocNode& item = node.items[i];
                const DocNode* id = item.kind == DocNode::Kind::map ? item.find("id") : nullptr;
                path.push_back("[" + (id != nullptr ? id->scalar : std::to_string(i)) + "]");
                add_value(out, path, item);
                path.pop_back();
            }
            return;
        case DocNode::Kind::map:
            for (const auto& e : node.entries) {
                if (is_label(e.key)) continue;
                path.push_back(e.key);
                add_value(out, path, e.value.front());
                path.pop_back();
            }
            return;
    }
}

}  // namespace

ValueSource source_of(std::string_view note) {
    if (note.empty()) return ValueSource::not_stated;
    return starts_with_word(note, "assumption") || starts_with_word(note, "assumed") ? ValueSource::assumption
                                                                                     : ValueSource::data;
}

std::string path_text(const std::vector<std::string>& path) {
    std::string text;
    for (const auto& key : path) {
        if (!text.empty() && !key.starts_with('[')) text += '.';
        text += key;
    }
    return text;
}

std::vector<ScenarioValue> scenario_values(std::string_view resolved_yaml) {
    std::vector<Diagnostic> problems;
    const DocNode root = parse_document(resolved_yaml, "scenario.resolved.yaml", problems);
    if (!problems.empty()) throw InputError(std::move(problems));
    std::vector<ScenarioValue> values;
    std::vector<std::string> path;
    add_value(values, path, root);
    return values;
}

}  // namespace offersim::scenario
