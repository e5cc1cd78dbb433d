#include "engine/scenario/decoder.hpp"

#include <fmt/format.h>

namespace offersim::scenario {

const Keys kTierKeys = {"id",
                        "name",
                        "monthly_fee_cny",
                        "included",
                        "overage",
                        "min_monthly_spend_cny",
                        "segment_fees_cny",
                        "eligible_segments",
                        "rounding"};
const Keys kIncludedKeys = {"voice_min", "data_mb", "sms"};
const Keys kRoundingKeys = {"voice", "data", "sms", "calls"};
const Keys kRoundingRules = {"half_up", "half_even", "truncate"};  // in the order of Rounding
const Keys kCallRules = {"per_second", "per_started_minute"};
const Keys kOverageKeys = {"voice_per_min_cny",         "data_per_mb_cny",   "sms_each_cny",
                           "voice_off_net_per_min_cny", "off_peak_discount", "intra_group_per_min_cny"};

Tier Decoder::tier(const DocNode& node, const std::string& path) {
    Tier t;
    if (!expect_map(node, path, kTierKeys)) return t;
    t.id = id(node, path);
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
    if (const DocNode* rounding = node.find("rounding");
        rounding && expect_map(*rounding, join(path, "rounding"), kRoundingKeys)) {
        const std::string rp = join(path, "rounding");
        const auto rule = [&](std::string_view line) {
            return static_cast<Rounding>(choice(*rounding, line, rp, kRoundingRules, 0));
        };
        t.voice_rounding = rule("voice");
        t.data_rounding = rule("data");
        t.sms_rounding = rule("sms");
        t.per_started_minute = choice(*rounding, "calls", rp, kCallRules, 0) == 1;
    }
    if (const DocNode* fees = node.find("segment_fees_cny")) {
        const std::string fp = join(path, "segment_fees_cny");
        if (fees->kind != DocNode::Kind::map || fees->entries.empty()) {
            error(fees->pos,
                  fmt::format("expected {} as a mapping of segment id to monthly fee, e.g. {{vip_gold: 48}}",
                              fp));
        } else {
            for (const auto& e : fees->entries)
                t.segment_fees.emplace_back(e.key, Money{amount_node(e.value.front(), join(fp, e.key), 2)});
        }
    }
    t.eligible_segments = names(node, "eligible_segments", path);
    t.pos = node.pos;
    return t;
}

}  // namespace offersim::scenario
