#include "engine/sim/plan.hpp"

#include "engine/sim/group_members.hpp"
#include "engine/sim/win_back.hpp"

#include "engine/core/philox.hpp"
#include "engine/sim/behaviour.hpp"
#include "engine/sim/plan_tables.hpp"
#include "engine/sim/price_response.hpp"
#include "engine/sim/simulation.hpp"
#include "engine/sim/usage_fen_table.hpp"
#include "engine/sim/usage_rating.hpp"
#include "models/price_response.hpp"

#include <algorithm>
#include <cmath>

namespace offersim::sim {

namespace {

template <typename Items>
int index_of(const Items& items, const std::string& id) {
    const auto it = std::find_if(items.begin(), items.end(), [&](const auto& x) { return x.id == id; });
    return it == items.end() ? -1 : static_cast<int>(it - items.begin());
}

int index_of_id(const std::vector<std::string>& ids, const std::string& id) {
    const auto it = std::find(ids.begin(), ids.end(), id);
    return it == ids.end() ? -1 : static_cast<int>(it - ids.begin());
}

std::vector<double> cumulative_mix(const std::vector<scenario::TierShare>& mix, const TierTable& tiers) {
    std::vector<double> cumulative(tiers.size(), 0.0);
    for (const auto& share : mix) {
        const auto tier = std::find(tiers.ids.begin(), tiers.ids.end(), share.tier) - tiers.ids.begin();
        const auto rank = std::find(tiers.by_fee.begin(), tiers.by_fee.end(), tier) - tiers.by_fee.begin();
        cumulative[static_cast<std::size_t>(rank)] += share.share;
    }
    double running = 0.0;
    for (double& c : cumulative) c = running += c;
    if (!cumulative.empty()) cumulative.back() = 1.0;  // shares sum to 1 within 1e-6
    return cumulative;
}

// A rate less a discount, rounded half up to the centi-fen.
double discounted(Rate rate, double discount) {
    return std::floor(static_cast<double>(rate.centifen) * (1.0 - discount) + 0.5);
}

TierTable compile_tiers(const std::vector<scenario::Tier>& tiers) {
    TierTable t;
    const auto allowance = [](bool unlimited, std::int64_t units) {
        return unlimited ? kUnlimited : static_cast<double>(units);
    };
    for (const auto& tier : tiers) {
        t.ids.push_back(tier.id);
        t.names.push_back(tier.name);
        t.list_fee_fen.push_back(static_cast<double>(tier.monthly_fee.fen));
        t.included_voice_min.push_back(allowance(tier.unlimited_voice, tier.included_voice_min));
        t.included_data_mb.push_back(allowance(tier.unlimited_data, tier.included_data_mb));
        t.included_sms.push_back(allowance(tier.unlimited_sms, tier.included_sms));
        t.voice_on_net_centifen.push_back(static_cast<double>(tier.voice_per_min.centifen));
        t.voice_off_net_centifen.push_back(static_cast<double>(tier.voice_off_net_per_min.centifen));
        t.voice_on_net_off_peak_centifen.push_back(discounted(tier.voice_per_min, tier.off_peak_discount));
        t.voice_off_net_off_peak_centifen.push_back(
            discounted(tier.voice_off_net_per_min, tier.off_peak_discount));
        t.intra_group_centifen.push_back(static_cast<double>(tier.intra_group_per_min.centifen));
        t.has_intra_group_rate.push_back(tier.has_intra_group_rate ? 1 : 0);
        t.data_centifen.push_back(static_cast<double>(tier.data_per_mb.centifen));
        t.sms_centifen.push_back(static_cast<double>(tier.sms_each.centifen));
        t.min_spend_fen.push_back(static_cast<double>(tier.min_monthly_spend.fen));
        t.included_voice_sec.push_back(t.included_voice_min.back() * models::kSecondsPerMinute);
        t.included_data_kb.push_back(t.included_data_mb.back() * models::kKbPerMb);
        t.add_rounding(tier.voice_rounding, tier.data_rounding, tier.sms_rounding);
    }
    t.by_fee.resize(tiers.size());
    for (std::size_t i = 0; i < tiers.size(); ++i) t.by_fee[i] = static_cast<int>(i);
    std::stable_sort(t.by_fee.begin(), t.by_fee.end(), [&](int a, int b) {
        return t.list_fee_fen[static_cast<std::size_t>(a)] < t.list_fee_fen[static_cast<std::size_t>(b)];
    });
    return t;
}

// Bundle fee and its split: the discount is allocated to the tier and the components in
// proportion to their list prices (relative stand-alone selling prices), and the
// components' share is rounded half up so the two parts add up to the fee exactly.
void add_offer_terms(OfferTerms& terms, const scenario::Offer& o, const TierTable& tiers) {
    double bundle_fee = -1.0;
    double components_revenue = 0.0;
    double components_cost = 0.0;
    double components_list = 0.0;
    for (const auto& c : o.components) {
        components_list += static_cast<double>(c.list_price_monthly.fen);
        components_cost += static_cast<double>(c.cost_monthly.fen);
    }
    if (o.pricing != scenario::BundlePricing::none) {
        const auto t = static_cast<std::size_t>(std::find(tiers.ids.begin(), tiers.ids.end(), o.tier) -
                                                tiers.ids.begin());
        const double list_total = tiers.list_fee_fen[t] + components_list;
        switch (o.pricing) {
            case scenario::BundlePricing::price:
                bundle_fee = static_cast<double>(o.bundle_price.fen);
                break;
            case scenario::BundlePricing::discount_cny:
                bundle_fee = std::max(0.0, list_total - static_cast<double>(o.discount.fen));
                break;
            case scenario::BundlePricing::discount_percent:
                bundle_fee = std::floor(list_total * (1.0 - o.discount_percent / 100.0) + 0.5);
                break;
            case scenario::BundlePricing::none:
                break;
        }
        components_revenue =
            list_total > 0 ? std::floor(bundle_fee * components_list / list_total + 0.5) : 0.0;
    }
    const auto& d = o.device;
    terms.bundle_fee_fen.push_back(bundle_fee);
    terms.components_revenue_fen.push_back(components_revenue);
    terms.components_cost_fen.push_back(components_cost);
    terms.contract_floor_fen.push_back(o.has_device ? static_cast<double>(d.min_monthly_spend.fen) : 0.0);
    const int release_months = o.has_prepay ? o.prepay.release_months : 0;
    // The release is rounded down to the fen each month and the last month releases the rest.
    terms.release_fen.push_back(
        o.has_prepay ? std::floor(static_cast<double>(o.prepay.amount.fen) / release_months) : 0.0);
    terms.release_total_fen.push_back(o.has_prepay ? static_cast<double>(o.prepay.amount.fen) : 0.0);
    terms.release_months.push_back(release_months);
    terms.gift_monthly_cost_fen.push_back(o.has_gift ? static_cast<double>(o.gift.monthly_cost.fen) : 0.0);
    terms.gift_months.push_back(o.has_gift ? o.gift.months : 0);
    terms.hazard_multiplier.push_back(static_cast<float>(o.hazard_multiplier));
    terms.lock_in_multiplier.push_back(static_cast<float>(o.has_device ? d.lock_in_multiplier : 1.0));
    terms.contract_end_multiplier.push_back(
        static_cast<float>(o.has_device ? d.contract_end_multiplier : 1.0));
    terms.contract_end_months.push_back(o.has_device ? d.contract_end_months : 0);
    const bool fixed = o.has_device && d.early_termination == scenario::EarlyTermination::fixed;
    const bool unamortised =
        o.has_device && d.early_termination == scenario::EarlyTermination::unamortised_subsidy;
    terms.etf_fixed_fen.push_back(fixed ? static_cast<double>(d.early_termination_fee.fen) : 0.0);
    terms.etf_subsidy_fen.push_back(unamortised ? static_cast<double>(d.subsidy.fen) : 0.0);
    terms.contract_months.push_back(o.has_device ? d.contract_months : 1);
    terms.bad_debt_probability.push_back(static_cast<float>(
        o.has_device && d.guarantee == scenario::Guarantee::financial ? d.bad_debt_probability : 0.0));
}

// Index 0 of a segment's offer terms: no offer, with the segment's own contracts.
void add_base_terms(OfferTerms& terms, const scenario::ContractSpec& contract) {
    scenario::Offer none;
    none.has_device = contract.share > 0.0;
    none.device.lock_in_multiplier = contract.lock_in_multiplier;
    none.device.contract_end_multiplier = contract.contract_end_multiplier;
    none.device.contract_end_months = contract.contract_end_months;
    add_offer_terms(terms, none, TierTable{});
}

bool names_segment(const std::vector<std::string>& segments, const std::string& id) {
    return segments.empty() || std::find(segments.begin(), segments.end(), id) != segments.end();
}

// The tiers open to segment `segment_id`, then the offers open to it that move takers to a
// tier and need no earlier offer: what its customers choose among.
std::vector<ChoiceAlternative> menu_of(const scenario::Scenario& sc, const std::string& segment_id) {
    std::vector<ChoiceAlternative> menu;
    for (std::size_t t = 0; t < sc.tiers.size(); ++t)
        if (names_segment(sc.tiers[t].eligible_segments, segment_id))
            menu.push_back({static_cast<int>(t), 0, 0.0});
    for (std::size_t k = 0; k < sc.offers.size(); ++k) {
        const auto& o = sc.offers[k];
        if (o.tier.empty() || !o.take_up.requires_offer.empty() ||
            std::find(o.take_up.segments.begin(), o.take_up.segments.end(), segment_id) ==
                o.take_up.segments.end())
            continue;
        menu.push_back({index_of(sc.tiers, o.tier), static_cast<int>(k) + 1,
                        o.has_device ? static_cast<double>(o.device.subsidy.fen) / 100.0 : 0.0});
    }
    return menu;
}

ChoicePlan compile_choice(const scenario::Scenario& sc, const scenario::Segment& seg) {
    ChoicePlan c;
    const auto& spec = seg.plan_choice;
    if (!spec.enabled) return c;
    c.enabled = true;
    c.price_per_cny = spec.price_per_cny * seg.price_sensitivity;
    c.overage_risk = spec.overage_risk;
    c.subsidy_per_cny = spec.subsidy_per_cny;
    c.switching_cost_cny = static_cast<double>(spec.switching_cost.fen) / 100.0;
    c.inertia = spec.inertia;
    c.on_arrival = spec.on_arrival;
    c.at_contract_end = spec.at_contract_end;
    c.on_bill_shock = spec.on_bill_shock && sc.churn_drivers.bill_shock_ratio > 0.0;
    c.usage_sigma = std::sqrt(std::log1p(seg.usage.monthly_cv * seg.usage.monthly_cv));
    c.alternatives = menu_of(sc, seg.id);
    return c;
}

BehaviourPlan compile_behaviour(const scenario::Scenario& sc) {
    BehaviourPlan b;
    b.bill_shock_ratio = sc.churn_drivers.bill_shock_ratio;
    b.bill_shock_multiplier = static_cast<float>(sc.churn_drivers.bill_shock_multiplier);
    const auto& g = sc.vip_grading;
    b.vip = g.enabled && !g.levels.empty();
    b.window_months = g.window_months;
    b.regrade_every_months = g.regrade_every_months;
    b.warning_months = g.warning_months;
    b.level_multiplier.push_back(1.0f);
    for (const auto& level : g.levels) {
        b.level_ids.push_back(level.id);
        b.level_multiplier.push_back(static_cast<float>(level.hazard_multiplier));
    }
    for (const auto& campaign : sc.retention_campaigns) {
        CampaignPlan p;
        p.id = campaign.id;
        p.name = campaign.name;
        p.stream_key = stable_hash(campaign.id);
        for (const auto& seg : sc.segments)
            p.open_to_segment.push_back(names_segment(campaign.segments, seg.id) ? 1 : 0);
        p.start_month = campaign.start_month;
        p.end_month = std::min(campaign.end_month, sc.horizon_months);
        p.contacts_per_month = campaign.contacts_per_month;
        p.cost_per_contact_fen = static_cast<double>(campaign.cost_per_contact.fen);
        p.acceptance_probability = campaign.acceptance_probability;
        p.offer_cost_fen = static_cast<double>(campaign.offer_cost.fen);
        p.hazard_multiplier = static_cast<float>(campaign.hazard_multiplier);
        p.effect_months = campaign.effect_months;
        p.warning_weight = campaign.warning_weight;
        p.rechoose_plan = campaign.rechoose_plan;
        b.campaigns.push_back(std::move(p));
    }
    const bool chooses = std::any_of(sc.segments.begin(), sc.segments.end(),
                                     [](const scenario::Segment& s) { return s.plan_choice.enabled; });
    b.enabled = chooses || b.bill_shock_ratio > 0.0 || b.vip || !b.campaigns.empty();
    return b;
}

// A segment's lower band edges: the regional bands naming it, else the default ones.
std::vector<double> vip_edges(const scenario::VipGrading& g, const std::string& segment) {
    std::vector<double> edges;
    if (!g.enabled || g.levels.empty() || !names_segment(g.segments, segment)) return edges;
    for (const auto& level : g.levels) edges.push_back(static_cast<double>(level.min_avg_spend.fen));
    for (const auto& region : g.regional_bands)
        if (std::find(region.segments.begin(), region.segments.end(), segment) != region.segments.end() &&
            region.min_avg_spend.size() == edges.size())
            for (std::size_t k = 0; k < edges.size(); ++k)
                edges[k] = static_cast<double>(region.min_avg_spend[k].fen);
    return edges;
}

// Churn drivers that act on a whole segment scale its hazard table once.
double segment_driver(const scenario::ChurnDrivers& d, scenario::SegmentKind kind) {
    switch (kind) {
        case scenario::SegmentKind::group_member:
            return d.group_member_multiplier;
        case scenario::SegmentKind::key_person:
            return d.key_person_multiplier;
        default:
            return 1.0;
    }
}

// The atoms of theta for every tenure a customer of the segment can join with: 0 for gross
// adds, each whole month its initial tenure atoms round to, and each tenure of its extract's
// rows (without them an extract's customer would read another tenure's row, or past the
// table). Tabulated here, once, so the draw is a lookup and the same for any thread count.
void compile_theta(SegmentPlan& s, const models::HazardCurve& churn, double driver) {
    std::vector<int> tenures = {0};
    for (float atom : s.tenure_atoms) tenures.push_back(static_cast<int>(whole_tenure_months(atom)));
    if (const auto* rows = s.extract_customers())
        for (const data::ExtractCustomer& c : *rows) tenures.push_back(c.tenure_months);
    std::sort(tenures.begin(), tenures.end());
    tenures.erase(std::unique(tenures.begin(), tenures.end()), tenures.end());
    s.theta_atoms = memo_propensity_atoms(churn, tenures, kPropensityAtoms);
    s.theta_row.assign(static_cast<std::size_t>(tenures.back()) + 1, 0);
    for (std::size_t r = 0; r < tenures.size(); ++r)
        s.theta_row[static_cast<std::size_t>(tenures[r])] = static_cast<std::int32_t>(r * kPropensityAtoms);
    s.theta_driver = static_cast<float>(driver);
}

}  // namespace

void TierTable::add_rounding(Rounding voice, Rounding data, Rounding sms) {
    const auto voice_line = models::LineRounding::of(voice, models::kVoiceDivisor);
    const auto data_line = models::LineRounding::of(data, models::kDataDivisor);
    const auto sms_line = models::LineRounding::of(sms, models::kSmsDivisor);
    voice_half.push_back(voice_line.half);
    voice_even.push_back(voice_line.even);
    data_half.push_back(data_line.half);
    data_even.push_back(data_line.even);
    sms_half.push_back(sms_line.half);
    sms_even.push_back(sms_line.even);
    all_half_up =
        all_half_up && voice == Rounding::half_up && data == Rounding::half_up && sms == Rounding::half_up;
}

int pick_category(const std::vector<double>& cumulative, double u) {
    const auto it = std::upper_bound(cumulative.begin(), cumulative.end(), u);
    return static_cast<int>(
        std::min<std::size_t>(static_cast<std::size_t>(it - cumulative.begin()), cumulative.size() - 1));
}

namespace {

// The rival options that reach a segment in each state of the rivals' moves, and the state
// by month (docs/models.md, "Rivals"). A state is the set of moves running; states are
// numbered as they first appear, state 0 with none. Fees cut by overlapping moves multiply.
void compile_rivals(SegmentPlan& s, const scenario::Scenario& sc, const scenario::Segment& seg) {
    const auto menu = [&](int month) {
        std::vector<RivalOption> options;
        int first = 0;
        for (const auto& c : sc.competitors) {
            if (std::find(c.reaches.begin(), c.reaches.end(), seg.id) != c.reaches.end()) {
                double kept = 1.0;
                double subsidy_per_month = 0.0;
                for (const auto& m : c.moves) {
                    if (month < m.start_month || month > m.end_month || !names_segment(m.segments, seg.id))
                        continue;
                    kept *= 1.0 - m.fee_cut;
                    subsidy_per_month += static_cast<double>(m.handset_subsidy.fen) / m.contract_months;
                }
                for (std::size_t t = 0; t < c.tiers.size(); ++t)
                    options.push_back(
                        {first + static_cast<int>(t),
                         std::floor(static_cast<double>(c.tiers[t].monthly_fee.fen) * kept + 0.5),
                         subsidy_per_month});
            }
            first += static_cast<int>(c.tiers.size());
        }
        return options;
    };
    PricePlan& p = s.price;
    p.rival_menus = {menu(0)};
    if (p.rival_menus.front().empty()) {
        p.rival_menus.clear();
        return;
    }
    for (int m = 1; m <= sc.horizon_months; ++m) {
        const std::vector<RivalOption> options = menu(m);
        const auto known = std::find(p.rival_menus.begin(), p.rival_menus.end(), options);
        p.rival_state.push_back(static_cast<std::uint8_t>(known - p.rival_menus.begin()));
        if (known == p.rival_menus.end()) p.rival_menus.push_back(options);
    }
    p.rival_intra_share.assign(256, 0.0);
    p.rival_off_net_share.assign(256, seg.usage.off_net_share);
    p.discount_threshold = seg.price_response.discount_threshold;
    p.discount_strength = seg.price_response.discount_strength;
}

// The mean over a segment's 4096 usage atoms of f(k, u, voice, data, sms), u the uniform
// that places atom k on a tier: data and sms atoms are paired by fixed odd strides (each a
// permutation, so every atom counts once).
template <class F>
double mean_over_atoms(const SegmentPlan& usage, F&& f) {
    const auto atom = [](const std::vector<float>& atoms, int i) {
        return atoms[static_cast<std::size_t>(i % kPropensityAtoms)];
    };
    double sum = 0.0;
    for (int k = 0; k < kPropensityAtoms; ++k)
        sum += f(k, (k + 0.5) / kPropensityAtoms, atom(usage.voice_atoms, k),
                 atom(usage.data_atoms, k * 1237), atom(usage.sms_atoms, k * 2731));
    return sum / kPropensityAtoms;
}

// The mean usual bill, in fen, of `usage`'s atoms placed on `plan`'s tiers by the mix
// `cumulative` of segment `seg` there, with no offer.
double mean_bill_fen(const SimulationPlan& plan, const SegmentPlan& seg,
                     const std::vector<double>& cumulative, const SegmentPlan& usage) {
    return mean_over_atoms(usage, [&](int, double u, float v, float d, float m) {
        const int t = plan.tiers.by_fee[static_cast<std::size_t>(pick_category(cumulative, u))];
        return held_bill_fen(plan, seg, t, 0, false, v, d, m);
    });
}

// The segment's mean usual bill (CNY) and mean hazard at the reference prices, for turning
// a churn elasticity into beta; the hazard averages the initial tenure atoms.
std::pair<double, double> mean_bill_and_hazard(const SimulationPlan& plan, const SegmentPlan& seg) {
    const double bill = mean_bill_fen(plan, seg, seg.tier_cumulative, seg);
    const double hazard = mean_over_atoms(seg, [&](int k, double, float, float, float) {
        const float atom = seg.tenure_atoms[static_cast<std::size_t>(k)];
        const int tenure = std::min(kHazardMonths - 1, static_cast<int>(std::floor(atom + 0.5f)));
        return static_cast<double>(seg.hazard[static_cast<std::size_t>(tenure)]);
    });
    return {bill / 100.0, hazard};
}

// The rival options at the reference for segment `s`: the reference's rivals that reach
// its segment there with no move running, or, where none does, its own tiers open to that
// segment at that segment's prices: a rival at parity with the reference.
void link_reference_rivals(PricePlan& p, const SimulationPlan& reference,
                           const scenario::Scenario& reference_sc, int r) {
    const SegmentPlan& ref_seg = reference.segments[static_cast<std::size_t>(r)];
    p.reference_at_parity = !ref_seg.price.weighs_rivals();
    if (!p.reference_at_parity) {
        p.reference_rivals = ref_seg.price.rival_menus.front();
        return;
    }
    for (std::size_t t = 0; t < reference_sc.tiers.size(); ++t)
        if (names_segment(reference_sc.tiers[t].eligible_segments, ref_seg.id))
            p.reference_rivals.push_back({static_cast<int>(t), ref_seg.fee_fen[t], 0.0});
}

// Gross adds answer prices (docs/models.md, "Joining"): those stated were observed at the
// reference, where `join_share` of the prospects picked us; a month's change in what new
// customers would pay us, net of the change in the rival's bill, moves that share by the
// mirror of the leave equation, and the month's gross adds with it.
// What a new customer would pay us in each month, less what they would pay at the reference,
// in fen, averaged over the segment's usage atoms: the usual bill on the new customers' tier
// mix or, where they choose their plan on arrival, the worth of the menu open that month as
// a bill, -(1/b) times its log-sum (docs/models.md, section 19, "At choice events").
std::vector<double> new_customer_change_fen(const SegmentPlan& s, const SimulationPlan& plan,
                                            const SimulationPlan& reference, const SegmentPlan& ref_seg) {
    const std::size_t months = s.gross_adds.size();
    const ChoicePlan& c = s.choice;
    if (!(c.enabled && c.on_arrival && c.price_per_cny > 0.0))
        return std::vector<double>(months,
                                   mean_bill_fen(plan, s, s.new_tier_cumulative, s) -
                                       mean_bill_fen(reference, ref_seg, ref_seg.new_tier_cumulative, s));
    // The menus change only when an offer opens or closes: months with the same open offers
    // share one mean.
    const auto open_offers = [](const SimulationPlan& p, int month) {
        std::vector<bool> open;
        for (const OfferPlan& o : p.offers) open.push_back(month >= o.launch_month && month <= o.end_month);
        return open;
    };
    std::vector<double> change(months);
    std::vector<bool> last_open;
    for (std::size_t m = 0; m < months; ++m) {
        const int month = static_cast<int>(m) + 1;
        std::vector<bool> open = open_offers(plan, month);
        const std::vector<bool> open_there = open_offers(reference, month);
        open.insert(open.end(), open_there.begin(), open_there.end());
        if (m > 0 && open == last_open) {
            change[m] = change[m - 1];
            continue;
        }
        last_open = std::move(open);
        change[m] = mean_over_atoms(s, [&](int, double, float v, float d, float x) {
            const Chooser prospect{0, 0, true, v, d, x};
            const double ours = menu_log_sum(plan, s, c.alternatives, c, prospect, month);
            const double theirs =
                menu_log_sum(reference, ref_seg, s.price.reference_menu, c, prospect, month);
            return std::isfinite(theirs) ? -(ours - theirs) / c.price_per_cny * 100.0 : 0.0;
        });
    }
    return change;
}

void compile_joining(SegmentPlan& s, const SimulationPlan& plan, const SimulationPlan& reference, int r,
                     double join_share) {
    const SegmentPlan& ref_seg = reference.segments[static_cast<std::size_t>(r)];
    const PricePlan& p = s.price;
    const std::vector<double> ours = new_customer_change_fen(s, plan, reference, ref_seg);
    std::vector<double> rival_by_state;
    double rival_ref = 0.0;
    if (p.weighs_rivals()) {
        for (const auto& options : p.rival_menus)
            rival_by_state.push_back(mean_over_atoms(s, [&](int, double, float v, float d, float m) {
                return rival_bill_fen(plan.rival_tiers, s, options, v, d, m);
            }));
        const TierTable& table = reference_rival_table(reference, p);
        rival_ref = mean_over_atoms(s, [&](int, double, float v, float d, float m) {
            return rival_bill_fen(table, s, p.reference_rivals, v, d, m);
        });
    }
    for (std::size_t m = 0; m < s.gross_adds.size(); ++m) {
        double change_fen = ours[m];
        if (p.weighs_rivals()) change_fen -= rival_by_state[p.rival_state[m]] - rival_ref;
        if (change_fen == 0.0) continue;  // prices as at the reference: the stated adds exactly
        const double share = models::join_probability(join_share, p.beta_per_fen * 100.0, change_fen / 100.0);
        s.gross_adds[m] = std::llround(static_cast<double>(s.gross_adds[m]) * share / join_share);
    }
}

// Links each segment that answers prices to its reference: the segment, tiers, offers and
// rivals of the same ids, beta from the stated coefficient or elasticity, and gross adds
// that answer prices. A scenario that is its own reference needs one only when rivals move.
void compile_prices(SimulationPlan& plan, const scenario::Scenario& sc, Responses responses) {
    const bool rivals_move = std::any_of(plan.segments.begin(), plan.segments.end(),
                                         [](const SegmentPlan& s) { return s.price.rival_menus.size() > 1; });
    if (!sc.price_reference && !rivals_move) return;
    const scenario::Scenario& reference_sc = sc.price_reference ? *sc.price_reference : sc;
    auto reference = std::make_shared<SimulationPlan>(sc.price_reference ? compile_plan(*sc.price_reference)
                                                                         : SimulationPlan(plan));
    bool any = false;
    for (std::size_t i = 0; i < sc.segments.size(); ++i) {
        const scenario::PriceResponseSpec& spec = sc.segments[i].price_response;
        const scenario::UsageResponseSpec& usage = sc.segments[i].usage_response;
        SegmentPlan& s = plan.segments[i];
        const int r = index_of(reference->segments, s.id);
        const bool usage_answers = usage.enabled && responses.usage;
        if ((!spec.enabled && !usage_answers) || r < 0)
            continue;  // a segment the reference lacks keeps its own prices
        PricePlan& p = s.price;
        p.reference_segment = r;
        for (const auto& id : plan.tiers.ids)
            p.reference_tier.push_back(index_of_id(reference->tiers.ids, id));
        p.reference_offer.push_back(0);
        for (const auto& o : plan.offers) p.reference_offer.push_back(index_of(reference->offers, o.id) + 1);
        if (usage_answers) {
            s.usage = UsagePlan{true,
                                usage.voice_elasticity,
                                usage.data_elasticity,
                                usage.sms_elasticity,
                                usage.off_peak_elasticity,
                                usage.flat_rate_uplift};
            any = true;
        }
        if (!spec.enabled) continue;
        if (p.weighs_rivals()) link_reference_rivals(p, *reference, reference_sc, r);
        p.reference_menu = menu_of(reference_sc, s.id);
        const auto [bill, hazard] =
            mean_bill_and_hazard(*reference, reference->segments[static_cast<std::size_t>(r)]);
        p.mean_bill_cny = bill;
        p.mean_hazard = hazard;
        const double beta_per_cny = spec.leave_per_cny > 0.0 ? spec.leave_per_cny
                                                             : models::beta_from_churn_elasticity(
                                                                   spec.churn_elasticity, bill, hazard);
        p.beta_per_fen = beta_per_cny / 100.0;
        if (p.answers() && responses.joining) compile_joining(s, plan, *reference, r, spec.join_share);
        p.churn_responds = responses.churn;
        any = any || p.answers();
    }
    if (!any) return;
    plan.reference = std::move(reference);
    plan.reference_name = reference_sc.name;
}

// Each segment whose leaving answers prices and which splits voice, here or at the reference:
// its usage bills by mean usage and tier, ours and the reference's, once its atoms, tiers and
// reference are final. Where neither splits voice, rating three lines costs less than the
// tables' reads, which miss the cache (customer_behaviour ran slower with them).
void tabulate_leave_odds_usage(SimulationPlan& plan) {
    for (SegmentPlan& s : plan.segments) {
        if (!s.price.leaving_answers() || !plan.reference) continue;
        const SegmentPlan& ref_seg =
            plan.reference->segments[static_cast<std::size_t>(s.price.reference_segment)];
        if (!s.splits_voice && !ref_seg.splits_voice) continue;
        s.price.usage_tables = leave_odds_usage(s, plan.tiers, *plan.reference, ref_seg);
    }
}

// Each choosing segment's overage risks by mean usage and allowance, once its atoms, tiers
// and reference are final.
void tabulate_overage_risks(SimulationPlan& plan) {
    for (SegmentPlan& s : plan.segments) {
        if (!s.choice.enabled) continue;
        const SimulationPlan* reference = s.weighs_reference_menu() ? plan.reference.get() : nullptr;
        s.choice.risk_tables = choice_risk_tables(s, plan.tiers, reference ? &reference->tiers : nullptr);
    }
}

}  // namespace

int SimulationPlan::cube_segments() const {
    int rows = 0;
    for (const auto& s : segments) rows += s.source_segment < 0 ? 1 : 0;
    return rows;
}

bool SimulationPlan::leaving_answers_prices() const {
    return std::any_of(segments.begin(), segments.end(),
                       [](const SegmentPlan& s) { return s.price.answers(); });
}

bool SimulationPlan::usage_answers_prices() const {
    return std::any_of(segments.begin(), segments.end(),
                       [](const SegmentPlan& s) { return s.usage.enabled; });
}

bool SimulationPlan::has_own_churn() const {
    return std::any_of(segments.begin(), segments.end(), [](const SegmentPlan& s) { return s.own_churn(); });
}

std::vector<std::string> SimulationPlan::rival_names_reaching(const std::string& segment_id) const {
    std::vector<std::string> names;
    for (std::size_t k = 0; k < rival_names.size(); ++k)
        if (std::find(rival_reaches[k].begin(), rival_reaches[k].end(), segment_id) != rival_reaches[k].end())
            names.push_back(rival_names[k]);
    return names;
}

std::int64_t SimulationPlan::total_customers() const {
    std::int64_t n = 0;
    for (const auto& s : segments) {
        n += s.initial_size;
        for (auto g : s.gross_adds) n += g;
    }
    return n;
}

// The name of the rival that makes `move` when that rival's own prices move: its priced
// moves stand in for the multiplier (docs/models.md, section 19, "Rivals"). Else empty.
std::string priced_rival(const scenario::Scenario& sc, const scenario::CompetitorMove& move) {
    for (const auto& rival : sc.competitors)
        if (rival.id == move.rival && !rival.moves.empty()) return rival.name;
    return {};
}

SimulationPlan compile_plan(const scenario::Scenario& sc, Responses responses,
                            const std::atomic<bool>* cancel) {
    SimulationPlan plan;
    plan.horizon_months = sc.horizon_months;
    plan.discount_rate_annual = sc.discount_rate_annual;
    plan.tiers = compile_tiers(sc.tiers);
    std::vector<scenario::Tier> rival_tiers;
    for (const auto& c : sc.competitors)
        rival_tiers.insert(rival_tiers.end(), c.tiers.begin(), c.tiers.end());
    plan.rival_tiers = compile_tiers(rival_tiers);
    for (const auto& c : sc.competitors) {
        plan.rival_names.push_back(c.name);
        plan.rival_reaches.push_back(c.reaches);
    }
    plan.costs = CostRates{static_cast<double>(sc.costs.network_per_min.centifen),
                           static_cast<double>(sc.costs.network_per_mb.centifen),
                           static_cast<double>(sc.costs.network_per_sms.centifen),
                           static_cast<double>(sc.costs.interconnect_per_off_net_min.centifen),
                           static_cast<double>(sc.costs.commission_per_gross_add.fen),
                           static_cast<double>(sc.costs.fixed_monthly.fen)};
    for (const auto& o : sc.offers) {
        OfferPlan p;
        p.id = o.id;
        p.name = o.name;
        p.kind = o.kind;
        p.tier = o.tier.empty() ? -1 : index_of(sc.tiers, o.tier);
        p.requires_offer =
            o.take_up.requires_offer.empty() ? 0 : index_of(sc.offers, o.take_up.requires_offer) + 1;
        for (const auto& seg : sc.segments)
            p.open_to_segment.push_back(std::find(o.take_up.segments.begin(), o.take_up.segments.end(),
                                                  seg.id) != o.take_up.segments.end()
                                            ? 1
                                            : 0);
        p.existing_share = o.take_up.existing_share;
        p.new_share = o.take_up.new_share;
        p.launch_month = o.take_up.launch_month;
        p.end_month = o.take_up.end_month;
        p.contract_months = o.has_device ? o.device.contract_months : 0;
        if (o.has_device) {
            p.device_revenue_fen = static_cast<double>(o.device.retail_price.fen);
            p.subsidy_fen = static_cast<double>(o.device.subsidy.fen);
            p.device_cost_fen = static_cast<double>(o.device.device_cost.fen);
        }
        p.gift_cost_fen = o.has_gift ? static_cast<double>(o.gift.cost_at_take_up.fen) : 0.0;
        p.launch_cost_fen = static_cast<double>(o.launch_cost.fen);
        plan.offers.push_back(std::move(p));
    }
    plan.behaviour = compile_behaviour(sc);
    plan.views.enabled = sc.reporting.customer_views;
    for (const Money edge : sc.reporting.arpu_band_edges)
        plan.views.arpu_edges_fen.push_back(static_cast<double>(edge.fen));
    for (const auto& move : sc.competitor_moves)
        plan.competitor_moves.push_back(MoveMark{move.id, move.name, move.kind, move.start_month,
                                                 move.end_month, priced_rival(sc, move)});
    for (const auto& rival : sc.competitors)
        for (const auto& move : rival.moves)
            plan.competitor_moves.push_back(
                MoveMark{move.id, move.name, move.kind, move.start_month, move.end_month, {}});
    for (const auto& seg : sc.segments) {
        stop_if_cancelled(cancel);
        SegmentPlan s;
        s.id = seg.id;
        s.name = seg.name;
        s.kind = seg.kind;
        s.stream_key = stable_hash(seg.id);
        s.initial_size = seg.size;
        if (sc.initial_base && sc.initial_base->customers) {
            const auto index = static_cast<std::size_t>(&seg - sc.segments.data());
            if (!sc.initial_base->customers->by_segment[index].empty()) {
                s.extract = sc.initial_base->customers;
                s.extract_segment = index;
            }
        }
        const auto& adds = seg.acquisition.gross_adds_per_month;
        for (int m = 0; m < sc.horizon_months; ++m)
            s.gross_adds.push_back(
                adds.empty() ? 0 : adds[std::min<std::size_t>(static_cast<std::size_t>(m), adds.size() - 1)]);
        s.tier_cumulative = cumulative_mix(seg.tier_mix, plan.tiers);
        s.new_tier_cumulative = seg.acquisition.tier_mix.empty()
                                    ? s.tier_cumulative
                                    : cumulative_mix(seg.acquisition.tier_mix, plan.tiers);
        for (std::size_t t = 0; t < sc.tiers.size(); ++t) {
            double fee = plan.tiers.list_fee_fen[t];
            for (const auto& [segment_id, price] : sc.tiers[t].segment_fees)
                if (segment_id == seg.id) fee = static_cast<double>(price.fen);
            s.fee_fen.push_back(fee);
            const bool vnet = sc.tiers[t].has_intra_group_rate;
            const double intra = vnet ? seg.usage.intra_group_share : 0.0;
            s.intra_group_share.push_back(intra);
            s.off_net_fraction.push_back(intra < 1.0 ? seg.usage.off_net_share / (1.0 - intra) : 0.0);
        }
        s.off_peak_share = seg.usage.off_peak_share;
        s.splits_voice = seg.usage.off_peak_share > 0.0 || seg.usage.off_net_share > 0.0 ||
                         seg.usage.intra_group_share > 0.0;
        s.tenure_atoms = memo_atoms(seg.tenure_months, kPropensityAtoms);
        s.voice_atoms = memo_atoms(seg.usage.voice_min, kPropensityAtoms);
        s.data_atoms = memo_atoms(seg.usage.data_mb, kPropensityAtoms);
        s.sms_atoms = memo_atoms(seg.usage.sms, kPropensityAtoms);
        s.noise_atoms =
            memo_atoms(models::Distribution{models::DistributionKind::lognormal, 1.0, seg.usage.monthly_cv},
                       kNoiseAtoms);
        s.hazard = memo_hazard_table(seg.churn, kHazardMonths);
        const double driver = segment_driver(sc.churn_drivers, seg.kind);
        if (driver != 1.0)
            for (float& h : s.hazard) h = static_cast<float>(std::min(1.0, h * driver));
        if (models::has_own_propensity(seg.churn)) compile_theta(s, seg.churn, driver);
        s.contract_share = seg.contract.share;
        s.contract_remaining_max = seg.contract.remaining_months_max;
        scenario::ContractSpec contract = seg.contract;
        if (const auto* rows = s.extract_customers()) {
            // The extract's contracts, not the share drawn: the share it holds takes the
            // contract path of the monthly step, with the segment's lock-in multipliers.
            const auto under = std::count_if(rows->begin(), rows->end(), [](const data::ExtractCustomer& c) {
                return c.contract_months_left > 0;
            });
            s.contract_share = static_cast<double>(under) / static_cast<double>(rows->size());
            contract.share = s.contract_share;
        }
        s.competitor_factor.assign(static_cast<std::size_t>(sc.horizon_months), 1.0f);
        for (const auto& move : sc.competitor_moves)
            if (std::find(move.segments.begin(), move.segments.end(), seg.id) != move.segments.end() &&
                priced_rival(sc, move).empty())
                // Clamped: a caller may shorten the horizon after loading (the loader checks
                // the scenario's own).
                for (int m = std::max(1, move.start_month); m <= std::min(move.end_month, sc.horizon_months);
                     ++m)
                    s.competitor_factor[static_cast<std::size_t>(m - 1)] *=
                        static_cast<float>(move.hazard_multiplier);
        add_base_terms(s.offers, contract);
        for (const auto& o : sc.offers) add_offer_terms(s.offers, o, plan.tiers);
        s.choice = compile_choice(sc, seg);
        s.choice.enabled = s.choice.enabled && responses.migration;
        s.vip_edges_fen = vip_edges(sc.vip_grading, seg.id);
        if (seg.price_response.enabled) compile_rivals(s, sc, seg);
        plan.segments.push_back(std::move(s));
    }
    compile_prices(plan, sc, responses);
    append_won_back_segments(plan, sc);
    link_group_members(plan, sc);
    tabulate_overage_risks(plan);
    tabulate_leave_odds_usage(plan);
    return plan;
}

}  // namespace offersim::sim
