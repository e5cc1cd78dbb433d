#include "engine/scenario/behaviour_section.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <optional>

namespace offersim::scenario {

const Keys kPlanChoiceKeys = {"price_per_cny", "overage_risk", "subsidy_per_cny", "switching_cost_cny",
                              "inertia",       "on_arrival",   "at_contract_end", "on_bill_shock"};
const Keys kPriceResponseKeys = {"churn_elasticity", "leave_per_cny", "discount_point", "join_share"};
const Keys kDiscountPointKeys = {"threshold", "strength"};
const Keys kUsageResponseKeys = {"voice_elasticity", "data_elasticity", "sms_elasticity",
                                 "off_peak_elasticity", "flat_rate_uplift"};
const Keys kChurnDriverKeys = {"bill_shock_ratio", "bill_shock_multiplier", "group_member_multiplier",
                               "key_person_multiplier"};
const Keys kVipGradingKeys = {"segments",       "window_months", "regrade_every_months",
                              "warning_months", "levels",        "regional_bands"};
const Keys kVipLevelKeys = {"id", "min_avg_spend_cny", "hazard_multiplier"};
const Keys kRegionalBandKeys = {"id", "segments", "min_avg_spend_cny"};
const Keys kRetentionCampaignKeys = {"id",
                                     "name",
                                     "segments",
                                     "start_month",
                                     "end_month",
                                     "contacts_per_month",
                                     "cost_per_contact_cny",
                                     "acceptance_probability",
                                     "offer_cost_cny",
                                     "hazard_multiplier",
                                     "effect_months",
                                     "warning_weight",
                                     "rechoose_plan"};

namespace {

bool flag(FieldReader& in, const DocNode& map, std::string_view key, const std::string& path, bool fallback) {
    return in.choice_or(map, key, path, kYesNo, fallback ? 1 : 0) == 1;
}

// A list block: each item decoded by `item`, an error when the node is not a list.
template <typename Item>
void each_item(FieldReader& in, const DocNode* node, const std::string& path, std::string_view what,
               Item&& item) {
    if (!node) return;
    if (node->kind != DocNode::Kind::sequence || node->items.empty()) {
        in.error(node->pos, fmt::format("expected {} as a non-empty list of {}", path, what));
        return;
    }
    for (std::size_t i = 0; i < node->items.size(); ++i) item(node->items[i], fmt::format("{}[{}]", path, i));
}

}  // namespace

PlanChoiceSpec read_plan_choice(FieldReader& in, const DocNode& node, const std::string& path) {
    PlanChoiceSpec p;
    if (!in.expect_map(node, path, kPlanChoiceKeys)) return p;
    p.enabled = true;
    p.price_per_cny = in.number_in(node, "price_per_cny", path, p.price_per_cny, 0.0, 100.0);
    p.overage_risk = in.number_in(node, "overage_risk", path, p.overage_risk, 0.0, 100.0);
    p.subsidy_per_cny = in.number_in(node, "subsidy_per_cny", path, p.subsidy_per_cny, 0.0, 100.0);
    p.switching_cost = in.money(node, "switching_cost_cny", path);
    p.inertia = in.number_in(node, "inertia", path, p.inertia, -100.0, 100.0);
    p.on_arrival = flag(in, node, "on_arrival", path, p.on_arrival);
    p.at_contract_end = flag(in, node, "at_contract_end", path, p.at_contract_end);
    p.on_bill_shock = flag(in, node, "on_bill_shock", path, p.on_bill_shock);
    return p;
}

PriceResponseSpec read_price_response(FieldReader& in, const DocNode& node, const std::string& path) {
    PriceResponseSpec p;
    if (!in.expect_map(node, path, kPriceResponseKeys)) return p;
    p.enabled = true;
    p.pos = node.pos;
    const DocNode* elasticity = node.find("churn_elasticity");
    const DocNode* beta = node.find("leave_per_cny");
    if (!elasticity && !beta && !node.entries.empty()) return p;  // an unknown key, already reported
    if ((elasticity != nullptr) == (beta != nullptr)) {
        in.error(node.pos,
                 fmt::format("{} needs exactly one of churn_elasticity (e.g. churn_elasticity: 0.8) "
                             "and leave_per_cny",
                             path));
        return p;
    }
    // Positive: churn rises with our price. A negative value is the usual slip of writing a
    // demand elasticity; say so rather than let the bands come out backwards.
    const auto positive = [&](const DocNode* n, std::string_view key, double upper) {
        const std::optional<double> v = in.number(node, key, path, false);
        if (!v) return 0.0;
        if (*v <= 0.0)
            in.error(n->pos, fmt::format("{}.{} must be above 0: churn rises with our price (a demand "
                                         "elasticity of -0.8 is a churn elasticity of 0.8); found {}",
                                         path, key, *v));
        else if (*v > upper)
            in.error(n->pos, fmt::format("{}.{} must be at most {}; found {}", path, key, upper, *v));
        return *v;
    };
    if (elasticity) p.churn_elasticity = positive(elasticity, "churn_elasticity", 20.0);
    if (beta) p.leave_per_cny = positive(beta, "leave_per_cny", 10.0);
    // A share strictly inside (0, 1): `what` says what it is a share of, in the error.
    const auto open_share = [&](const DocNode& map, std::string_view key, const std::string& where,
                                bool is_required, std::string_view what) -> std::optional<double> {
        const std::optional<double> v = in.number(map, key, where, is_required);
        if (v && (*v <= 0.0 || *v >= 1.0)) {
            in.error(map.find(key)->pos, fmt::format("{}.{} must lie strictly between 0 and 1 ({}); found {}",
                                                     where, key, what, *v));
            return std::nullopt;
        }
        return v;
    };
    p.join_share = open_share(node, "join_share", path, false, "the share of prospects who pick us")
                       .value_or(p.join_share);
    const std::string dp = in.join(path, "discount_point");
    if (const DocNode* d = node.find("discount_point"); d && in.expect_map(*d, dp, kDiscountPointKeys)) {
        p.discount_threshold =
            open_share(*d, "threshold", dp, true,
                       "the rival's discount, as a share of our bill, beyond which customers leave at once")
                .value_or(0.0);
        p.discount_strength = in.number_in(*d, "strength", dp, 0.0, 0.0, 200.0, true);
    }
    return p;
}

UsageResponseSpec read_usage_response(FieldReader& in, const DocNode& node, const std::string& path) {
    UsageResponseSpec u;
    if (!in.expect_map(node, path, kUsageResponseKeys)) return u;
    u.enabled = true;
    u.pos = node.pos;
    // A demand elasticity is at most 0. A positive one is the usual slip of dropping the
    // sign; say so rather than let usage rise with its price.
    const auto demand = [&](std::string_view key) {
        const std::optional<double> v = in.number(node, key, path, false);
        if (!v) return 0.0;
        if (*v > 0.0 || *v < -5.0) {
            in.error(node.find(key)->pos,
                     fmt::format("{}.{} must lie between -5 and 0: usage falls as its price rises (a 10% "
                                 "dearer unit at -0.3 loses about 3% of use); found {}",
                                 path, key, *v));
            return 0.0;
        }
        return *v;
    };
    u.voice_elasticity = demand("voice_elasticity");
    u.data_elasticity = demand("data_elasticity");
    u.sms_elasticity = demand("sms_elasticity");
    const auto non_negative = [&](std::string_view key, double upper, std::string_view why) {
        const std::optional<double> v = in.number(node, key, path, false);
        if (!v) return 0.0;
        if (*v < 0.0 || *v > upper) {
            in.error(node.find(key)->pos,
                     fmt::format("{}.{} must lie between 0 and {}: {}; found {}", path, key, upper, why, *v));
            return 0.0;
        }
        return *v;
    };
    u.off_peak_elasticity =
        non_negative("off_peak_elasticity", 10.0,
                     "a cheaper off-peak minute draws minutes from peak, so the "
                     "ratio of off-peak to peak minutes falls as its relative price rises");
    u.flat_rate_uplift = non_negative("flat_rate_uplift", 10.0,
                                      "the share of extra usage on an unlimited allowance (0.3: 30% more)");
    return u;
}

ChurnDrivers read_churn_drivers(FieldReader& in, const DocNode& node) {
    ChurnDrivers d;
    const std::string path = "churn_drivers";
    if (!in.expect_map(node, path, kChurnDriverKeys)) return d;
    d.bill_shock_ratio = in.number_in(node, "bill_shock_ratio", path, 0.0, 0.0, 100.0);
    if (d.bill_shock_ratio > 0.0 && d.bill_shock_ratio <= 1.0)
        in.error(node.find("bill_shock_ratio")->pos,
                 fmt::format("{}.bill_shock_ratio must be above 1 (a bill above its usual level), or 0 for "
                             "no bill shock; found {}",
                             path, d.bill_shock_ratio));
    d.bill_shock_multiplier = in.number_in(node, "bill_shock_multiplier", path, 1.0, 0.0, 100.0);
    d.group_member_multiplier = in.number_in(node, "group_member_multiplier", path, 1.0, 0.0, 100.0);
    d.key_person_multiplier = in.number_in(node, "key_person_multiplier", path, 1.0, 0.0, 100.0);
    return d;
}

VipGrading read_vip_grading(FieldReader& in, const DocNode& node) {
    VipGrading g;
    const std::string path = "vip_grading";
    if (!in.expect_map(node, path, kVipGradingKeys)) return g;
    g.enabled = true;
    g.segments = in.names(node, "segments", path);
    g.window_months = static_cast<int>(in.integer(node, "window_months", path, 6, 1, 12));
    g.regrade_every_months = static_cast<int>(in.integer(node, "regrade_every_months", path, 6, 1, 120));
    g.warning_months = static_cast<int>(in.integer(node, "warning_months", path, 3, 1, 120));
    const std::string lp = in.join(path, "levels");
    each_item(
        in, in.required(node, "levels", path), lp, "levels", [&](const DocNode& item, const std::string& p) {
            VipLevel level;
            if (!in.expect_map(item, p, kVipLevelKeys)) return;
            level.id = in.id(item, p);
            level.min_avg_spend = in.money(item, "min_avg_spend_cny", p, true);
            level.hazard_multiplier = in.number_in(item, "hazard_multiplier", p, 1.0, 0.0, 100.0);
            if (!g.levels.empty() && level.min_avg_spend <= g.levels.back().min_avg_spend)
                in.error(
                    item.pos,
                    fmt::format("{}: levels go from the lowest band up; min_avg_spend_cny must rise", p));
            g.levels.push_back(std::move(level));
        });
    if (g.levels.size() > 254) in.error(node.pos, "vip_grading: at most 254 levels are supported");
    const std::string rp = in.join(path, "regional_bands");
    each_item(
        in, node.find("regional_bands"), rp, "regional bands",
        [&](const DocNode& item, const std::string& p) {
            RegionalBands r;
            if (!in.expect_map(item, p, kRegionalBandKeys)) return;
            r.pos = item.pos;
            r.id = in.id(item, p);
            r.segments = in.names(item, "segments", p, true);
            const DocNode* edges = in.required(item, "min_avg_spend_cny", p);
            const std::string ep = in.join(p, "min_avg_spend_cny");
            if (edges && (edges->kind != DocNode::Kind::sequence || edges->items.size() != g.levels.size())) {
                in.error(edges->pos, fmt::format("expected {} as a list of {} amounts, one per level", ep,
                                                 g.levels.size()));
            } else if (edges) {
                for (std::size_t i = 0; i < edges->items.size(); ++i) {
                    const Money edge{in.amount_node(edges->items[i], fmt::format("{}[{}]", ep, i), 2)};
                    if (!r.min_avg_spend.empty() && edge <= r.min_avg_spend.back())
                        in.error(edges->items[i].pos, fmt::format("{}: the amounts must rise", ep));
                    r.min_avg_spend.push_back(edge);
                }
            }
            g.regional_bands.push_back(std::move(r));
        });
    return g;
}

std::vector<RetentionCampaign> read_retention_campaigns(FieldReader& in, const DocNode& node, int horizon) {
    std::vector<RetentionCampaign> out;
    each_item(in, &node, "retention_campaigns", "campaigns", [&](const DocNode& item, const std::string& p) {
        RetentionCampaign c;
        if (!in.expect_map(item, p, kRetentionCampaignKeys)) return;
        c.pos = item.pos;
        c.id = in.id(item, p);
        c.name = in.text(item, "name", p, c.id);
        c.segments = in.names(item, "segments", p);
        c.start_month = static_cast<int>(in.integer(item, "start_month", p, 1, 1, horizon));
        c.end_month = static_cast<int>(in.integer(item, "end_month", p, horizon, 1, horizon));
        if (c.end_month < c.start_month)
            in.error(item.find("end_month")->pos,
                     fmt::format("{}: end_month must not be before start_month", p));
        c.contacts_per_month = in.integer(item, "contacts_per_month", p, 0, 0, 1'000'000'000, true);
        c.cost_per_contact = in.money(item, "cost_per_contact_cny", p);
        c.acceptance_probability = in.probability(item, "acceptance_probability", p, 0.0, true);
        c.offer_cost = in.money(item, "offer_cost_cny", p);
        c.hazard_multiplier = in.number_in(item, "hazard_multiplier", p, 1.0, 0.0, 100.0, true);
        c.effect_months = static_cast<int>(in.integer(item, "effect_months", p, 12, 1, 600));
        c.warning_weight = in.number_in(item, "warning_weight", p, 2.0, 0.0, 1000.0);
        c.rechoose_plan = flag(in, item, "rechoose_plan", p, false);
        out.push_back(std::move(c));
    });
    if (out.size() > 254) in.error(node.pos, "at most 254 retention campaigns are supported");
    return out;
}

void check_behaviour_references(
    const DocNode& root, const Scenario& sc,
    const std::function<bool(const std::string&, const SourcePos&)>& known_segment, FieldReader& in) {
    const auto check_list = [&](const DocNode* map, std::string_view key) {
        if (!map || map->kind != DocNode::Kind::map) return;
        if (const DocNode* list = map->find(key); list && list->kind == DocNode::Kind::sequence)
            for (const auto& item : list->items) known_segment(item.scalar, item.pos);
    };
    if (const DocNode* vip = root.find("vip_grading"); vip && vip->kind == DocNode::Kind::map) {
        check_list(vip, "segments");
        if (const DocNode* bands = vip->find("regional_bands");
            bands && bands->kind == DocNode::Kind::sequence)
            for (const auto& b : bands->items) check_list(&b, "segments");
    }
    if (const DocNode* list = root.find("retention_campaigns"); list && list->kind == DocNode::Kind::sequence)
        for (const auto& c : list->items) check_list(&c, "segments");
    // A campaign re-choosing plans needs segments that choose.
    for (const auto& c : sc.retention_campaigns) {
        if (!c.rechoose_plan) continue;
        const bool any_chooses = std::any_of(sc.segments.begin(), sc.segments.end(), [&](const Segment& s) {
            const bool targeted = c.segments.empty() ||
                                  std::find(c.segments.begin(), c.segments.end(), s.id) != c.segments.end();
            return targeted && s.plan_choice.enabled;
        });
        if (!any_chooses)
            in.error(c.pos,
                     fmt::format("retention campaign '{}' has rechoose_plan: true but none of its segments "
                                 "has a plan_choice block",
                                 c.id));
    }
}

}  // namespace offersim::scenario
