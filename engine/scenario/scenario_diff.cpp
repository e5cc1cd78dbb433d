#include "engine/scenario/scenario_diff.hpp"

#include "engine/scenario/document.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <array>
#include <charconv>
#include <optional>
#include <string_view>

namespace offersim::scenario {

namespace {

// Top-level keys that name a run or set what compare sets for every run.
constexpr std::array<std::string_view, 6> kNotChanges = {"name",         "title", "description",
                                                         "replications", "seed",  "price_reference"};

// As `extends` merges them (loader.cpp): maps restated whole, and keys whose change makes a
// map's other keys mean something else; such a map is one change, not one per key.
constexpr std::array<std::string_view, 2> kWholeMaps = {"tier_mix", "segment_fees_cny"};
constexpr std::array<std::string_view, 2> kDiscriminators = {"model", "distribution"};

// A value longer than this is cut, with an ellipsis: the list names what changed, the
// resolved scenario in the run's folder holds it whole.
constexpr std::size_t kMaxValueChars = 160;

std::optional<double> number(const DocNode& node) {
    if (node.kind != DocNode::Kind::scalar || node.quoted || node.scalar.empty()) return std::nullopt;
    double value = 0.0;
    const char* end = node.scalar.data() + node.scalar.size();
    const auto [ptr, ec] = std::from_chars(node.scalar.data(), end, value);
    if (ec != std::errc() || ptr != end) return std::nullopt;
    return value;
}

bool same_scalar(const DocNode& a, const DocNode& b) {
    const auto x = number(a);
    const auto y = number(b);
    if (x && y) return *x == *y;
    return a.scalar == b.scalar;
}

bool has_id(const DocNode& item) {
    const DocNode* id = item.kind == DocNode::Kind::map ? item.find("id") : nullptr;
    return id != nullptr && id->kind == DocNode::Kind::scalar;
}

bool items_have_ids(const DocNode& seq) {
    return !seq.items.empty() && std::all_of(seq.items.begin(), seq.items.end(), has_id);
}

const DocNode* item_with_id(const DocNode& seq, const std::string& id) {
    for (const auto& item : seq.items)
        if (has_id(item) && item.find("id")->scalar == id) return &item;
    return nullptr;
}

bool same(const DocNode& a, const DocNode& b);

bool same_map(const DocNode& a, const DocNode& b) {
    if (a.entries.size() != b.entries.size()) return false;
    for (const auto& e : a.entries) {
        const DocNode* other = b.find(e.key);
        if (other == nullptr || !same(a.value(e), *other)) return false;
    }
    return true;
}

bool same(const DocNode& a, const DocNode& b) {
    if (a.kind != b.kind) return false;
    switch (a.kind) {
        case DocNode::Kind::null:
            return true;
        case DocNode::Kind::scalar:
            return same_scalar(a, b);
        case DocNode::Kind::map:
            return same_map(a, b);
        case DocNode::Kind::sequence:
            break;
    }
    if (a.items.size() != b.items.size()) return false;
    for (std::size_t i = 0; i < a.items.size(); ++i)
        if (!same(a.items[i], b.items[i])) return false;
    return true;
}

void flow(std::string& out, const DocNode& node) {
    switch (node.kind) {
        case DocNode::Kind::null:
            out += "null";
            return;
        case DocNode::Kind::scalar:
            out += node.quoted ? fmt::format("\"{}\"", node.scalar) : node.scalar;
            return;
        case DocNode::Kind::sequence:
            out += '[';
            for (std::size_t i = 0; i < node.items.size(); ++i) {
                if (i > 0) out += ", ";
                flow(out, node.items[i]);
            }
            out += ']';
            return;
        case DocNode::Kind::map:
            break;
    }
    out += '{';
    for (std::size_t i = 0; i < node.entries.size(); ++i) {
        if (i > 0) out += ", ";
        out += node.entries[i].key + ": ";
        flow(out, node.value(node.entries[i]));
    }
    out += '}';
}

// One line, cut at a character boundary when long.
std::string one_line(const DocNode& node) {
    std::string text;
    flow(text, node);
    if (text.size() <= kMaxValueChars) return text;
    std::size_t cut = kMaxValueChars;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
    return text.substr(0, cut) + "…";
}

// `keys`: the map keys from the top down to the change ("segments", "size" for
// segments[mass].size); `whole_item`: the change adds or removes a list item. The customer
// base is a segment's customers and its arrivals (not the tiers they arrive on).
ChangeArea area_of(const std::vector<std::string_view>& keys, bool whole_item) {
    if (keys.empty()) return ChangeArea::other;
    if (keys.front() == "costs") return ChangeArea::costs;
    if (keys.front() != "segments") return ChangeArea::other;
    if (keys.size() == 1) return whole_item ? ChangeArea::customer_base : ChangeArea::other;
    if (keys[1] == "size") return ChangeArea::customer_base;
    if (keys[1] != "acquisition") return ChangeArea::other;
    return keys.size() == 2 || keys[2] == "gross_adds_per_month" ? ChangeArea::customer_base
                                                                 : ChangeArea::other;
}

bool replaced_whole(const DocNode& base, const DocNode& variant, std::string_view key) {
    if (std::find(kWholeMaps.begin(), kWholeMaps.end(), key) != kWholeMaps.end()) return true;
    for (const auto discriminator : kDiscriminators) {
        const DocNode* was = base.find(discriminator);
        const DocNode* now = variant.find(discriminator);
        if (was && now && was->scalar != now->scalar) return true;
    }
    return false;
}

const DocNode& empty_sequence() {
    static const DocNode empty = [] {
        DocNode node;
        node.kind = DocNode::Kind::sequence;
        return node;
    }();
    return empty;
}

class Differ {
public:
    std::vector<ScenarioChange> changes;

    void compare(const DocNode& base, const DocNode& variant, const std::string& path) {
        const std::string_view key = keys_.empty() ? std::string_view() : keys_.back();
        if (base.kind == DocNode::Kind::map && variant.kind == DocNode::Kind::map &&
            !replaced_whole(base, variant, key)) {
            compare_maps(base, variant, path);
        } else if (base.kind == DocNode::Kind::sequence && variant.kind == DocNode::Kind::sequence &&
                   (base.items.empty() || items_have_ids(base)) &&
                   (variant.items.empty() || items_have_ids(variant))) {
            compare_items(base, variant, path);
        } else if (!same(base, variant)) {
            add(path, &base, &variant, false);
        }
    }

private:
    std::vector<std::string_view> keys_;

    void compare_maps(const DocNode& base, const DocNode& variant, const std::string& path) {
        for (const auto& e : variant.entries) {
            if (path.empty() && std::find(kNotChanges.begin(), kNotChanges.end(), e.key) != kNotChanges.end())
                continue;
            keys_.push_back(e.key);
            const std::string at = path.empty() ? e.key : path + "." + e.key;
            const DocNode& now = variant.value(e);
            if (const DocNode* was = base.find(e.key))
                compare(*was, now, at);
            else if (now.kind == DocNode::Kind::sequence && items_have_ids(now))
                compare_items(empty_sequence(), now, at);  // each item added, by its id
            else
                add(at, nullptr, &now, false);
            keys_.pop_back();
        }
        for (const auto& e : base.entries) {
            if (variant.find(e.key) != nullptr) continue;
            if (path.empty() && std::find(kNotChanges.begin(), kNotChanges.end(), e.key) != kNotChanges.end())
                continue;
            keys_.push_back(e.key);
            const std::string at = path.empty() ? e.key : path + "." + e.key;
            const DocNode& was = base.value(e);
            if (was.kind == DocNode::Kind::sequence && items_have_ids(was))
                compare_items(was, empty_sequence(), at);  // each item removed, by its id
            else
                add(at, &was, nullptr, false);
            keys_.pop_back();
        }
    }

    void compare_items(const DocNode& base, const DocNode& variant, const std::string& path) {
        for (const auto& item : variant.items) {
            const std::string& id = item.find("id")->scalar;
            const std::string at = fmt::format("{}[{}]", path, id);
            if (const DocNode* was = item_with_id(base, id))
                compare(*was, item, at);
            else
                add(at, nullptr, &item, true);
        }
        for (const auto& item : base.items) {
            const std::string& id = item.find("id")->scalar;
            if (item_with_id(variant, id) == nullptr)
                add(fmt::format("{}[{}]", path, id), &item, nullptr, true);
        }
    }

    void add(const std::string& path, const DocNode* base, const DocNode* variant, bool whole_item) {
        changes.push_back({path, base ? one_line(*base) : std::string(),
                           variant ? one_line(*variant) : std::string(), area_of(keys_, whole_item)});
    }
};

DocNode parse_resolved(const Scenario& sc) {
    std::vector<Diagnostic> problems;
    DocNode root = parse_document(sc.resolved_yaml, sc.name + " (resolved)", problems);
    if (!problems.empty()) throw InputError(std::move(problems));
    return root;
}

}  // namespace

std::vector<ScenarioChange> diff_scenarios(const Scenario& baseline, const Scenario& variant) {
    Differ differ;
    differ.compare(parse_resolved(baseline), parse_resolved(variant), "");
    return std::move(differ.changes);
}

bool like_for_like(const std::vector<ScenarioChange>& changes) {
    return std::none_of(changes.begin(), changes.end(),
                        [](const ScenarioChange& c) { return c.area != ChangeArea::other; });
}

}  // namespace offersim::scenario
