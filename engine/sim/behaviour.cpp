#include "engine/sim/behaviour.hpp"

#include "engine/sim/simulation.hpp"
#include "engine/sim/usage_rating.hpp"
#include "models/plan_choice.hpp"
#include "models/rating.hpp"

#include <algorithm>
#include <cmath>
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

double risk_of(const TierTable& tiers, int t, double voice, double data, double sigma) {
    const auto k = static_cast<std::size_t>(t);
    const double pv = models::exceed_probability(voice, tiers.included_voice_min[k], sigma);
    const double pd = models::exceed_probability(data, tiers.included_data_mb[k], sigma);
    return 1.0 - (1.0 - pv) * (1.0 - pd);
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
    const auto t = static_cast<std::size_t>(tier);
    const auto o = static_cast<std::size_t>(offer);
    const double bundle_fee = seg.offers.bundle_fee_fen[o];
    const double fee = bundle_fee >= 0.0 ? bundle_fee : seg.fee_fen[t];
    const TierRates rates = TierRates::of(plan.tiers, seg);
    const auto v = static_cast<float>(voice);
    const auto d = static_cast<float>(data);
    const auto s = static_cast<float>(sms);
    const double bill = usual_bill_before_floors_fen(seg.splits_voice, rates, tier, fee, v, d, s);
    return std::max({bill, plan.tiers.min_spend_fen[t], seg.offers.contract_floor_fen[o]});
}

namespace {

// The utilities of the alternatives of `menu` (in `plan`'s tiers and offers, for a customer
// of `seg`) open in `month` (docs/models.md, "Plan choice"), with the chooser's
// coefficients; `open` gets their places in the menu.
void menu_utilities(const SimulationPlan& plan, const SegmentPlan& seg,
                    std::span<const ChoiceAlternative> menu, const models::ChoiceCoefficients& coef,
                    double usage_sigma, const Chooser& who, int month, std::vector<double>& utilities,
                    std::vector<int>& open) {
    utilities.clear();
    open.clear();
    for (std::size_t k = 0; k < menu.size(); ++k) {
        const ChoiceAlternative& alt = menu[k];
        if (!offer_open(plan, alt.offer, month)) continue;
        const models::AlternativeView view{
            usual_bill_fen(plan, seg, alt.tier, alt.offer, who.voice, who.data, who.sms) / 100.0,
            risk_of(plan.tiers, alt.tier, who.voice, who.data, usage_sigma), alt.subsidy_cny,
            !who.arriving && is_current(alt, who.tier, who.offer)};
        utilities.push_back(models::utility(view, coef));
        open.push_back(static_cast<int>(k));
    }
}

models::ChoiceCoefficients coefficients_of(const ChoicePlan& c) {
    return {c.price_per_cny, c.overage_risk, c.subsidy_per_cny, c.switching_cost_cny, c.inertia};
}

// How much more staying with us is worth at a choice event than at the reference prices, in
// fen a month: the log-sum of our menu's utilities less that of the reference's menu for
// the same customer, over the price coefficient.
double stay_gain_fen(const SimulationPlan& plan, const SegmentPlan& seg, const CustomerStore& store,
                     std::size_t u, const Chooser& who, int month, std::span<const double> our_utilities) {
    const SimulationPlan& reference = *plan.reference;
    const SegmentPlan& ref_seg = reference.segments[static_cast<std::size_t>(seg.price.reference_segment)];
    Chooser at_reference = who;
    at_reference.tier = store.reference_tier[u];
    at_reference.offer = seg.price.reference_offer[static_cast<std::size_t>(who.offer)];
    const double reference_worth =
        menu_log_sum(reference, ref_seg, seg.price.reference_menu, seg.choice, at_reference, month);
    if (!std::isfinite(reference_worth)) return 0.0;  // nothing open there: no reference to move from
    return (models::log_sum(our_utilities) - reference_worth) / seg.choice.price_per_cny * 100.0;
}

}  // namespace

double menu_log_sum(const SimulationPlan& plan, const SegmentPlan& seg,
                    std::span<const ChoiceAlternative> menu, const ChoicePlan& choice, const Chooser& who,
                    int month) {
    thread_local std::vector<double> utilities;
    thread_local std::vector<int> open;
    menu_utilities(plan, seg, menu, coefficients_of(choice), choice.usage_sigma, who, month, utilities, open);
    return models::log_sum(utilities);
}

void choose_plans(const SimulationPlan& plan, CustomerStore& store, const Shard& shard, const Cohort& cohort,
                  int month, PhiloxKey key, ShardMonth& out, std::vector<ChoiceEvent>& events) {
    const SegmentPlan& seg = plan.segments[static_cast<std::size_t>(cohort.segment)];
    const ChoicePlan& c = seg.choice;
    if (!c.enabled) return;
    const models::ChoiceCoefficients coef = coefficients_of(c);
    // Leaving weighs the whole menu at an event only where it answers prices in money.
    const bool weighs_menu = seg.price.leaving_answers() && c.price_per_cny > 0.0;
    const bool arriving = cohort.join_month == month;
    thread_local std::vector<double> utilities;
    thread_local std::vector<double> probabilities;
    thread_local std::vector<int> open;
    const std::size_t tiers = plan.tiers.size();
    const data::ExtractCustomer* const keyed = extract_rows(seg, cohort.join_month);
    for (std::int64_t i = shard.begin; i < shard.end; ++i) {
        const auto u = static_cast<std::size_t>(i);
        const bool flagged = store.rechoose[u] != 0;
        store.rechoose[u] = 0;
        if (!store.alive[u]) continue;
        const int end = store.contract_end[u];
        const bool in_contract = month <= end;
        const bool contract_ended = c.at_contract_end && end > 0 && end + 1 == month;
        if (!(arriving && c.on_arrival) && !contract_ended && !(flagged && !in_contract)) continue;

        const int tier = store.tier[u];
        const int offer = store.offer[u];
        const Chooser who{tier,
                          offer,
                          arriving,
                          store.voice_propensity[u],
                          store.data_propensity[u],
                          store.sms_propensity[u]};
        menu_utilities(plan, seg, c.alternatives, coef, c.usage_sigma, who, month, utilities, open);
        if (open.empty()) continue;
        if (weighs_menu) events.push_back({i, stay_gain_fen(plan, seg, store, u, who, month, utilities)});
        probabilities.resize(utilities.size());
        models::choice_probabilities(utilities, probabilities);
        const PhiloxCounter r = philox4x32(customer_counter(draw_place(keyed, i - cohort.begin),
                                                            cohort.join_month, month, Stream::plan_choice),
                                           key);
        const ChoiceAlternative& chosen = c.alternatives[static_cast<std::size_t>(
            open[static_cast<std::size_t>(models::pick_alternative(probabilities, to_unit_open(r.c0)))])];
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

void grade_vip(const SimulationPlan& plan, CustomerStore& store, const Shard& shard, const Cohort& cohort,
               int month, ShardMonth& out) {
    const BehaviourPlan& b = plan.behaviour;
    const SegmentPlan& seg = plan.segments[static_cast<std::size_t>(cohort.segment)];
    if (!b.vip || seg.vip_edges_fen.empty()) return;
    const bool arrived = cohort.join_month == month || (cohort.join_month == 0 && month == 1);
    const bool regrade = month % b.regrade_every_months == 0;
    const int first_month = std::max(cohort.join_month, 1);
    const int observed = std::min(b.window_months, month - first_month + 1);
    const auto n = static_cast<std::size_t>(store.size());
    double upgrades = 0.0, downgrades = 0.0, warned = 0.0;
    for (std::int64_t i = shard.begin; i < shard.end; ++i) {
        const auto u = static_cast<std::size_t>(i);
        if (!store.alive[u]) continue;
        if (regrade) {
            double total = 0.0;
            for (int slot = 0; slot < b.window_months; ++slot)
                total += store.spend[static_cast<std::size_t>(slot) * n + u];
            const int level = level_of(seg.vip_edges_fen, std::floor(total / observed + 0.5));
            const int before = store.vip_level[u];
            if (level > before) upgrades += 1.0;
            if (level < before) {
                downgrades += 1.0;
                store.warning_until[u] = static_cast<std::uint16_t>(month + b.warning_months);
            }
            store.vip_level[u] = static_cast<std::uint8_t>(level);
        } else if (arrived) {
            // Before any bill of its own, a customer is graded on its usual bill.
            store.vip_level[u] = static_cast<std::uint8_t>(
                level_of(seg.vip_edges_fen,
                         usual_bill_fen(plan, seg, store.tier[u], store.offer[u], store.voice_propensity[u],
                                        store.data_propensity[u], store.sms_propensity[u])));
        }
        warned += store.warning_until[u] >= month ? 1.0 : 0.0;
    }
    out.lines[static_cast<std::size_t>(Metric::vip_upgrades)] += upgrades;
    out.lines[static_cast<std::size_t>(Metric::vip_downgrades)] += downgrades;
    out.lines[static_cast<std::size_t>(Metric::vip_warned)] += warned;
}

namespace {

// A customer the campaigns may contact, with the revenue it puts at risk.
struct Candidate {
    double score;
    std::int64_t customer;
    int cohort;
};

}  // namespace

std::size_t retention_bytes_per_customer(const SimulationPlan& plan) {
    // The candidates' vector grows by doubling: up to twice its customers' worth.
    return plan.behaviour.campaigns.empty() ? 0 : 2 * sizeof(Candidate);
}

std::vector<RetentionTally> run_retention_campaigns(const SimulationPlan& plan, CustomerStore& store,
                                                    int month, PhiloxKey replication_key,
                                                    const std::atomic<bool>* cancel) {
    std::vector<RetentionTally> tallies(plan.segments.size());
    const BehaviourPlan& b = plan.behaviour;
    std::vector<Candidate> candidates;
    if (month == 1) return tallies;  // the base is created in month 1: nobody has a bill to score yet
    for (std::size_t k = 0; k < b.campaigns.size(); ++k) {
        const CampaignPlan& campaign = b.campaigns[k];
        if (month < campaign.start_month || month > campaign.end_month || campaign.contacts_per_month == 0)
            continue;
        candidates.clear();
        const auto& cohorts = store.cohorts();
        for (int c = 0; c < static_cast<int>(cohorts.size()); ++c) {
            const Cohort& cohort = cohorts[static_cast<std::size_t>(c)];
            if (cohort.join_month >= month ||
                !campaign.open_to_segment[static_cast<std::size_t>(cohort.segment)])
                continue;
            const SegmentPlan& seg = plan.segments[static_cast<std::size_t>(cohort.segment)];
            const double competitor = seg.competitor_factor[static_cast<std::size_t>(month - 1)];
            for (std::int64_t i = cohort.begin; i < cohort.end; ++i) {
                if ((i - cohort.begin) % kShardCustomers == 0) stop_if_cancelled(cancel);
                const auto u = static_cast<std::size_t>(i);
                if (!store.alive[u] || store.retained_until[u] >= month) continue;
                // Revenue at risk: this month's hazard times the usual bill, weighted up
                // for a customer under a downgrade warning.
                const int completed = std::min<int>(store.tenure_months[u], kHazardMonths - 1);
                const double hazard = seg.hazard[static_cast<std::size_t>(completed)] * competitor *
                                      b.level_multiplier[store.vip_level[u]];
                const double value =
                    usual_bill_fen(plan, seg, store.tier[u], store.offer[u], store.voice_propensity[u],
                                   store.data_propensity[u], store.sms_propensity[u]);
                const double warning = store.warning_until[u] >= month ? campaign.warning_weight : 1.0;
                candidates.push_back({hazard * value * warning, i, c});
            }
        }
        // Highest score first; ties go to the lower index, so the selection is the same
        // however the customers were simulated.
        const auto by_risk = [](const Candidate& x, const Candidate& y) {
            return x.score != y.score ? x.score > y.score : x.customer < y.customer;
        };
        const auto take =
            std::min<std::size_t>(candidates.size(), static_cast<std::size_t>(campaign.contacts_per_month));
        std::partial_sort(candidates.begin(), candidates.begin() + static_cast<std::ptrdiff_t>(take),
                          candidates.end(), by_risk);
        const PhiloxKey campaign_key{replication_key.k0 ^ campaign.stream_key,
                                     replication_key.k1 + 0x9E3779B9u};
        for (std::size_t j = 0; j < take; ++j) {
            const Candidate& cand = candidates[j];
            const Cohort& cohort = cohorts[static_cast<std::size_t>(cand.cohort)];
            const auto u = static_cast<std::size_t>(cand.customer);
            const PhiloxCounter r = philox4x32(
                customer_counter(
                    draw_place(extract_rows(plan.segments[static_cast<std::size_t>(cohort.segment)],
                                            cohort.join_month),
                               cand.customer - cohort.begin),
                    cohort.join_month, month, Stream::retention),
                segment_key(campaign_key,
                            plan.segments[static_cast<std::size_t>(cohort.segment)].stream_key));
            const bool accepts = to_unit_open(r.c0) < campaign.acceptance_probability;
            // Contacted customers are not contacted again while the offer would last.
            store.retained_until[u] = static_cast<std::uint16_t>(month + campaign.effect_months - 1);
            store.retained_by[u] = accepts ? static_cast<std::uint8_t>(k + 1) : 0;
            if (campaign.rechoose_plan) store.rechoose[u] = 1;
            RetentionTally& t = tallies[static_cast<std::size_t>(cohort.segment)];
            t.contacts += 1.0;
            t.accepts += accepts ? 1.0 : 0.0;
            t.cost_fen += campaign.cost_per_contact_fen + (accepts ? campaign.offer_cost_fen : 0.0);
        }
    }
    return tallies;
}

}  // namespace offersim::sim
