#include "engine/scenario/competitors_section.hpp"

#include <fmt/format.h>
#include <algorithm>

namespace offersim::scenario {

const Keys kMoveKinds = {"price_cut", "free_handsets", "bundle_attack", "group_bid", "other"};
const Keys kCompetitorKeys = {"id", "name", "reaches", "tiers", "moves"};
const Keys kRivalMoveKeys = {"id",
                             "name",
                             "kind",
                             "segments",
                             "start_month",
                             "end_month",
                             "fee_cut",
                             "handset_subsidy_cny",
                             "contract_months"};

namespace {

// A rival's moves are numbered into 7 bits of each customer's cached price state
// (engine/sim/price_response.cpp), two boundaries a move.
constexpr std::size_t kMaxRivalMoves = 60;

// What our tiers have and a rival's cannot: prices by our segments, and a V-net of ours.
constexpr std::string_view kOwnTierOnlyKeys[] = {"segment_fees_cny", "eligible_segments"};

RivalMove rival_move(FieldReader& in, const DocNode& node, const std::string& path, int horizon) {
    RivalMove m;
    if (!in.expect_map(node, path, kRivalMoveKeys)) return m;
    m.pos = node.pos;
    m.id = in.id(node, path);
    m.name = in.text(node, "name", path, m.id);
    m.kind = static_cast<CompetitorMoveKind>(in.choice_or(node, "kind", path, kMoveKinds, 0));
    m.segments = in.names(node, "segments", path);
    m.start_month = static_cast<int>(in.integer(node, "start_month", path, 1, 1, horizon, true));
    m.end_month = static_cast<int>(in.integer(node, "end_month", path, horizon, 1, horizon));
    if (m.end_month < m.start_month)
        in.error(node.find("end_month")->pos,
                 fmt::format("{}: end_month must not be before start_month", path));
    m.fee_cut = in.number_in(node, "fee_cut", path, 0.0, 0.0, 0.99);
    m.handset_subsidy = in.money(node, "handset_subsidy_cny", path);
    m.contract_months = static_cast<int>(in.integer(node, "contract_months", path, 24, 1, 60));
    if (!node.find("fee_cut") && !node.find("handset_subsidy_cny"))
        in.error(node.pos, fmt::format("{} changes no price: give fee_cut (e.g. 0.5 for half price) or "
                                       "handset_subsidy_cny",
                                       path));
    return m;
}

Competitor competitor(FieldReader& in, const DocNode& node, const std::string& path, int horizon,
                      const TierReader& tier) {
    Competitor c;
    if (!in.expect_map(node, path, kCompetitorKeys)) return c;
    c.pos = node.pos;
    c.id = in.id(node, path);
    c.name = in.text(node, "name", path, c.id);
    c.reaches = in.names(node, "reaches", path, true);
    const std::string tp = in.join(path, "tiers");
    if (const DocNode* tiers = in.required(node, "tiers", path)) {
        if (tiers->kind != DocNode::Kind::sequence || tiers->items.empty()) {
            in.error(tiers->pos, fmt::format("expected {} as a non-empty list of the rival's tiers", tp));
        } else {
            for (std::size_t i = 0; i < tiers->items.size(); ++i) {
                const DocNode& item = tiers->items[i];
                const std::string ip = fmt::format("{}[{}]", tp, i);
                for (const std::string_view key : kOwnTierOnlyKeys)
                    if (const DocNode* own = item.kind == DocNode::Kind::map ? item.find(key) : nullptr)
                        in.error(own->pos,
                                 fmt::format("{}.{} applies to our tiers only: a rival's tier has one "
                                             "price for every segment it reaches",
                                             ip, key));
                if (const DocNode* ov = item.kind == DocNode::Kind::map ? item.find("overage") : nullptr;
                    ov && ov->kind == DocNode::Kind::map)
                    if (const DocNode* vnet = ov->find("intra_group_per_min_cny"))
                        in.error(vnet->pos,
                                 fmt::format("{}.overage.intra_group_per_min_cny: a rival's V-net is "
                                             "not modelled; its minutes are rated as ordinary ones",
                                             ip));
                c.tiers.push_back(tier(item, ip));
            }
        }
    }
    if (const DocNode* moves = node.find("moves")) {
        const std::string mp = in.join(path, "moves");
        if (moves->kind != DocNode::Kind::sequence) {
            in.error(moves->pos, fmt::format("expected {} as a list of the rival's timed price moves", mp));
        } else {
            for (std::size_t i = 0; i < moves->items.size(); ++i)
                c.moves.push_back(rival_move(in, moves->items[i], fmt::format("{}[{}]", mp, i), horizon));
        }
    }
    return c;
}

}  // namespace

std::vector<Competitor> read_competitors(FieldReader& in, const DocNode& node, int horizon,
                                         const TierReader& tier) {
    std::vector<Competitor> out;
    if (node.kind != DocNode::Kind::sequence) {
        in.error(node.pos,
                 "expected competitors as a list of rivals, each with its tiers and the segments it "
                 "reaches");
        return out;
    }
    std::size_t tiers = 0;
    std::size_t moves = 0;
    for (std::size_t i = 0; i < node.items.size(); ++i) {
        const std::string path = fmt::format("competitors[{}]", i);
        out.push_back(competitor(in, node.items[i], path, horizon, tier));
        tiers += out.back().tiers.size();
        moves += out.back().moves.size();
    }
    if (tiers > 255)
        in.error(node.pos, fmt::format("at most 255 rival tiers are supported; found {}", tiers));
    if (moves > kMaxRivalMoves)
        in.error(node.pos,
                 fmt::format("at most {} rival moves are supported; found {}", kMaxRivalMoves, moves));
    return out;
}

namespace {

// A hazard-multiplier move's `rival` names a rival under `competitors`.
void check_move_rivals(FieldReader& in, const DocNode& root, const Scenario& sc) {
    const DocNode* moves = root.find("competitor_moves");
    if (!moves || moves->kind != DocNode::Kind::sequence) return;
    const Ids rivals = Ids::of(sc.competitors);
    for (std::size_t i = 0; i < moves->items.size() && i < sc.competitor_moves.size(); ++i) {
        const std::string& rival = sc.competitor_moves[i].rival;
        const DocNode* node = moves->items[i].find("rival");
        if (!rival.empty() && node) in.known(rival, rivals, node->pos, "rival");
    }
}

}  // namespace

void check_competitor_references(
    FieldReader& in, const DocNode& root, const Scenario& sc,
    const std::function<bool(const std::string&, const SourcePos&)>& known_segment) {
    check_move_rivals(in, root, sc);
    const DocNode* list = root.find("competitors");
    if (!list || list->kind != DocNode::Kind::sequence) return;
    const auto answers_prices = [&](const std::string& id) {
        const auto s = std::find_if(sc.segments.begin(), sc.segments.end(),
                                    [&](const Segment& seg) { return seg.id == id; });
        return s != sc.segments.end() && s->price_response.enabled;
    };
    for (std::size_t i = 0; i < list->items.size() && i < sc.competitors.size(); ++i) {
        const DocNode& node = list->items[i];
        const Competitor& c = sc.competitors[i];
        if (const DocNode* reaches = node.find("reaches");
            reaches && reaches->kind == DocNode::Kind::sequence)
            for (const auto& item : reaches->items)
                if (known_segment(item.scalar, item.pos) && !answers_prices(item.scalar))
                    in.error(
                        item.pos,
                        fmt::format("rival '{}' reaches segment '{}', whose leaving does not answer prices: "
                                    "give the segment price_response (e.g. {{churn_elasticity: 0.8}})",
                                    c.id, item.scalar));
        const DocNode* moves = node.find("moves");
        if (!moves || moves->kind != DocNode::Kind::sequence) continue;
        for (const auto& move : moves->items) {
            const DocNode* targets = move.kind == DocNode::Kind::map ? move.find("segments") : nullptr;
            if (!targets || targets->kind != DocNode::Kind::sequence) continue;
            for (const auto& item : targets->items)
                if (known_segment(item.scalar, item.pos) &&
                    std::find(c.reaches.begin(), c.reaches.end(), item.scalar) == c.reaches.end())
                    in.error(item.pos, fmt::format("rival '{}' does not reach segment '{}': add it to the "
                                                   "rival's reaches, or remove it from the move",
                                                   c.id, item.scalar));
        }
    }
}

}  // namespace offersim::scenario
