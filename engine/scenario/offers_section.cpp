#include "engine/scenario/decoder.hpp"

#include "engine/scenario/competitors_section.hpp"

#include <fmt/format.h>

namespace offersim::scenario {

const Keys kOfferKeys = {"id",
                         "name",
                         "kind",
                         "tier",
                         "components",
                         "bundle_price_monthly_cny",
                         "discount_monthly_cny",
                         "discount_percent",
                         "device",
                         "prepay",
                         "gift",
                         "hazard_multiplier",
                         "launch_cost_cny",
                         "take_up"};
const Keys kComponentKeys = {"kind", "name", "list_price_monthly_cny", "cost_monthly_cny"};
const Keys kDeviceKeys = {"device_cost_cny",
                          "retail_price_cny",
                          "subsidy_cny",
                          "contract_months",
                          "min_monthly_spend_cny",
                          "early_termination",
                          "early_termination_fee_cny",
                          "guarantee",
                          "bad_debt_probability",
                          "lock_in_multiplier",
                          "contract_end_multiplier",
                          "contract_end_months"};
const Keys kPrepayKeys = {"amount_cny", "release_months"};
const Keys kGiftKeys = {"name", "cost_cny", "monthly_cost_cny", "months"};
const Keys kMoveKeys = {"id",   "name", "kind", "segments", "start_month", "end_month", "hazard_multiplier",
                        "rival"};
const Keys kTakeUpKeys = {"segments",     "existing_share", "new_share",
                          "launch_month", "end_month",      "requires_offer"};

namespace {

const Keys kOfferKinds = {"bundle", "device_subsidy", "prepay"};
const Keys kComponentKinds = {"home_broadband", "landline", "wireless_landline", "value_added"};
const Keys kEarlyTerminations = {"none", "fixed", "unamortised_subsidy"};
const Keys kGuarantees = {"deposit", "financial"};
const Keys kDeviceTerms = {"device_cost", "retail_price", "subsidy", "contract_months"};

}  // namespace

Offer Decoder::offer(const DocNode& node, const std::string& path, int horizon) {
    Offer o;
    if (!expect_map(node, path, kOfferKeys)) return o;
    o.pos = node.pos;
    o.id = id(node, path);
    o.name = text(node, "name", path, o.id);
    o.kind = static_cast<OfferKind>(choice_or(node, "kind", path, kOfferKinds, 0, true));
    o.tier = text(node, "tier", path, "");
    if (const DocNode* comps = node.find("components")) {
        const std::string cp = join(path, "components");
        if (comps->kind != DocNode::Kind::sequence || comps->items.empty()) {
            error(comps->pos, fmt::format("expected {} as a list of bundled services", cp));
        } else {
            for (std::size_t i = 0; i < comps->items.size(); ++i) {
                const DocNode& c = comps->items[i];
                const std::string where = fmt::format("{}[{}]", cp, i);
                if (!expect_map(c, where, kComponentKeys)) continue;
                BundleComponent b;
                b.kind = static_cast<ComponentKind>(choice_or(c, "kind", where, kComponentKinds, 0, true));
                b.name =
                    text(c, "name", where, std::string(kComponentKinds[static_cast<std::size_t>(b.kind)]));
                b.list_price_monthly = money(c, "list_price_monthly_cny", where, true);
                b.cost_monthly = money(c, "cost_monthly_cny", where);
                o.components.push_back(std::move(b));
            }
        }
    }
    const bool has_price = node.find("bundle_price_monthly_cny") != nullptr;
    const bool has_discount = node.find("discount_monthly_cny") != nullptr;
    const bool has_percent = node.find("discount_percent") != nullptr;
    if (has_price + has_discount + has_percent > 1)
        error(node.pos, fmt::format("{}: give one of bundle_price_monthly_cny, discount_monthly_cny and "
                                    "discount_percent, not several",
                                    path));
    if (has_price) {
        o.pricing = BundlePricing::price;
        o.bundle_price = money(node, "bundle_price_monthly_cny", path);
    } else if (has_discount) {
        o.pricing = BundlePricing::discount_cny;
        o.discount = money(node, "discount_monthly_cny", path);
    } else if (has_percent) {
        o.pricing = BundlePricing::discount_percent;
        o.discount_percent = number_in(node, "discount_percent", path, 0.0, 0.0, 100.0);
    }
    if (const DocNode* d = node.find("device")) {
        const std::string dp = join(path, "device");
        if (expect_map(*d, dp, kDeviceKeys)) {
            o.has_device = true;
            DeviceTerms& t = o.device;
            t.device_cost = money(*d, "device_cost_cny", dp, true);
            t.retail_price = money(*d, "retail_price_cny", dp, true);
            t.subsidy = money(*d, "subsidy_cny", dp, true);
            t.contract_months = static_cast<int>(integer(*d, "contract_months", dp, 24, 1, 120, true));
            if (t.subsidy > t.retail_price)
                error(d->find("subsidy_cny")->pos,
                      fmt::format("{}.subsidy_cny must not exceed retail_price_cny", dp));
            t.min_monthly_spend = money_or_formula(*d, "min_monthly_spend_cny", dp,
                                                   FormulaTerms{{"device_cost", t.device_cost.cny()},
                                                                {"retail_price", t.retail_price.cny()},
                                                                {"subsidy", t.subsidy.cny()},
                                                                {"contract_months", t.contract_months}});
            t.early_termination =
                static_cast<EarlyTermination>(choice_or(*d, "early_termination", dp, kEarlyTerminations, 0));
            t.early_termination_fee =
                money(*d, "early_termination_fee_cny", dp, t.early_termination == EarlyTermination::fixed);
            t.guarantee = static_cast<Guarantee>(choice_or(*d, "guarantee", dp, kGuarantees, 0));
            t.bad_debt_probability = probability(*d, "bad_debt_probability", dp, 0.0);
            if (t.guarantee == Guarantee::deposit && d->find("bad_debt_probability"))
                error(d->find("bad_debt_probability")->pos,
                      fmt::format("{}.bad_debt_probability applies to guarantee: financial; a deposit "
                                  "covers the fee",
                                  dp));
            t.lock_in_multiplier = number_in(*d, "lock_in_multiplier", dp, 1.0, 0.0, 100.0);
            t.contract_end_multiplier = number_in(*d, "contract_end_multiplier", dp, 1.0, 0.0, 100.0);
            t.contract_end_months = static_cast<int>(integer(*d, "contract_end_months", dp, 1, 0, 24));
        }
    }
    if (const DocNode* pp = node.find("prepay")) {
        const std::string ppp = join(path, "prepay");
        if (expect_map(*pp, ppp, kPrepayKeys)) {
            o.has_prepay = true;
            o.prepay.amount = money(*pp, "amount_cny", ppp, true);
            o.prepay.release_months = static_cast<int>(integer(*pp, "release_months", ppp, 1, 1, 120, true));
        }
    }
    if (const DocNode* g = node.find("gift")) {
        const std::string gp = join(path, "gift");
        if (expect_map(*g, gp, kGiftKeys)) {
            o.has_gift = true;
            o.gift.name = text(*g, "name", gp, "gift");
            o.gift.cost_at_take_up = money(*g, "cost_cny", gp);
            o.gift.monthly_cost = money(*g, "monthly_cost_cny", gp);
            o.gift.months = static_cast<int>(integer(*g, "months", gp, 0, 0, 120));
        }
    }
    o.hazard_multiplier = number_in(node, "hazard_multiplier", path, 1.0, 0.0, 100.0);
    o.launch_cost = money(node, "launch_cost_cny", path);
    if (const DocNode* tu = required(node, "take_up", path)) {
        const std::string tp = join(path, "take_up");
        if (expect_map(*tu, tp, kTakeUpKeys)) {
            o.take_up.segments = names(*tu, "segments", tp, true);
            o.take_up.existing_share = probability(*tu, "existing_share", tp, 0.0);
            o.take_up.new_share = probability(*tu, "new_share", tp, 0.0);
            o.take_up.launch_month = static_cast<int>(integer(*tu, "launch_month", tp, 1, 1, horizon));
            o.take_up.end_month = static_cast<int>(integer(*tu, "end_month", tp, horizon, 1, horizon));
            if (o.take_up.end_month < o.take_up.launch_month)
                error(tu->pos, fmt::format("{}: end_month must not be before launch_month", tp));
            o.take_up.requires_offer = text(*tu, "requires_offer", tp, "");
        }
    }
    // What each kind needs.
    switch (o.kind) {
        case OfferKind::bundle:
            if (o.components.empty()) error(node.pos, fmt::format("{}: a bundle needs components", path));
            if (o.tier.empty())
                error(node.pos, fmt::format("{}: a bundle needs the mobile tier it includes (tier)", path));
            if (o.pricing == BundlePricing::none)
                error(node.pos,
                      fmt::format("{}: a bundle needs bundle_price_monthly_cny, discount_monthly_cny or "
                                  "discount_percent",
                                  path));
            break;
        case OfferKind::device_subsidy:
            if (!o.has_device)
                error(node.pos, fmt::format("{}: a device_subsidy offer needs device terms (device)", path));
            break;
        case OfferKind::prepay:
            if (!o.has_prepay)
                error(node.pos, fmt::format("{}: a prepay offer needs prepay terms (prepay)", path));
            break;
    }
    if (o.pricing != BundlePricing::none && o.components.empty())
        error(node.pos, fmt::format("{}: a bundle price or discount needs components to bundle", path));
    return o;
}

CompetitorMove Decoder::competitor_move(const DocNode& node, const std::string& path, int horizon) {
    CompetitorMove m;
    if (!expect_map(node, path, kMoveKeys)) return m;
    m.id = id(node, path);
    m.name = text(node, "name", path, m.id);
    m.kind = static_cast<CompetitorMoveKind>(choice_or(node, "kind", path, kMoveKinds, 4));
    m.segments = names(node, "segments", path, true);
    m.start_month = static_cast<int>(integer(node, "start_month", path, 1, 1, horizon, true));
    m.end_month = static_cast<int>(integer(node, "end_month", path, horizon, 1, horizon));
    if (m.end_month < m.start_month)
        error(node.find("end_month")->pos, fmt::format("{}: end_month must not be before start_month", path));
    m.hazard_multiplier = number_in(node, "hazard_multiplier", path, 1.0, 0.0, 100.0, true);
    m.rival = text(node, "rival", path, "");
    return m;
}

}  // namespace offersim::scenario
