#include "engine/scenario/decoder.hpp"

#include "engine/scenario/behaviour_section.hpp"
#include "engine/scenario/competitors_section.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <cctype>
#include <unordered_map>

namespace offersim::scenario {

void Decoder::check_references(const DocNode& root, const Scenario& sc) {
    const auto ids_of = [&](const char* list, const auto& items) {
        Ids seen;
        const DocNode* nodes = root.find(list);
        for (std::size_t i = 0; i < items.size(); ++i) {
            const std::string& id = items[i].id;
            if (id.empty()) continue;
            const SourcePos& pos = nodes->items[i].pos;
            const bool plain = std::all_of(id.begin(), id.end(), [](char c) {
                return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-';
            });
            if (!plain)
                error(pos, fmt::format("id '{}' in {} may hold only letters, digits, '_' and '-'", id, list));
            if (!seen.insert(id)) error(pos, fmt::format("duplicate id '{}' in {}", id, list));
        }
        return seen;
    };
    const Ids tier_ids = ids_of("tiers", sc.tiers);
    const Ids segment_ids = ids_of("segments", sc.segments);
    const Ids offer_ids = ids_of("offers", sc.offers);
    ids_of("competitor_moves", sc.competitor_moves);
    ids_of("competitors", sc.competitors);
    ids_of("retention_campaigns", sc.retention_campaigns);
    const auto pos_in = [](const DocNode& map, std::string_view key) {
        const DocNode* n = map.find(key);
        return n ? n->pos : map.pos;
    };
    std::unordered_map<std::string_view, const Tier*> tier_by_id;
    for (const Tier& t : sc.tiers) tier_by_id.emplace(t.id, &t);
    const auto tier_allows = [&](const std::string& tier_id, const std::string& segment_id) {
        const auto t = tier_by_id.find(tier_id);
        return t == tier_by_id.end() || t->second->eligible_segments.empty() ||
               std::find(t->second->eligible_segments.begin(), t->second->eligible_segments.end(),
                         segment_id) != t->second->eligible_segments.end();
    };
    if (sc.tiers.size() > 255) error(root.find("tiers")->pos, "at most 255 tiers are supported");
    if (sc.offers.size() > 254) error(root.find("offers")->pos, "at most 254 offers are supported");

    for (std::size_t i = 0; i < sc.tiers.size(); ++i) {
        const DocNode& node = root.find("tiers")->items[i];
        if (const DocNode* fees = node.find("segment_fees_cny"); fees && fees->kind == DocNode::Kind::map)
            for (const auto& e : fees->entries) known(e.key, segment_ids, e.key_pos, "segment");
        if (const DocNode* list = node.find("eligible_segments");
            list && list->kind == DocNode::Kind::sequence)
            for (const auto& item : list->items) known(item.scalar, segment_ids, item.pos, "segment");
    }
    for (const auto& seg : sc.segments) {
        if (tier_ids.names().empty()) break;  // the missing tiers are reported already
        for (const auto* mix : {&seg.tier_mix, &seg.acquisition.tier_mix})
            for (const auto& share : *mix)
                if (known(share.tier, tier_ids, share.pos, "tier in a tier mix") &&
                    !tier_allows(share.tier, seg.id))
                    error(share.pos,
                          fmt::format("tier '{}' is not open to segment '{}' (see its eligible_segments)",
                                      share.tier, seg.id));
    }
    if (const DocNode* moves = root.find("competitor_moves"); moves && moves->kind == DocNode::Kind::sequence)
        for (const auto& move : moves->items)
            if (const DocNode* list = move.find("segments"); list && list->kind == DocNode::Kind::sequence)
                for (const auto& item : list->items) known(item.scalar, segment_ids, item.pos, "segment");
    const auto known_segment = [&](const std::string& name, const SourcePos& pos) {
        return known(name, segment_ids, pos, "segment");
    };
    check_behaviour_references(root, sc, known_segment, *this);
    check_competitor_references(*this, root, sc, known_segment);
    for (std::size_t i = 0; i < sc.offers.size(); ++i) {
        const Offer& o = sc.offers[i];
        const DocNode& node = root.find("offers")->items[i];
        if (!o.tier.empty()) known(o.tier, tier_ids, pos_in(node, "tier"), "tier");
        const DocNode* take_up = node.find("take_up");
        if (!take_up || take_up->kind != DocNode::Kind::map) continue;
        if (const DocNode* list = take_up->find("segments"); list && list->kind == DocNode::Kind::sequence)
            for (const auto& item : list->items)
                if (known(item.scalar, segment_ids, item.pos, "segment") && !o.tier.empty() &&
                    !tier_allows(o.tier, item.scalar))
                    error(item.pos, fmt::format("offer '{}' moves takers to tier '{}', which is not open to "
                                                "segment '{}'",
                                                o.id, o.tier, item.scalar));
        if (!o.take_up.requires_offer.empty()) {
            const SourcePos pos = pos_in(*take_up, "requires_offer");
            if (o.take_up.requires_offer == o.id)
                error(pos, fmt::format("offer '{}' cannot require itself", o.id));
            else
                known(o.take_up.requires_offer, offer_ids, pos, "offer");
        }
    }
}

}  // namespace offersim::scenario
