#include "engine/scenario/loader.hpp"

#include "engine/scenario/behaviour_section.hpp"
#include "engine/scenario/competitors_section.hpp"
#include "engine/scenario/document.hpp"
#include "engine/scenario/field_reader.hpp"
#include "engine/scenario/formula.hpp"
#include "engine/scenario/groups_section.hpp"
#include "engine/scenario/win_back_section.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <fstream>
#include <limits>
#include <map>
#include <sstream>

namespace offersim::scenario {
namespace {

const Keys kTopKeys = {"extends",      "name",          "title",           "horizon_months",
                       "replications", "seed",          "currency",        "discount_rate_annual",
                       "segments",     "tiers",         "offers",          "competitor_moves",
                       "costs",        "churn_drivers", "vip_grading",     "retention_campaigns",
                       "win_back",     "groups",        "price_reference", "competitors"};
const Keys kSegmentKeys = {"id",
                           "name",
                           "kind",
                           "size",
                           "tenure_months",
                           "tier_mix",
                           "usage",
                           "price_sensitivity",
                           "churn",
                           "contract",
                           "acquisition",
                           "plan_choice",
                           "price_response",
                           "usage_response"};
const Keys kContractKeys = {"share", "remaining_months_max", "lock_in_multiplier", "contract_end_multiplier",
                            "contract_end_months"};
const Keys kUsageKeys = {"voice_min",     "data_mb",          "sms", "monthly_cv", "off_peak_share",
                         "off_net_share", "intra_group_share"};
const Keys kChurnKeys = {"model", "monthly_hazard", "bands", "scale_months", "shape", "alpha", "beta"};
const Keys kBandKeys = {"from_month", "monthly_hazard"};
const Keys kAcquisitionKeys = {"gross_adds_per_month", "tier_mix"};
const Keys kTierKeys = {"id",
                        "name",
                        "monthly_fee_cny",
                        "included",
                        "overage",
                        "min_monthly_spend_cny",
                        "segment_fees_cny",
                        "eligible_segments"};
const Keys kIncludedKeys = {"voice_min", "data_mb", "sms"};
const Keys kOverageKeys = {"voice_per_min_cny",         "data_per_mb_cny",   "sms_each_cny",
                           "voice_off_net_per_min_cny", "off_peak_discount", "intra_group_per_min_cny"};
const Keys kCostKeys = {"network_per_min_cny", "network_per_mb_cny",
                        "network_per_sms_cny", "commission_per_gross_add_cny",
                        "fixed_monthly_cny",   "interconnect_per_off_net_min_cny"};
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
const Keys kOfferKinds = {"bundle", "device_subsidy", "prepay"};
const Keys kComponentKinds = {"home_broadband", "landline", "wireless_landline", "value_added"};
const Keys kEarlyTerminations = {"none", "fixed", "unamortised_subsidy"};
const Keys kGuarantees = {"deposit", "financial"};
const Keys kDeviceTerms = {"device_cost", "retail_price", "subsidy", "contract_months"};

const Keys kChurnModels = {"constant", "table", "weibull", "sbg"};
const Keys kSegmentKinds = {"mass_market", "vip", "group_member", "key_person", "competitor_switchers"};

constexpr std::size_t kMaxFileBytes = 16u << 20;

// Under `extends`, maps keyed by ids are restated whole, and a block whose model or
// distribution changes does not inherit the parent's parameters for the old one.
const MergeRules kMergeRules = {{"tier_mix", "segment_fees_cny"}, {"model", "distribution"}};

// Decodes one merged document into a Scenario, collecting every problem on the way.
class Decoder : public FieldReader {
public:
    using FieldReader::FieldReader;

    CompetitorMove competitor_move(const DocNode& node, const std::string& path, int horizon) {
        CompetitorMove m;
        if (!expect_map(node, path, kMoveKeys)) return m;
        m.id = text(node, "id", path, "", true);
        m.name = text(node, "name", path, m.id);
        m.kind = static_cast<CompetitorMoveKind>(choice_or(node, "kind", path, kMoveKinds, 4));
        m.segments = names(node, "segments", path, true);
        m.start_month = static_cast<int>(integer(node, "start_month", path, 1, 1, horizon, true));
        m.end_month = static_cast<int>(integer(node, "end_month", path, horizon, 1, horizon));
        if (m.end_month < m.start_month)
            error(node.find("end_month")->pos,
                  fmt::format("{}: end_month must not be before start_month", path));
        m.hazard_multiplier = number_in(node, "hazard_multiplier", path, 1.0, 0.0, 100.0, true);
        m.rival = text(node, "rival", path, "");
        return m;
    }

    Offer offer(const DocNode& node, const std::string& path, int horizon) {
        Offer o;
        if (!expect_map(node, path, kOfferKeys)) return o;
        o.pos = node.pos;
        o.id = text(node, "id", path, "", true);
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
                    b.kind =
                        static_cast<ComponentKind>(choice_or(c, "kind", where, kComponentKinds, 0, true));
                    b.name = text(c, "name", where,
                                  std::string(kComponentKinds[static_cast<std::size_t>(b.kind)]));
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
                t.early_termination = static_cast<EarlyTermination>(
                    choice_or(*d, "early_termination", dp, kEarlyTerminations, 0));
                t.early_termination_fee = money(*d, "early_termination_fee_cny", dp,
                                                t.early_termination == EarlyTermination::fixed);
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
                o.prepay.release_months =
                    static_cast<int>(integer(*pp, "release_months", ppp, 1, 1, 120, true));
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
                    error(node.pos,
                          fmt::format("{}: a bundle needs the mobile tier it includes (tier)", path));
                if (o.pricing == BundlePricing::none)
                    error(node.pos,
                          fmt::format("{}: a bundle needs bundle_price_monthly_cny, discount_monthly_cny or "
                                      "discount_percent",
                                      path));
                break;
            case OfferKind::device_subsidy:
                if (!o.has_device)
                    error(node.pos,
                          fmt::format("{}: a device_subsidy offer needs device terms (device)", path));
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

    std::vector<TierShare> tier_mix(const DocNode* node, const std::string& path) {
        std::vector<TierShare> mix;
        if (!node) return mix;
        if (node->kind != DocNode::Kind::map || node->entries.empty()) {
            error(node->pos,
                  fmt::format(
                      "expected {} as a mapping of tier id to share, e.g. {{gotone_58: 0.6, gotone_88: 0.4}}",
                      path));
            return mix;
        }
        double total = 0.0;
        const std::size_t errors_before = diagnostics_.size();
        for (const auto& e : node->entries) {
            TierShare s;
            s.tier = e.key;
            s.pos = e.key_pos;
            s.share = probability(*node, e.key, path, 0.0, true);
            total += s.share;
            mix.push_back(std::move(s));
        }
        // A share already rejected would make the sum misleading.
        if (diagnostics_.size() == errors_before && std::fabs(total - 1.0) > 1e-6)
            error(node->pos, fmt::format("shares at {} must sum to 1, they sum to {:.6g}", path, total));
        return mix;
    }

    HazardCurve churn(const DocNode* node, const std::string& path) {
        HazardCurve c;
        if (!node || !expect_map(*node, path, kChurnKeys)) return c;
        const int model = choice(*node, "model", path, kChurnModels, 0, true);
        if (model == kUnknownChoice) return c;  // its other keys cannot be judged
        c.model = static_cast<HazardModel>(model);
        const auto only = [&](const Keys& used) {
            for (const auto& e : node->entries)
                if (e.key != "model" && std::find(used.begin(), used.end(), e.key) == used.end() &&
                    std::find(kChurnKeys.begin(), kChurnKeys.end(), e.key) != kChurnKeys.end())
                    error(e.key_pos, fmt::format("{}.{} has no meaning for churn model '{}'", path, e.key,
                                                 kChurnModels[static_cast<int>(c.model)]));
        };
        switch (c.model) {
            case HazardModel::constant:
                only({"monthly_hazard"});
                c.monthly_hazard = probability(*node, "monthly_hazard", path, 0.0, true);
                break;
            case HazardModel::table: {
                only({"bands"});
                const DocNode* bands = required(*node, "bands", path);
                if (!bands) break;
                if (bands->kind != DocNode::Kind::sequence || bands->items.empty()) {
                    error(bands->pos,
                          fmt::format("expected {}.bands as a list of {{from_month, monthly_hazard}}", path));
                    break;
                }
                for (std::size_t i = 0; i < bands->items.size(); ++i) {
                    const DocNode& b = bands->items[i];
                    const std::string where = fmt::format("{}.bands[{}]", path, i);
                    if (!expect_map(b, where, kBandKeys)) continue;
                    HazardBand band;
                    band.from_month = static_cast<int>(integer(b, "from_month", where, 1, 1, 1200, true));
                    band.monthly_hazard = probability(b, "monthly_hazard", where, 0.0, true);
                    const SourcePos& at = b.find("from_month") ? b.find("from_month")->pos : b.pos;
                    if (i == 0 && band.from_month != 1)
                        error(at,
                              fmt::format("{}.from_month must be 1: the first band starts at tenure month 1",
                                          where));
                    if (i > 0 && band.from_month <= c.bands.back().from_month)
                        error(at, fmt::format("{}.from_month must be after the previous band's ({})", where,
                                              c.bands.back().from_month));
                    c.bands.push_back(band);
                }
                break;
            }
            case HazardModel::weibull:
                only({"scale_months", "shape"});
                c.weibull_scale_months = number_in(*node, "scale_months", path, 1.0, 0.01, 1.0e6, true);
                c.weibull_shape = number_in(*node, "shape", path, 1.0, 0.01, 20.0, true);
                break;
            case HazardModel::sbg:
                only({"alpha", "beta"});
                c.sbg_alpha = number_in(*node, "alpha", path, 1.0, 1e-6, 1e6, true);
                c.sbg_beta = number_in(*node, "beta", path, 1.0, 1e-6, 1e6, true);
                break;
        }
        return c;
    }

    Segment segment(const DocNode& node, const std::string& path) {
        Segment s;
        if (!expect_map(node, path, kSegmentKeys)) return s;
        s.id = text(node, "id", path, "", true);
        s.name = text(node, "name", path, s.id);
        s.kind = static_cast<SegmentKind>(choice_or(node, "kind", path, kSegmentKinds, 0));
        s.size = integer(node, "size", path, 0, 0, 2'000'000'000, true);
        s.tenure_months = distribution(required(node, "tenure_months", path), join(path, "tenure_months"));
        s.tier_mix = tier_mix(required(node, "tier_mix", path), join(path, "tier_mix"));
        if (const DocNode* u = required(node, "usage", path);
            u && expect_map(*u, join(path, "usage"), kUsageKeys)) {
            const std::string up = join(path, "usage");
            s.usage.voice_min = distribution(required(*u, "voice_min", up), join(up, "voice_min"));
            s.usage.data_mb = distribution(required(*u, "data_mb", up), join(up, "data_mb"));
            s.usage.sms = distribution(required(*u, "sms", up), join(up, "sms"));
            s.usage.monthly_cv = number_in(*u, "monthly_cv", up, 0.25, 0.0, 5.0);
            s.usage.off_peak_share = probability(*u, "off_peak_share", up, 0.0);
            s.usage.off_net_share = probability(*u, "off_net_share", up, 0.0);
            s.usage.intra_group_share = probability(*u, "intra_group_share", up, 0.0);
            if (s.usage.off_net_share + s.usage.intra_group_share > 1.0 + 1e-9)
                error(u->pos,
                      fmt::format("{}: off_net_share and intra_group_share are shares of the same minutes "
                                  "and must not sum above 1",
                                  up));
        }
        s.price_sensitivity = number_in(node, "price_sensitivity", path, 1.0, 0.0, 100.0);
        s.churn = churn(required(node, "churn", path), join(path, "churn"));
        if (const DocNode* c = node.find("contract")) {
            const std::string cp = join(path, "contract");
            if (expect_map(*c, cp, kContractKeys)) {
                s.contract.share = probability(*c, "share", cp, 0.0, true);
                s.contract.remaining_months_max =
                    static_cast<int>(integer(*c, "remaining_months_max", cp, 24, 1, 120));
                s.contract.lock_in_multiplier = number_in(*c, "lock_in_multiplier", cp, 1.0, 0.0, 100.0);
                s.contract.contract_end_multiplier =
                    number_in(*c, "contract_end_multiplier", cp, 1.0, 0.0, 100.0);
                s.contract.contract_end_months =
                    static_cast<int>(integer(*c, "contract_end_months", cp, 1, 0, 24));
            }
        }
        if (const DocNode* a = node.find("acquisition")) {
            const std::string ap = join(path, "acquisition");
            if (expect_map(*a, ap, kAcquisitionKeys)) {
                if (const DocNode* g = required(*a, "gross_adds_per_month", ap)) {
                    const std::string gp = join(ap, "gross_adds_per_month");
                    if (g->kind == DocNode::Kind::sequence) {
                        for (std::size_t i = 0; i < g->items.size(); ++i)
                            s.acquisition.gross_adds_per_month.push_back(
                                integer_node(g->items[i], fmt::format("{}[{}]", gp, i), 0, 100'000'000, 0));
                        if (g->items.empty())
                            error(g->pos, fmt::format("{} must hold at least one month", gp));
                    } else {
                        s.acquisition.gross_adds_per_month.push_back(integer_node(*g, gp, 0, 100'000'000, 0));
                    }
                }
                if (const DocNode* m = a->find("tier_mix"))
                    s.acquisition.tier_mix = tier_mix(m, join(ap, "tier_mix"));
            }
        }
        if (const DocNode* pr = node.find("price_response"))
            s.price_response = read_price_response(*this, *pr, join(path, "price_response"));
        if (const DocNode* ur = node.find("usage_response"))
            s.usage_response = read_usage_response(*this, *ur, join(path, "usage_response"));
        if (const DocNode* pc = node.find("plan_choice")) {
            s.plan_choice = read_plan_choice(*this, *pc, join(path, "plan_choice"));
            const DocNode* a = node.find("acquisition");
            const DocNode* mix = a && a->kind == DocNode::Kind::map ? a->find("tier_mix") : nullptr;
            if (s.plan_choice.on_arrival && mix)
                error(mix->pos,
                      fmt::format("{}: new customers choose their plan (plan_choice.on_arrival), so "
                                  "acquisition.tier_mix does not apply; remove it or set on_arrival: false",
                                  path));
        }
        return s;
    }

    Tier tier(const DocNode& node, const std::string& path) {
        Tier t;
        if (!expect_map(node, path, kTierKeys)) return t;
        t.id = text(node, "id", path, "", true);
        t.name = text(node, "name", path, t.id);
        t.monthly_fee = money(node, "monthly_fee_cny", path, true);
        if (const DocNode* inc = node.find("included");
            inc && expect_map(*inc, join(path, "included"), kIncludedKeys)) {
            const std::string ip = join(path, "included");
            t.included_voice_min = allowance(*inc, "voice_min", ip, 10'000'000, t.unlimited_voice);
            t.included_data_mb = allowance(*inc, "data_mb", ip, 1'000'000'000, t.unlimited_data);
            t.included_sms = allowance(*inc, "sms", ip, 10'000'000, t.unlimited_sms);
        }
        if (const DocNode* ov = required(node, "overage", path);
            ov && expect_map(*ov, join(path, "overage"), kOverageKeys)) {
            const std::string op = join(path, "overage");
            t.voice_per_min = rate(*ov, "voice_per_min_cny", op, true);
            t.data_per_mb = rate(*ov, "data_per_mb_cny", op, true);
            t.sms_each = rate(*ov, "sms_each_cny", op, true);
            t.voice_off_net_per_min = ov->find("voice_off_net_per_min_cny")
                                          ? rate(*ov, "voice_off_net_per_min_cny", op)
                                          : t.voice_per_min;
            t.off_peak_discount = probability(*ov, "off_peak_discount", op, 0.0);
            t.has_intra_group_rate = ov->find("intra_group_per_min_cny") != nullptr;
            t.intra_group_per_min = rate(*ov, "intra_group_per_min_cny", op);
        }
        t.min_monthly_spend = money(node, "min_monthly_spend_cny", path);
        if (const DocNode* fees = node.find("segment_fees_cny")) {
            const std::string fp = join(path, "segment_fees_cny");
            if (fees->kind != DocNode::Kind::map || fees->entries.empty()) {
                error(
                    fees->pos,
                    fmt::format(
                        "expected {} as a mapping of segment id to monthly fee, e.g. {{vip_gold: 48}}", fp));
            } else {
                for (const auto& e : fees->entries)
                    t.segment_fees.emplace_back(e.key, money(*fees, e.key, fp));
            }
        }
        t.eligible_segments = names(node, "eligible_segments", path);
        t.pos = node.pos;
        return t;
    }

    Scenario scenario(const DocNode& root) {
        Scenario sc;
        if (root.kind == DocNode::Kind::null) {
            error(root.pos,
                  "the file is empty; a scenario needs at least name, horizon_months, segments and tiers");
            return sc;
        }
        if (!expect_map(root, "the top level", kTopKeys)) return sc;
        const std::string top;
        sc.name = text(root, "name", top, "", true);
        sc.title = text(root, "title", top, sc.name);
        sc.horizon_months = static_cast<int>(integer(root, "horizon_months", top, 12, 1, 600, true));
        sc.replications = static_cast<int>(integer(root, "replications", top, 100, 1, 100'000));
        sc.seed = static_cast<std::uint64_t>(
            integer(root, "seed", top, 1, 0, std::numeric_limits<std::int64_t>::max()));
        sc.currency = text(root, "currency", top, "CNY");
        if (const DocNode* c = root.find("currency"); c && sc.currency != "CNY")
            error(c->pos,
                  fmt::format("currency '{}' is not supported; amounts are read as 'CNY'", sc.currency));
        sc.discount_rate_annual = number_in(root, "discount_rate_annual", top, 0.0, 0.0, 1.0);

        if (const DocNode* tiers = required(root, "tiers", top)) {
            if (tiers->kind != DocNode::Kind::sequence || tiers->items.empty()) {
                error(tiers->pos, "expected tiers as a non-empty list of monthly-package tiers");
            } else {
                for (std::size_t i = 0; i < tiers->items.size(); ++i)
                    sc.tiers.push_back(tier(tiers->items[i], fmt::format("tiers[{}]", i)));
            }
        }
        if (const DocNode* segments = required(root, "segments", top)) {
            if (segments->kind != DocNode::Kind::sequence || segments->items.empty()) {
                error(segments->pos, "expected segments as a non-empty list of customer segments");
            } else {
                for (std::size_t i = 0; i < segments->items.size(); ++i)
                    sc.segments.push_back(segment(segments->items[i], fmt::format("segments[{}]", i)));
            }
        }
        if (const DocNode* offers = root.find("offers")) {
            if (offers->kind != DocNode::Kind::sequence) {
                error(offers->pos, "expected offers as a list of bundles, device subsidies and prepay deals");
            } else {
                for (std::size_t i = 0; i < offers->items.size(); ++i)
                    sc.offers.push_back(
                        offer(offers->items[i], fmt::format("offers[{}]", i), sc.horizon_months));
            }
        }
        if (const DocNode* moves = root.find("competitor_moves")) {
            if (moves->kind != DocNode::Kind::sequence) {
                error(moves->pos, "expected competitor_moves as a list of time-bound moves");
            } else {
                for (std::size_t i = 0; i < moves->items.size(); ++i)
                    sc.competitor_moves.push_back(competitor_move(
                        moves->items[i], fmt::format("competitor_moves[{}]", i), sc.horizon_months));
            }
        }
        if (const DocNode* rivals = root.find("competitors"))
            sc.competitors = read_competitors(
                *this, *rivals, sc.horizon_months,
                [this](const DocNode& node, const std::string& path) { return tier(node, path); });
        if (const DocNode* costs = root.find("costs"); costs && expect_map(*costs, "costs", kCostKeys)) {
            sc.costs.network_per_min = rate(*costs, "network_per_min_cny", "costs");
            sc.costs.network_per_mb = rate(*costs, "network_per_mb_cny", "costs");
            sc.costs.network_per_sms = rate(*costs, "network_per_sms_cny", "costs");
            sc.costs.commission_per_gross_add = money(*costs, "commission_per_gross_add_cny", "costs");
            sc.costs.fixed_monthly = money(*costs, "fixed_monthly_cny", "costs");
            sc.costs.interconnect_per_off_net_min = rate(*costs, "interconnect_per_off_net_min_cny", "costs");
        }
        if (const DocNode* d = root.find("churn_drivers")) sc.churn_drivers = read_churn_drivers(*this, *d);
        if (const DocNode* v = root.find("vip_grading")) sc.vip_grading = read_vip_grading(*this, *v);
        if (const DocNode* c = root.find("retention_campaigns"))
            sc.retention_campaigns = read_retention_campaigns(*this, *c, sc.horizon_months);
        sc.win_back = read_win_back(*this, root, sc);
        check_references(root, sc);
        Keys offer_ids;
        for (const auto& o : sc.offers) offer_ids.push_back(o.id);
        sc.groups = read_groups(*this, root, sc.horizon_months, offer_ids);
        return sc;
    }

    // Ids are unique plain names, and every reference names something that exists.
    void check_references(const DocNode& root, const Scenario& sc) {
        const auto ids_of = [&](const char* list, const auto& items) {
            Keys seen;
            const DocNode* nodes = root.find(list);
            for (std::size_t i = 0; i < items.size(); ++i) {
                const std::string& id = items[i].id;
                if (id.empty()) continue;
                const SourcePos& pos = nodes->items[i].pos;
                const bool plain = std::all_of(id.begin(), id.end(), [](char c) {
                    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-';
                });
                if (!plain)
                    error(pos,
                          fmt::format("id '{}' in {} may hold only letters, digits, '_' and '-'", id, list));
                if (std::find(seen.begin(), seen.end(), id) != seen.end())
                    error(pos, fmt::format("duplicate id '{}' in {}", id, list));
                seen.push_back(id);
            }
            return seen;
        };
        const Keys tier_ids = ids_of("tiers", sc.tiers);
        const Keys segment_ids = ids_of("segments", sc.segments);
        const Keys offer_ids = ids_of("offers", sc.offers);
        ids_of("competitor_moves", sc.competitor_moves);
        ids_of("competitors", sc.competitors);
        ids_of("retention_campaigns", sc.retention_campaigns);
        const auto known = [&](const std::string& name, const Keys& ids, const SourcePos& pos,
                               const char* what) {
            if (std::find(ids.begin(), ids.end(), name) != ids.end()) return true;
            const auto near = nearest_name(name, ids);
            error(pos, near.empty() ? fmt::format("unknown {} '{}'; known: {}", what, name, quoted_list(ids))
                                    : fmt::format("unknown {} '{}'; did you mean '{}'?", what, name, near));
            return false;
        };
        const auto pos_in = [](const DocNode& map, std::string_view key) {
            const DocNode* n = map.find(key);
            return n ? n->pos : map.pos;
        };
        const auto tier_allows = [&](const std::string& tier_id, const std::string& segment_id) {
            const auto t = std::find_if(sc.tiers.begin(), sc.tiers.end(),
                                        [&](const Tier& x) { return x.id == tier_id; });
            return t == sc.tiers.end() || t->eligible_segments.empty() ||
                   std::find(t->eligible_segments.begin(), t->eligible_segments.end(), segment_id) !=
                       t->eligible_segments.end();
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
            if (tier_ids.empty()) break;  // the missing tiers are reported already
            for (const auto* mix : {&seg.tier_mix, &seg.acquisition.tier_mix})
                for (const auto& share : *mix)
                    if (known(share.tier, tier_ids, share.pos, "tier in a tier mix") &&
                        !tier_allows(share.tier, seg.id))
                        error(share.pos,
                              fmt::format("tier '{}' is not open to segment '{}' (see its eligible_segments)",
                                          share.tier, seg.id));
        }
        if (const DocNode* moves = root.find("competitor_moves");
            moves && moves->kind == DocNode::Kind::sequence)
            for (const auto& move : moves->items)
                if (const DocNode* list = move.find("segments");
                    list && list->kind == DocNode::Kind::sequence)
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
            if (const DocNode* list = take_up->find("segments");
                list && list->kind == DocNode::Kind::sequence)
                for (const auto& item : list->items)
                    if (known(item.scalar, segment_ids, item.pos, "segment") && !o.tier.empty() &&
                        !tier_allows(o.tier, item.scalar))
                        error(item.pos,
                              fmt::format("offer '{}' moves takers to tier '{}', which is not open to "
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
};

// Control characters other than tab and line ends are never part of a scenario.
bool has_control_character(std::string_view text, std::size_t& offset) {
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F) {
            offset = i;
            return true;
        }
    }
    return false;
}

bool valid_utf8(std::string_view text, std::size_t& bad_offset) {
    for (std::size_t i = 0; i < text.size();) {
        const auto c = static_cast<unsigned char>(text[i]);
        const int extra = c < 0x80           ? 0
                          : (c >> 5) == 0x6  ? 1
                          : (c >> 4) == 0xE  ? 2
                          : (c >> 3) == 0x1E ? 3
                                             : -1;
        if (extra < 0 || i + static_cast<std::size_t>(extra) >= text.size() + (extra == 0 ? 1 : 0)) {
            bad_offset = i;
            return false;
        }
        for (int k = 1; k <= extra; ++k) {
            if (i + k >= text.size() || (static_cast<unsigned char>(text[i + k]) >> 6) != 0x2) {
                bad_offset = i;
                return false;
            }
        }
        i += static_cast<std::size_t>(extra) + 1;
    }
    return true;
}

// Parses one file of an `extends` chain and merges it over its parents.
class ChainLoader {
public:
    explicit ChainLoader(std::vector<Diagnostic>& diagnostics) : diagnostics_(diagnostics) {}

    DocNode load_text(std::string_view text, const std::filesystem::path& file) {
        const std::string name = file.string();
        if (text.size() > kMaxFileBytes) {
            diagnostics_.push_back(
                {SourcePos{name, 0, 0},
                 fmt::format("the file is {} bytes; a scenario file may be at most {} MiB ({} bytes)",
                             text.size(), kMaxFileBytes >> 20, kMaxFileBytes)});
            return {};
        }
        std::size_t bad = 0;
        if (!valid_utf8(text, bad)) {
            diagnostics_.push_back(
                {position_of_offset(name, text, bad), "the file is not valid UTF-8 text (save it as UTF-8)"});
            return {};
        }
        if (has_control_character(text, bad)) {
            diagnostics_.push_back(
                {position_of_offset(name, text, bad),
                 fmt::format("the file holds a control character (U+{:04X})",
                             static_cast<unsigned>(static_cast<unsigned char>(text[bad])))});
            return {};
        }
        DocNode node = parse_document(text, name, diagnostics_);
        if (node.kind != DocNode::Kind::map) return node;
        files_.push_back(name);
        const DocNode* extends = node.find("extends");
        if (!extends) return node;
        if (extends->kind != DocNode::Kind::scalar || extends->scalar.empty()) {
            diagnostics_.push_back(
                {extends->pos, "expected extends to name a scenario file, e.g. extends: baseline.yaml"});
            return node;
        }
        const std::filesystem::path parent = file.parent_path() / extends->scalar;
        std::error_code ec;
        const auto canonical = std::filesystem::weakly_canonical(parent, ec);
        if (std::find(chain_.begin(), chain_.end(), canonical) != chain_.end()) {
            diagnostics_.push_back(
                {extends->pos,
                 fmt::format("extends cycle: '{}' is already being loaded by this chain", extends->scalar)});
            return {};
        }
        if (std::filesystem::is_directory(parent, ec)) {
            diagnostics_.push_back(
                {extends->pos,
                 fmt::format("extends names '{}', which is a folder, not a scenario file", extends->scalar)});
            return {};
        }
        if (!std::filesystem::is_regular_file(parent, ec)) {
            diagnostics_.push_back(
                {extends->pos, fmt::format("extends names '{}', which does not exist (looked for {})",
                                           extends->scalar, parent.string())});
            return {};
        }
        chain_.push_back(canonical);
        const SourcePos extends_pos = extends->pos;
        std::string parent_text;
        if (!read_file(parent, parent_text)) {
            diagnostics_.push_back({extends_pos, fmt::format("cannot read '{}'", parent.string())});
            return {};
        }
        DocNode base = load_text(parent_text, parent);
        chain_.pop_back();
        if (base.kind != DocNode::Kind::map) {
            if (base.kind == DocNode::Kind::null && diagnostics_.empty())
                diagnostics_.push_back({extends_pos, fmt::format("'{}' is empty", extends->scalar)});
            return {};
        }
        DocNode merged = merge_documents(std::move(base), node, kMergeRules);
        // The child's own `extends` is resolved; keep the record free of it.
        std::erase_if(merged.entries, [](const DocEntry& e) { return e.key == "extends"; });
        return merged;
    }

    static bool read_file(const std::filesystem::path& file, std::string& out) {
        std::ifstream in(file, std::ios::binary);
        if (!in) return false;
        std::ostringstream buffer;
        buffer << in.rdbuf();
        out = buffer.str();
        return static_cast<bool>(in) || in.eof();
    }

    void start(const std::filesystem::path& file) {
        std::error_code ec;
        chain_.push_back(std::filesystem::weakly_canonical(file, ec));
    }

    std::vector<std::string> files_;

private:
    std::vector<Diagnostic>& diagnostics_;
    std::vector<std::filesystem::path> chain_;
};

}  // namespace

namespace {

Scenario load_file(const std::filesystem::path& file, bool with_price_reference);

// The prices the hazards were observed at: `price_reference:` (a path from the file that
// states it) or the root of the `extends` chain. Loaded only when a segment answers prices
// (its leaving or its usage); a scenario that is its own reference needs none.
void attach_price_reference(Scenario& sc, const DocNode& root) {
    const bool answers_prices = std::any_of(sc.segments.begin(), sc.segments.end(), [](const Segment& s) {
        return s.price_response.enabled || s.usage_response.enabled;
    });
    if (!answers_prices) return;
    std::filesystem::path reference;
    if (const DocNode* r = root.find("price_reference")) {
        if (r->kind != DocNode::Kind::scalar || r->scalar.empty())
            throw InputError({{r->pos,
                               "expected price_reference to name a scenario file, e.g. "
                               "price_reference: ../baseline.yaml"}});
        reference = std::filesystem::path(r->pos.file).parent_path() / r->scalar;
        std::error_code ec;
        if (!std::filesystem::is_regular_file(reference, ec))
            throw InputError({{r->pos, fmt::format("price_reference names '{}', which is not a scenario file "
                                                   "(looked for {})",
                                                   r->scalar, reference.string())}});
    } else if (sc.source_files.size() > 1) {
        reference = sc.source_files.back();
    } else {
        return;
    }
    std::error_code ec;
    if (!sc.source_files.empty() &&
        std::filesystem::equivalent(reference, std::filesystem::path(sc.source_files.front()), ec))
        return;
    sc.price_reference = std::make_shared<const Scenario>(load_file(reference, false));
}

Scenario load_text(std::string_view text, const std::filesystem::path& file, bool with_price_reference) {
    std::vector<Diagnostic> diagnostics;
    ChainLoader chain(diagnostics);
    chain.start(file);
    DocNode root = chain.load_text(text, file);
    if (!diagnostics.empty()) throw InputError(std::move(diagnostics));
    if (root.kind == DocNode::Kind::null) root.pos = SourcePos{file.string(), 1, 1};
    Decoder decoder(diagnostics);
    Scenario sc = decoder.scenario(root);
    if (!diagnostics.empty()) throw InputError(std::move(diagnostics));
    sc.source_files = std::move(chain.files_);
    sc.resolved_yaml = emit_document(root);
    if (with_price_reference) attach_price_reference(sc, root);
    if (sc.price_reference) {
        // The record names the reference's record, written beside it.
        std::erase_if(root.entries, [](const DocEntry& e) { return e.key == "price_reference"; });
        DocNode record;
        record.kind = DocNode::Kind::scalar;
        record.scalar = std::string(kPriceReferenceRecord);
        record.quoted = true;
        root.entries.push_back(DocEntry{"price_reference", root.pos, {record}});
        sc.resolved_yaml = emit_document(root);
    }
    return sc;
}

Scenario load_file(const std::filesystem::path& file, bool with_price_reference) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(file, ec))
        throw InputError({{SourcePos{file.string(), 0, 0}, "no such scenario file"}});
    if (std::filesystem::file_size(file, ec) > kMaxFileBytes && !ec)
        throw InputError(
            {{SourcePos{file.string(), 0, 0},
              fmt::format("the file is {} bytes; a scenario file may be at most {} MiB ({} bytes)",
                          std::filesystem::file_size(file, ec), kMaxFileBytes >> 20, kMaxFileBytes)}});
    std::string text;
    if (!ChainLoader::read_file(file, text))
        throw InputError({{SourcePos{file.string(), 0, 0}, "cannot read the file"}});
    return load_text(text, file, with_price_reference);
}

}  // namespace

Scenario load_scenario_text(std::string_view text, const std::filesystem::path& file) {
    return load_text(text, file, true);
}

Scenario load_scenario(const std::filesystem::path& file) {
    return load_file(file, true);
}

const std::vector<AcceptedKeys>& accepted_keys() {
    static const std::vector<AcceptedKeys> keys = {
        {"", kTopKeys},
        {"segments/*", kSegmentKeys},
        {"segments/*/tenure_months", kDistributionKeys},
        {"segments/*/usage", kUsageKeys},
        {"segments/*/usage/voice_min", kDistributionKeys},
        {"segments/*/usage/data_mb", kDistributionKeys},
        {"segments/*/usage/sms", kDistributionKeys},
        {"segments/*/churn", kChurnKeys},
        {"segments/*/churn/bands/*", kBandKeys},
        {"segments/*/acquisition", kAcquisitionKeys},
        {"tiers/*", kTierKeys},
        {"tiers/*/included", kIncludedKeys},
        {"tiers/*/overage", kOverageKeys},
        {"segments/*/contract", kContractKeys},
        {"costs", kCostKeys},
        {"offers/*", kOfferKeys},
        {"offers/*/components/*", kComponentKeys},
        {"offers/*/device", kDeviceKeys},
        {"offers/*/prepay", kPrepayKeys},
        {"offers/*/gift", kGiftKeys},
        {"offers/*/take_up", kTakeUpKeys},
        {"competitor_moves/*", kMoveKeys},
        {"segments/*/plan_choice", kPlanChoiceKeys},
        {"segments/*/price_response", kPriceResponseKeys},
        {"segments/*/price_response/discount_point", kDiscountPointKeys},
        {"segments/*/usage_response", kUsageResponseKeys},
        {"competitors/*", kCompetitorKeys},
        {"competitors/*/tiers/*", kTierKeys},
        {"competitors/*/tiers/*/included", kIncludedKeys},
        {"competitors/*/tiers/*/overage", kOverageKeys},
        {"competitors/*/moves/*", kRivalMoveKeys},
        {"churn_drivers", kChurnDriverKeys},
        {"vip_grading", kVipGradingKeys},
        {"vip_grading/levels/*", kVipLevelKeys},
        {"vip_grading/regional_bands/*", kRegionalBandKeys},
        {"retention_campaigns/*", kRetentionCampaignKeys},
        {"win_back", kWinBackKeys},
        {"win_back/pool", kWinBackPoolKeys},
        {"win_back/pool/networks", kWinBackNetworkNames},
        {"win_back/pool/networks/gsm", kWinBackNetworkKeys},
        {"win_back/pool/networks/gsm/outgoing_min_to_us", kDistributionKeys},
        {"win_back/pool/networks/cdma", kWinBackNetworkKeys},
        {"win_back/pool/networks/cdma/outgoing_min_to_us", kDistributionKeys},
        {"win_back/pool/calling_circle", kWinBackCircleKeys},
        {"win_back/regions/*", kWinBackRegionKeys},
        {"win_back/targeting", kWinBackTargetingKeys},
        {"win_back/capacity", kWinBackCapacityKeys},
        {"win_back/after_switch", kWinBackAfterSwitchKeys},
        {"win_back/success_test", kWinBackSuccessKeys},
        {"win_back/scoring", kWinBackScoringKeys},
    };
    static const std::vector<AcceptedKeys> with_sections = [] {
        std::vector<AcceptedKeys> all = keys;
        for (const auto& [where, section_keys] : groups_accepted_keys()) all.push_back({where, section_keys});
        return all;
    }();
    return with_sections;
}

std::string_view nearest_name(std::string_view name, const std::vector<std::string_view>& candidates) {
    const auto distance = [](std::string_view a, std::string_view b) {
        std::vector<std::size_t> row(b.size() + 1);
        for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
        for (std::size_t i = 1; i <= a.size(); ++i) {
            std::size_t diagonal = row[0];
            row[0] = i;
            for (std::size_t j = 1; j <= b.size(); ++j) {
                const std::size_t next =
                    std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] != b[j - 1])});
                diagonal = row[j];
                row[j] = next;
            }
        }
        return row[b.size()];
    };
    std::string_view best;
    std::size_t best_distance = std::numeric_limits<std::size_t>::max();
    for (const auto& c : candidates) {
        const std::size_t d = distance(name, c);
        if (d < best_distance) {
            best_distance = d;
            best = c;
        }
    }
    const std::size_t limit = std::max<std::size_t>(2, name.size() / 3);
    return best_distance <= limit ? best : std::string_view{};
}

}  // namespace offersim::scenario
