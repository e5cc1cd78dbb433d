#include "engine/scenario/group_members_check.hpp"

#include "engine/core/philox.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <cmath>
#include <map>

namespace offersim::scenario {

std::int64_t max_on_net_members(const GroupClass& c) {
    const double largest = models::quantile(c.members, to_unit_open(0xFFFFFFFFu));
    const std::int64_t members = std::max<std::int64_t>(1, std::llround(largest));
    return std::llround(static_cast<double>(members) * c.purity);
}

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
        const std::int64_t need = static_cast<std::int64_t>(c.count) * max_on_net_members(c);
        const std::int64_t before = taken[c.members_from];
        taken[c.members_from] = before + need;
        if (before + need > seg->size)
            reader.error(pos, fmt::format("groups.classes[{}]: {} groups of up to {} on-net members need {} "
                                          "customers of segment '{}', which has {} left of its initial base "
                                          "of {}; lower count, members or purity, or enlarge the segment",
                                          i, c.count, max_on_net_members(c), need, c.members_from,
                                          std::max<std::int64_t>(0, seg->size - before), seg->size));
        groups_in_store += c.count;
        for (const auto& a : sc.groups->adoptions)
            if (a.off_net_join_probability > 0.0 &&
                std::find(a.classes.begin(), a.classes.end(), c.id) != a.classes.end())
                reader.error(a.pos,
                             fmt::format("groups.adoptions '{}': off_net_join_probability must be 0 for "
                                         "class '{}', whose members are customers of segment '{}': its "
                                         "off-net members are not in the store",
                                         a.id, c.id, c.members_from));
    }
    if (groups_in_store > kMaxGroupsInStore)
        reader.error(classes->pos, fmt::format("groups.classes: {} groups take their members from segments, "
                                               "more than the {} the store's group index holds",
                                               groups_in_store, kMaxGroupsInStore));
}

}  // namespace offersim::scenario
