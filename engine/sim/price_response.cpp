#include "engine/sim/price_response.hpp"

#include "engine/sim/event_figures.hpp"
#include "engine/sim/marked_places.hpp"
#include "engine/sim/usage_fen_table.hpp"
#include "engine/sim/usage_rating.hpp"
#include "models/price_response.hpp"

#include <algorithm>
#include <cmath>
#include <optional>
#include <span>

namespace offersim::sim {

namespace {

// held_bill_fen from the overage of the customer's mean usage on `tier` (usage_fen_at_mean).
double held_bill_of_usage(const SimulationPlan& plan, const SegmentPlan& seg, int tier, int offer,
                          bool in_contract, double usage_fen) {
    const auto t = static_cast<std::size_t>(tier);
    const auto o = static_cast<std::size_t>(offer);
    double bill = std::max(monthly_fee_fen(seg, tier, offer) + usage_fen, plan.tiers.min_spend_fen[t]);
    if (in_contract && offer > 0) {
        const OfferPlan& held = plan.offers[o - 1];
        bill = std::max(bill, seg.offers.contract_floor_fen[o]);
        if (held.contract_months > 0) bill -= held.subsidy_fen / held.contract_months;
    }
    return bill;
}

// Whether held_bill_of_usage adds the same terms to any usage on `tier` and `offer` of `plan`
// as on `ref_tier` and `ref_offer` of `reference`, bit for bit: the fee, the minimum spend,
// and under contract the floor and the subsidy a month, each at most 1e300 in size, so that
// a finite usage's bill is finite and equal at both.
bool held_terms_alike(const SimulationPlan& plan, const SegmentPlan& seg, int tier, int offer,
                      const SimulationPlan& reference, const SegmentPlan& ref_seg, int ref_tier,
                      int ref_offer, bool in_contract) {
    const auto t = static_cast<std::size_t>(tier), r = static_cast<std::size_t>(ref_tier);
    const auto o = static_cast<std::size_t>(offer), ro = static_cast<std::size_t>(ref_offer);
    const double fee = monthly_fee_fen(seg, tier, offer);
    const double min_spend = plan.tiers.min_spend_fen[t];
    const auto bounded = [](double x) { return std::abs(x) <= 1e300; };  // false for NaN
    if (!bounded(fee) || !bounded(min_spend) ||
        !same_bits(fee, monthly_fee_fen(ref_seg, ref_tier, ref_offer)) ||
        !same_bits(min_spend, reference.tiers.min_spend_fen[r]))
        return false;
    const bool floored = in_contract && offer > 0;
    if (floored != (in_contract && ref_offer > 0)) return false;
    if (!floored) return true;
    const double floor = seg.offers.contract_floor_fen[o];
    const OfferPlan& held = plan.offers[o - 1];
    const OfferPlan& ref_held = reference.offers[ro - 1];
    if (!bounded(floor) || !same_bits(floor, ref_seg.offers.contract_floor_fen[ro]) ||
        (held.contract_months > 0) != (ref_held.contract_months > 0))
        return false;
    if (held.contract_months <= 0) return true;
    const double subsidy = held.subsidy_fen / held.contract_months;
    return bounded(subsidy) && same_bits(subsidy, ref_held.subsidy_fen / ref_held.contract_months);
}

// Where a customer's held bill is the same at the reference for any finite mean usage, bit
// for bit (the two tiers rate alike, every rate is bounded, and the bill adds the same
// terms), so that the bill changes by exactly 0 against the reference.
class HeldBillsAlike {
public:
    HeldBillsAlike(const SimulationPlan& plan, const SegmentPlan& seg, const TierRates& our_rates,
                   const SimulationPlan& reference, const SegmentPlan& ref_seg,
                   std::span<const std::uint8_t> rates_alike_by_tier)
        : ref_tiers_(reference.tiers.size()),
          offers_(std::min(seg.offers.bundle_fee_fen.size(), seg.price.reference_offer.size())),
          alike_(plan.tiers.size() * ref_tiers_ * offers_ * 2, 0) {
        for (std::size_t t = 0; t < plan.tiers.size(); ++t) {
            if (!rates_bounded(our_rates, static_cast<int>(t))) continue;
            for (std::size_t r = 0; r < ref_tiers_; ++r) {
                if (rates_alike_by_tier[t * ref_tiers_ + r] == 0) continue;
                for (std::size_t o = 0; o < offers_; ++o)
                    for (const bool in_contract : {false, true})
                        alike_[place(t, r, o, in_contract)] =
                            held_terms_alike(plan, seg, static_cast<int>(t), static_cast<int>(o), reference,
                                             ref_seg, static_cast<int>(r), seg.price.reference_offer[o],
                                             in_contract)
                                ? 1
                                : 0;
            }
        }
    }

    // For a customer on `tier` and `offer` here, `ref_tier` at the reference.
    bool holds(int tier, int ref_tier, int offer, bool in_contract) const {
        const auto o = static_cast<std::size_t>(offer);
        return o < offers_ && alike_[place(static_cast<std::size_t>(tier), static_cast<std::size_t>(ref_tier),
                                           o, in_contract)] != 0;
    }

private:
    std::size_t place(std::size_t tier, std::size_t ref_tier, std::size_t offer, bool in_contract) const {
        return ((tier * ref_tiers_ + ref_tier) * offers_ + offer) * 2 + (in_contract ? 1 : 0);
    }

    std::size_t ref_tiers_;
    std::size_t offers_;  // our offers (0: none) covered
    std::vector<std::uint8_t> alike_;
};

// By our tier and the reference's (row-major): 1 where the two rate every usage alike, so
// a customer's usual overage there is the one here.
std::vector<std::uint8_t> tiers_rating_alike(const TierRates& ours, std::size_t our_tiers, bool our_split,
                                             const TierRates& theirs, std::size_t their_tiers,
                                             bool their_split) {
    std::vector<std::uint8_t> alike(our_tiers * their_tiers, 0);
    if (our_split != their_split) return alike;
    for (std::size_t t = 0; t < our_tiers; ++t)
        for (std::size_t r = 0; r < their_tiers; ++r)
            alike[t * their_tiers + r] =
                rates_alike(ours, static_cast<int>(t), theirs, static_cast<int>(r)) ? 1 : 0;
    return alike;
}

// A stale customer whose odds need its bills rated: at its choice event, or away from one (null).
struct OddsToRate {
    std::int64_t customer = 0;
    const ChoiceEvent* event = nullptr;
};

// The rows of `customers`' mean usages in `index`, in the same order. The list lives until the
// next call on this thread.
std::span<const MeanUsageRows> usage_rows(const MeanUsageIndex& index, const CustomerStore& store,
                                          std::span<const OddsToRate> customers) {
    thread_local std::vector<MeanUsageRows> rows;
    rows.resize(customers.size());
    for (std::size_t k = 0; k < customers.size(); ++k) {
        const auto u = static_cast<std::size_t>(customers[k].customer);
        rows[k] = index.rows(store.voice_propensity[u], store.data_propensity[u], store.sms_propensity[u]);
    }
    return rows;
}

// How many customers ahead the lines of their usage bills are asked for.
constexpr std::size_t kUsageRowsAhead = 8;

}  // namespace

std::uint32_t leave_odds_key(std::uint32_t tier, std::uint32_t offer, bool in_contract, std::uint32_t state) {
    return tier | offer << 8 | static_cast<std::uint32_t>(in_contract) << 16 | 1u << 24 | state << 25;
}

// Most customers keep their key (88-94% of customer-months). A first pass marks who is stale
// with no branch and no list, so that it vectorises (the widening of the three columns into a
// key is most of its work); the marks are then listed 64 at a time (list_marked).
std::span<const std::int64_t> customers_with_stale_odds(const CustomerStore& store, const Shard& shard,
                                                        int month, std::uint32_t state,
                                                        std::span<const ChoiceEvent> events) {
    thread_local std::vector<std::uint8_t> stale_marks;
    thread_local std::vector<std::int64_t> stale;
    const std::int64_t n = shard.end - shard.begin;
    const auto rounded = static_cast<std::size_t>(marks_rounded_up(n));
    stale_marks.resize(rounded);
    stale.resize(rounded);
    // Plain pointers: the stores into the marks would otherwise reload each vector's data.
    const std::uint8_t* const alive = store.alive.data() + shard.begin;
    const std::uint8_t* const tiers = store.tier.data() + shard.begin;
    const std::uint8_t* const offers = store.offer.data() + shard.begin;
    const std::uint16_t* const contract_ends = store.contract_end.data() + shard.begin;
    const std::uint32_t* const odds_keys = store.price_odds_key.data() + shard.begin;
    std::uint8_t* const marks = stale_marks.data();
    for (std::int64_t j = 0; j < n; ++j) {
        const std::uint32_t key = leave_odds_key(tiers[j], offers[j], month <= contract_ends[j], state);
        // Bitwise, not logical: && compiles to the branches this pass is to avoid.
        marks[j] = static_cast<std::uint8_t>((alive[j] != 0) & (odds_keys[j] != key));
    }
    std::fill(marks + n, marks + rounded, std::uint8_t{0});
    for (const ChoiceEvent& e : events) {
        const std::int64_t j = e.customer - shard.begin;
        marks[j] = static_cast<std::uint8_t>(alive[j] != 0);
    }
    return {stale.data(), list_marked(marks, n, shard.begin, stale.data())};
}

double held_bill_fen(const SimulationPlan& plan, const SegmentPlan& seg, int tier, int offer,
                     bool in_contract, float voice, float data, float sms) {
    const TierRates rates = TierRates::of(plan.tiers, seg);
    return held_bill_of_usage(plan, seg, tier, offer, in_contract,
                              usage_fen_at_mean(seg.splits_voice, rates, tier, voice, data, sms));
}

double rival_bill_fen(const TierTable& table, const SegmentPlan& seg, const std::vector<RivalOption>& options,
                      float voice, float data, float sms) {
    const TierRates rates = TierRates::of(table, seg.price.rival_intra_share.data(),
                                          seg.price.rival_off_net_share.data(), seg.off_peak_share);
    double lowest = 0.0;
    for (std::size_t k = 0; k < options.size(); ++k) {
        const RivalOption& o = options[k];
        const double usual =
            usual_bill_before_floors_fen(seg.splits_voice, rates, o.tier, o.fee_fen, voice, data, sms);
        const double bill =
            std::max(usual, table.min_spend_fen[static_cast<std::size_t>(o.tier)]) - o.subsidy_per_month_fen;
        lowest = k == 0 ? bill : std::min(lowest, bill);
    }
    return lowest;
}

const TierTable& reference_rival_table(const SimulationPlan& reference, const PricePlan& price) {
    return price.reference_at_parity ? reference.tiers : reference.rival_tiers;
}

void update_leave_odds(const SimulationPlan& plan, CustomerStore& store, const Shard& shard,
                       const SegmentPlan& seg, int month, std::span<const ChoiceEvent> events) {
    const SimulationPlan& reference = *plan.reference;
    const SegmentPlan& ref_seg = reference.segments[static_cast<std::size_t>(seg.price.reference_segment)];
    const PricePlan& price = seg.price;
    const double beta_per_cny = price.beta_per_fen * 100.0;
    const std::uint32_t state =
        price.weighs_rivals() ? price.rival_state[static_cast<std::size_t>(month - 1)] : 0;
    const TierRates our_rates = TierRates::of(plan.tiers, seg);
    const TierRates ref_rates = TierRates::of(reference.tiers, ref_seg);
    const std::size_t ref_tiers = reference.tiers.size();
    const std::vector<std::uint8_t> alike = tiers_rating_alike(our_rates, plan.tiers.size(), seg.splits_voice,
                                                               ref_rates, ref_tiers, ref_seg.splits_voice);
    // Without rivals, a customer whose held bill is the reference's, away from an event, has
    // odds of exactly 1 (the gap changes by 0): its usage need not be rated.
    std::optional<HeldBillsAlike> same_bill;
    if (!price.weighs_rivals()) same_bill.emplace(plan, seg, our_rates, reference, ref_seg, alike);
    // A mean usage among the segment's atoms has its usage bills tabulated, where the tables
    // still rate as the plan does.
    const LeaveOddsUsage* const tabulated =
        usable_leave_odds_usage(price.usage_tables.get(), seg.splits_voice, our_rates, plan.tiers.size(),
                                ref_seg.splits_voice, ref_rates, ref_tiers);
    std::span<const std::int64_t> stale = customers_with_stale_odds(store, shard, month, state, events);
    // First each stale customer's key, and odds of 1 where its bill is the reference's; then the
    // others' rows, so that each one's lines can be asked for a few customers ahead.
    thread_local std::vector<OddsToRate> to_rate;
    to_rate.clear();
    std::uint32_t* const odds_keys = store.price_odds_key.data();
    auto event = events.begin();
    for (const std::int64_t i : stale) {
        const auto u = static_cast<std::size_t>(i);
        while (event != events.end() && event->customer < i) ++event;
        const bool at_event = event != events.end() && event->customer == i;
        const int offer = store.offer[u];
        const bool in_contract = month <= store.contract_end[u];
        odds_keys[u] =
            at_event ? 0 : leave_odds_key(store.tier[u], offer, in_contract, state);  // no key is 0
        const float v = store.voice_propensity[u];
        const float d = store.data_propensity[u];
        const float s = store.sms_propensity[u];
        if (!at_event && same_bill && std::isfinite(v) && std::isfinite(d) && std::isfinite(s) &&
            same_bill->holds(store.tier[u], store.reference_tier[u], offer, in_contract)) {
            store.price_odds[u] = 1.0f;
            continue;
        }
        to_rate.push_back({i, at_event ? &*event : nullptr});
    }
    const std::span<const MeanUsageRows> rows_of =
        tabulated ? usage_rows(tabulated->index, store, to_rate) : std::span<const MeanUsageRows>{};
    for (std::size_t k = 0; k < to_rate.size(); ++k) {
        if (k + kUsageRowsAhead < rows_of.size() && rows_of[k + kUsageRowsAhead].found()) {
            const auto ahead = static_cast<std::size_t>(to_rate[k + kUsageRowsAhead].customer);
            tabulated->ours.prefetch(store.tier[ahead], rows_of[k + kUsageRowsAhead]);
            tabulated->reference.prefetch(store.reference_tier[ahead], rows_of[k + kUsageRowsAhead]);
        }
        const auto u = static_cast<std::size_t>(to_rate[k].customer);
        const ChoiceEvent* const at = to_rate[k].event;
        const int offer = store.offer[u];
        const bool in_contract = month <= store.contract_end[u];
        const float v = store.voice_propensity[u];
        const float d = store.data_propensity[u];
        const float s = store.sms_propensity[u];
        // The overage at mean usage is rated once where the reference's tier rates as ours.
        const int tier = store.tier[u];
        const int ref_tier = store.reference_tier[u];
        const MeanUsageRows rows = tabulated ? rows_of[k] : MeanUsageRows{};
        const double usage = rows.found() ? tabulated->ours.usage_fen(tier, rows)
                                          : usage_fen_at_mean(seg.splits_voice, our_rates, tier, v, d, s);
        const double ref_usage =
            alike[static_cast<std::size_t>(tier) * ref_tiers + static_cast<std::size_t>(ref_tier)] != 0
                ? usage
            : rows.found() ? tabulated->reference.usage_fen(ref_tier, rows)
                           : usage_fen_at_mean(ref_seg.splits_voice, ref_rates, ref_tier, v, d, s);
        const double bill = held_bill_of_usage(plan, seg, tier, offer, in_contract, usage);
        const double ref_bill = held_bill_of_usage(reference, ref_seg, ref_tier,
                                                   price.reference_offer[static_cast<std::size_t>(offer)],
                                                   in_contract, ref_usage);
        // Our bill's change against the reference (at an event, the menu's worth), less the
        // rival's: what the customer gains by leaving moves as much as what staying costs.
        double gap_change = at ? -at->stay_gain_fen : bill - ref_bill;
        double kink_change = 0.0;
        if (price.weighs_rivals()) {
            const double rival = rival_bill_fen(plan.rival_tiers, seg, price.rival_menus[state], v, d, s);
            const double ref_rival =
                rival_bill_fen(reference_rival_table(reference, price), seg, price.reference_rivals, v, d, s);
            gap_change -= rival - ref_rival;
            kink_change = models::discount_point_log_odds(price.discount_strength, price.discount_threshold,
                                                          bill, rival) -
                          models::discount_point_log_odds(price.discount_strength, price.discount_threshold,
                                                          ref_bill, ref_rival);
        }
        // No change gives exactly 1, so prices as at the reference change nothing.
        store.price_odds[u] =
            gap_change == 0.0 && kink_change == 0.0
                ? 1.0f
                : static_cast<float>(models::leave_odds_ratio(beta_per_cny, gap_change / 100.0, kink_change));
    }
}

}  // namespace offersim::sim
