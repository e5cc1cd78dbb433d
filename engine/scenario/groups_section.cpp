#include "engine/scenario/groups_section.hpp"

#include "engine/scenario/loader.hpp"

#include <fmt/format.h>
#include <algorithm>

namespace offersim::scenario {
namespace {

const Keys kGroupsKeys = {"classes",     "adoptions",  "bids",         "switching",
                          "value_score", "new_groups", "price_matches"};
const Keys kClassKeys = {
    "id", "name", "industry", "count", "members", "purity", "key_persons", "leader_loyal_probability",
    "bundles", "bound_key_person_share", "member_revenue_monthly_cny", "member_churn_monthly",
    "industry_score", "credit_score", "tenure_months",
    // Group levers (docs/models.md section 29).
    "agreement", "member_growth_monthly", "member_growth_on_net_share", "unified_payment_share",
    "unified_payment_churn_multiplier", "member_cost_monthly_cny", "data_revenue_share",
    // Members in the customer store (docs/models.md section 28).
    "members_from"};
const Keys kAdoptionKeys = {"id",
                            "name",
                            "offer",
                            "classes",
                            "month",
                            "probability",
                            "off_net_join_probability",
                            "key_person_binding",
                            "informatization_revenue_monthly_cny",
                            "marketing_cost_cny",
                            "agreement",
                            "adds_bundle"};
const Keys kBidKeys = {
    "id", "name", "classes", "start_month", "end_month", "monthly_probability", "strength", "quote_discount"};
const Keys kPriceMatchKeys = {"id", "name", "bid", "term_months"};
const Keys kSwitchingKeys = {"base_probability",        "bundle_multiplier", "bound_key_person_multiplier",
                             "loyal_leader_multiplier", "follow_share",      "member_bundle_multiplier",
                             "binding_offers",          "leave_per_cny"};
const Keys kValueKeys = {"weights",
                         "revenue_full_score_monthly_cny",
                         "new_business_full_score_monthly_cny",
                         "growth_full_score",
                         "tenure_full_score_months",
                         "rescore_months",
                         "tiers",
                         "margin_full_score_monthly_cny",
                         "data_mix_target"};
// In the order of models::ValueFactor.
const Keys kFactorNames = {"revenue", "stickiness", "new_business", "growth", "industry",
                           "purity",  "tenure",     "credit",       "margin", "data_mix"};
// The factors a scenario without value_score weighs equally: those before the levers of section 29.
constexpr std::size_t kDefaultWeightedFactors = 8;
const Keys kValueTierKeys = {"id", "name", "min_score", "reward_monthly_cny", "bid_multiplier"};
const Keys kAgreementKeys = {"term_months", "signed_share", "early_exit_fee_cny", "bid_multiplier",
                             "renewal_probability"};
const Keys kNewGroupsKeys = {"id", "class", "per_month", "from_month", "to_month", "purity"};
constexpr double kMaxNewGroupsPerMonth = 10'000.0;

constexpr int kMaxGroupsPerClass = 1'000'000;
constexpr double kMaxMembers = 1.0e6;

class GroupsReader {
public:
    GroupsReader(FieldReader& r, int horizon) : r_(r), horizon_(horizon) {}

    GroupClass group_class(const DocNode& node, const std::string& path) {
        GroupClass c;
        if (!r_.expect_map(node, path, kClassKeys)) return c;
        c.pos = node.pos;
        c.id = r_.id(node, path);
        c.name = r_.text(node, "name", path, c.id);
        c.industry = r_.text(node, "industry", path, "");
        // With members_from, count may come from an extract's group ids (0 until then; the
        // members check refuses a class left without one).
        c.count = static_cast<int>(r_.integer(node, "count", path, node.find("members_from") ? 0 : 1, 1,
                                              kMaxGroupsPerClass, !node.find("members_from")));
        c.members =
            r_.distribution(r_.required(node, "members", path), r_.join(path, "members"), 1.0, kMaxMembers);
        c.purity = r_.probability(node, "purity", path, 0.0, true);
        c.key_persons = static_cast<int>(r_.integer(node, "key_persons", path, 0, 0, 100'000));
        c.leader_loyal_probability = r_.probability(node, "leader_loyal_probability", path, 0.0);
        c.bundles = static_cast<int>(r_.integer(node, "bundles", path, 0, 0, 100));
        c.bound_key_person_share = r_.probability(node, "bound_key_person_share", path, 0.0);
        c.member_revenue_monthly = r_.money(node, "member_revenue_monthly_cny", path, true);
        c.member_churn_monthly = r_.probability(node, "member_churn_monthly", path, 0.0);
        c.industry_score = r_.probability(node, "industry_score", path, 0.5);
        c.credit_score = r_.probability(node, "credit_score", path, 1.0);
        c.tenure_months = static_cast<int>(r_.integer(node, "tenure_months", path, 0, 0, 1200));
        group_levers(node, path, c);
        // Members in the store (docs/models.md §28); the segment is checked against the
        // segments by check_group_members (engine/scenario/group_members_check.cpp).
        c.members_from = r_.text(node, "members_from", path, "");
        if (!c.members_from.empty() && node.find("member_churn_monthly"))
            r_.error(node.find("member_churn_monthly")->pos,
                     fmt::format("{}: member_churn_monthly cannot be given with members_from: members in the "
                                 "store churn as customers of segment '{}'",
                                 path, c.members_from));
        return c;
    }

    GroupAdoption adoption(const DocNode& node, const std::string& path) {
        GroupAdoption a;
        if (!r_.expect_map(node, path, kAdoptionKeys)) return a;
        a.pos = node.pos;
        a.id = r_.id(node, path);
        a.name = r_.text(node, "name", path, a.id);
        a.offer = r_.text(node, "offer", path, "");
        a.classes = r_.names(node, "classes", path, true);
        a.month = static_cast<int>(r_.integer(node, "month", path, 1, 1, horizon_, true));
        a.probability = r_.probability(node, "probability", path, 1.0);
        a.off_net_join_probability = r_.probability(node, "off_net_join_probability", path, 0.0, true);
        a.key_person_binding = r_.probability(node, "key_person_binding", path, 0.0);
        a.informatization_revenue_monthly = r_.money(node, "informatization_revenue_monthly_cny", path);
        a.marketing_cost = r_.money(node, "marketing_cost_cny", path);
        a.agreement = agreement(node, path);
        a.adds_bundle = r_.choice(node, "adds_bundle", path, kYesNo, 1) == 1;
        return a;
    }

    // A class's levers of docs/models.md section 29.
    void group_levers(const DocNode& node, const std::string& path, GroupClass& c) {
        c.agreement = agreement(node, path);
        c.member_growth_monthly = r_.number_in(node, "member_growth_monthly", path, 0.0, 0.0, kMaxMembers);
        if (node.find("member_growth_on_net_share"))
            c.member_growth_on_net_share = r_.probability(node, "member_growth_on_net_share", path, 0.0);
        c.unified_payment_share = r_.probability(node, "unified_payment_share", path, 0.0);
        c.unified_payment_churn_multiplier =
            r_.number_in(node, "unified_payment_churn_multiplier", path, 1.0, 0.0, 100.0);
        c.member_cost_monthly = r_.money(node, "member_cost_monthly_cny", path);
        c.data_revenue_share = r_.probability(node, "data_revenue_share", path, 0.0);
    }

    std::optional<GroupAgreement> agreement(const DocNode& parent, const std::string& parent_path) {
        const DocNode* node = parent.find("agreement");
        const std::string path = r_.join(parent_path, "agreement");
        if (!node || !r_.expect_map(*node, path, kAgreementKeys)) return std::nullopt;
        GroupAgreement a;
        a.term_months = static_cast<int>(r_.integer(*node, "term_months", path, 24, 1, 600, true));
        a.signed_share = r_.probability(*node, "signed_share", path, 1.0);
        a.early_exit_fee = r_.money(*node, "early_exit_fee_cny", path);
        a.bid_multiplier = r_.number_in(*node, "bid_multiplier", path, 1.0, 0.0, 100.0);
        a.renewal_probability = r_.probability(*node, "renewal_probability", path, 0.0);
        return a;
    }

    NewGroups new_groups(const DocNode& node, const std::string& path) {
        NewGroups n;
        if (!r_.expect_map(node, path, kNewGroupsKeys)) return n;
        n.pos = node.pos;
        n.id = r_.id(node, path);
        n.class_id = r_.text(node, "class", path, "", true);
        n.per_month = r_.number_in(node, "per_month", path, 0.0, 0.0, kMaxNewGroupsPerMonth, true);
        n.from_month = static_cast<int>(r_.integer(node, "from_month", path, 1, 1, horizon_));
        n.to_month = static_cast<int>(r_.integer(node, "to_month", path, horizon_, 1, horizon_));
        if (n.to_month < n.from_month)
            r_.error(node.find("to_month")->pos,
                     fmt::format("{}: to_month must not be before from_month", path));
        if (node.find("purity")) n.purity = r_.probability(node, "purity", path, 0.0);
        return n;
    }

    GroupBid bid(const DocNode& node, const std::string& path) {
        GroupBid b;
        if (!r_.expect_map(node, path, kBidKeys)) return b;
        b.pos = node.pos;
        b.id = r_.id(node, path);
        b.name = r_.text(node, "name", path, b.id);
        b.classes = r_.names(node, "classes", path, true);
        b.start_month = static_cast<int>(r_.integer(node, "start_month", path, 1, 1, horizon_, true));
        b.end_month = static_cast<int>(r_.integer(node, "end_month", path, horizon_, 1, horizon_));
        if (b.end_month < b.start_month)
            r_.error(node.find("end_month")->pos,
                     fmt::format("{}: end_month must not be before start_month", path));
        b.monthly_probability = r_.probability(node, "monthly_probability", path, 0.0, true);
        b.strength = r_.number_in(node, "strength", path, 1.0, 0.0, 100.0);
        b.quote_discount = r_.probability(node, "quote_discount", path, 0.0);
        return b;
    }

    GroupPriceMatch price_match(const DocNode& node, const std::string& path) {
        GroupPriceMatch m;
        if (!r_.expect_map(node, path, kPriceMatchKeys)) return m;
        m.pos = node.pos;
        m.id = r_.id(node, path);
        m.name = r_.text(node, "name", path, m.id);
        m.bid = r_.text(node, "bid", path, "", true);
        m.term_months = static_cast<int>(r_.integer(node, "term_months", path, 12, 1, 1200));
        return m;
    }

    // A match names a bid that quotes a price, at most one match a bid, and the switch
    // odds need their price coefficient (docs/models.md §29).
    void check_price_matches(const DocNode& groups, const GroupsSpec& g) {
        const DocNode* list = groups.find("price_matches");
        if (!list || list->kind != DocNode::Kind::sequence) return;
        Ids bid_ids, seen, matched;
        for (const auto& b : g.bids)
            if (!b.id.empty()) bid_ids.insert(b.id);
        for (std::size_t i = 0; i < g.price_matches.size() && i < list->items.size(); ++i) {
            const GroupPriceMatch& m = g.price_matches[i];
            const DocNode& item = list->items[i];
            if (!m.id.empty() && !seen.insert(m.id))
                r_.error(m.pos, fmt::format("duplicate id '{}' in groups.price_matches", m.id));
            const DocNode* bid = item.find("bid");
            if (!bid || bid->kind != DocNode::Kind::scalar) continue;
            if (!r_.known(bid->scalar, bid_ids, bid->pos, "group bid")) continue;
            if (!matched.insert(m.bid))
                r_.error(bid->pos, fmt::format("groups.price_matches[{}]: bid '{}' is already matched by "
                                               "another entry",
                                               i, m.bid));
            for (const auto& b : g.bids)
                if (b.id == m.bid && b.quote_discount <= 0.0)
                    r_.error(bid->pos, fmt::format("groups.price_matches[{}]: bid '{}' quotes no price to "
                                                   "match; give it quote_discount (the share off our "
                                                   "members' price, 0.5: half price)",
                                                   i, m.bid));
            if (g.switching.leave_per_cny <= 0.0)
                r_.error(item.pos, fmt::format("groups.price_matches[{}]: matching a price needs "
                                               "groups.switching.leave_per_cny (the switch odds' price "
                                               "coefficient, per CNY a member a month)",
                                               i));
        }
    }

    void switching(const DocNode* node, GroupsSpec& g) {
        const std::string path = "groups.switching";
        if (!node || !r_.expect_map(*node, path, kSwitchingKeys)) return;
        g.switching.base_probability = r_.probability(*node, "base_probability", path, 0.0, true);
        g.switching.bundle_multiplier = r_.number_in(*node, "bundle_multiplier", path, 1.0, 0.0, 100.0);
        g.switching.bound_key_person_multiplier =
            r_.number_in(*node, "bound_key_person_multiplier", path, 1.0, 0.0, 100.0);
        g.switching.loyal_leader_multiplier =
            r_.number_in(*node, "loyal_leader_multiplier", path, 1.0, 0.0, 100.0);
        g.follow_share = r_.probability(*node, "follow_share", path, 1.0);
        // Members in the store (docs/models.md §28).
        g.switching.member_bundle_multiplier =
            r_.number_in(*node, "member_bundle_multiplier", path, 1.0, 0.0, 100.0);
        g.binding_offers = r_.names(*node, "binding_offers", path, false);
        g.switching.leave_per_cny = r_.number_in(*node, "leave_per_cny", path, 0.0, 0.0, 10.0);
    }

    void value_score(const DocNode* node, GroupValueSpec& v) {
        const std::string path = "groups.value_score";
        if (!node) {  // equal weights, three tiers: documented in docs/scenario-reference.md
            std::fill_n(std::begin(v.weights), kDefaultWeightedFactors, 1.0);
            v.tiers = {{"A", "A", 70.0, {}, 1.0}, {"B", "B", 50.0, {}, 1.0}, {"C", "C", 0.0, {}, 1.0}};
            return;
        }
        if (!r_.expect_map(*node, path, kValueKeys)) return;
        if (const DocNode* w = r_.required(*node, "weights", path)) {
            const std::string wp = r_.join(path, "weights");
            if (r_.expect_map(*w, wp, kFactorNames))
                for (std::size_t f = 0; f < kFactorNames.size(); ++f)
                    v.weights[f] = r_.number_in(*w, kFactorNames[f], wp, 0.0, 0.0, 1000.0);
        }
        v.revenue_full_score_monthly = r_.money(*node, "revenue_full_score_monthly_cny", path);
        v.new_business_full_score_monthly = r_.money(*node, "new_business_full_score_monthly_cny", path);
        v.growth_full_score = r_.number_in(*node, "growth_full_score", path, 0.2, 0.001, 10.0);
        v.tenure_full_score_months =
            static_cast<int>(r_.integer(*node, "tenure_full_score_months", path, 120, 1, 1200));
        v.rescore_months = static_cast<int>(r_.integer(*node, "rescore_months", path, 3, 1, 120));
        v.margin_full_score_monthly = r_.money(*node, "margin_full_score_monthly_cny", path);
        v.data_mix_target = r_.number_in(*node, "data_mix_target", path, 0.5, 0.01, 1.0);
        const DocNode* tiers = r_.required(*node, "tiers", path);
        if (!tiers) return;
        const std::string tp = r_.join(path, "tiers");
        if (tiers->kind != DocNode::Kind::sequence || tiers->items.empty()) {
            r_.error(tiers->pos, fmt::format("expected {} as a non-empty list of tiers, highest first", tp));
            return;
        }
        for (std::size_t i = 0; i < tiers->items.size(); ++i) {
            const DocNode& t = tiers->items[i];
            const std::string where = fmt::format("{}[{}]", tp, i);
            if (!r_.expect_map(t, where, kValueTierKeys)) continue;
            GroupValueTier tier;
            tier.id = r_.id(t, where);
            tier.name = r_.text(t, "name", where, tier.id);
            const bool last = i + 1 == tiers->items.size();
            tier.min_score = r_.number_in(t, "min_score", where, 0.0, 0.0, 100.0, !last);
            tier.reward_monthly = r_.money(t, "reward_monthly_cny", where);
            tier.bid_multiplier = r_.number_in(t, "bid_multiplier", where, 1.0, 0.0, 100.0);
            if (!v.tiers.empty() && tier.min_score >= v.tiers.back().min_score && !last)
                r_.error(t.pos, fmt::format("{}: min_score must be below the tier above ({})", where,
                                            v.tiers.back().min_score));
            v.tiers.push_back(std::move(tier));
        }
    }

    template <typename Item, typename Read>
    std::vector<Item> list(const DocNode& groups, std::string_view key, bool is_required, Read read) {
        std::vector<Item> items;
        const std::string path = r_.join("groups", key);
        const DocNode* node = is_required ? r_.required(groups, key, "groups") : groups.find(key);
        if (!node) return items;
        if (node->kind != DocNode::Kind::sequence || node->items.empty()) {
            r_.error(node->pos, fmt::format("expected {} as a non-empty list", path));
            return items;
        }
        for (std::size_t i = 0; i < node->items.size(); ++i)
            items.push_back((this->*read)(node->items[i], fmt::format("{}[{}]", path, i)));
        return items;
    }

    // Ids are unique; every class an adoption or bid names exists, as does its offer.
    void check_references(const DocNode& groups, const GroupsSpec& g, const Ids& offer_ids) {
        Ids class_ids;
        for (const auto& c : g.classes)
            if (!c.id.empty() && !class_ids.insert(c.id))
                r_.error(c.pos, fmt::format("duplicate id '{}' in groups.classes", c.id));
        const auto check_classes = [&](std::string_view list_key) {
            const DocNode* list = groups.find(list_key);
            if (!list || list->kind != DocNode::Kind::sequence) return;
            Ids seen;
            for (const auto& item : list->items) {
                if (const DocNode* id = item.find("id"); id && id->kind == DocNode::Kind::scalar)
                    if (!seen.insert(id->scalar))
                        r_.error(id->pos,
                                 fmt::format("duplicate id '{}' in groups.{}", id->scalar, list_key));
                if (const DocNode* classes = item.find("classes");
                    classes && classes->kind == DocNode::Kind::sequence)
                    for (const auto& c : classes->items) r_.known(c.scalar, class_ids, c.pos, "group class");
                if (const DocNode* offer = item.find("offer"); offer && offer->kind == DocNode::Kind::scalar)
                    r_.known(offer->scalar, offer_ids, offer->pos, "offer");
            }
        };
        check_classes("adoptions");
        check_classes("bids");
        if (const DocNode* list = groups.find("new_groups"); list && list->kind == DocNode::Kind::sequence) {
            Ids seen;
            for (const auto& item : list->items) {
                if (const DocNode* id = item.find("id"); id && id->kind == DocNode::Kind::scalar)
                    if (!seen.insert(id->scalar))
                        r_.error(id->pos, fmt::format("duplicate id '{}' in groups.new_groups", id->scalar));
                if (const DocNode* c = item.find("class"); c && c->kind == DocNode::Kind::scalar)
                    r_.known(c->scalar, class_ids, c->pos, "group class");
            }
        }
        // Binding offers are offers' ids (docs/models.md §28).
        if (const DocNode* sw = groups.find("switching"))
            if (const DocNode* offers = sw->find("binding_offers");
                offers && offers->kind == DocNode::Kind::sequence)
                for (const auto& o : offers->items) r_.known(o.scalar, offer_ids, o.pos, "offer");
    }

private:
    FieldReader& r_;
    int horizon_;
};

}  // namespace

std::optional<GroupsSpec> read_groups(FieldReader& reader, const DocNode& root, int horizon_months,
                                      const Ids& offer_ids) {
    const DocNode* node = root.find("groups");
    if (!node) return std::nullopt;
    GroupsSpec g;
    if (!reader.expect_map(*node, "groups", kGroupsKeys)) return g;
    GroupsReader r(reader, horizon_months);
    g.classes = r.list<GroupClass>(*node, "classes", true, &GroupsReader::group_class);
    g.adoptions = r.list<GroupAdoption>(*node, "adoptions", false, &GroupsReader::adoption);
    g.bids = r.list<GroupBid>(*node, "bids", false, &GroupsReader::bid);
    r.switching(node->find("switching"), g);
    if (!g.bids.empty() && !node->find("switching"))
        reader.error(node->pos, "groups: bids need groups.switching (the switch probability's terms)");
    r.value_score(node->find("value_score"), g.value);
    g.new_groups = r.list<NewGroups>(*node, "new_groups", false, &GroupsReader::new_groups);
    r.check_references(*node, g, offer_ids);
    g.price_matches = r.list<GroupPriceMatch>(*node, "price_matches", false, &GroupsReader::price_match);
    r.check_price_matches(*node, g);
    return g;
}

const std::vector<std::pair<std::string_view, Keys>>& groups_accepted_keys() {
    static const std::vector<std::pair<std::string_view, Keys>> keys = {
        {"groups", kGroupsKeys},
        {"groups/classes/*", kClassKeys},
        {"groups/classes/*/members", kDistributionKeys},
        {"groups/adoptions/*", kAdoptionKeys},
        {"groups/bids/*", kBidKeys},
        {"groups/switching", kSwitchingKeys},
        {"groups/value_score", kValueKeys},
        {"groups/value_score/weights", kFactorNames},
        {"groups/value_score/tiers/*", kValueTierKeys},
        {"groups/classes/*/agreement", kAgreementKeys},
        {"groups/adoptions/*/agreement", kAgreementKeys},
        {"groups/new_groups/*", kNewGroupsKeys},
        {"groups/price_matches/*", kPriceMatchKeys},
    };
    return keys;
}

}  // namespace offersim::scenario
