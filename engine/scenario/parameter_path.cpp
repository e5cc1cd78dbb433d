#include "engine/scenario/parameter_path.hpp"

#include "engine/scenario/loader.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <charconv>
#include <cmath>

namespace offersim::scenario {
namespace {

// Names listed when no close spelling exists.
constexpr std::size_t kListedPaths = 8;

[[noreturn]] void fail(const ParameterPath& path, std::string_view problem) {
    throw InputError({{path.pos, fmt::format("parameter path '{}': {}", path.text, problem)}});
}

[[noreturn]] void bad_syntax(std::string_view text, const SourcePos& pos, std::size_t at,
                             std::string_view problem) {
    throw InputError({{pos, fmt::format("parameter path '{}': {} at character {}; a path is map keys "
                                        "joined by '.' with list items named by id in brackets, e.g. "
                                        "tiers[gotone_58].monthly_fee_cny",
                                        text, problem, at + 1)}});
}

bool ids_on_every_item(const DocNode& sequence) {
    return !sequence.items.empty() &&
           std::all_of(sequence.items.begin(), sequence.items.end(), [](const DocNode& n) {
               const DocNode* id = n.kind == DocNode::Kind::map ? n.find("id") : nullptr;
               return id && id->kind == DocNode::Kind::scalar;
           });
}

// "did you mean 'x'?" when `name` is a close spelling of one of `names`, else a short list.
std::string suggestion(std::string_view name, const std::vector<std::string_view>& names) {
    if (names.empty()) return "it is empty";
    if (const std::string_view near = nearest_name(name, names); !near.empty())
        return fmt::format("did you mean '{}'?", near);
    std::string listed;
    for (std::size_t i = 0; i < std::min(names.size(), kListedPaths); ++i)
        listed += fmt::format("{}'{}'", i ? ", " : "", names[i]);
    if (names.size() > kListedPaths) listed += fmt::format(" and {} more", names.size() - kListedPaths);
    return fmt::format("expected one of {}", listed);
}

// The path of the first `count` steps, for saying where a step failed.
std::string prefix(const ParameterPath& path, std::size_t count) {
    return format_parameter_path(std::vector<PathStep>(path.steps.begin(), path.steps.begin() + count));
}

// The index of the entry of `node` that step `i` (a key) names.
std::size_t key_step(const ParameterPath& path, std::size_t i, const DocNode& node) {
    const std::string& key = path.steps[i].name;
    if (node.kind == DocNode::Kind::map) {
        for (std::size_t k = 0; k < node.entries.size(); ++k)
            if (node.entries[k].key == key) return k;
        std::vector<std::string_view> keys;
        for (const auto& e : node.entries) keys.push_back(e.key);
        const std::string where = i == 0 ? "the top level" : prefix(path, i);
        fail(path, fmt::format("the scenario has no key '{}' at {}; {}", key, where, suggestion(key, keys)));
    }
    if (node.kind == DocNode::Kind::sequence) {
        const PathStep item = node.items.empty() ? PathStep{"id", true} : item_step(node, 0);
        fail(path, fmt::format("{} is a list; select one of its items in brackets before '{}', e.g. {}",
                               prefix(path, i), key,
                               format_parameter_path({PathStep{prefix(path, i)}, item, path.steps[i]})));
    }
    fail(path, fmt::format("{} is a single value; it has no key '{}'", prefix(path, i), key));
}

// The index of the item of `node` that step `i` (an item) names.
std::size_t item_in(const ParameterPath& path, std::size_t i, const DocNode& node) {
    const std::string& name = path.steps[i].name;
    if (node.kind != DocNode::Kind::sequence)
        fail(path, fmt::format("{} is not a list; '[{}]' selects an item of a list", prefix(path, i), name));
    std::vector<std::string> names;
    for (std::size_t k = 0; k < node.items.size(); ++k) names.push_back(item_step(node, k).name);
    const auto found = std::find(names.begin(), names.end(), name);
    if (found != names.end()) return static_cast<std::size_t>(found - names.begin());
    const std::vector<std::string_view> views(names.begin(), names.end());
    const bool by_id = ids_on_every_item(node);
    fail(path, fmt::format("{} has no item {} '{}'; {}", prefix(path, i), by_id ? "with id" : "at index",
                           name, suggestion(name, views)));
}

// DocNode or const DocNode: the node `path` names in `root`.
template <typename Node>
Node& walk(Node& root, const ParameterPath& path) {
    Node* node = &root;
    for (std::size_t i = 0; i < path.steps.size(); ++i)
        node = path.steps[i].item ? &node->items[item_in(path, i, *node)]
                                  : &node->entries[key_step(path, i, *node)].value.front();
    return *node;
}

}  // namespace

ParameterPath parse_parameter_path(std::string_view text, const SourcePos& pos) {
    ParameterPath path{std::string(text), {}, pos};
    if (text.empty()) bad_syntax(text, pos, 0, "the path is empty");
    std::size_t at = 0;
    while (at < text.size()) {
        const char c = text[at];
        if (c == '[') {
            if (path.steps.empty()) bad_syntax(text, pos, at, "a path starts with a key, not '['");
            const std::size_t close = text.find(']', at);
            if (close == std::string_view::npos) bad_syntax(text, pos, at, "'[' is not closed");
            const std::string_view name = text.substr(at + 1, close - at - 1);
            if (name.empty()) bad_syntax(text, pos, at, "'[]' names no item");
            if (name.find('[') != std::string_view::npos) bad_syntax(text, pos, at, "'[' inside '[...]'");
            path.steps.push_back(PathStep{std::string(name), true});
            at = close + 1;
            if (at < text.size() && text[at] != '.' && text[at] != '[')
                bad_syntax(text, pos, at, "expected '.' or '[' after ']'");
            continue;
        }
        if (c == '.') {
            if (path.steps.empty()) bad_syntax(text, pos, at, "a path starts with a key, not '.'");
            ++at;
        }
        const std::size_t end = std::min(text.find_first_of(".[]", at), text.size());
        if (end < text.size() && text[end] == ']') bad_syntax(text, pos, end, "']' without '['");
        const std::string_view key = text.substr(at, end - at);
        if (key.empty()) bad_syntax(text, pos, at, "a key is empty");
        if (key.find_first_of(" \t\n\r") != std::string_view::npos)
            bad_syntax(text, pos, at, "a key holds a space");
        path.steps.push_back(PathStep{std::string(key), false});
        at = end;
    }
    return path;
}

std::string format_parameter_path(const std::vector<PathStep>& steps) {
    std::string text;
    for (const auto& s : steps) {
        if (s.item)
            text += fmt::format("[{}]", s.name);
        else
            text += text.empty() ? s.name : "." + s.name;
    }
    return text;
}

PathStep item_step(const DocNode& sequence, std::size_t index) {
    if (ids_on_every_item(sequence)) return PathStep{sequence.items[index].find("id")->scalar, true};
    return PathStep{fmt::format("{}", index), true};
}

const DocNode& find_parameter(const DocNode& root, const ParameterPath& path) {
    return walk(root, path);
}

void set_parameter(DocNode& root, const ParameterPath& path, double value) {
    DocNode& node = walk(root, path);
    if (node.kind == DocNode::Kind::map || node.kind == DocNode::Kind::sequence) {
        const PathStep first = node.kind == DocNode::Kind::map
                                   ? PathStep{node.entries.empty() ? "key" : node.entries.front().key, false}
                                   : item_step(node, 0);
        std::vector<PathStep> example = path.steps;
        if (!node.entries.empty() || !node.items.empty()) example.push_back(first);
        fail(path, fmt::format("names {}, not a single value; a parameter is one number, e.g. {}",
                               node.kind == DocNode::Kind::map ? "a mapping" : "a list",
                               format_parameter_path(example)));
    }
    if (!std::isfinite(value)) fail(path, fmt::format("the value {} is not a finite number", value));
    node.kind = DocNode::Kind::scalar;
    node.scalar = fmt::format("{}", value);
    node.quoted = false;
}

}  // namespace offersim::scenario
