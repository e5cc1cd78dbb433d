#pragma once
// A scenario compiled into flat tables the monthly step reads by index: no names, no
// strings, no YAML. Built once per run and then only read (shared by all threads).
#include "engine/scenario/scenario.hpp"
#include "engine/sim/joiner_draw_keys.hpp"
#include "engine/sim/overage_risk_table.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace offersim::sim {

struct WinBackPlan;       // the win-back campaign frozen for a run (engine/sim/win_back.hpp)
struct GroupMembersPlan;  // groups whose members are customers (engine/sim/group_members.hpp)
struct LeaveOddsUsage;    // usage bills by mean usage and tier (engine/sim/usage_fen_table.hpp)

inline constexpr int kPropensityAtoms = 4096;  // per usage propensity, drawn once per customer
inline constexpr int kNoiseAtoms = 1024;       // month-to-month usage factor, drawn monthly
inline constexpr int kHazardMonths = 1200;     // tenure months tabulated; the last holds beyond
inline constexpr double kUnlimited = 1.0e12;   // the allowance of a full flat rate

// A drawn tenure atom as the whole months an initial customer has completed, at most 60,000
// so that it fits the store's 16 bits. The plan tabulates theta for exactly these values.
inline float whole_tenure_months(float atom) {
    return std::min(60000.0f, std::floor(atom + 0.5f));
}

// Tier terms as parallel arrays indexed by tier, in the units the hot loop needs: fees in
// fen and rates in centi-fen, held as doubles that are exact integers.
struct TierTable {
    std::vector<std::string> ids;
    std::vector<std::string> names;
    std::vector<double> list_fee_fen;
    std::vector<double> included_voice_min;
    std::vector<double> included_data_mb;
    std::vector<double> included_sms;
    std::vector<double> voice_on_net_centifen;   // peak
    std::vector<double> voice_off_net_centifen;  // peak
    std::vector<double> voice_on_net_off_peak_centifen;
    std::vector<double> voice_off_net_off_peak_centifen;
    std::vector<double> intra_group_centifen;
    std::vector<std::uint8_t> has_intra_group_rate;
    std::vector<double> data_centifen;
    std::vector<double> sms_centifen;
    // What the rated lines use: allowances in seconds and KB, and each service's rounding
    // to the fen as models::LineRounding (half: divisor / 2 or 0; even: 1 for half even).
    std::vector<double> included_voice_sec;
    std::vector<double> included_data_kb;
    std::vector<double> voice_half;
    std::vector<double> voice_even;
    std::vector<double> data_half;
    std::vector<double> data_even;
    std::vector<double> sms_half;
    std::vector<double> sms_even;
    bool all_half_up = true;  // every line of every tier rounds half up: the step's cheap rating
    // Appends the next tier's rounding of its voice, data and SMS lines (the columns above and
    // all_half_up).
    void add_rounding(Rounding voice, Rounding data, Rounding sms);
    std::vector<double> min_spend_fen;
    std::vector<int> by_fee;  // tier indices, cheapest list fee first (ties: file order)

    std::size_t size() const { return ids.size(); }
};

// Per-customer terms of the offer a customer holds, indexed by offer: index 0 is "no
// offer" (with the segment's own contracts, if any), index k the scenario's offer k-1.
struct OfferTerms {
    std::vector<double> bundle_fee_fen;          // < 0: the tier's own fee
    std::vector<double> components_revenue_fen;  // the part of the bundle fee allocated to components
    std::vector<double> components_cost_fen;
    std::vector<double> contract_floor_fen;  // minimum monthly spend while in contract
    std::vector<double> release_fen;         // prepay release per month (also a floor)
    std::vector<double> release_total_fen;   // the prepaid amount; the last month releases the rest
    std::vector<double> release_months;
    std::vector<double> gift_monthly_cost_fen;
    std::vector<double> gift_months;
    std::vector<float> hazard_multiplier;
    std::vector<float> lock_in_multiplier;
    std::vector<float> contract_end_multiplier;
    std::vector<double> contract_end_months;
    std::vector<double> etf_fixed_fen;    // early-termination fee, fixed
    std::vector<double> etf_subsidy_fen;  // unamortised-subsidy fee: subsidy x months left / contract
    std::vector<double> contract_months;
    std::vector<float> bad_debt_probability;  // of an early leaver's fee never being paid
};

// One offer as the take-up pass and the accounts need it.
struct OfferPlan {
    std::string id;
    std::string name;
    scenario::OfferKind kind = scenario::OfferKind::bundle;
    int tier = -1;                              // the tier takers move to; -1: keep theirs
    int requires_offer = 0;                     // 0: none; else the offer index (1-based) takers must hold
    std::vector<std::uint8_t> open_to_segment;  // by segment
    double existing_share = 0.0;
    double new_share = 0.0;
    int launch_month = 1;
    int end_month = 1;
    int contract_months = 0;  // 0: no contract
    // Amounts booked in the month a customer takes the offer.
    double device_revenue_fen = 0.0;  // the device at its retail price
    double subsidy_fen = 0.0;
    double device_cost_fen = 0.0;
    double gift_cost_fen = 0.0;
    double launch_cost_fen = 0.0;  // booked once, in the launch month (a fixed cost of the offer)
};

// One alternative of a segment's plan choice: a tier on its own, or an offer that moves
// takers to a tier (docs/models.md, "Plan choice").
struct ChoiceAlternative {
    int tier = 0;
    int offer = 0;  // 0: the tier alone; k: the plan's offer k - 1, taken when chosen
    double subsidy_cny = 0.0;
};

struct ChoicePlan {
    bool enabled = false;
    double price_per_cny = 0.0;  // already times the segment's price sensitivity
    double overage_risk = 0.0;
    double subsidy_per_cny = 0.0;
    double switching_cost_cny = 0.0;
    double inertia = 0.0;
    bool on_arrival = false;
    bool at_contract_end = false;
    bool on_bill_shock = false;
    double usage_sigma = 0.0;  // of the log monthly usage factor: sqrt(ln(1 + cv^2))
    std::vector<ChoiceAlternative> alternatives;
    // The overage risk of each mean usage the segment draws, by allowance; null: computed
    // at each event (engine/sim/overage_risk_table.hpp).
    std::shared_ptr<const ChoiceRiskTables> risk_tables;
};

// One tier a rival offers a segment in one state of the rivals' moves: its fee after any
// cut, less a handset deal's subsidy spread over its contract's months.
struct RivalOption {
    int tier = 0;  // in SimulationPlan::rival_tiers, or in the reference's own tiers at parity
    double fee_fen = 0.0;
    double subsidy_per_month_fen = 0.0;
    bool operator==(const RivalOption&) const = default;
};

// How a segment's leaving answers our prices (docs/models.md, "Price response"). Each
// customer's usual bill is compared with the usual bill of the same customer at the
// reference prices (SimulationPlan::reference): their tier there, and the same offer where
// the reference has it. beta_per_fen 0: leaving does not answer prices.
struct PricePlan {
    double beta_per_fen = 0.0;
    int reference_segment = -1;        // in SimulationPlan::reference
    std::vector<int> reference_tier;   // by our tier: the tier of the same id there, or -1
    std::vector<int> reference_offer;  // by our offer index (0: none): the same offer there, or 0
    double mean_bill_cny = 0.0;        // at the reference, for the elasticity (docs/models.md)
    double mean_hazard = 0.0;
    // Rivals (docs/models.md, "Rivals"): the options that reach the segment in each state of
    // the rivals' moves, that state by month (0-based), and the options at the reference.
    // No menus: no rival reaches the segment, and leaving answers our prices alone.
    std::vector<std::vector<RivalOption>> rival_menus;  // [0]: no move running
    std::vector<std::uint8_t> rival_state;
    std::vector<RivalOption> reference_rivals;
    bool reference_at_parity = false;       // the reference names no rival: its own tiers stand in
    std::vector<double> rival_intra_share;  // by tier, all 0: a rival's V-net is not modelled
    std::vector<double> rival_off_net_share;
    double discount_threshold = 0.0;  // tau, a share of our bill
    double discount_strength = 0.0;   // kappa, log-odds per unit of share beyond tau; 0: none
    // What the segment's customers could choose among at the reference, in its tiers and
    // offers: the menu a choice event's worth is measured against (docs/models.md, section
    // 19, "At choice events"), whether or not the reference has plan_choice.
    std::vector<ChoiceAlternative> reference_menu;
    // The usage part of the usual bill of each mean usage the segment draws, on our tiers and
    // the reference's, for the leave odds; null: rated for each customer.
    std::shared_ptr<const LeaveOddsUsage> usage_tables;

    bool churn_responds = true;  // false: leaving keeps the stated hazard (Responses::churn)

    bool answers() const { return beta_per_fen > 0.0; }
    // Linked to the reference (its segment, tiers and offers): leaving or usage answers prices.
    bool linked() const { return reference_segment >= 0; }
    bool leaving_answers() const { return answers() && churn_responds; }
    bool weighs_rivals() const { return !rival_menus.empty(); }
};

// How a segment's usage answers our prices (docs/models.md, "Usage response"), against the
// reference that PricePlan links. enabled false: usage is as stated.
struct UsagePlan {
    bool enabled = false;
    double voice_elasticity = 0.0;  // d ln use / d ln average price per unit, <= 0
    double data_elasticity = 0.0;
    double sms_elasticity = 0.0;
    double off_peak_elasticity = 0.0;  // of the off-peak odds against the off-peak / peak rate, >= 0
    double flat_rate_uplift = 0.0;     // extra use on an unlimited allowance, a share
};

// Who a segment's customers are: the scenario's own, or the win-back campaign's converts,
// real switchers or second SIMs, who fill the segment's dormant slots in the month after
// their switch (docs/models.md, "Won-back customers in the base"), or the members who join
// in-store groups (docs/models.md §28.2), who fill the slots their groups keep.
enum class Joiners : std::uint8_t { scenario, won_back_switchers, won_back_second_sims, group_joiners };

struct SegmentPlan {
    Joiners joiners = Joiners::scenario;
    // Group joiners (§28.2): the segment they are customers of, whose cube row they share;
    // -1 for every other segment, which has a row of its own.
    int source_segment = -1;
    std::string id;
    std::string name;
    scenario::SegmentKind kind = scenario::SegmentKind::mass_market;
    std::uint32_t stream_key = 0;  // from the id, so a segment's draws do not depend on its position
    std::int64_t initial_size = 0;
    std::vector<std::int64_t> gross_adds;  // by month, 0-based, horizon long
    // Tier mixes as cumulative shares over `TierTable::by_fee` order: a customer's tier is
    // picked with the same uniform that places its voice propensity, so heavier users sit
    // on dearer tiers (docs/models.md, "Initial tier").
    std::vector<double> tier_cumulative;      // initial base
    std::vector<double> new_tier_cumulative;  // gross adds
    std::vector<double> fee_fen;              // by tier: the list fee or this segment's price
    std::vector<double> intra_group_share;    // by tier: V-net minutes rated apart (0 without a V-net rate)
    std::vector<double> off_net_fraction;     // by tier: off-net share of the other minutes
    double off_peak_share = 0.0;
    bool splits_voice = false;        // any V-net, off-net or off-peak minutes to rate apart
    std::vector<float> tenure_atoms;  // initial tenure in months
    std::vector<float> voice_atoms;   // propensities: mean monthly usage
    std::vector<float> data_atoms;
    std::vector<float> sms_atoms;
    std::vector<float> noise_atoms;  // monthly factor, mean 1
    std::vector<float> hazard;       // by completed tenure months (h(tenure + 1))
    // sbg: a customer's own churn probability theta is drawn when it joins from the
    // kPropensityAtoms atoms of theta | its tenure, which start at theta_row[tenure] in
    // theta_atoms (docs/models.md, section 4). Both are empty for the other models.
    std::vector<float> theta_atoms;
    std::vector<std::int32_t> theta_row;  // by completed months at creation: offset of its atoms
    float theta_driver = 1.0f;            // segment-wide churn driver (`hazard` holds it already)
    double contract_share = 0.0;          // of the initial base, already in contract
    int contract_remaining_max = 0;
    OfferTerms offers;                     // index 0: this segment's own contracts
    std::vector<float> competitor_factor;  // by month (0-based): product of the moves targeting it
    ChoicePlan choice;
    std::vector<double> vip_edges_fen;  // lower band edge per VIP level; empty: not graded
    PricePlan price;
    UsagePlan usage;

    // The customers of an operator's extract that are this segment's initial base, in the
    // order of their keyed hashes (docs/models.md §33); null: the base is drawn.
    std::shared_ptr<const data::CustomerExtract> extract;
    std::size_t extract_segment = 0;
    // Group joiners (§28.2): by join month (0-based), the blocks whose keys key their slots'
    // draws (engine/sim/joiner_draw_keys.hpp); null for every other segment.
    std::shared_ptr<const std::vector<JoinerCohortKeys>> joiner_keys;

    bool own_churn() const { return !theta_atoms.empty(); }
    // Leaving weighs the whole menu at a choice event, ours against the reference's, only
    // where it answers prices in money.
    bool weighs_reference_menu() const { return price.leaving_answers() && choice.price_per_cny > 0.0; }
    bool won_back() const {
        return joiners == Joiners::won_back_switchers || joiners == Joiners::won_back_second_sims;
    }
    bool group_joiners() const { return joiners == Joiners::group_joiners; }
    const std::vector<data::ExtractCustomer>* extract_customers() const {
        return extract ? &extract->by_segment[extract_segment] : nullptr;
    }
    const JoinerCohortKeys* joiner_cohort_keys(int join_month) const {
        return joiner_keys && join_month > 0 ? &(*joiner_keys)[static_cast<std::size_t>(join_month - 1)]
                                             : nullptr;
    }
};

// The monthly fee of `tier` under `offer` (0: none) in `seg`: the offer's bundle fee where it
// has one, else the segment's fee of the tier.
inline double monthly_fee_fen(const SegmentPlan& seg, int tier, int offer) {
    const double bundle_fee = seg.offers.bundle_fee_fen[static_cast<std::size_t>(offer)];
    return bundle_fee >= 0.0 ? bundle_fee : seg.fee_fen[static_cast<std::size_t>(tier)];
}

// A competitor move as the report marks it on the time axis.
struct MoveMark {
    std::string id;
    std::string name;
    scenario::CompetitorMoveKind kind = scenario::CompetitorMoveKind::other;
    int start_month = 1;
    int end_month = 1;
    // A hazard-multiplier move whose rival's own prices move: the rival's name. Its
    // multiplier applies nowhere and it is not marked; the report says so.
    std::string replaced_by;
};

struct CostRates {
    double network_voice_centifen = 0.0;
    double network_data_centifen = 0.0;
    double network_sms_centifen = 0.0;
    double interconnect_centifen = 0.0;
    double commission_fen = 0.0;
    double fixed_monthly_fen = 0.0;
};

// A retention campaign as the monthly selection needs it.
struct CampaignPlan {
    std::string id;
    std::string name;
    std::uint32_t stream_key = 0;
    std::vector<std::uint8_t> open_to_segment;
    int start_month = 1;
    int end_month = 1;
    std::int64_t contacts_per_month = 0;
    double cost_per_contact_fen = 0.0;
    double acceptance_probability = 0.0;
    double offer_cost_fen = 0.0;
    float hazard_multiplier = 1.0f;
    int effect_months = 1;
    double warning_weight = 1.0;
    bool rechoose_plan = false;
};

// What needs state per customer beyond the bill: plan choice, bill shock, VIP grading,
// retention campaigns. `enabled` is false when the scenario uses none of them, and the
// monthly step then takes its plain path.
struct BehaviourPlan {
    bool enabled = false;
    double bill_shock_ratio = 0.0;  // 0: no bill shock
    float bill_shock_multiplier = 1.0f;
    bool vip = false;
    int window_months = 1;
    int regrade_every_months = 1;
    int warning_months = 0;
    std::vector<std::string> level_ids;
    std::vector<float> level_multiplier;  // index 0: no level, k: level k - 1
    std::vector<CampaignPlan> campaigns;  // campaign k is a customer's retention index k + 1
};

// The per-customer views (`reporting:`, docs/models.md, "Per-customer views"); when off,
// the monthly step records nothing for them.
struct CustomerViewPlan {
    bool enabled = false;
    std::vector<double> arpu_edges_fen;  // lower edges of the ARPU bands above the first, rising
};

struct SimulationPlan {
    int horizon_months = 0;
    double discount_rate_annual = 0.0;
    TierTable tiers;
    TierTable rival_tiers;                                // every rival's, in `competitors:` order
    std::vector<std::string> rival_names;                 // by rival, in `competitors:` order
    std::vector<std::vector<std::string>> rival_reaches;  // by rival: the segment ids it reaches
    std::vector<SegmentPlan> segments;
    std::vector<OfferPlan> offers;  // offer k is customers' offer index k + 1
    std::vector<MoveMark> competitor_moves;
    BehaviourPlan behaviour;
    CostRates costs;
    CustomerViewPlan views;
    // The scenario at the prices its hazards were observed at, compiled; null when no
    // segment answers prices or the scenario is its own reference.
    std::shared_ptr<const SimulationPlan> reference;
    std::string reference_name;
    // The win-back campaign whose converts join the won-back segments; null without one.
    std::shared_ptr<const WinBackPlan> win_back;
    // Groups whose members are customers in the store (docs/models.md §28); null without.
    std::shared_ptr<const GroupMembersPlan> group_members;

    std::int64_t total_customers() const;  // initial base plus every gross add
    bool has_own_churn() const;            // any segment whose customers carry their own theta
    bool has_offers() const { return !offers.empty(); }
    bool answers_prices() const { return reference != nullptr; }
    bool leaving_answers_prices() const;  // any segment whose leaving answers prices
    bool usage_answers_prices() const;    // any segment whose usage answers prices
    std::vector<std::string> rival_names_reaching(const std::string& segment_id) const;
    // The metric cube's segment rows: one per segment but the group joiners', which come last
    // and add into their source segment's row (§28.2); the whole base is row cube_segments().
    int cube_segments() const;
    int cube_row(int segment) const {
        const int source = segments[static_cast<std::size_t>(segment)].source_segment;
        return source >= 0 ? source : segment;
    }
};

// Which responses to prices a compiled plan models: all of them, unless the revenue
// waterfall (engine/sim/waterfall.hpp) turns some off to measure what each one brings.
struct Responses {
    bool usage = true;      // usage answers prices (docs/models.md, "Usage response")
    bool migration = true;  // plan choice moves customers between tiers (section 13)
    bool churn = true;      // leaving answers prices (section 19)
    bool joining = true;    // gross adds answer prices (section 19, "Joining")
};

// Stops with RunError when `cancel` is set (checked per segment: a segment's atoms take a
// while to compute).
SimulationPlan compile_plan(const scenario::Scenario& scenario, Responses responses = {},
                            const std::atomic<bool>* cancel = nullptr);

// Index of the first cumulative share above u: the category a uniform draw selects.
int pick_category(const std::vector<double>& cumulative, double u);

}  // namespace offersim::sim
