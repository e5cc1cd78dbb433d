#include "engine/sim/behaviour.hpp"

#include "engine/sim/event_figures.hpp"
#include "engine/sim/retention_ranking.hpp"
#include "engine/sim/simulation.hpp"
#include "engine/sim/usage_rating.hpp"
#include "models/plan_choice.hpp"
#include "models/rating.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>
#include <optional>
#include <span>

namespace offersim::sim {

namespace {

// The alternative a customer holds now, if it is one of its segment's.
bool is_current(const ChoiceAlternative& alt, int tier, int offer) {
    return alt.offer == 0 ? offer == 0 && alt.tier == tier : alt.offer == offer;
}

bool offer_open(const SimulationPlan& plan, int offer, int month) {
    if (offer == 0) return true;
    const OfferPlan& o = plan.offers[static_cast<std::size_t>(offer - 1)];
    return month >= o.launch_month && month <= o.end_month;
}

int level_of(const std::vector<double>& edges, double spend_fen) {
    int level = 0;
    while (level < static_cast<int>(edges.size()) && spend_fen >= edges[static_cast<std::size_t>(level)])
        ++level;
    return level;
}

}  // namespace

double usual_bill_fen(const SimulationPlan& plan, const SegmentPlan& seg, int tier, int offer, double voice,
                      double data, double sms) {
    return UsualBills(plan, seg).fen(tier, offer, static_cast<float>(voice), static_cast<float>(data),
                                     static_cast<float>(sms));
}

namespace {

// usage_fen_column at one split of voice and rounding, spelled out with rate_usage, which is
// always inlined: GCC may leave rate_usage_drawn a call, which keeps the loop scalar (as
// revenue_at_risk.cpp found).
template <bool kSplitVoice, bool kHalfUp>
void rate_usage_column(const TierRates& r, int t, std::size_t n, const float* voice, const float* data,
                       const float* sms, double* out) {
#pragma omp simd
    for (std::size_t j = 0; j < n; ++j)
        out[j] = rate_usage<kSplitVoice, kHalfUp>(
                     r, t, models::billable_sub_units(voice[j], models::kSecondsPerMinute),
                     models::billable_sub_units(data[j], models::kKbPerMb), models::billable_units(sms[j]),
                     r.off_peak_share)
                     .total();
}

}  // namespace

void usage_fen_column(bool split_voice, const TierRates& rates, int tier, std::span<const float> voice,
                      std::span<const float> data, std::span<const float> sms, std::span<double> out) {
    using Column =
        void (*)(const TierRates&, int, std::size_t, const float*, const float*, const float*, double*);
    const Column column =
        rates.all_half_up ? (split_voice ? rate_usage_column<true, true> : rate_usage_column<false, true>)
                          : (split_voice ? rate_usage_column<true, false> : rate_usage_column<false, false>);
    column(rates, tier, out.size(), voice.data(), data.data(), sms.data(), out.data());
}

void bill_cny_column(double fee, double min_spend, double floor, std::span<const double> usage,
                     std::span<double> out) {
    const double* const in = usage.data();
    double* const to = out.data();
    const std::size_t n = out.size();
    // std::max({a, b, c}) keeps the first largest: max(max(a, b), c), NaNs and zeros alike.
#pragma omp simd
    for (std::size_t j = 0; j < n; ++j) to[j] = std::max(std::max(fee + in[j], min_spend), floor) / 100.0;
}

void utility_column(const models::ChoiceCoefficients& coef, double subsidy_cny,
                    std::span<const double> bill_cny, std::span<const double> risk, std::span<double> out) {
    const double* const bill = bill_cny.data();
    const double* const p = risk.data();
    double* const to = out.data();
    const std::size_t n = out.size();
#pragma omp simd
    for (std::size_t j = 0; j < n; ++j) to[j] = models::utility({bill[j], p[j], subsidy_cny, false}, coef);
}

namespace {

// One side of a choice event: a plan and segment whose menu is rated, with the slot of the
// event's memo (EventFigures) that holds each of its tiers' usage bill and the columns of
// its tiers' allowances in the segment's risk tables (empty without usable tables).
struct MenuSide {
    const SimulationPlan& plan;
    const SegmentPlan& seg;
    TierRates rates;
    std::span<const int> usage_slot;  // by tier
    std::span<const int> voice_column = {};
    std::span<const int> data_column = {};
};

// A tier's column in the risk tables; any column where the event reads no rows.
int column_at(std::span<const int> columns, std::size_t tier) {
    return columns.empty() ? 0 : columns[tier];
}

// The utilities of the alternatives of `menu` open in `month` (docs/models.md, "Plan
// choice"), with the chooser's coefficients; `open` gets their places in the menu. Each
// bill and risk comes from `figures`, computed there once per event.
void menu_utilities(const MenuSide& side, std::span<const ChoiceAlternative> menu,
                    const models::ChoiceCoefficients& coef, const Chooser& who, int month,
                    EventFigures& figures, std::vector<double>& utilities, std::vector<int>& open) {
    utilities.clear();
    open.clear();
    const SegmentPlan& seg = side.seg;
    const TierTable& tiers = side.plan.tiers;
    for (std::size_t k = 0; k < menu.size(); ++k) {
        const ChoiceAlternative& alt = menu[k];
        if (!offer_open(side.plan, alt.offer, month)) continue;
        const auto t = static_cast<std::size_t>(alt.tier);
        const auto o = static_cast<std::size_t>(alt.offer);
        const double usage = figures.usage_fen(side.usage_slot[t], [&] {
            return usage_fen_at_mean(seg.splits_voice, side.rates, alt.tier, static_cast<float>(who.voice),
                                     static_cast<float>(who.data), static_cast<float>(who.sms));
        });
        // As usual_bill_fen: the fee or bundle fee, the usage, then the floors.
        const double bill = std::max({monthly_fee_fen(seg, alt.tier, alt.offer) + usage,
                                      tiers.min_spend_fen[t], seg.offers.contract_floor_fen[o]});
        const models::AlternativeView view{
            bill / 100.0,
            figures.risk(tiers.included_voice_min[t], tiers.included_data_mb[t],
                         column_at(side.voice_column, t), column_at(side.data_column, t)),
            alt.subsidy_cny, !who.arriving && is_current(alt, who.tier, who.offer)};
        utilities.push_back(models::utility(view, coef));
        open.push_back(static_cast<int>(k));
    }
}

// Marks (1) the shard's choosers this month and clears every re-choose flag, which lasts a
// month: alive customers arriving where arrivals choose, whose contract ended last month,
// or flagged and out of contract. Branch-free, so that it vectorises: a month's choosers
// are few, and a scan that tests each customer in turn cost more than their events.
void mark_choosers(CustomerStore& store, const Shard& shard, int month, bool arrivals_choose,
                   bool at_contract_end, std::vector<std::uint8_t>& marks) {
    const auto first = static_cast<std::size_t>(shard.begin);
    const auto n = static_cast<std::size_t>(shard.end - shard.begin);
    marks.resize(n);
    std::uint8_t* const rechoose = store.rechoose.data() + first;
    const std::uint8_t* const alive = store.alive.data() + first;
    const std::uint16_t* const contract_end = store.contract_end.data() + first;
    std::uint8_t* const out = marks.data();
    // A contract that ended last month: end + 1 == month and end > 0; no end matches 0.
    const int ended = at_contract_end ? month - 1 : 0;
    const int choose_all = arrivals_choose ? 1 : 0;
    for (std::size_t j = 0; j < n; ++j) {
        const int end = contract_end[j];
        const int flagged_out = (rechoose[j] != 0) & (month > end);
        const int ended_now = (end == ended) & (end > 0);
        out[j] = static_cast<std::uint8_t>((alive[j] != 0) & (choose_all | ended_now | flagged_out));
        rechoose[j] = 0;
    }
}

// Calls `visit` with the place of each nonzero byte of `marks`, ascending. Eight bytes at a
// time: a shard of few marks costs about an eighth of a test per place.
template <class Visit>
void for_each_marked(std::span<const std::uint8_t> marks, Visit&& visit) {
    static_assert(std::endian::native == std::endian::little, "the lowest byte of a word is its first");
    const std::size_t n = marks.size();
    std::size_t j = 0;
    for (; j + 8 <= n; j += 8) {
        std::uint64_t word;
        std::memcpy(&word, marks.data() + j, sizeof word);
        while (word != 0) {
            const int byte = std::countr_zero(word) / 8;
            visit(j + static_cast<std::size_t>(byte));
            word &= ~(std::uint64_t{0xFF} << (8 * byte));
        }
    }
    for (; j < n; ++j)
        if (marks[j] != 0) visit(j);
}

// The places of the nonzero bytes of `marks`, ascending.
void gather_marked(std::span<const std::uint8_t> marks, std::vector<std::size_t>& places) {
    places.clear();
    for_each_marked(marks, [&](std::size_t j) { places.push_back(j); });
}

// How many choosers ahead of the one whose event runs their cold loads are asked for: a
// chooser is a customer no pass has touched lately, so each column it reads is a miss.
constexpr std::size_t kChoosersAhead = 8;

// A chooser's rows of tabulated overage risks (OverageRiskTable::row), null where none.
struct ChooserRows {
    const double* voice;
    const double* data;
};

// A shard's choosers this month, in event order: their mean usage, a column per service; the
// usage part of their bill and their overage risk on each tier of our menu, a column per
// tier; their bill in CNY and their utility as if it were not the plan they hold on each
// alternative of our menu open this month, a column per place in the menu.
struct ChooserColumns {
    std::vector<float> voice;
    std::vector<float> data;
    std::vector<float> sms;
    std::vector<std::uint8_t> rated;  // by tier: whether a tier of our menu, so its columns are filled
    std::vector<double> usage;        // [tier][chooser]
    std::vector<double> risk;         // [tier][chooser]
    std::vector<int> open;            // the places of our menu open this month, ascending
    std::vector<double> bill_cny;     // [menu place][chooser], where open
    std::vector<double> utility;      // [menu place][chooser], where open

    std::size_t size() const { return voice.size(); }
    double usage_fen(std::size_t tier, std::size_t chooser) const { return usage[tier * size() + chooser]; }
};

// The mean usage of the choosers at `places` (from the shard's first customer `first`), each
// asked for a few choosers ahead: a chooser is a customer no pass has touched lately.
void gather_means(const CustomerStore& store, std::int64_t first, std::span<const std::size_t> places,
                  ChooserColumns& c) {
    const float* const voice = store.voice_propensity.data() + first;
    const float* const data = store.data_propensity.data() + first;
    const float* const sms = store.sms_propensity.data() + first;
    const std::size_t n = places.size();
    c.voice.resize(n);
    c.data.resize(n);
    c.sms.resize(n);
    for (std::size_t k = 0; k < n; ++k) {
        if (k + kChoosersAhead < n) {
            const std::size_t ahead = places[k + kChoosersAhead];
            __builtin_prefetch(voice + ahead);
            __builtin_prefetch(data + ahead);
            __builtin_prefetch(sms + ahead);
        }
        c.voice[k] = voice[places[k]];
        c.data[k] = data[places[k]];
        c.sms[k] = sms[places[k]];
    }
}

// The usage part of every chooser's bill on every tier of `menu` (usage_fen_at_mean, as each
// event rated it), a vectorised pass a tier.
void rate_menu_tiers(bool split_voice, const TierRates& rates, std::span<const ChoiceAlternative> menu,
                     std::size_t tiers, ChooserColumns& c) {
    const std::size_t n = c.size();
    c.rated.assign(tiers, 0);
    for (const ChoiceAlternative& alt : menu) c.rated[static_cast<std::size_t>(alt.tier)] = 1;
    c.usage.resize(tiers * n);
    for (std::size_t t = 0; t < tiers; ++t)
        if (c.rated[t] != 0)
            usage_fen_column(split_voice, rates, static_cast<int>(t), c.voice, c.data, c.sms,
                             std::span<double>(c.usage).subspan(t * n, n));
}

// Every chooser's bill in CNY on each alternative of `side`'s menu open in `month`, from the
// usage columns (rate_menu_tiers): a vectorised pass an alternative. `c.open` gets their places.
void bill_menu(const MenuSide& side, std::span<const ChoiceAlternative> menu, int month, ChooserColumns& c) {
    const std::size_t n = c.size();
    c.open.clear();
    c.bill_cny.resize(menu.size() * n);
    for (std::size_t k = 0; k < menu.size(); ++k) {
        const ChoiceAlternative& alt = menu[k];
        if (!offer_open(side.plan, alt.offer, month)) continue;
        c.open.push_back(static_cast<int>(k));
        const auto t = static_cast<std::size_t>(alt.tier);
        bill_cny_column(monthly_fee_fen(side.seg, alt.tier, alt.offer), side.plan.tiers.min_spend_fen[t],
                        side.seg.offers.contract_floor_fen[static_cast<std::size_t>(alt.offer)],
                        std::span<const double>(c.usage).subspan(t * n, n),
                        std::span<double>(c.bill_cny).subspan(k * n, n));
    }
}

// Asks for the cache lines of `row` (`columns` doubles).
void prefetch_row(const double* row, std::size_t columns) {
    if (!row) return;
    __builtin_prefetch(row);
    __builtin_prefetch(row + columns - 1);
}

// The rows of the choosers whose means are in `c`, found before their events: the lookups of
// different choosers overlap, where each inside its event waited on its own misses. Each
// chooser's rows are asked for as soon as found.
void find_risk_rows(const ChoiceRiskTables& tables, const ChooserColumns& c, std::vector<ChooserRows>& rows) {
    rows.resize(c.size());
    for (std::size_t k = 0; k < c.size(); ++k) {
        rows[k] = {tables.voice.row(c.voice[k]), tables.data.row(c.data[k])};
        prefetch_row(rows[k].voice, tables.voice.columns());
        prefetch_row(rows[k].data, tables.data.columns());
    }
}

// Every chooser's overage risk on each tier of our menu (rate_menu_tiers' `rated`), as
// EventFigures::risk gives it: P(usage exceeds either allowance), each read from the chooser's
// `rows` at the tier's columns of `side`, or computed where it has no row (or no rows are
// given: the tables do not hold the plan).
void risk_menu_tiers(const MenuSide& side, std::span<const ChooserRows> rows, double sigma,
                     ChooserColumns& c) {
    const std::size_t n = c.size();
    const TierTable& tiers = side.plan.tiers;
    c.risk.resize(c.rated.size() * n);
    for (std::size_t t = 0; t < c.rated.size(); ++t) {
        if (c.rated[t] == 0) continue;
        const int voice_column = column_at(side.voice_column, t);
        const int data_column = column_at(side.data_column, t);
        double* const out = c.risk.data() + t * n;
        for (std::size_t j = 0; j < n; ++j) {
            const ChooserRows r = rows.empty() ? ChooserRows{nullptr, nullptr} : rows[j];
            const double pv =
                r.voice ? r.voice[voice_column]
                        : models::exceed_probability(c.voice[j], tiers.included_voice_min[t], sigma);
            const double pd = r.data
                                  ? r.data[data_column]
                                  : models::exceed_probability(c.data[j], tiers.included_data_mb[t], sigma);
            out[j] = 1.0 - (1.0 - pv) * (1.0 - pd);
        }
    }
}

// Every chooser's utility on each open alternative of `menu` as if it were not the plan the
// chooser holds (utility_column), from the bill and risk columns.
void utility_menu(std::span<const ChoiceAlternative> menu, const models::ChoiceCoefficients& coef,
                  ChooserColumns& c) {
    const std::size_t n = c.size();
    c.utility.resize(menu.size() * n);
    for (const int place : c.open) {
        const auto k = static_cast<std::size_t>(place);
        const auto t = static_cast<std::size_t>(menu[k].tier);
        utility_column(coef, menu[k].subsidy_cny, std::span<const double>(c.bill_cny).subspan(k * n, n),
                       std::span<const double>(c.risk).subspan(t * n, n),
                       std::span<double>(c.utility).subspan(k * n, n));
    }
}

// Chooser `j`'s utilities on our menu's open alternatives (menu_utilities' for `who`), from the
// columns: the plan it holds, if open, has its utility computed with the inertia and no
// switching cost.
void chooser_utilities(std::span<const ChoiceAlternative> menu, const models::ChoiceCoefficients& coef,
                       const ChooserColumns& c, std::size_t j, const Chooser& who,
                       std::vector<double>& utilities) {
    const std::size_t n = c.size();
    utilities.clear();
    for (const int place : c.open) {
        const auto k = static_cast<std::size_t>(place);
        const ChoiceAlternative& alt = menu[k];
        if (!who.arriving && is_current(alt, who.tier, who.offer))
            utilities.push_back(
                models::utility({c.bill_cny[k * n + j], c.risk[static_cast<std::size_t>(alt.tier) * n + j],
                                 alt.subsidy_cny, true},
                                coef));
        else
            utilities.push_back(c.utility[k * n + j]);
    }
}

// Asks for the columns a choice event reads of customer `i` besides its means (not yet the
// ones a change of plan writes: most events keep the plan).
void prefetch_chooser(const CustomerStore& store, std::int64_t i, bool weighs_reference) {
    const auto u = static_cast<std::size_t>(i);
    __builtin_prefetch(store.tier.data() + u);
    __builtin_prefetch(store.offer.data() + u);
    if (weighs_reference) __builtin_prefetch(store.reference_tier.data() + u);
}

// Whether customer `u`, on `tier` and `offer`, holds the same tier and offer at the reference.
bool held_alike_at_reference(const SegmentPlan& seg, const CustomerStore& store, std::size_t u, int tier,
                             int offer) {
    return store.reference_tier[u] == tier &&
           seg.price.reference_offer[static_cast<std::size_t>(offer)] == offer;
}

models::ChoiceCoefficients coefficients_of(const ChoicePlan& c) {
    return {c.price_per_cny, c.overage_risk, c.subsidy_per_cny, c.switching_cost_cny, c.inertia};
}

// Slots 0, 1, 2, ...: each tier its own.
std::span<const int> own_slots(std::size_t tiers) {
    thread_local std::vector<int> slots;
    for (auto k = static_cast<int>(slots.size()); k < static_cast<int>(tiers); ++k) slots.push_back(k);
    return std::span<const int>(slots).first(tiers);
}

// The reference's side of a segment's choice events: each reference tier that rates
// usage as one of our tiers does shares that tier's slot, the others get slots of their own
// after ours.
std::vector<int> reference_slots(const SimulationPlan& plan, const SegmentPlan& seg,
                                 const SimulationPlan& reference, const SegmentPlan& ref_seg) {
    const TierRates ours = TierRates::of(plan.tiers, seg);
    const TierRates theirs = TierRates::of(reference.tiers, ref_seg);
    const int our_tiers = static_cast<int>(plan.tiers.size());
    std::vector<int> slots;
    for (int r = 0; r < static_cast<int>(reference.tiers.size()); ++r) {
        int slot = our_tiers + r;
        for (int t = 0; t < our_tiers; ++t)
            if (seg.splits_voice == ref_seg.splits_voice && rates_alike(ours, t, theirs, r)) {
                slot = t;
                break;
            }
        slots.push_back(slot);
    }
    return slots;
}

// Whether alternative `a` of `ours` and `b` of `theirs` give every chooser who holds the same
// tier and offer at both the same utility in `month`, bit for bit: `b` sits where `a` does,
// opens alike, and its bill and risk take the same inputs (`theirs`' usage slot of the tier
// is ours: the tier rates as ours, so the one bill serves both).
bool rates_as_ours(const MenuSide& ours, const ChoiceAlternative& a, const MenuSide& theirs,
                   const ChoiceAlternative& b, int month) {
    if (a.tier != b.tier || a.offer != b.offer || !same_bits(a.subsidy_cny, b.subsidy_cny)) return false;
    const bool open = offer_open(ours.plan, a.offer, month);
    if (open != offer_open(theirs.plan, b.offer, month)) return false;
    if (!open) return true;
    const auto t = static_cast<std::size_t>(a.tier);
    const auto o = static_cast<std::size_t>(a.offer);
    const SegmentPlan& s = ours.seg;
    const SegmentPlan& r = theirs.seg;
    const TierTable& st = ours.plan.tiers;
    const TierTable& rt = theirs.plan.tiers;
    return ours.usage_slot[t] == theirs.usage_slot[t] &&
           same_bits(s.offers.bundle_fee_fen[o], r.offers.bundle_fee_fen[o]) &&
           same_bits(s.fee_fen[t], r.fee_fen[t]) && same_bits(st.min_spend_fen[t], rt.min_spend_fen[t]) &&
           same_bits(s.offers.contract_floor_fen[o], r.offers.contract_floor_fen[o]) &&
           same_bits(st.included_voice_min[t], rt.included_voice_min[t]) &&
           same_bits(st.included_data_mb[t], rt.included_data_mb[t]) &&
           column_at(ours.voice_column, t) == column_at(theirs.voice_column, t) &&
           column_at(ours.data_column, t) == column_at(theirs.data_column, t);
}

// reference_menu_rates_as_ours over the two sides of a segment's events.
bool menus_rate_alike(const MenuSide& ours, std::span<const ChoiceAlternative> our_menu,
                      const MenuSide& theirs, std::span<const ChoiceAlternative> their_menu, int month) {
    if (our_menu.size() != their_menu.size()) return false;
    for (std::size_t k = 0; k < our_menu.size(); ++k)
        if (!rates_as_ours(ours, our_menu[k], theirs, their_menu[k], month)) return false;
    return true;
}

// The gain of staying (stay_gain_fen) from the two menus' worths.
double stay_gain_of_worths(const SegmentPlan& seg, double our_worth, double reference_worth) {
    if (!std::isfinite(reference_worth)) return 0.0;  // nothing open there: no reference to move from
    return (our_worth - reference_worth) / seg.choice.price_per_cny * 100.0;
}

// How much more staying with us is worth at a choice event than at the reference prices, in
// fen a month: the log-sum of our menu's utilities (`our_worth`) less that of the
// reference's menu for the same customer, over the price coefficient. Where the reference's
// utilities are ours, bit for bit, so is its log-sum.
double stay_gain_fen(const MenuSide& reference, const SegmentPlan& seg, const CustomerStore& store,
                     std::size_t u, const Chooser& who, int month, EventFigures& figures,
                     std::span<const double> our_utilities, double our_worth) {
    thread_local std::vector<double> utilities;
    thread_local std::vector<int> open;
    Chooser at_reference = who;
    at_reference.tier = store.reference_tier[u];
    at_reference.offer = seg.price.reference_offer[static_cast<std::size_t>(who.offer)];
    menu_utilities(reference, seg.price.reference_menu, coefficients_of(seg.choice), at_reference, month,
                   figures, utilities, open);
    const double reference_worth =
        same_bits(utilities, our_utilities) ? our_worth : models::log_sum(utilities);
    return stay_gain_of_worths(seg, our_worth, reference_worth);
}

}  // namespace

double menu_log_sum(const SimulationPlan& plan, const SegmentPlan& seg,
                    std::span<const ChoiceAlternative> menu, const ChoicePlan& choice, const Chooser& who,
                    int month) {
    thread_local std::vector<double> utilities;
    thread_local std::vector<int> open;
    thread_local EventFigures figures;
    figures.start(who.voice, who.data, choice.usage_sigma, plan.tiers.size());
    const MenuSide side{plan, seg, TierRates::of(plan.tiers, seg), own_slots(plan.tiers.size())};
    menu_utilities(side, menu, coefficients_of(choice), who, month, figures, utilities, open);
    return models::log_sum(utilities);
}

bool reference_menu_rates_as_ours(const SimulationPlan& plan, const SegmentPlan& seg,
                                  const SimulationPlan& reference, const SegmentPlan& ref_seg, int month) {
    const std::vector<int> ref_slots = reference_slots(plan, seg, reference, ref_seg);
    const MenuSide ours{plan, seg, TierRates::of(plan.tiers, seg), own_slots(plan.tiers.size())};
    const MenuSide theirs{reference, ref_seg, TierRates::of(reference.tiers, ref_seg), ref_slots};
    return menus_rate_alike(ours, seg.choice.alternatives, theirs, seg.price.reference_menu, month);
}

void choose_plans(const SimulationPlan& plan, CustomerStore& store, const Shard& shard, const Cohort& cohort,
                  int month, PhiloxKey key, ShardMonth& out, std::vector<ChoiceEvent>& events) {
    const SegmentPlan& seg = plan.segments[static_cast<std::size_t>(cohort.segment)];
    const ChoicePlan& c = seg.choice;
    if (!c.enabled) return;
    const models::ChoiceCoefficients coef = coefficients_of(c);
    const bool arriving = cohort.join_month == month;
    thread_local std::vector<double> utilities;
    thread_local std::vector<double> probabilities;
    thread_local EventFigures figures;
    const std::size_t tiers = plan.tiers.size();
    // The reference's side, set up once a call: which of its tiers rate as ours do.
    const SimulationPlan* const reference = seg.weighs_reference_menu() ? plan.reference.get() : nullptr;
    const SegmentPlan* const ref_seg =
        reference ? &reference->segments[static_cast<std::size_t>(seg.price.reference_segment)] : nullptr;
    const std::vector<int> ref_slots =
        reference ? reference_slots(plan, seg, *reference, *ref_seg) : std::vector<int>{};
    const std::size_t slots = tiers + (reference ? reference->tiers.size() : 0);
    const ChoiceRiskTables* const risk_tables = usable_risk_tables(
        c.risk_tables.get(), c.usage_sigma, plan.tiers, reference ? &reference->tiers : nullptr);
    static const ChoiceRiskTables kNoTables;  // no columns: every risk computed directly
    const ChoiceRiskTables& columns = risk_tables ? *risk_tables : kNoTables;
    const MenuSide ours{plan,
                        seg,
                        TierRates::of(plan.tiers, seg),
                        own_slots(tiers),
                        columns.voice_column,
                        columns.data_column};
    std::optional<MenuSide> theirs;
    if (reference)
        theirs.emplace(MenuSide{*reference, *ref_seg, TierRates::of(reference->tiers, *ref_seg), ref_slots,
                                columns.reference_voice_column, columns.reference_data_column});
    const bool reference_menu_alike =
        theirs && menus_rate_alike(ours, c.alternatives, *theirs, seg.price.reference_menu, month);
    const CohortDrawKeys keyed = store.draw_keys(seg, cohort);
    thread_local std::vector<std::uint8_t> chooses;
    thread_local std::vector<std::size_t> places;
    thread_local std::vector<ChooserRows> rows;
    thread_local ChooserColumns choosers;
    mark_choosers(store, shard, month, arriving && c.on_arrival, c.at_contract_end, chooses);
    gather_marked(chooses, places);
    gather_means(store, shard.begin, places, choosers);
    if (risk_tables) find_risk_rows(*risk_tables, choosers, rows);
    rate_menu_tiers(seg.splits_voice, ours.rates, c.alternatives, tiers, choosers);
    bill_menu(ours, c.alternatives, month, choosers);
    if (choosers.open.empty()) return;  // nothing to choose this month
    risk_menu_tiers(ours, risk_tables ? std::span<const ChooserRows>(rows) : std::span<const ChooserRows>(),
                    c.usage_sigma, choosers);
    utility_menu(c.alternatives, coef, choosers);
    for (std::size_t k = 0; k < places.size(); ++k) {
        if (k + kChoosersAhead < places.size())
            prefetch_chooser(store, shard.begin + static_cast<std::int64_t>(places[k + kChoosersAhead]),
                             reference != nullptr);
        const std::int64_t i = shard.begin + static_cast<std::int64_t>(places[k]);
        const auto u = static_cast<std::size_t>(i);
        const int tier = store.tier[u];
        const int offer = store.offer[u];
        const Chooser who{tier, offer, arriving, choosers.voice[k], choosers.data[k], choosers.sms[k]};
        chooser_utilities(c.alternatives, coef, choosers, k, who, utilities);
        // A customer who holds the same tier and offer at the reference's menu rated as ours
        // finds the same utilities there: the same worth, not rated again. Where it is rated,
        // its tiers that rate as ours read our usage bills.
        const bool rates_reference =
            theirs && !(reference_menu_alike && held_alike_at_reference(seg, store, u, tier, offer));
        if (rates_reference) {
            figures.start(who.voice, who.data, c.usage_sigma, slots);
            if (risk_tables) figures.use_rows(rows[k].voice, rows[k].data);
            for (std::size_t t = 0; t < tiers; ++t)
                if (choosers.rated[t] != 0) figures.know_usage(ours.usage_slot[t], choosers.usage_fen(t, k));
        }
        probabilities.resize(utilities.size());
        const double our_worth = models::choice_probabilities(utilities, probabilities);
        if (theirs)
            events.push_back({i, rates_reference ? stay_gain_fen(*theirs, seg, store, u, who, month, figures,
                                                                 utilities, our_worth)
                                                 : stay_gain_of_worths(seg, our_worth, our_worth)});
        const PhiloxCounter r = philox4x32(customer_counter(draw_place(keyed, i - cohort.begin),
                                                            cohort.join_month, month, Stream::plan_choice),
                                           key);
        const ChoiceAlternative& chosen =
            c.alternatives[static_cast<std::size_t>(choosers.open[static_cast<std::size_t>(
                models::pick_alternative(probabilities, to_unit_open(r.c0)))])];
        if (!arriving && is_current(chosen, tier, offer)) continue;
        if (chosen.offer > 0) {
            take_offer(plan, seg, store, u, chosen.offer - 1, month, arriving, out);
        } else {
            store.move_to_tier(seg, u, chosen.tier);
            store.offer[u] = 0;
        }
        if (arriving) continue;
        out.lines[static_cast<std::size_t>(Metric::plan_changes)] += 1.0;
        out.migrations[static_cast<std::size_t>(tier) * tiers + store.tier[u]] += 1.0;
    }
}

namespace {

// What a month's VIP grading of a shard counted: whole customers, so their sum in any order
// is the one the per-customer loop added as doubles.
struct VipCounts {
    std::int64_t upgrades = 0;
    std::int64_t downgrades = 0;
    std::int64_t warned = 0;
};

// The average of each customer's last bills, rounded to the fen: the window's slots added in
// slot order, as the per-customer loop added them. Columns, so that each pass vectorises.
void window_averages(const BehaviourPlan& b, const CustomerStore& store, const Shard& shard, int observed,
                     std::vector<double>& averages) {
    const auto count = static_cast<std::size_t>(shard.end - shard.begin);
    averages.assign(count, 0.0);
    double* const total = averages.data();
    for (int slot = 0; slot < b.window_months; ++slot) {
        const float* const spend = store.vip_window(shard, slot);  // graded: grade_vip's caller
        for (std::size_t j = 0; j < count; ++j) total[j] += spend[j];
    }
    for (std::size_t j = 0; j < count; ++j) total[j] = std::floor(total[j] / observed + 0.5);
}

// level_of each average, edge by edge: a level steps up past edge k only from k, as the
// search stops at the first edge not reached.
void levels_of(const std::vector<double>& edges, const std::vector<double>& averages,
               std::vector<std::uint8_t>& levels) {
    // Bounds and edges read before the loops: a byte's store may alias any vector's size.
    const std::size_t count = averages.size();
    levels.assign(count, 0);
    std::uint8_t* const level = levels.data();
    const double* const average = averages.data();
    for (std::size_t k = 0; k < edges.size(); ++k) {
        const double edge = edges[k];
        const auto at = static_cast<std::uint8_t>(k);
        for (std::size_t j = 0; j < count; ++j)
            level[j] = static_cast<std::uint8_t>(level[j] + ((level[j] == at) & (average[j] >= edge)));
    }
}

// Every alive customer of the shard graded from the average of its last bills; a downgrade
// raises a warning.
VipCounts regrade_vip(const BehaviourPlan& b, const std::vector<double>& edges, CustomerStore& store,
                      const Shard& shard, const Cohort& cohort, int month) {
    thread_local std::vector<double> averages;
    thread_local std::vector<std::uint8_t> levels;
    const int first_month = std::max(cohort.join_month, 1);
    const int observed = std::min(b.window_months, month - first_month + 1);
    window_averages(b, store, shard, observed, averages);
    levels_of(edges, averages, levels);
    const auto first = static_cast<std::size_t>(shard.begin);
    const std::uint8_t* const alive = store.alive.data() + first;
    std::uint8_t* const vip_level = store.vip_level.data() + first;
    std::uint16_t* const warning_until = store.warning_until.data() + first;
    const std::uint8_t* const level = levels.data();
    const auto warning = static_cast<std::uint16_t>(month + b.warning_months);
    VipCounts counts;
    std::int64_t upgrades = 0, downgrades = 0;
    const std::size_t count = levels.size();  // read once: a byte's store may alias it
    for (std::size_t j = 0; j < count; ++j) {
        const bool a = alive[j] != 0;
        const std::uint8_t before = vip_level[j];
        const bool down = a & (level[j] < before);
        upgrades += a & (level[j] > before);
        downgrades += down;
        warning_until[j] = down ? warning : warning_until[j];
        vip_level[j] = a ? level[j] : before;
    }
    counts.upgrades = upgrades;
    counts.downgrades = downgrades;
    return counts;
}

// Before any bill of its own, a customer is graded on its usual bill.
void grade_arrivals(const SimulationPlan& plan, const SegmentPlan& seg, CustomerStore& store,
                    const Shard& shard) {
    const UsualBills usual_bills(plan, seg);
    for (std::int64_t i = shard.begin; i < shard.end; ++i) {
        const auto u = static_cast<std::size_t>(i);
        if (!store.alive[u]) continue;
        store.vip_level[u] = static_cast<std::uint8_t>(level_of(
            seg.vip_edges_fen, usual_bills.fen(store.tier[u], store.offer[u], store.voice_propensity[u],
                                               store.data_propensity[u], store.sms_propensity[u])));
    }
}

// The shard's alive customers under a downgrade warning in `month`.
std::int64_t count_warned(const CustomerStore& store, const Shard& shard, int month) {
    const auto first = static_cast<std::size_t>(shard.begin);
    const std::uint8_t* const alive = store.alive.data() + first;
    const std::uint16_t* const warning_until = store.warning_until.data() + first;
    const auto count = static_cast<std::size_t>(shard.end - shard.begin);
    std::int64_t warned = 0;
    for (std::size_t j = 0; j < count; ++j) warned += (alive[j] != 0) & (warning_until[j] >= month);
    return warned;
}

}  // namespace

void grade_vip(const SimulationPlan& plan, CustomerStore& store, const Shard& shard, const Cohort& cohort,
               int month, ShardMonth& out) {
    const BehaviourPlan& b = plan.behaviour;
    const SegmentPlan& seg = plan.segments[static_cast<std::size_t>(cohort.segment)];
    if (!CustomerStore::holds_vip_window(plan, seg)) return;
    const bool arrived = cohort.join_month == month || (cohort.join_month == 0 && month == 1);
    const bool regrade = month % b.regrade_every_months == 0;
    VipCounts counts;
    if (regrade)
        counts = regrade_vip(b, seg.vip_edges_fen, store, shard, cohort, month);
    else if (arrived)
        grade_arrivals(plan, seg, store, shard);
    counts.warned = count_warned(store, shard, month);
    out.lines[static_cast<std::size_t>(Metric::vip_upgrades)] += static_cast<double>(counts.upgrades);
    out.lines[static_cast<std::size_t>(Metric::vip_downgrades)] += static_cast<double>(counts.downgrades);
    out.lines[static_cast<std::size_t>(Metric::vip_warned)] += static_cast<double>(counts.warned);
}

std::vector<RetentionTally> run_retention_campaigns(const SimulationPlan& plan, CustomerStore& store,
                                                    int month, PhiloxKey replication_key, ThreadPool* pool,
                                                    const std::atomic<bool>* cancel,
                                                    const ShardShare* share) {
    std::vector<RetentionTally> tallies(plan.segments.size());
    const BehaviourPlan& b = plan.behaviour;
    if (month == 1) return tallies;  // the base is created in month 1: nobody has a bill to score yet
    for (std::size_t k = 0; k < b.campaigns.size(); ++k) {
        const CampaignPlan& campaign = b.campaigns[k];
        if (month < campaign.start_month || month > campaign.end_month || campaign.contacts_per_month == 0)
            continue;
        // Ranked on the store as the campaigns before this one left it: their contacts are
        // under an offer and no longer candidates.
        const ShardRange mine = share ? share->mine : ShardRange{0, store.shards().size()};
        const auto rank_here = [&] {
            return rank_campaign_candidates(plan, store, campaign, month, pool, cancel, mine);
        };
        const auto capacity = static_cast<std::size_t>(campaign.contacts_per_month);
        const std::vector<RetentionCandidate> contacts =
            share ? rank_across(*share, rank_here, capacity) : rank_here();
        const CustomerSpan held = customers_of(store.shards(), mine);
        const auto& cohorts = store.cohorts();
        const PhiloxKey campaign_key{replication_key.k0 ^ campaign.stream_key,
                                     replication_key.k1 + 0x9E3779B9u};
        for (const RetentionCandidate& cand : contacts) {
            const Cohort& cohort = cohorts[static_cast<std::size_t>(cand.cohort)];
            const auto u = static_cast<std::size_t>(cand.customer);
            const PhiloxCounter r = philox4x32(
                customer_counter(
                    draw_place(
                        store.draw_keys(plan.segments[static_cast<std::size_t>(cohort.segment)], cohort),
                        cand.customer - cohort.begin),
                    cohort.join_month, month, Stream::retention),
                segment_key(campaign_key,
                            plan.segments[static_cast<std::size_t>(cohort.segment)].stream_key));
            const bool accepts = to_unit_open(r.c0) < campaign.acceptance_probability;
            // Contacted customers are not contacted again while the offer would last. Another
            // rank's customer is that rank's to mark (its draw and tally are the same there).
            if (cand.customer >= held.first && cand.customer < held.last) {
                store.retained_until[u] = static_cast<std::uint16_t>(month + campaign.effect_months - 1);
                store.retained_by[u] = accepts ? static_cast<std::uint8_t>(k + 1) : 0;
                if (campaign.rechoose_plan) store.rechoose[u] = 1;
            }
            RetentionTally& t = tallies[static_cast<std::size_t>(cohort.segment)];
            t.contacts += 1.0;
            t.accepts += accepts ? 1.0 : 0.0;
            t.cost_fen += campaign.cost_per_contact_fen + (accepts ? campaign.offer_cost_fen : 0.0);
        }
    }
    return tallies;
}

}  // namespace offersim::sim
