#include "engine/sim/group_members.hpp"

#include "engine/core/error.hpp"
#include "engine/core/siphash.hpp"
#include "engine/sim/cube_bytes.hpp"
#include "models/price_response.hpp"

#include <fmt/format.h>
#include <algorithm>

namespace offersim::sim {

namespace {

// The key of a joiner block's draws (§28.2, "Keys"): a hash of its identity alone (its group's
// class id or new_groups entry hash and index there, its kind and its adoption's id hash); the
// join month keys them in the counter. Fixed SipHash key: not a secret, only a good mix.
std::uint64_t joiner_block_key(const scenario::StoreGroupPlace& place, const scenario::JoinerBlock& b) {
    char bytes[12];
    const std::uint32_t words[3] = {place.identity, place.index,
                                    (static_cast<std::uint32_t>(b.kind) << 24) | (b.item_key & 0xFFFFFFu)};
    for (std::size_t w = 0; w < 3; ++w)
        for (std::size_t k = 0; k < 4; ++k)
            bytes[4 * w + k] = static_cast<char>((words[w] >> (8 * k)) & 0xFFu);
    return siphash24(SipKey{0x6a6f696e65727321ULL, 0x3238322e6b657973ULL},
                     std::string_view(bytes, sizeof bytes));
}

// Appends, for each segment whose groups keep joiner slots (§28.2), a segment of those
// slots: the source segment's tiers, usage, hazard and offers, no initial base, and by month
// the slots of the joiners billed from that month. Sets each block's segment and offset.
void append_joiner_segments(SimulationPlan& plan, GroupMembersPlan& members) {
    const scenario::JoinerLayout& layout = members.joiners;
    const auto months = static_cast<std::size_t>(plan.horizon_months);
    members.block_segment.assign(layout.blocks.size(), -1);
    members.block_offset.assign(layout.blocks.size(), 0);
    const std::size_t sources = plan.segments.size();
    for (std::size_t source = 0; source < sources; ++source) {
        const auto from_source = [&](const scenario::JoinerBlock& b) {
            return b.capacity > 0 &&
                   members.class_segment[layout.groups[b.group].class_index] == static_cast<int>(source);
        };
        std::vector<std::int64_t> by_month(months, 0);
        for (const auto& b : layout.blocks)
            if (from_source(b)) by_month[static_cast<std::size_t>(b.join_month - 1)] += b.capacity;
        if (std::all_of(by_month.begin(), by_month.end(), [](std::int64_t n) { return n == 0; })) continue;
        // Cohort by cohort (join month), each cohort's blocks in layout order.
        std::vector<std::int64_t> next(months, 0);
        for (std::size_t m = 1; m < months; ++m) next[m] = next[m - 1] + by_month[m - 1];
        const int segment = static_cast<int>(plan.segments.size());
        // Each block's key, by its first slot's place in its cohort (§28.2, "Keys").
        const std::vector<std::int64_t> cohort_start = next;
        auto keys = std::make_shared<std::vector<JoinerCohortKeys>>(months);
        for (std::size_t b = 0; b < layout.blocks.size(); ++b) {
            if (!from_source(layout.blocks[b])) continue;
            const auto cohort = static_cast<std::size_t>(layout.blocks[b].join_month - 1);
            members.block_segment[b] = segment;
            members.block_offset[b] = next[cohort];
            (*keys)[cohort].push_back(
                JoinerKeyBlock{next[cohort] - cohort_start[cohort],
                               joiner_block_key(layout.groups[layout.blocks[b].group], layout.blocks[b])});
            next[cohort] += layout.blocks[b].capacity;
        }
        SegmentPlan s = plan.segments[source];
        s.joiners = Joiners::group_joiners;
        s.source_segment = static_cast<int>(source);  // its figures go to the source's row
        s.id += "/group_joiners";
        s.name += " · 集团新成员 (group joiners)";
        s.stream_key = stable_hash(s.id);
        s.initial_size = 0;
        s.gross_adds = std::move(by_month);
        // Joiners are the segment's gross adds: they take its offers (a handset's contract
        // included) with new_share in their join month, not the earlier contracts of its initial
        // base (contract_share), and churn by its hazard; an sbg segment's joiners by their own
        // theta, drawn at tenure 0 by their slot's identity (activate_joiners), as a gross add's is.
        s.contract_share = 0.0;
        s.extract = nullptr;
        s.joiner_keys = std::move(keys);
        plan.segments.push_back(std::move(s));
        // Joiners may take what their source segment's customers may.
        for (auto& offer : plan.offers) {
            offer.open_to_segment.resize(plan.segments.size(), 0);
            offer.open_to_segment.back() = offer.open_to_segment[source];
        }
        for (auto& campaign : plan.behaviour.campaigns) {
            campaign.open_to_segment.resize(plan.segments.size(), 0);
            campaign.open_to_segment.back() = campaign.open_to_segment[source];
        }
    }
}

}  // namespace

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
    members->joiners = scenario::joiner_layout(*sc.groups, plan.horizon_months);
    append_joiner_segments(plan, *members);
    // Unified payment (§28.1): each in-store group's factor, in group-index order.
    members->unified_hazard_factor.assign(1, 1.0f);
    for (const auto& place : members->joiners.groups)
        members->unified_hazard_factor.push_back(
            static_cast<float>(sc.groups->classes[place.class_index].unified_payment_churn_multiplier));
    // Matching a rival's price (§29.1): each in-store group's segment's beta, in group order.
    members->match_beta_per_fen.assign(1, 0.0);
    for (const auto& place : members->joiners.groups) {
        const int segment = members->class_segment[place.class_index];
        const PricePlan& price = plan.segments[static_cast<std::size_t>(segment)].price;
        members->match_beta_per_fen.push_back(price.leaving_answers() ? price.beta_per_fen : 0.0);
    }
    // The group-member path: every segment members come from (and its joiners') when a class
    // may be under unified payment (its hazard factor, and the share from the members' bills,
    // over every class's members) or a rival's price may be matched (the cut on the bills).
    bool paid_or_matched = !sc.groups->price_matches.empty();
    for (std::size_t ci = 0; ci < sc.groups->classes.size(); ++ci)
        if (members->class_segment[ci] >= 0 && sc.groups->classes[ci].unified_payment_share > 0.0)
            paid_or_matched = true;
    members->segment_member_path.assign(plan.segments.size(), 0);
    if (paid_or_matched) {
        for (const int segment : members->class_segment)
            if (segment >= 0) members->segment_member_path[static_cast<std::size_t>(segment)] = 1;
        for (const int segment : members->block_segment)
            if (segment >= 0) members->segment_member_path[static_cast<std::size_t>(segment)] = 1;
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

// A group of an extract's rows (§33) takes its slots from the segment's rows sorted by
// (group, key): those slots must be exactly the rows of its group id, `group` (1-based).
void expect_rows_of_group(const data::ExtractCustomer* rows, std::int64_t first, std::int64_t last,
                          std::uint16_t group, const std::string& class_id) {
    const bool whole =
        rows && (last == first || (rows[first].group == group && rows[last - 1].group == group &&
                                   (first == 0 || rows[first - 1].group != group)));
    if (!whole)
        throw RunError(fmt::format("group {} of class '{}': its members are not its rows of the extract",
                                   group, class_id));
}

}  // namespace

GroupsInStore::GroupsInStore(const SimulationPlan& plan, CustomerStore& store,
                             std::optional<CustomerSpan> own)
    : plan_(plan),
      members_(*plan.group_members),
      store_(store),
      own_(own.value_or(CustomerSpan{0, static_cast<std::int64_t>(store.alive.size())})),
      followers_(plan.segments.size(), 0.0),
      followers_by_offer_(plan.offers.size(), 0.0) {
    store.group_bill_cut_fen.assign(members_.match_beta_per_fen.size(), 0.0);
    store.group_leave_odds.assign(members_.match_beta_per_fen.size(), 1.0f);
    // Each joiner block's slots in the store (§28.2): its segment's first slot + its offset.
    std::vector<std::int64_t> segment_begin(plan.segments.size(), -1);
    for (const Cohort& c : store.cohorts())
        if (segment_begin[static_cast<std::size_t>(c.segment)] < 0)
            segment_begin[static_cast<std::size_t>(c.segment)] = c.begin;
    const auto& blocks = members_.joiners.blocks;
    for (std::size_t b = 0; b < blocks.size(); ++b) {
        const int segment = members_.block_segment[b];
        if (segment < 0) continue;
        joiner_slots_.push_back(
            JoinerSlots{&blocks[b], segment,
                        segment_begin[static_cast<std::size_t>(segment)] + members_.block_offset[b], 0});
    }
    std::sort(joiner_slots_.begin(), joiner_slots_.end(),
              [](const JoinerSlots& a, const JoinerSlots& b) { return a.begin < b.begin; });
    std::int64_t fill = 0;
    group_blocks_.assign(members_.joiners.groups.size(), {});
    for (std::size_t k = 0; k < joiner_slots_.size(); ++k) {
        joiner_slots_[k].fill_begin = fill;
        fill += joiner_slots_[k].block->capacity;
        group_blocks_[joiner_slots_[k].block->group].push_back(k);
    }
    filled_.assign(static_cast<std::size_t>(fill), 0);
    static_assert(sizeof(JoinerSlots) + sizeof(std::size_t) <= 40, "kJoinerBytesPerBlock counts 40");
}

void GroupsInStore::start(PhiloxKey replication_key) {
    replication_key_ = replication_key;
    groups_ = std::make_unique<GroupsStepper>(members_.spec, plan_.horizon_months, replication_key, this);
    for (auto* line : {&bill_cut_fen_, &member_bills_fen_, &unified_bills_fen_, &joiners_revenue_fen_})
        line->assign(static_cast<std::size_t>(plan_.horizon_months), 0.0);
    std::fill(store_.group_index.begin(), store_.group_index.end(), std::uint16_t{0});
    std::fill(store_.member_flags.begin(), store_.member_flags.end(), std::uint8_t{0});
    std::fill(filled_.begin(), filled_.end(), std::uint8_t{0});
    // Each segment's initial base, and the next of its slots not yet taken.
    std::vector<const Cohort*> initial(plan_.segments.size(), nullptr);
    for (const Cohort& c : store_.cohorts())
        if (c.join_month == 0) initial[static_cast<std::size_t>(c.segment)] = &c;
    std::vector<std::int64_t> next(plan_.segments.size(), 0);
    for (std::size_t s = 0; s < initial.size(); ++s)
        if (initial[s]) next[s] = initial[s]->begin;
    const std::vector<GroupsStepper::StoreGroup> groups = groups_->store_groups();
    slots_.clear();
    key_persons_.clear();
    for (const auto& group : groups) key_persons_.push_back(group.key_persons);
    switched_.assign(groups.size(), 0);
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
            if (!c.rows_groups.empty())
                expect_rows_of_group(rows, begin - cohort->begin, end - cohort->begin,
                                     static_cast<std::uint16_t>(index + 1), c.id);
            const PhiloxKey key =
                segment_key(replication_key, plan_.segments[static_cast<std::size_t>(seg)].stream_key);
            const CustomerSpan own = own_part(begin, end);
            for (std::int64_t u = own.first; u < own.last; ++u) {
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
    standing_.assign(groups.size(), Standing{});
    // New groups (§28.2): no members at month 0; theirs fill their settling month's slots.
    for (; g < groups.size(); ++g) {
        const auto& place = members_.joiners.groups[g];
        slots_.push_back(Slots{members_.class_segment[place.class_index], 0, 0, 0});
        for (const std::size_t k : group_blocks_[g]) {
            const JoinerSlots& b = joiner_slots_[k];
            if (b.block->kind != scenario::JoinKind::new_group) continue;
            const std::int64_t n = std::min(groups[g].on_net, b.block->capacity);
            std::fill_n(filled_.begin() + b.fill_begin, n, std::uint8_t{1});
        }
    }
}

PhiloxCounter GroupsInStore::joiner_draw(const JoinerSlots& b, std::int64_t index, std::uint32_t purpose,
                                         int month) const {
    const scenario::StoreGroupPlace& place = members_.joiners.groups[b.block->group];
    const PhiloxKey key{
        replication_key_.k0 ^ plan_.segments[static_cast<std::size_t>(b.segment)].stream_key ^ place.identity,
        replication_key_.k1 ^ place.index};
    const PhiloxCounter counter{
        static_cast<std::uint32_t>(index),
        (static_cast<std::uint32_t>(b.block->kind) << 24) | (b.block->item_key & 0xFFFFFFu),
        (static_cast<std::uint32_t>(b.block->join_month) << 16) | static_cast<std::uint32_t>(month), purpose};
    return philox4x32(counter, key);
}

namespace {

// What a joiner's draw is for.
enum JoinerPurpose : std::uint32_t { joiner_creation = 1, joiner_follow = 2, joiner_theta = 3 };

}  // namespace

void GroupsInStore::refresh(int month, const ShardShare* ranks) {
    counts_.assign(slots_.size() * count_width(), 0);
    followers_counted_ = ranks != nullptr;
    for (std::size_t g = 0; g < slots_.size(); ++g) {
        count_members(g, month);
        // A group that switched never bids again: none of its members follows twice.
        if (ranks && !switched_[g])
            count_followers(g, month, members_.spec.follow_share, false, counts_of(g));
    }
    if (ranks) {
        const std::vector<std::string> parts = ranks->exchange([&] { return counts_bytes(counts_); });
        std::fill(counts_.begin(), counts_.end(), 0);
        for (const std::string& bytes : parts) {
            const std::vector<std::int64_t> theirs = read_counts(bytes);
            if (theirs.size() != counts_.size())
                throw RunError(fmt::format("a rank counted {} group figures, this one {}", theirs.size(),
                                           counts_.size()));
            for (std::size_t k = 0; k < counts_.size(); ++k) counts_[k] += theirs[k];
        }
    }
    for (std::size_t g = 0; g < slots_.size(); ++g) {
        const std::int64_t* c = counts_of(g);
        standing_[g] = Standing{
            c[alive], c[alive] > 0 ? static_cast<double>(c[holders]) / static_cast<double>(c[alive]) : 0.0,
            static_cast<double>(c[bound_keys]), c[joined]};
    }
}

void GroupsInStore::count_members(std::size_t group, int month) {
    std::int64_t* c = counts_of(group);
    const auto count = [&](std::int64_t begin, std::int64_t end) {
        const CustomerSpan own = own_part(begin, end);
        std::int64_t alive_here = 0;
        for (std::int64_t i = own.first; i < own.last; ++i) {
            const auto u = static_cast<std::size_t>(i);
            const int is_alive = store_.alive[u];
            const int binds = is_alive & members_.binding[store_.offer[u]];
            alive_here += is_alive;
            c[holders] += binds;
            c[bound_keys] += binds & store_.member_flags[u] & CustomerStore::kKeyPersonBit;
        }
        return alive_here;
    };
    c[alive] += count(slots_[group].begin, slots_[group].end);
    for (const std::size_t k : group_blocks_[group]) {
        const JoinerSlots& b = joiner_slots_[k];
        if (b.block->join_month > month) continue;
        const std::int64_t here = count(b.begin, b.begin + b.block->capacity);
        c[alive] += here;
        c[joined] += here;
    }
}

void GroupsInStore::begin_month(int month) {
    const std::vector<std::int64_t> cuts = groups_->bill_cuts_fen(month);
    for (std::size_t g = 0; g < cuts.size(); ++g) {
        const auto cut = static_cast<double>(cuts[g]);
        store_.group_bill_cut_fen[g + 1] = cut;
        // The cut lowers the member's usual bill B by `cut` (§19): the odds of leaving move by
        // exp(-beta x cut); exactly 1 with no cut.
        store_.group_leave_odds[g + 1] =
            cuts[g] == 0
                ? 1.0f
                : static_cast<float>(models::leave_odds_ratio(members_.match_beta_per_fen[g + 1], -cut));
    }
}

void GroupsInStore::add_member_bills(int month, double cut_fen, double member_bills_fen,
                                     double unified_bills_fen) {
    const auto m = static_cast<std::size_t>(month - 1);
    bill_cut_fen_[m] += cut_fen;
    member_bills_fen_[m] += member_bills_fen;
    unified_bills_fen_[m] += unified_bills_fen;
}

void GroupsInStore::add_joiners_revenue(int month, double revenue_fen) {
    joiners_revenue_fen_[static_cast<std::size_t>(month - 1)] += revenue_fen;
}

const std::vector<double>& GroupsInStore::step(int month, const ShardShare* ranks) {
    std::fill(followers_.begin(), followers_.end(), 0.0);
    std::fill(followers_by_offer_.begin(), followers_by_offer_.end(), 0.0);
    refresh(month, ranks);
    groups_->step(month);
    return followers_;
}

GroupReplication GroupsInStore::finish() {
    GroupReplication r = groups_->finish();
    groups_.reset();
    // Whole fen, each month's sum over shards, in CNY as the cube's lines are.
    for (std::size_t m = 0; m < bill_cut_fen_.size(); ++m) {
        r.price_match_cost_cny[m] += bill_cut_fen_[m] / 100.0;
        r.price_match_in_bills_cny[m] += bill_cut_fen_[m] / 100.0;
        r.store_member_bills_cny[m] += member_bills_fen_[m] / 100.0;
        r.store_unified_bills_cny[m] += unified_bills_fen_[m] / 100.0;
        r.joiners_revenue_cny[m] += joiners_revenue_fen_[m] / 100.0;
    }
    return r;
}

GroupMemberLink::Standing GroupsInStore::standing(std::size_t group) const {
    return standing_[group];
}

void GroupsInStore::follow(std::size_t group, int month, double share) {
    if (followers_counted_ && (switched_[group] || share != members_.spec.follow_share))
        throw RunError(fmt::format("in-store group {} follows a switch it was not counted for", group + 1));
    switched_[group] = 1;
    std::vector<std::int64_t> here(count_width(), 0);
    count_followers(group, month, share, true, here.data());
    // With ranks, every rank's followers, counted before the groups stepped.
    const std::int64_t* c = followers_counted_ ? counts_of(group) : here.data();
    const std::int64_t pending = drop_pending_joiners(group, month, share);
    const std::size_t segments = plan_.segments.size();
    for (std::size_t seg = 0; seg < segments; ++seg)
        followers_[seg] += static_cast<double>(c[count_fields + seg]);
    for (std::size_t k = 0; k < followers_by_offer_.size(); ++k)
        followers_by_offer_[k] += static_cast<double>(c[count_fields + segments + k]);
    standing_[group].on_net -= c[follow_members] + c[follow_joiners] + pending;
    standing_[group].joined -= c[follow_joiners] + pending;
}

void GroupsInStore::count_followers(std::size_t group, int month, double share, bool leave,
                                    std::int64_t* row) {
    const std::size_t segments = plan_.segments.size();
    // One who follows: gone from the store with `leave`, counted by segment and by offer held.
    const auto follows = [&](std::size_t u, int segment) {
        if (leave) store_.alive[u] = 0;
        row[count_fields + static_cast<std::size_t>(segment)] += 1;
        if (store_.offer[u] != 0) row[count_fields + segments + store_.offer[u] - 1u] += 1;
    };
    const auto unpaid = static_cast<std::uint8_t>(~CustomerStore::kUnifiedPaymentBit);
    const Slots& s = slots_[group];
    if (s.end > s.begin) {
        const PhiloxKey key =
            segment_key(replication_key_, plan_.segments[static_cast<std::size_t>(s.segment)].stream_key);
        const data::ExtractCustomer* const rows =
            extract_rows(plan_.segments[static_cast<std::size_t>(s.segment)], 0);  // null: drawn
        const CustomerSpan own = own_part(s.begin, s.end);
        for (std::int64_t i = own.first; i < own.last; ++i) {
            const auto u = static_cast<std::size_t>(i);
            // A group that left us no longer pays its members' bills (§28.1).
            if (leave) store_.member_flags[u] &= unpaid;
            if (!store_.alive[u]) continue;
            const PhiloxCounter r = philox4x32(
                customer_counter(draw_place(rows, i - s.cohort_begin), 0, month, Stream::group_follow), key);
            if (to_unit_open(r.c0) >= share) continue;
            follows(u, s.segment);
            row[follow_members] += 1;
        }
    }
    // Joiners in the store follow as members do.
    for (const std::size_t k : group_blocks_[group]) {
        const JoinerSlots& b = joiner_slots_[k];
        if (b.block->join_month > month) continue;
        const CustomerSpan own = own_part(b.begin, b.begin + b.block->capacity);
        for (std::int64_t i = own.first; i < own.last; ++i) {
            const auto u = static_cast<std::size_t>(i);
            if (leave) store_.member_flags[u] &= unpaid;
            if (!store_.alive[u]) continue;
            if (to_unit_open(joiner_draw(b, i - b.begin, joiner_follow, month).c0) >= share) continue;
            follows(u, b.segment);
            row[follow_joiners] += 1;
        }
    }
}

std::int64_t GroupsInStore::drop_pending_joiners(std::size_t group, int month, double share) {
    std::int64_t dropped = 0;
    for (const std::size_t k : group_blocks_[group]) {
        const JoinerSlots& b = joiner_slots_[k];
        if (b.block->join_month != month + 1) continue;
        for (std::int64_t index = 0; index < b.block->capacity; ++index) {
            const auto fill = static_cast<std::size_t>(b.fill_begin + index);
            if (!filled_[fill]) continue;
            if (to_unit_open(joiner_draw(b, index, joiner_follow, month).c0) >= share) continue;
            filled_[fill] = 0;
            ++dropped;
        }
    }
    return dropped;
}

void GroupsInStore::join(std::size_t group, scenario::JoinKind kind, std::uint32_t item, int month,
                         std::int64_t joiners) {
    if (joiners <= 0) return;
    for (const std::size_t k : group_blocks_[group]) {
        const JoinerSlots& b = joiner_slots_[k];
        if (b.block->kind != kind || b.block->item != item || b.block->join_month != month + 1) continue;
        if (joiners > b.block->capacity)
            throw RunError(
                fmt::format("{} joiners of in-store group {} in month {}, more than the {} slots "
                            "kept for them (docs/models.md §28.2)",
                            joiners, group + 1, month, b.block->capacity));
        std::fill_n(filled_.begin() + b.fill_begin, joiners, std::uint8_t{1});
        standing_[group].on_net += joiners;
        standing_[group].joined += joiners;
        return;
    }
    // Decided in the horizon's last month: they would join after it.
}

void GroupsInStore::activate_joiners(const Shard& shard, PhiloxKey replication_key, ShardMonth& out) {
    (void)replication_key;  // the joiners' draws are keyed by start()'s replication key
    const Cohort& cohort = store_.cohorts()[static_cast<std::size_t>(shard.cohort)];
    const SegmentPlan& seg = plan_.segments[static_cast<std::size_t>(cohort.segment)];
    store_.clear_customers(plan_, shard);
    auto it = std::upper_bound(
        joiner_slots_.begin(), joiner_slots_.end(), shard.begin,
        [](std::int64_t at, const JoinerSlots& b) { return at < b.begin + b.block->capacity; });
    const SegmentPlan* ref =
        seg.price.linked() ? &plan_.reference->segments[static_cast<std::size_t>(seg.price.reference_segment)]
                           : nullptr;
    constexpr int atom_shift = 32 - 12;  // kPropensityAtoms
    for (; it != joiner_slots_.end() && it->begin < shard.end; ++it) {
        const JoinerSlots& b = *it;
        const std::size_t g = b.block->group;
        const auto& c = members_.spec.classes[members_.joiners.groups[g].class_index];
        const std::int64_t keys = b.block->kind == scenario::JoinKind::new_group ? key_persons_[g] : 0;
        const std::int64_t first = std::max(shard.begin, b.begin) - b.begin;
        const std::int64_t last = std::min(shard.end, b.begin + b.block->capacity) - b.begin;
        for (std::int64_t index = first; index < last; ++index) {
            if (!filled_[static_cast<std::size_t>(b.fill_begin + index)]) continue;
            const auto u = static_cast<std::size_t>(b.begin + index);
            const PhiloxCounter r = joiner_draw(b, index, joiner_creation, 0);
            const double tier_u = to_unit_open(r.c1);  // comonotone with voice, as at creation
            store_.tier[u] = static_cast<std::uint8_t>(
                plan_.tiers.by_fee[static_cast<std::size_t>(pick_category(seg.new_tier_cumulative, tier_u))]);
            store_.voice_propensity[u] = seg.voice_atoms[r.c1 >> atom_shift];
            if (seg.own_churn())  // an sbg segment's theta | tenure 0, a draw of its own
                store_.churn_theta[u] =
                    seg.theta_atoms[static_cast<std::size_t>(seg.theta_row[0]) +
                                    (joiner_draw(b, index, joiner_theta, 0).c0 >> atom_shift)];
            store_.data_propensity[u] = seg.data_atoms[r.c2 >> atom_shift];
            store_.sms_propensity[u] = seg.sms_atoms[r.c3 >> atom_shift];
            if (ref) {
                store_.reference_tier[u] = static_cast<std::uint8_t>(
                    plan_.reference->tiers
                        .by_fee[static_cast<std::size_t>(pick_category(ref->new_tier_cumulative, tier_u))]);
                if (seg.price.answers()) store_.price_odds_key[u] = 0;
                if (seg.usage.enabled) store_.usage_key[u] = 0;
            }
            store_.alive[u] = 1;
            store_.group_index[u] = static_cast<std::uint16_t>(g + 1);
            const bool paid = !switched_[g] && to_unit_open(r.c0) < c.unified_payment_share;
            store_.member_flags[u] =
                static_cast<std::uint8_t>((index < keys ? CustomerStore::kKeyPersonBit : 0) |
                                          (paid ? CustomerStore::kUnifiedPaymentBit : 0));
            out.lines[static_cast<std::size_t>(Metric::gross_adds)] += 1.0;
        }
    }
}

}  // namespace offersim::sim
