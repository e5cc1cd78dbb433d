#include "engine/scenario/group_joiners.hpp"

#include "engine/core/philox.hpp"
#include "models/group_levers.hpp"

#include <algorithm>
#include <cmath>

namespace offersim::scenario {

std::int64_t largest_group_size(const GroupClass& c) {
    const double largest = models::quantile(c.members, to_unit_open(0xFFFFFFFFu));
    return std::max<std::int64_t>(1, std::llround(largest));
}

std::vector<int> new_group_settling_months(const NewGroups& n) {
    std::vector<int> months;
    for (int month = n.from_month; month <= n.to_month; ++month)
        months.insert(
            months.end(),
            static_cast<std::size_t>(models::arrivals_in_month(n.per_month, month - n.from_month + 1)),
            month);
    return months;
}

std::int64_t JoinerLayout::slots() const {
    std::int64_t n = 0;
    for (const JoinerBlock& b : blocks) n += b.capacity;
    return n;
}

namespace {

bool adopted_by(const GroupAdoption& a, const std::string& class_id) {
    return std::find(a.classes.begin(), a.classes.end(), class_id) != a.classes.end();
}

// The blocks of one in-store group over the horizon, month by month.
void add_group_blocks(const GroupsSpec& spec, const StoreGroupPlace& place, std::uint32_t group,
                      int horizon_months, std::vector<JoinerBlock>& out) {
    if (place.settle_month > horizon_months) return;  // a caller may cut the horizon after loading
    const GroupClass& c = spec.classes[place.class_index];
    const std::int64_t largest = largest_group_size(c);
    if (place.settle_month > 0)
        out.push_back(JoinerBlock{group, JoinKind::new_group, 0, 0, place.settle_month,
                                  std::llround(static_cast<double>(largest) * place.purity)});
    const int start = std::max(1, place.settle_month);
    const bool hires_join = c.member_growth_on_net_share != 0.0;
    std::int64_t members = largest;  // the most members the group can have by the month
    for (int month = start; month <= horizon_months; ++month) {
        const int hires = models::arrivals_in_month(c.member_growth_monthly, month - start + 1);
        members += hires;
        if (month == horizon_months) break;  // joins decided in the last month come after it
        if (hires_join && hires > 0)
            out.push_back(JoinerBlock{group, JoinKind::growth, 0, 0, month + 1, hires});
        for (std::size_t ai = 0; ai < spec.adoptions.size(); ++ai) {
            const GroupAdoption& a = spec.adoptions[ai];
            if (a.month != month || a.off_net_join_probability <= 0.0 || a.probability <= 0.0 ||
                !adopted_by(a, c.id))
                continue;
            out.push_back(JoinerBlock{group, JoinKind::adoption, static_cast<std::uint32_t>(ai),
                                      stable_hash(a.id) & 0xFFFFFFu, month + 1, members});
        }
    }
}

}  // namespace

JoinerLayout joiner_layout(const GroupsSpec& spec, int horizon_months) {
    JoinerLayout layout;
    for (std::size_t ci = 0; ci < spec.classes.size(); ++ci) {
        const GroupClass& c = spec.classes[ci];
        if (c.members_from.empty()) continue;
        for (int index = 0; index < c.count; ++index)
            layout.groups.push_back(
                StoreGroupPlace{ci, stable_hash(c.id), static_cast<std::uint32_t>(index), 0, c.purity});
    }
    for (const NewGroups& n : spec.new_groups) {
        std::size_t ci = 0;
        while (ci < spec.classes.size() && spec.classes[ci].id != n.class_id) ++ci;
        if (ci == spec.classes.size() || spec.classes[ci].members_from.empty()) continue;
        const double purity = n.purity >= 0.0 ? n.purity : spec.classes[ci].purity;
        const std::vector<int> months = new_group_settling_months(n);
        for (std::size_t k = 0; k < months.size(); ++k)
            layout.groups.push_back(StoreGroupPlace{ci, stable_hash("new_groups/" + n.id),
                                                    static_cast<std::uint32_t>(k), months[k], purity});
    }
    for (std::size_t g = 0; g < layout.groups.size(); ++g)
        add_group_blocks(spec, layout.groups[g], static_cast<std::uint32_t>(g), horizon_months,
                         layout.blocks);
    return layout;
}

}  // namespace offersim::scenario
