#include "engine/scenario/extract_groups.hpp"

#include "engine/data/csv_table.hpp"
#include "engine/scenario/group_joiners.hpp"
#include "engine/scenario/group_members_check.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <cmath>

namespace offersim::scenario {

std::vector<std::uint8_t> group_member_segments(const Scenario& sc) {
    std::vector<std::uint8_t> out(sc.segments.size(), 0);
    if (!sc.groups) return out;
    for (const auto& c : sc.groups->classes)
        for (std::size_t s = 0; s < sc.segments.size(); ++s)
            if (!c.members_from.empty() && sc.segments[s].id == c.members_from) out[s] = 1;
    return out;
}

std::int64_t extract_group_size(const GroupClass& c, std::int64_t on_net) {
    const std::int64_t largest = largest_group_size(c);
    const auto size = static_cast<std::int64_t>(std::llround(static_cast<double>(on_net) / c.purity));
    return std::clamp(size, on_net, std::max(on_net, largest));
}

namespace {

// The position of key `key` of groups.classes[i], or the class's own.
SourcePos class_key_pos(const DocNode& root, std::size_t i, const char* key, const SourcePos& fallback) {
    const DocNode* groups = root.find("groups");
    const DocNode* classes = groups ? groups->find("classes") : nullptr;
    if (!classes || classes->kind != DocNode::Kind::sequence || i >= classes->items.size()) return fallback;
    const DocNode* node = classes->items[i].find(key);
    return node ? node->pos : classes->items[i].pos;
}

}  // namespace

void place_extract_groups(FieldReader& reader, const DocNode& root, Scenario& sc) {
    if (!sc.groups || !sc.initial_base || !sc.initial_base->customers) return;
    const data::CustomerExtract& extract = *sc.initial_base->customers;
    std::vector<int> taken_by(sc.segments.size(), -1);  // by segment: the class given its groups
    int reported = 0;
    for (std::size_t i = 0; i < sc.groups->classes.size(); ++i) {
        GroupClass& c = sc.groups->classes[i];
        c.rows_groups.clear();
        const auto seg = static_cast<std::size_t>(std::find_if(sc.segments.begin(), sc.segments.end(),
                                                               [&](const Segment& s) {
                                                                   return !c.members_from.empty() &&
                                                                          s.id == c.members_from;
                                                               }) -
                                                  sc.segments.begin());
        if (seg >= sc.segments.size() || seg >= extract.groups_by_segment.size() ||
            extract.groups_by_segment[seg].empty())
            continue;  // drawn, or placed by position (section 28)
        const std::vector<data::ExtractGroup>& groups = extract.groups_by_segment[seg];
        if (taken_by[seg] >= 0) {
            reader.error(
                class_key_pos(root, i, "members_from", c.pos),
                fmt::format("groups.classes[{}]: segment '{}' takes its groups from its rows' group ids "
                            "in {}, and they are class '{}''s already (groups.classes[{}]); one class "
                            "takes a segment's extract groups: take the members from another segment",
                            i, c.members_from, extract.file,
                            sc.groups->classes[static_cast<std::size_t>(taken_by[seg])].id, taken_by[seg]));
            continue;
        }
        taken_by[seg] = static_cast<int>(i);
        if (c.count != 0 && static_cast<std::size_t>(c.count) != groups.size()) {
            reader.error(
                class_key_pos(root, i, "count", c.pos),
                fmt::format("groups.classes[{}].count: {} given, but the rows of segment '{}' in {} carry "
                            "{} group ids, each one group of class '{}'; leave count out (it is then "
                            "{}) or give {}",
                            i, c.count, c.members_from, extract.file, groups.size(), c.id, groups.size(),
                            groups.size()));
            continue;
        }
        c.count = static_cast<int>(groups.size());
        const std::int64_t most_on_net = max_on_net_members(c);
        for (const data::ExtractGroup& g : groups) {
            const auto on_net = static_cast<std::int64_t>(g.rows);
            if (on_net > most_on_net) {
                if (reported++ < static_cast<int>(calibration::kMaxReportedRows))
                    reader.error(
                        SourcePos{extract.file, static_cast<int>(g.first_line), 1},
                        fmt::format("group_id: this row's group has {} rows of segment '{}', more "
                                    "on-net members than a group of class '{}' may have ({}: purity {} "
                                    "of its largest size, {}); raise the class's members or purity "
                                    "(groups.classes[{}])",
                                    on_net, c.members_from, c.id, most_on_net, c.purity,
                                    largest_group_size(c), i));
                continue;
            }
            c.rows_groups.push_back({on_net, extract_group_size(c, on_net)});
        }
    }
}

}  // namespace offersim::scenario
