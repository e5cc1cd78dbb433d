#include "engine/sim/group_members.hpp"

#include "engine/core/error.hpp"

#include <fmt/format.h>
#include <algorithm>

namespace offersim::sim {

void link_group_members(SimulationPlan& plan, const scenario::Scenario& sc) {
    if (!sc.groups || !sc.groups->members_in_store()) return;
    auto members = std::make_shared<GroupMembersPlan>();
    members->spec = *sc.groups;
    for (const auto& c : sc.groups->classes) {
        int segment = -1;
        for (std::size_t s = 0; s < plan.segments.size(); ++s)
            if (!c.members_from.empty() && plan.segments[s].id == c.members_from &&
                plan.segments[s].joiners == Joiners::scenario)
                segment = static_cast<int>(s);
        members->class_segment.push_back(segment);
    }
    // Unified payment (§28.1): each in-store group's factor, in group-index order.
    members->unified_hazard_factor.assign(1, 1.0f);
    members->segment_unified.assign(plan.segments.size(), 0);
    for (std::size_t ci = 0; ci < sc.groups->classes.size(); ++ci) {
        const auto& c = sc.groups->classes[ci];
        if (c.members_from.empty()) continue;
        members->unified_hazard_factor.insert(members->unified_hazard_factor.end(),
                                              static_cast<std::size_t>(c.count),
                                              static_cast<float>(c.unified_payment_churn_multiplier));
        const int segment = members->class_segment[ci];
        if (segment >= 0 && c.unified_payment_share > 0.0 && c.unified_payment_churn_multiplier != 1.0)
            members->segment_unified[static_cast<std::size_t>(segment)] = 1;
    }
    members->binding.assign(plan.offers.size() + 1, 0);
    for (std::size_t k = 0; k < plan.offers.size(); ++k)
        for (const auto& id : sc.groups->binding_offers)
            if (plan.offers[k].id == id) members->binding[k + 1] = 1;
    plan.group_members = std::move(members);
}

namespace {

// Whether the group pays the bill of the member at `index_in_cohort` of its segment's
// initial cohort: one draw keyed by the member's identity, so variants share it (§28.1).
bool paid_by_group(std::int64_t index_in_cohort, PhiloxKey segment, double share) {
    if (share <= 0.0) return false;
    const PhiloxCounter r =
        philox4x32(customer_counter(index_in_cohort, 0, 0, Stream::unified_payment), segment);
    return to_unit_open(r.c0) < share;
}

}  // namespace

GroupsInStore::GroupsInStore(const SimulationPlan& plan, CustomerStore& store)
    : plan_(plan),
      members_(*plan.group_members),
      store_(store),
      followers_(plan.segments.size(), 0.0),
      followers_by_offer_(plan.offers.size(), 0.0) {}

void GroupsInStore::start(PhiloxKey replication_key) {
    replication_key_ = replication_key;
    groups_ = std::make_unique<GroupsStepper>(members_.spec, plan_.horizon_months, replication_key, this);
    std::fill(store_.group_index.begin(), store_.group_index.end(), std::uint16_t{0});
    std::fill(store_.member_flags.begin(), store_.member_flags.end(), std::uint8_t{0});
    // Each segment's initial base, and the next of its slots not yet taken.
    std::vector<const Cohort*> initial(plan_.segments.size(), nullptr);
    for (const Cohort& c : store_.cohorts())
        if (c.join_month == 0) initial[static_cast<std::size_t>(c.segment)] = &c;
    std::vector<std::int64_t> next(plan_.segments.size(), 0);
    for (std::size_t s = 0; s < initial.size(); ++s)
        if (initial[s]) next[s] = initial[s]->begin;
    const std::vector<GroupsStepper::StoreGroup> groups = groups_->store_groups();
    slots_.clear();
    std::size_t g = 0;
    for (std::size_t ci = 0; ci < members_.spec.classes.size(); ++ci) {
        const auto& c = members_.spec.classes[ci];
        const int seg = members_.class_segment[ci];
        if (c.members_from.empty()) continue;
        for (int index = 0; index < c.count; ++index, ++g) {
            const Cohort* cohort = seg >= 0 ? initial[static_cast<std::size_t>(seg)] : nullptr;
            const std::int64_t begin = seg >= 0 ? next[static_cast<std::size_t>(seg)] : 0;
            const std::int64_t end = begin + groups[g].on_net;
            if (!cohort || end > cohort->end)
                throw RunError(
                    fmt::format("group {} of class '{}' needs {} on-net members, more than segment "
                                "'{}' has left of its initial base",
                                index + 1, c.id, groups[g].on_net, c.members_from));
            next[static_cast<std::size_t>(seg)] = end;
            const std::int64_t keys = std::min<std::int64_t>(groups[g].key_persons, end - begin);
            const data::ExtractCustomer* const rows =
                extract_rows(plan_.segments[static_cast<std::size_t>(seg)], 0);  // null: drawn
            const PhiloxKey key =
                segment_key(replication_key, plan_.segments[static_cast<std::size_t>(seg)].stream_key);
            for (std::int64_t u = begin; u < end; ++u) {
                store_.group_index[static_cast<std::size_t>(u)] = static_cast<std::uint16_t>(g + 1);
                store_.member_flags[static_cast<std::size_t>(u)] = static_cast<std::uint8_t>(
                    (u - begin < keys ? CustomerStore::kKeyPersonBit : 0) |
                    (paid_by_group(draw_place(rows, u - cohort->begin), key, c.unified_payment_share)
                         ? CustomerStore::kUnifiedPaymentBit
                         : 0));
            }
            slots_.push_back(Slots{seg, begin, end, cohort->begin});
        }
    }
    standing_.assign(slots_.size(), Standing{});
}

void GroupsInStore::refresh() {
    for (std::size_t g = 0; g < slots_.size(); ++g) {
        std::int64_t on = 0, holders = 0, keys = 0;
        for (std::int64_t i = slots_[g].begin; i < slots_[g].end; ++i) {
            const auto u = static_cast<std::size_t>(i);
            const int alive = store_.alive[u];
            const int binds = alive & members_.binding[store_.offer[u]];
            on += alive;
            holders += binds;
            keys += binds & store_.member_flags[u] & CustomerStore::kKeyPersonBit;
        }
        standing_[g] = Standing{on, on > 0 ? static_cast<double>(holders) / static_cast<double>(on) : 0.0,
                                static_cast<double>(keys)};
    }
}

const std::vector<double>& GroupsInStore::step(int month) {
    std::fill(followers_.begin(), followers_.end(), 0.0);
    std::fill(followers_by_offer_.begin(), followers_by_offer_.end(), 0.0);
    refresh();
    groups_->step(month);
    return followers_;
}

GroupReplication GroupsInStore::finish() {
    GroupReplication r = groups_->finish();
    groups_.reset();
    return r;
}

GroupMemberLink::Standing GroupsInStore::standing(std::size_t group) const {
    return standing_[group];
}

std::int64_t GroupsInStore::follow(std::size_t group, int month, double share) {
    const Slots& s = slots_[group];
    const PhiloxKey key =
        segment_key(replication_key_, plan_.segments[static_cast<std::size_t>(s.segment)].stream_key);
    const data::ExtractCustomer* const rows =
        extract_rows(plan_.segments[static_cast<std::size_t>(s.segment)], 0);  // null: drawn
    std::int64_t followed = 0;
    for (std::int64_t i = s.begin; i < s.end; ++i) {
        const auto u = static_cast<std::size_t>(i);
        // A group that left us no longer pays its members' bills (§28.1).
        store_.member_flags[u] &= static_cast<std::uint8_t>(~CustomerStore::kUnifiedPaymentBit);
        if (!store_.alive[u]) continue;
        const PhiloxCounter r = philox4x32(
            customer_counter(draw_place(rows, i - s.cohort_begin), 0, month, Stream::group_follow), key);
        if (to_unit_open(r.c0) >= share) continue;
        store_.alive[u] = 0;
        if (store_.offer[u] != 0) followers_by_offer_[store_.offer[u] - 1u] += 1.0;
        ++followed;
    }
    followers_[static_cast<std::size_t>(s.segment)] += static_cast<double>(followed);
    standing_[group].on_net -= followed;
    return followed;
}

}  // namespace offersim::sim
