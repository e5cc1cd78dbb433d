#include "engine/scenario/decoder.hpp"

#include "engine/scenario/behaviour_section.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <cmath>

namespace offersim::scenario {

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

namespace {

const Keys kChurnModels = {"constant", "table", "weibull", "sbg"};
const Keys kSegmentKinds = {"mass_market", "vip", "group_member", "key_person", "competitor_switchers"};

}  // namespace

Segment Decoder::segment(const DocNode& node, const std::string& path) {
    Segment s;
    if (!expect_map(node, path, kSegmentKeys)) return s;
    s.id = id(node, path);
    s.name = text(node, "name", path, s.id);
    s.kind = static_cast<SegmentKind>(choice_or(node, "kind", path, kSegmentKinds, 0));
    s.size = integer(node, "size", path, 0, 0, 2'000'000'000, !sizes_from_extract_);
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
                    if (g->items.empty()) error(g->pos, fmt::format("{} must hold at least one month", gp));
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

std::vector<TierShare> Decoder::tier_mix(const DocNode* node, const std::string& path) {
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
        s.share = probability_node(e.value.front(), join(path, e.key), 0.0);
        total += s.share;
        mix.push_back(std::move(s));
    }
    // A share already rejected would make the sum misleading.
    if (diagnostics_.size() == errors_before && std::fabs(total - 1.0) > 1e-6)
        error(node->pos, fmt::format("shares at {} must sum to 1, they sum to {:.6g}", path, total));
    return mix;
}

HazardCurve Decoder::churn(const DocNode* node, const std::string& path) {
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
                    error(at, fmt::format("{}.from_month must be 1: the first band starts at tenure month 1",
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

}  // namespace offersim::scenario
