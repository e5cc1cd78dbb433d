#include "engine/scenario/win_back_section.hpp"

#include "engine/scenario/loader.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <cmath>

namespace offersim::scenario {

namespace {

void read_network(FieldReader& in, const DocNode& node, const std::string& path, const Scenario& sc,
                  WinBackNetwork& n) {
    if (!in.expect_map(node, path, kWinBackNetworkKeys)) return;
    n.pos = node.pos;
    n.share = in.probability(node, "share", path, 0.0, true);
    n.outgoing_min_to_us =
        in.distribution(in.required(node, "outgoing_min_to_us", path), in.join(path, "outgoing_min_to_us"));
    n.conversion = in.probability(node, "conversion", path, 0.0, true);
    n.reward = in.money(node, "reward_cny", path);
    n.offer = in.text(node, "offer", path, "");
    n.tier = in.text(node, "tier", path, "");
    if (n.offer.empty() == n.tier.empty()) {
        in.error(node.pos,
                 fmt::format("{}: give the offer that wins these customers, either offer (a handset "
                             "deal) or tier (a matching tariff), not both",
                             path));
        return;
    }
    if (!n.offer.empty()) {
        if (!in.known(n.offer, Ids::of(sc.offers), node.find("offer")->pos, "offer")) return;
        const auto o =
            std::find_if(sc.offers.begin(), sc.offers.end(), [&](auto& x) { return x.id == n.offer; });
        if (o->tier.empty())
            in.error(node.find("offer")->pos,
                     fmt::format("{}.offer '{}' names no tier; a win-back offer moves its takers to a tier",
                                 path, n.offer));
        n.tier = o->tier;
    } else {
        in.known(n.tier, Ids::of(sc.tiers), node.find("tier")->pos, "tier");
    }
}

models::TrafficRule read_rule(FieldReader& in, const DocNode& node, const std::string& path,
                              const models::TrafficRule& fallback) {
    models::TrafficRule r;
    r.min_each_month_min =
        in.number_in(node, "min_each_month_min", path, fallback.min_each_month_min, 0.0, 1e6);
    r.min_total_min = in.number_in(node, "min_total_min", path, fallback.min_total_min, 0.0, 1e7);
    return r;
}

// Our churners of the named segments who join the pool (docs/models.md §30).
void read_churner_feed(FieldReader& in, const DocNode& node, const std::string& path, const Scenario& sc,
                       WinBackSpec& w) {
    if (!in.expect_map(node, path, kWinBackChurnerFeedKeys)) return;
    WinBackChurnerFeed feed;
    const std::string sp = in.join(path, "segments");
    if (const DocNode* list = in.required(node, "segments", path)) {
        if (list->kind != DocNode::Kind::sequence || list->items.empty())
            in.error(list->pos, fmt::format("expected {} as a non-empty list of segment ids", sp));
        else
            for (const DocNode& item : list->items) {
                if (item.kind != DocNode::Kind::scalar) {
                    in.error(item.pos, fmt::format("expected {} to hold segment ids", sp));
                    continue;
                }
                if (!in.known(item.scalar, Ids::of(sc.segments), item.pos, "segment")) continue;
                if (std::find(feed.segments.begin(), feed.segments.end(), item.scalar) != feed.segments.end())
                    in.error(item.pos, fmt::format("segment '{}' is named twice in {}", item.scalar, sp));
                feed.segments.push_back(item.scalar);
            }
    }
    feed.share = in.probability(node, "share", path, feed.share);
    feed.delay_months = static_cast<int>(in.integer(node, "delay_months", path, feed.delay_months, 0, 120));
    w.from_churners = std::move(feed);
}

void read_pool(FieldReader& in, const DocNode& node, const std::string& path, const Scenario& sc,
               WinBackSpec& w) {
    if (!in.expect_map(node, path, kWinBackPoolKeys)) return;
    if (const DocNode* feed = node.find("from_churners"))
        read_churner_feed(in, *feed, in.join(path, "from_churners"), sc, w);
    // A pool fed by our churners needs no rival's customers of its own.
    const bool fed = w.from_churners.has_value();
    w.pool_size = in.integer(node, "size", path, 0, fed ? 0 : 1, 100'000'000, !fed);
    w.employee_share = in.probability(node, "employee_share", path, 0.0);
    w.base_months = static_cast<int>(in.integer(node, "base_months", path, 5, 1, 24));
    w.monthly_cv = in.number_in(node, "monthly_cv", path, 0.3, 0.0, 5.0);
    if (const DocNode* nets = in.required(node, "networks", path)) {
        const std::string np = in.join(path, "networks");
        if (in.expect_map(*nets, np, kWinBackNetworkNames)) {
            double total = 0.0;
            for (std::size_t k = 0; k < kCompetitorNetworks; ++k)
                if (const DocNode* net = nets->find(kWinBackNetworkNames[k])) {
                    read_network(in, *net, in.join(np, kWinBackNetworkNames[k]), sc, w.networks[k]);
                    total += w.networks[k].share;
                }
            if (std::fabs(total - 1.0) > 1e-6)
                in.error(nets->pos, fmt::format("shares at {} must sum to 1, they sum to {:.6g}", np, total));
        }
    }
    if (const DocNode* c = node.find("calling_circle")) {
        const std::string cp = in.join(path, "calling_circle");
        if (in.expect_map(*c, cp, kWinBackCircleKeys)) {
            w.contacts = static_cast<int>(in.integer(*c, "contacts", cp, 20, 5, 200));
            w.top5_share = in.probability(*c, "top5_share", cp, 0.6);
            w.calls_per_month = in.number_in(*c, "calls_per_month", cp, 80.0, 1.0, 10'000.0);
        }
    }
}

void read_regions(FieldReader& in, const DocNode& node, WinBackSpec& w) {
    const std::string path = "win_back.regions";
    if (node.kind != DocNode::Kind::sequence || node.items.empty()) {
        in.error(node.pos,
                 fmt::format("expected {} as a non-empty list of regions with share and target", path));
        return;
    }
    double total = 0.0;
    std::vector<std::string> seen;  // copies: views into w.regions would dangle when it grows
    for (std::size_t i = 0; i < node.items.size(); ++i) {
        const DocNode& r = node.items[i];
        const std::string where = fmt::format("{}[{}]", path, i);
        if (!in.expect_map(r, where, kWinBackRegionKeys)) continue;
        WinBackRegion region;
        region.id = in.id(r, where);
        region.name = in.text(r, "name", where, region.id);
        region.share = in.probability(r, "share", where, 0.0, true);
        region.target = in.integer(r, "target", where, 1, 1, 100'000'000, true);
        region.rule = read_rule(in, r, where, w.rule);
        if (std::find(seen.begin(), seen.end(), region.id) != seen.end())
            in.error(r.pos, fmt::format("duplicate id '{}' in {}", region.id, path));
        total += region.share;
        w.regions.push_back(std::move(region));
        seen.push_back(w.regions.back().id);
    }
    if (std::fabs(total - 1.0) > 1e-6)
        in.error(node.pos, fmt::format("shares at {} must sum to 1, they sum to {:.6g}", path, total));
}

// How converts live in the customer base: whose usage they take, and the rebound.
void read_converts(FieldReader& in, const DocNode& parent, const std::string& parent_path, const Scenario& sc,
                   WinBackSpec& w) {
    w.usage_of = sc.segments.empty() ? std::string() : sc.segments.front().id;
    const DocNode* node = parent.find("converts");
    if (!node) return;
    const std::string path = in.join(parent_path, "converts");
    if (!in.expect_map(*node, path, kWinBackConvertsKeys)) return;
    w.usage_of = in.text(*node, "usage_of", path, w.usage_of);
    if (const DocNode* u = node->find("usage_of"))
        in.known(w.usage_of, Ids::of(sc.segments), u->pos, "segment");
    w.rebound_churn_monthly = in.probability(*node, "rebound_churn_monthly", path, w.rebound_churn_monthly);
}

}  // namespace

std::optional<WinBackSpec> read_win_back(FieldReader& in, const DocNode& root, const Scenario& sc) {
    const DocNode* node = root.find("win_back");
    if (!node) return std::nullopt;
    const std::string path = "win_back";
    WinBackSpec w;
    if (!in.expect_map(*node, path, kWinBackKeys)) return std::nullopt;
    const int horizon = std::max(sc.horizon_months, 1);
    w.id = in.id(*node, path);
    w.name = in.text(*node, "name", path, w.id);
    w.start_month = static_cast<int>(in.integer(*node, "start_month", path, 1, 1, horizon));
    w.end_month = static_cast<int>(in.integer(*node, "end_month", path, horizon, 1, horizon));
    if (w.end_month < w.start_month)
        in.error(node->find("end_month")->pos,
                 fmt::format("{}: end_month must not be before start_month", path));
    if (const DocNode* t = node->find("targeting")) {
        const std::string tp = in.join(path, "targeting");
        if (in.expect_map(*t, tp, kWinBackTargetingKeys)) w.rule = read_rule(in, *t, tp, w.rule);
    }
    if (const DocNode* pool = in.required(*node, "pool", path))
        read_pool(in, *pool, in.join(path, "pool"), sc, w);
    if (const DocNode* regions = in.required(*node, "regions", path)) read_regions(in, *regions, w);
    if (const DocNode* c = in.required(*node, "capacity", path)) {
        const std::string cp = in.join(path, "capacity");
        if (in.expect_map(*c, cp, kWinBackCapacityKeys)) {
            w.account_managers = in.integer(*c, "account_managers", cp, 0, 0, 1'000'000, true);
            w.contacts_per_manager_per_month =
                in.integer(*c, "contacts_per_manager_per_month", cp, 0, 0, 100'000, true);
        }
    }
    if (const DocNode* a = node->find("after_switch")) {
        const std::string ap = in.join(path, "after_switch");
        if (in.expect_map(*a, ap, kWinBackAfterSwitchKeys)) {
            w.second_sim_share = in.probability(*a, "second_sim_share", ap, w.second_sim_share);
            w.switcher_residual_share =
                in.number_in(*a, "switcher_residual_share", ap, w.switcher_residual_share, 0.0, 10.0);
            w.second_sim_keep_share =
                in.number_in(*a, "second_sim_keep_share", ap, w.second_sim_keep_share, 0.0, 10.0);
            w.post_switch_cv = in.number_in(*a, "monthly_cv", ap, w.post_switch_cv, 0.0, 5.0);
            w.contact_retention = in.probability(*a, "contact_retention", ap, w.contact_retention);
            w.second_sim_contact_retention =
                in.probability(*a, "second_sim_contact_retention", ap, w.second_sim_contact_retention);
            w.second_sim_spend_share =
                in.probability(*a, "second_sim_spend_share", ap, w.second_sim_spend_share);
        }
    }
    if (const DocNode* s = node->find("success_test")) {
        const std::string sp = in.join(path, "success_test");
        if (in.expect_map(*s, sp, kWinBackSuccessKeys)) {
            auto& t = w.success;
            t.quiet_share = in.probability(*s, "quiet_share", sp, t.quiet_share);
            t.first_quiet_month =
                static_cast<int>(in.integer(*s, "first_quiet_month", sp, t.first_quiet_month, 1, 24));
            t.quiet_months = static_cast<int>(in.integer(*s, "quiet_months", sp, t.quiet_months, 1, 24));
            t.fingerprint_size =
                static_cast<int>(in.integer(*s, "fingerprint_size", sp, t.fingerprint_size, 1, 20));
            t.fingerprint_min_overlap = static_cast<int>(
                in.integer(*s, "fingerprint_min_overlap", sp, t.fingerprint_min_overlap, 0, 20));
            if (t.fingerprint_min_overlap > t.fingerprint_size)
                in.error(s->pos,
                         fmt::format("{}: fingerprint_min_overlap must not exceed fingerprint_size", sp));
        }
    }
    if (w.contacts < w.success.fingerprint_size)
        in.error(node->pos, fmt::format("{}: a calling circle of {} contacts cannot give a fingerprint of {}",
                                        path, w.contacts, w.success.fingerprint_size));
    read_converts(in, *node, path, sc, w);
    // The ids of the segments converts join are taken.
    if (const DocNode* segments = root.find("segments");
        segments && segments->kind == DocNode::Kind::sequence)
        for (const DocNode& seg : segments->items)
            if (const DocNode* id = seg.find("id");
                id && id->kind == DocNode::Kind::scalar &&
                (id->scalar == kWonBackSegment || id->scalar == kWonBackSecondSimSegment))
                in.error(id->pos,
                         fmt::format("segment id '{}' is the segment converts of win_back join; give "
                                     "this segment another id",
                                     id->scalar));
    if (const DocNode* s = node->find("scoring")) {
        const std::string sp = in.join(path, "scoring");
        if (in.expect_map(*s, sp, kWinBackScoringKeys)) {
            w.full_points = in.number_in(*s, "points_at_target", sp, w.full_points, 0.0, 1000.0);
            w.zero_points_below = in.number_in(*s, "zero_below_share", sp, w.zero_points_below, 0.0, 0.999);
        }
    }
    return w;
}

}  // namespace offersim::scenario
