#pragma once
// The body of the month's loop, included only by the four bill_loop_*.cpp files that
// compile its paths (engine/sim/bill_loop.hpp).
#include "engine/sim/bill_loop.hpp"
#include "engine/sim/group_members.hpp"
#include "engine/sim/offer_term_tables.hpp"
#include "engine/sim/usage_rating.hpp"
#include "models/price_response.hpp"
#include "models/rating.hpp"

#include <algorithm>
#include <type_traits>

namespace offersim::sim::detail {

constexpr int kNoiseShift = 32 - 10;
static_assert(kNoiseAtoms == 1 << 10);

using models::round_half_up;

// A float table the loop looks up by customer, as doubles in `wide`: each narrows back to its
// float exactly. GCC gathers doubles by the loop's 64-bit indices in one instruction, but loads
// floats one lane at a time (an extract, a load and an insert for each).
inline const double* widened(const std::vector<float>& table, std::vector<double>& wide) {
    wide.assign(table.begin(), table.end());
    return wide.data();
}

// The vectorised month for every customer of a shard. kTerms: whether customers can hold
// offers, or only the segment's own contracts, or neither; the paths skip what cannot
// apply. kRating: Rating::full rates as rate_usage<true> does, with voice split into V-net,
// off-net and off-peak minutes and each tier's rounding rule; Rating::split_half_up splits
// voice alike but rounds every line half up without loading a rule (every tier's rule is
// half up: the same bills); Rating::plain puts every second on-net at peak and rounds every
// line half up, the cheap path of most shards (for a segment that does not split voice, the
// split gives the same bills: its shares of those minutes are 0).
// kBehave: whether behaviours add hazard factors (VIP level, retention offer, bill shock)
// and record bills for VIP grading. kOwnChurn: whether customers carry their own churn
// probability theta (sbg) rather than share the segment's hazard by tenure. kPriced:
// whether leaving answers prices (the odds computed before the loop, docs/models.md §19).
// kUsage: whether usage answers prices (the scales and off-peak share computed before the
// loop, docs/models.md, "Usage response"). kMembers: whether the shard's customers include
// group members: one whose group pays their bill has their hazard multiplied by their
// group's factor (docs/models.md §28.1), one whose group matches a rival's quote has their
// bill cut and their odds of leaving moved by it (§29.1), and their bills are summed for the
// group results; only the group-member path (bill_loop_groups.cpp) has it.
template <Terms kTerms, Rating kRating, bool kBehave, bool kOwnChurn, bool kPriced, bool kUsage,
          bool kMembers = false>
void bill_and_churn(const SimulationPlan& plan, CustomerStore& store, const Shard& shard,
                    const Cohort& cohort, int month, PhiloxKey key, ShardMonth& out, Scratch& scratch) {
    const SegmentPlan& seg = plan.segments[static_cast<std::size_t>(cohort.segment)];
    const TierTable& tiers = plan.tiers;
    const OfferTerms& terms = seg.offers;

    // Plain pointers so the vectoriser sees no aliasing through vectors.
    std::uint8_t* const alive = store.alive.data();
    std::uint16_t* const tenure = store.tenure_months.data();
    const std::uint8_t* const tier = store.tier.data();
    const std::uint8_t* const offer = store.offer.data();
    const std::uint16_t* const offer_month = store.offer_month.data();
    const std::uint16_t* const contract_end = store.contract_end.data();
    const float* const voice_p = store.voice_propensity.data();
    const float* const data_p = store.data_propensity.data();
    const float* const sms_p = store.sms_propensity.data();
    WideTables& wide = scratch.wide;
    const double* const noise = widened(seg.noise_atoms, wide.noise);
    const double* const hazard = kOwnChurn ? nullptr : widened(seg.hazard, wide.hazard);
    const float* const theta = store.churn_theta.data();  // allocated when kOwnChurn can be true
    const float theta_driver = seg.theta_driver;          // the hazard table holds it already
    const double* const fee = seg.fee_fen.data();
    const TierRates rates = TierRates::of(tiers, seg);
    const double* const tier_floor = tiers.min_spend_fen.data();
    const double* const comp_rev = terms.components_revenue_fen.data();
    const double* const comp_cost = terms.components_cost_fen.data();
    const double* const release = terms.release_fen.data();
    const double* const release_total = terms.release_total_fen.data();
    const double* const release_months = terms.release_months.data();
    const double* const gift_cost = terms.gift_monthly_cost_fen.data();
    const double* const gift_months = terms.gift_months.data();
    const bool offers = kTerms == Terms::offers;
    // The folded offer terms, indexed by offer and tier with one stride (the plan's tiers).
    const std::size_t tier_count = seg.fee_fen.size();
    const double* const hazard_by_state = offers ? hazard_by_offer_state(terms, wide.offer_hazard) : nullptr;
    const double* const fee_by_offer =
        offers ? fee_by_offer_tier(terms, fee, tier_count, wide.offer_fee) : nullptr;
    const double* const floor_by_offer =
        offers ? floor_by_offer_tier_contract(terms, tier_floor, tier_count, wide.offer_floor) : nullptr;
    const auto tiers_per_offer = static_cast<int>(tier_count);
    const double* const end_months = terms.contract_end_months.data();
    const double unit_cost_v = plan.costs.network_voice_centifen / 100.0;
    const double unit_cost_d = plan.costs.network_data_centifen / 100.0;
    const double unit_cost_s = plan.costs.network_sms_centifen / 100.0;
    const double unit_cost_x = plan.costs.interconnect_centifen / 100.0;
    double* const s_revenue = scratch.revenue.data();
    double* const s_cost = scratch.cost.data();
    double* const s_leaves = scratch.leaves.data();
    const float* const odds = store.price_odds.data();  // allocated when kPriced can be true
    (void)odds;
    // Group members in the store, read on the group-member path only; the cut and odds by
    // group index are this month's (GroupsInStore::begin_month).
    const std::uint16_t* const group_index = kMembers ? store.group_index.data() : nullptr;
    const std::uint8_t* const member_flags = kMembers ? store.member_flags.data() : nullptr;
    const float* const unified_factor = kMembers ? plan.group_members->unified_hazard_factor.data() : nullptr;
    const double* const group_cut = kMembers ? store.group_bill_cut_fen.data() : nullptr;
    const float* const group_odds = kMembers ? store.group_leave_odds.data() : nullptr;
    (void)group_index;
    (void)member_flags;
    (void)unified_factor;
    (void)group_cut;
    (void)group_odds;
    // Allocated when kUsage can be true.
    const float* const voice_s = store.voice_scale.data();
    const float* const data_s = store.data_scale.data();
    const float* const sms_s = store.sms_scale.data();
    const float* const own_off_peak = store.off_peak_share.data();
    const double seg_off_peak = seg.off_peak_share;
    (void)voice_s;
    (void)data_s;
    (void)sms_s;
    (void)own_off_peak;
    (void)seg_off_peak;
    // Behaviour state and factors; unused on the plain path.
    const BehaviourPlan& behaviour = plan.behaviour;
    std::uint8_t* const rechoose = store.rechoose.data();
    const std::uint8_t* const vip_level = store.vip_level.data();
    const std::uint16_t* const retained_until = store.retained_until.data();
    const std::uint8_t* const retained_by = store.retained_by.data();
    const double* const level_mult = kBehave ? widened(behaviour.level_multiplier, wide.level) : nullptr;
    const double* const retention_mult =
        kBehave ? widened(scratch.retention_multiplier, wide.retention) : nullptr;
    // This month's slot of the VIP window, or a sink where the segment is not graded: an
    // unconditional store keeps the loop vectorised.
    float* const window =
        behaviour.vip ? store.vip_window(shard, (month - 1) % behaviour.window_months) : nullptr;
    float* const spend_out = window ? window : scratch.spend_sink.data();
    const double shock_ratio = behaviour.bill_shock_ratio > 0.0 ? behaviour.bill_shock_ratio : 1.0e300;
    const double shock_mult = behaviour.bill_shock_multiplier;
    const double shock_rechooses = seg.choice.on_bill_shock ? 1.0 : 0.0;
    const float fm = static_cast<float>(month);
    (void)rechoose;
    (void)vip_level;
    (void)retained_until;
    (void)retained_by;
    (void)level_mult;
    (void)retention_mult;
    (void)spend_out;
    (void)shock_ratio;
    (void)shock_mult;
    (void)shock_rechooses;
    (void)fm;
    constexpr bool kSplitVoice = splits_voice(kRating);
    constexpr bool kHalfUp = rounds_half_up(kRating);
    const double m = month;
    const float competitor =
        seg.competitor_factor[static_cast<std::size_t>(month - 1)];  // this month's moves
    const float base_lock_in = terms.lock_in_multiplier[0];          // the segment's own contracts
    const float base_end_mult = terms.contract_end_multiplier[0];
    const float base_end_months = static_cast<float>(end_months[0]);
    // Unused by one of the churn paths.
    (void)hazard;
    (void)theta;
    (void)theta_driver;

    double active = 0, churners = 0, fee_sum = 0, comp_sum = 0, voice_sum = 0, intra_sum = 0, data_sum = 0,
           sms_sum = 0, topup_sum = 0, etf_sum = 0, forfeit_sum = 0, comp_cost_sum = 0, gift_sum = 0,
           bad_sum = 0, min_sum = 0, off_net_sum = 0, mb_sum = 0, msg_sum = 0, shock_sum = 0, cut_sum = 0,
           member_sum = 0, paid_sum = 0;
    const std::int64_t first = shard.begin - cohort.begin;
    const std::int64_t n = shard.end - shard.begin;
    const std::int64_t base = shard.begin;
    // What each customer's draws are keyed by (draw_place): place_base + places[j], that is
    // an extract's keyed id hashes copied out of its rows (docs/models.md §33) or a group
    // joiner's block key plus its index in the block (§28.2), or a drawn
    // cohort's first place plus 0, 1, 2, ... from a shared table. One loop serves both at a
    // drawn shard's pace: the rows' 32-byte stride read in the loop cost twice its time, a
    // place filled in per shard-month 5%, and a path of its own per case doubled the builds.
    const std::int64_t* places = shard_offsets().data();
    std::int64_t place_base = first;
    if (const CohortDrawKeys keyed = store.draw_keys(seg, cohort); !keyed.by_place()) {
        fill_draw_places(keyed, first, n, scratch.draw_keys.data());
        places = scratch.draw_keys.data();
        place_base = 0;
    }
#pragma omp simd reduction(+ : active, churners, fee_sum, comp_sum, voice_sum, intra_sum, data_sum, sms_sum, topup_sum, \
                               forfeit_sum, comp_cost_sum, gift_sum, min_sum, off_net_sum, mb_sum, msg_sum, shock_sum,   \
                               cut_sum, member_sum, paid_sum)
    for (std::int64_t j = 0; j < n; ++j) {
        const std::int64_t i = base + j;
        const PhiloxCounter r = philox4x32(
            customer_counter(place_base + places[j], cohort.join_month, month, Stream::monthly), key);
        const double a = alive[i];
        const int t = tier[i];
        const int o = kTerms == Terms::offers ? offer[i] : 0;

        // Usage this month, in billable units: the mean use, scaled where usage answers prices
        // (a scale of exactly 1 leaves it bit for bit), times the month's factor.
        float voice_mean = voice_p[i];
        float data_mean = data_p[i];
        float sms_mean = sms_p[i];
        double off_peak = rates.off_peak_share;
        if constexpr (kUsage) {
            voice_mean *= voice_s[i];
            data_mean *= data_s[i];
            sms_mean *= sms_s[i];
            const float own = own_off_peak[i];
            off_peak = own < 0.0f ? seg_off_peak : static_cast<double>(own);
        }
        // Bills rate whole seconds and KB; traffic (network cost) counts whole minutes and MB.
        const float voice_use = voice_mean * static_cast<float>(noise[r.c1 >> kNoiseShift]);
        const float data_use = data_mean * static_cast<float>(noise[r.c2 >> kNoiseShift]);
        const double minutes = models::billable_units(voice_use);
        const double mb = models::billable_units(data_use);
        const double messages =
            models::billable_units(sms_mean * static_cast<float>(noise[r.c3 >> kNoiseShift]));

        const UsageFen use = rate_usage<kSplitVoice, kHalfUp>(
            rates, t, models::billable_sub_units(voice_use, models::kSecondsPerMinute),
            models::billable_sub_units(data_use, models::kKbPerMb), messages, off_peak);
        const double voice_fen = use.voice;
        const double intra_fen = use.intra_group;
        const double data_fen = use.data;
        const double sms_fen = use.sms;
        const double off_net_min = use.off_net_min;

        // The monthly fee, a bundle's split, contract and prepay floors.
        double fee_total = fee[t];
        double components = 0.0;
        double floor_fen = tier_floor[t];
        float hazard_factor = 1.0f;
        double forfeit_if_leaving = 0.0;
        double components_cost = 0.0;
        double gift = 0.0;
        if constexpr (kTerms == Terms::contracts) {
            const float ce = contract_end[i];
            const float mf = static_cast<float>(month);
            hazard_factor = mf <= ce                                    ? base_lock_in
                            : (ce > 0.0f && mf <= ce + base_end_months) ? base_end_mult
                                                                        : 1.0f;
        }
        if constexpr (kTerms == Terms::offers) {
            // Every term is loaded before it is selected: a load inside a condition would
            // keep GCC from vectorising the loop.
            const double ce = contract_end[i];
            const double release_month = release[o];
            const double release_all = release_total[o];
            const double months = release_months[o];
            const int offer_tier = o * tiers_per_offer + t;
            const double gift_month_cost = gift_cost[o];
            const double in_contract = m <= ce ? 1.0 : 0.0;
            const bool after_end = (ce > 0.0) & (m > ce) & (m <= ce + end_months[o]);
            const double since = m - offer_month[i];
            const double this_release = since < months - 1.0    ? release_month
                                        : since == months - 1.0 ? release_all - release_month * (months - 1.0)
                                                                : 0.0;
            const int state = in_contract > 0.0 ? kInContract : after_end ? kAfterContract : kOutOfContract;
            fee_total = fee_by_offer[offer_tier];
            components = comp_rev[o];
            floor_fen = std::max(floor_by_offer[offer_tier * 2 + (in_contract > 0.0 ? 1 : 0)], this_release);
            hazard_factor = static_cast<float>(hazard_by_state[3 * o + state]);
            forfeit_if_leaving = since < months - 1.0 ? release_all - release_month * (since + 1.0) : 0.0;
            components_cost = comp_cost[o];
            gift = since < gift_months[o] ? gift_month_cost : 0.0;
        }
        const double bill = fee_total + voice_fen + intra_fen + data_fen + sms_fen;
        const double topup = std::max(0.0, floor_fen - bill);
        if constexpr (kBehave) {
            // A bill far above the usual one (the same terms at the customer's mean usage)
            // is a shock: a hazard factor now, and a re-choice of plan next month. Flags
            // are 0.0 / 1.0 and factors blend with them, which keeps the loop vectorised.
            const double usual = usual_bill_before_floors_fen<kSplitVoice, kHalfUp>(
                rates, t, fee_total, voice_mean, data_mean, sms_mean, off_peak);
            const double shock = bill + topup > shock_ratio * std::max(usual, floor_fen) ? 1.0 : 0.0;
            const float retained = fm <= static_cast<float>(retained_until[i]) ? 1.0f : 0.0f;
            const float retention_factor =
                1.0f + retained * (static_cast<float>(retention_mult[retained_by[i]]) - 1.0f);
            hazard_factor *= static_cast<float>(level_mult[vip_level[i]]) * retention_factor *
                             static_cast<float>(1.0 + shock * (shock_mult - 1.0));
            shock_sum += a * shock;
            rechoose[i] =
                static_cast<std::uint8_t>(rechoose[i] | static_cast<int>(a * shock * shock_rechooses));
            spend_out[j] = static_cast<float>(a * (bill + topup));
        }

        // A matched price's cut on the member's bill, never below 0 (whole fen, so exact), and
        // the odds of leaving it gives (§29.1); 0 and 1 for anyone else.
        double cut = 0.0;
        float match_odds = 1.0f;
        (void)match_odds;
        if constexpr (kMembers) {
            // A member its group pays for reads its group's factor; anyone else index 0's 1.
            const int g = group_index[i];
            const int paid = (member_flags[i] & CustomerStore::kUnifiedPaymentBit) != 0 ? 1 : 0;
            hazard_factor *= unified_factor[g * paid];
            cut = std::min(group_cut[g], bill + topup);
            match_odds = group_odds[g];
            const double billed = a * (bill + topup - cut);
            cut_sum += a * cut;
            member_sum += g != 0 ? billed : 0.0;
            paid_sum += static_cast<double>(paid) * billed;
        }

        // Churn at the month's end: 24 random bits against the customer's own theta or the
        // segment's hazard by tenure, times the factors (resolution 6e-8; u < 1 caps at 1).
        float base_hazard = 0.0f;
        if constexpr (kOwnChurn) {
            base_hazard = theta[i] * theta_driver;
        } else {
            base_hazard = static_cast<float>(hazard[std::min<int>(tenure[i], kHazardMonths - 1)]);
        }
        const float u = static_cast<float>(r.c0 >> 8) * (1.0f / 16777216.0f);
        const float hm = base_hazard * hazard_factor * competitor;
        float p_leave = hm;
        if constexpr (kPriced && kMembers) p_leave = models::leave_probability(hm, odds[i] * match_odds);
        if constexpr (kPriced && !kMembers) p_leave = models::leave_probability(hm, odds[i]);
        const double leaves = a * static_cast<double>(u < p_leave);
        const double forfeit = leaves * forfeit_if_leaving;

        active += a;
        churners += leaves;
        fee_sum += a * (fee_total - components);
        voice_sum += a * voice_fen;
        data_sum += a * data_fen;
        sms_sum += a * sms_fen;
        topup_sum += a * topup;
        min_sum += a * minutes;
        mb_sum += a * mb;
        msg_sum += a * messages;
        // Lines that are zero without offers or split voice cost nothing on those paths
        // (x * 0.0 is not folded away under IEEE rules).
        if constexpr (kSplitVoice) {
            intra_sum += a * intra_fen;
            off_net_sum += a * off_net_min;
        }
        if constexpr (kTerms == Terms::offers) {
            comp_sum += a * components;
            forfeit_sum += forfeit;
            comp_cost_sum += a * components_cost;
            gift_sum += a * gift;
        }
        // The customer's revenue of the month, for the offer accounts and for a comparison
        // that follows offer takers against the baseline (engine/sim/lockstep.hpp).
        if constexpr (kTerms != Terms::offers) s_revenue[j] = a * (bill + topup);
        if constexpr (kTerms == Terms::offers) {
            // A leaver's termination fee and bad debt are added after the loop (charge_leaver).
            s_revenue[j] = a * (bill + topup - cut) + forfeit;
            s_cost[j] = a * (components_cost + gift + minutes * unit_cost_v + mb * unit_cost_d +
                             messages * unit_cost_s + off_net_min * unit_cost_x);
            s_leaves[j] = leaves;
        }
        alive[i] = static_cast<std::uint8_t>(a - leaves);
        tenure[i] = static_cast<std::uint16_t>(tenure[i] + static_cast<int>(a));
    }
    if constexpr (kTerms == Terms::offers) {
        for (std::int64_t j = 0; j < n; ++j) {
            if (s_leaves[j] == 0.0) continue;
            const std::int64_t i = base + j;
            const PhiloxCounter r = philox4x32(
                customer_counter(place_base + places[j], cohort.join_month, month, Stream::monthly), key);
            const LeaverCharge charge = charge_leaver(terms, offer[i], contract_end[i], month, r.c1);
            etf_sum += charge.termination_fee;
            bad_sum += charge.written_off;
            s_revenue[j] += charge.termination_fee;
            s_cost[j] += charge.written_off;
        }
    }
    auto& l = out.lines;
    const auto add = [&](Metric metric, double x) { l[static_cast<std::size_t>(metric)] += x; };
    add(Metric::active, active);
    add(Metric::churners, churners);
    add(Metric::revenue_fee, fee_sum);
    add(Metric::revenue_bundle_components, comp_sum);
    add(Metric::revenue_overage_voice, voice_sum);
    add(Metric::revenue_intra_group, intra_sum);
    add(Metric::revenue_overage_data, data_sum);
    add(Metric::revenue_overage_sms, sms_sum);
    add(Metric::revenue_min_spend_topup, topup_sum);
    add(Metric::revenue_termination_fee, etf_sum);
    add(Metric::revenue_prepay_forfeit, forfeit_sum);
    add(Metric::cost_bundle_components, comp_cost_sum);
    add(Metric::cost_gift, gift_sum);
    add(Metric::cost_bad_debt, bad_sum);
    add(Metric::voice_min, min_sum);
    add(Metric::off_net_min, off_net_sum);
    add(Metric::data_mb, mb_sum);
    add(Metric::sms, msg_sum);
    add(Metric::bill_shocks, shock_sum);
    if constexpr (kMembers) {
        add(Metric::revenue_price_match, -cut_sum);
        out.member_bills_fen += member_sum;
        out.unified_bills_fen += paid_sum;
    }
}

// Calls f(std::true_type) or f(std::false_type): a runtime flag as a template argument.
template <class F>
void with_flag(bool flag, F&& f) {
    if (flag)
        f(std::true_type{});
    else
        f(std::false_type{});
}

// The loop on the path `path` names at rating kRating, each flag turned into a template
// argument.
template <Terms kTerms, Rating kRating, bool kMembers = false>
void bill_at_rating(const BillPath& path, const SimulationPlan& plan, CustomerStore& store,
                    const Shard& shard, const Cohort& cohort, int month, PhiloxKey key, ShardMonth& out,
                    Scratch& scratch) {
    with_flag(path.behave, [&](auto behaves) {
        with_flag(path.own_churn, [&](auto own) {
            with_flag(path.priced, [&](auto prices) {
                with_flag(path.usage, [&](auto uses) {
                    bill_and_churn<kTerms, kRating, decltype(behaves)::value, decltype(own)::value,
                                   decltype(prices)::value, decltype(uses)::value, kMembers>(
                        plan, store, shard, cohort, month, key, out, scratch);
                });
            });
        });
    });
}

// The loop on the path `path` names, plain or full rating: a path that splits voice and
// rounds half up is rated fully here, which gives the same bills (its tiers' rules are all
// half up); only the offers' loop has that rating of its own (bill_with_offers_half_up).
template <Terms kTerms, bool kMembers = false>
void bill_on_path(const BillPath& path, const SimulationPlan& plan, CustomerStore& store, const Shard& shard,
                  const Cohort& cohort, int month, PhiloxKey key, ShardMonth& out, Scratch& scratch) {
    if (path.rating == Rating::plain)
        bill_at_rating<kTerms, Rating::plain, kMembers>(path, plan, store, shard, cohort, month, key, out,
                                                        scratch);
    else
        bill_at_rating<kTerms, Rating::full, kMembers>(path, plan, store, shard, cohort, month, key, out,
                                                       scratch);
}

}  // namespace offersim::sim::detail
