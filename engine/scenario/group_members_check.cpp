#include "engine/scenario/group_members_check.hpp"

#include "engine/scenario/group_joiners.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <cmath>
#include <map>

namespace offersim::scenario {

std::int64_t max_on_net_members(const GroupClass& c) {
    return std::llround(static_cast<double>(largest_group_size(c)) * c.purity);
}

namespace {

// The joiners' dormant slots (§28.2) stay under kMaxGroupJoinerSlots; the error points at the
// class that keeps the most.
void check_joiner_slots(FieldReader& reader, const DocNode& classes, const Scenario& sc,
                        const JoinerLayout& layout) {
    const std::int64_t slots = layout.slots();
    if (slots <= kMaxGroupJoinerSlots) return;
    std::vector<std::int64_t> by_class(sc.groups->classes.size(), 0);
    for (const JoinerBlock& b : layout.blocks) by_class[layout.groups[b.group].class_index] += b.capacity;
    const auto most =
        static_cast<std::size_t>(std::max_element(by_class.begin(), by_class.end()) - by_class.begin());
    const GroupClass& c = sc.groups->classes[most];
    const SourcePos pos = most < classes.items.size() ? classes.items[most].pos : c.pos;
    reader.error(pos,
                 fmt::format("groups.classes[{}]: the members who may join the in-store groups need {} "
                             "dormant slots ({} for class '{}': new groups x their largest on-net size, "
                             "each month's hires, and each adoption's largest group size plus hires), more "
                             "than the {} allowed; lower count, members, member_growth_monthly, "
                             "new_groups or off_net_join_probability",
                             most, slots, by_class[most], c.id, kMaxGroupJoinerSlots));
}

}  // namespace

void check_group_members(FieldReader& reader, const DocNode& root, const Scenario& sc) {
    if (!sc.groups || !sc.groups->members_in_store()) return;
    const DocNode* classes = root.find("groups") ? root.find("groups")->find("classes") : nullptr;
    if (!classes || classes->kind != DocNode::Kind::sequence) return;
    const Ids segment_ids = Ids::of(sc.segments);
    std::map<std::string, std::int64_t> taken;  // by segment: the most members its groups take
    int groups_in_store = 0;
    for (std::size_t i = 0; i < sc.groups->classes.size() && i < classes->items.size(); ++i) {
        const GroupClass& c = sc.groups->classes[i];
        if (c.members_from.empty()) continue;
        const DocNode* from = classes->items[i].find("members_from");
        const SourcePos pos = from ? from->pos : c.pos;
        if (!reader.known(c.members_from, segment_ids, pos, "segment")) continue;
        const auto seg = std::find_if(sc.segments.begin(), sc.segments.end(),
                                      [&](const Segment& s) { return s.id == c.members_from; });
        if (c.count == 0) {
            reader.error(
                classes->items[i].pos,
                fmt::format("groups.classes[{}]: missing 'count', the number of groups; it may be left "
                            "out only when segment '{}' comes from an initial_base extract whose rows "
                            "carry group ids (docs/scenario-reference.md, \"Groups from the extract\")",
                            i, c.members_from));
            continue;
        }
        // A class of extract groups takes its rows, which the segment holds (§33).
        std::int64_t need = static_cast<std::int64_t>(c.count) * max_on_net_members(c);
        if (!c.rows_groups.empty()) {
            need = 0;
            for (const auto& g : c.rows_groups) need += g.on_net;
        }
        const std::int64_t before = taken[c.members_from];
        taken[c.members_from] = before + need;
        if (before + need > seg->size)
            reader.error(pos, fmt::format("groups.classes[{}]: {} groups of up to {} on-net members need {} "
                                          "customers of segment '{}', which has {} left of its initial base "
                                          "of {}; lower count, members or purity, or enlarge the segment",
                                          i, c.count, max_on_net_members(c), need, c.members_from,
                                          std::max<std::int64_t>(0, seg->size - before), seg->size));
        groups_in_store += c.count;
    }
    const auto layout = joiner_layout(*sc.groups, sc.horizon_months);
    if (static_cast<std::int64_t>(layout.groups.size()) > kMaxGroupsInStore)
        reader.error(
            classes->pos,
            fmt::format("groups.classes: {} groups take their members from segments ({} of them new "
                        "groups), more than the {} the store's group index holds",
                        layout.groups.size(),
                        layout.groups.size() - static_cast<std::size_t>(groups_in_store), kMaxGroupsInStore));
    check_joiner_slots(reader, *classes, sc, layout);
}

}  // namespace offersim::scenario
