#pragma once
// A scenario as plain typed values: what the loader produces and the compiler reads.
// Nothing here knows YAML. Units are in the names; money is exact (engine/core/money.hpp).
#include "engine/core/error.hpp"
#include "engine/core/money.hpp"
#include "engine/data/customer_extract.hpp"
#include "engine/scenario/group_spec.hpp"
#include "engine/scenario/uncertain_input.hpp"
#include "engine/scenario/win_back_spec.hpp"
#include "models/churn_hazard.hpp"
#include "models/distribution.hpp"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace offersim::scenario {

using models::Distribution;
using models::DistributionKind;
using models::HazardBand;
using models::HazardCurve;
using models::HazardModel;

// Each customer's usage propensity (mean monthly usage) is drawn once from these; a
// month's usage is the propensity times a lognormal factor of mean 1 and CV `monthly_cv`.
struct UsageSpec {
    Distribution voice_min;
    Distribution data_mb;
    Distribution sms;
    double monthly_cv = 0.25;
    // How voice minutes split, as shares of each customer's minutes.
    double off_peak_share = 0.0;     // outside the peak hours
    double off_net_share = 0.0;      // to other operators' numbers (interconnection applies)
    double intra_group_share = 0.0;  // to members of the customer's own group (V-net)
};

// Customers of the initial base already under a contract (e.g. an earlier handset
// deal): their remaining months are uniform on 1..remaining_months_max.
struct ContractSpec {
    double share = 0.0;
    int remaining_months_max = 24;
    double lock_in_multiplier = 1.0;       // hazard factor while the contract runs
    double contract_end_multiplier = 1.0;  // hazard factor just after it ends
    int contract_end_months = 1;           // how long the end-of-contract factor lasts
};

struct TierShare {
    std::string tier;  // a Tier::id
    double share = 0.0;
    SourcePos pos;  // where the reference was written, for errors found later
};

struct AcquisitionSpec {
    // Gross adds by month; a single value holds for every month, a shorter list holds
    // its last value for the remaining months.
    std::vector<std::int64_t> gross_adds_per_month;
    std::vector<TierShare> tier_mix;  // empty: the segment's own tier mix
};

// How a segment's customers choose among the tiers and offers open to them: a
// multinomial logit over utilities (docs/models.md, "Plan choice"). Coefficients are per
// segment; a segment without the block keeps its tier until an offer moves it.
struct PlanChoiceSpec {
    bool enabled = false;
    double price_per_cny = 0.05;   // utility lost per CNY of expected monthly bill (x price_sensitivity)
    double overage_risk = 1.0;     // utility lost at certainty of exceeding an allowance
    double subsidy_per_cny = 0.0;  // utility per CNY of device subsidy
    Money switching_cost;          // a change of plan costs this much (in bill-equivalent CNY)
    double inertia = 0.0;          // utility of staying on the current plan
    bool on_arrival = true;        // new customers choose instead of following the tier mix
    bool at_contract_end = true;   // re-choose in the month after a contract ends
    bool on_bill_shock = true;     // re-choose in the month after a bill shock
};

// How a segment's leaving answers our prices (docs/models.md, "Price response"): either a
// churn price elasticity, from which the plan compiles the coefficient, or the coefficient
// itself. Both positive: churn rises with our price.
struct PriceResponseSpec {
    bool enabled = false;
    double churn_elasticity = 0.0;  // d ln P / d ln B at the reference; 0: use leave_per_cny
    double leave_per_cny = 0.0;     // beta: log-odds of leaving per CNY of usual bill
    // The discount point: once a rival's bill is more than `discount_threshold` (a share of
    // ours) below ours, each further unit of that share adds `discount_strength` to the
    // log-odds of leaving. 0: no discount point.
    double discount_threshold = 0.0;
    double discount_strength = 0.0;
    // Of the prospects who pick an operator in a month, the share who pick us at the
    // reference prices: the gross adds stated were observed at it.
    double join_share = 0.3;
    SourcePos pos;
};

// How a segment's usage answers our prices (docs/models.md, "Usage response"). A demand
// elasticity is d ln usage / d ln price: at most 0, usage falls as its price rises. The
// off-peak elasticity is of the off-peak to peak minutes ratio against their relative
// price, with the sign turned: at least 0, a cheaper off-peak minute draws minutes from peak.
// A full flat rate (an unlimited allowance) raises a service's usage by flat_rate_uplift.
struct UsageResponseSpec {
    bool enabled = false;
    double voice_elasticity = 0.0;
    double data_elasticity = 0.0;
    double sms_elasticity = 0.0;
    double off_peak_elasticity = 0.0;
    double flat_rate_uplift = 0.0;  // a share: 0.3 is 30% more usage on an unlimited allowance
    SourcePos pos;
};

enum class SegmentKind { mass_market, vip, group_member, key_person, competitor_switchers };

struct Segment {
    std::string id;
    std::string name;
    SegmentKind kind = SegmentKind::mass_market;
    std::int64_t size = 0;
    Distribution tenure_months;  // of the initial base at month 0
    std::vector<TierShare> tier_mix;
    UsageSpec usage;
    double price_sensitivity = 1.0;  // read by plan choice; 1 = the market average
    HazardCurve churn;
    ContractSpec contract;
    AcquisitionSpec acquisition;
    PlanChoiceSpec plan_choice;
    PriceResponseSpec price_response;
    UsageResponseSpec usage_response;
};

// A monthly-package tier: a fee with included allowances and per-unit overage.
struct Tier {
    std::string id;
    std::string name;
    Money monthly_fee;
    std::int64_t included_voice_min = 0;
    std::int64_t included_data_mb = 0;
    std::int64_t included_sms = 0;
    Rate voice_per_min;  // on-net, peak: the list rate
    Rate data_per_mb;
    Rate sms_each;
    bool unlimited_voice = false;  // full flat rate: no voice overage
    bool unlimited_data = false;
    bool unlimited_sms = false;
    Rate voice_off_net_per_min;      // overage minutes to other networks (default: the list rate)
    double off_peak_discount = 0.0;  // share off the voice rate for off-peak minutes (0.5 = half price)
    bool has_intra_group_rate = false;
    Rate intra_group_per_min;                     // V-net: every intra-group minute, outside the allowance
    Money min_monthly_spend;                      // the bill is topped up to this floor
    Rounding voice_rounding = Rounding::half_up;  // each line to the fen (`rounding`)
    Rounding data_rounding = Rounding::half_up;
    Rounding sms_rounding = Rounding::half_up;
    bool per_started_minute = false;  // call-level records: each call's seconds up to whole minutes
    std::vector<std::pair<std::string, Money>> segment_fees;  // differentiated fee by segment id
    std::vector<std::string> eligible_segments;               // empty: every segment
    SourcePos pos;
};

enum class ComponentKind { home_broadband, landline, wireless_landline, value_added };

// A fixed service sold with a mobile tier in a bundle.
struct BundleComponent {
    ComponentKind kind = ComponentKind::home_broadband;
    std::string name;
    Money list_price_monthly;
    Money cost_monthly;
};

enum class BundlePricing { none, price, discount_cny, discount_percent };

enum class EarlyTermination { none, fixed, unamortised_subsidy };
enum class Guarantee { deposit, financial };

struct DeviceTerms {
    Money device_cost;
    Money retail_price;
    Money subsidy;
    int contract_months = 24;
    Money min_monthly_spend;  // evaluated from a number or a formula over the terms
    EarlyTermination early_termination = EarlyTermination::none;
    Money early_termination_fee;  // fixed
    Guarantee guarantee = Guarantee::deposit;
    double bad_debt_probability = 0.0;  // financial guarantee: share of early leavers who never pay the fee
    double lock_in_multiplier = 1.0;
    double contract_end_multiplier = 1.0;
    int contract_end_months = 1;
};

struct PrepayTerms {
    Money amount;            // prepaid credit
    int release_months = 1;  // released evenly; the release is the month's minimum spend
};

struct GiftTerms {
    std::string name;
    Money cost_at_take_up;  // e.g. a wireless-landline handset
    Money monthly_cost;     // e.g. broadband given free
    int months = 0;         // how long the monthly cost lasts
};

struct TakeUp {
    std::vector<std::string> segments;  // who is offered it
    double existing_share = 0.0;        // of active customers, in the launch month
    double new_share = 0.0;             // of gross adds, from launch to end
    int launch_month = 1;
    int end_month = 0;           // 0: the horizon
    std::string requires_offer;  // only holders of this offer may take it (it replaces it)
};

enum class OfferKind { bundle, device_subsidy, prepay };

// An offer a customer takes: a tier, optionally with bundled components at a bundle
// price, a subsidised device under contract, and a prepay-and-get deal.
struct Offer {
    std::string id;
    std::string name;
    OfferKind kind = OfferKind::bundle;
    std::string tier;  // the tier takers move to; empty: they keep theirs
    std::vector<BundleComponent> components;
    BundlePricing pricing = BundlePricing::none;
    Money bundle_price;  // monthly, for the tier and every component
    Money discount;      // off the monthly list total
    double discount_percent = 0.0;
    bool has_device = false;
    DeviceTerms device;
    bool has_prepay = false;
    PrepayTerms prepay;
    bool has_gift = false;
    GiftTerms gift;
    double hazard_multiplier = 1.0;  // switching cost of holding the offer
    Money launch_cost;  // one-off, in the launch month, whoever takes it (docs/models.md, section 31)
    TakeUp take_up;
    SourcePos pos;
};

struct Costs {
    Rate network_per_min;
    Rate network_per_mb;
    Rate network_per_sms;
    Money commission_per_gross_add;
    Money fixed_monthly;
    Rate interconnect_per_off_net_min;  // settlement paid per off-net minute (0.06 CNY since 2003)
};

enum class CompetitorMoveKind { price_cut, free_handsets, bundle_attack, group_bid, other };

// A competitor's time-bound move: while it runs, the hazard of the segments it targets
// is multiplied by `hazard_multiplier` (moves that overlap multiply).
struct CompetitorMove {
    std::string id;
    std::string name;
    CompetitorMoveKind kind = CompetitorMoveKind::other;
    std::vector<std::string> segments;
    int start_month = 1;
    int end_month = 1;
    double hazard_multiplier = 1.0;
    // The rival under `competitors` that makes the move, or empty. Once that rival's own
    // prices move (it has `moves`), they stand in for this multiplier, which then applies
    // nowhere (docs/models.md, section 19, "Rivals").
    std::string rival;
};

// A rival's timed move on its own prices (docs/models.md, "Rivals"): while it runs, the
// segments it targets see the rival's fees cut by `fee_cut` and, with a handset, a deal
// worth `handset_subsidy` spread over `contract_months`.
struct RivalMove {
    std::string id;
    std::string name;
    CompetitorMoveKind kind = CompetitorMoveKind::price_cut;
    std::vector<std::string> segments;  // empty: every segment the rival reaches
    int start_month = 1;
    int end_month = 1;
    double fee_cut = 0.0;  // share off every tier's monthly fee (0.5: half price)
    Money handset_subsidy;
    int contract_months = 24;
    SourcePos pos;
};

// A rival operator as planners enter it: its tiers, read and rated as ours are, the
// segments whose customers weigh it, and its moves. A customer's rival alternative is the
// rival tier with the lowest bill at the customer's own mean usage.
struct Competitor {
    std::string id;
    std::string name;
    std::vector<std::string> reaches;  // segment ids
    std::vector<Tier> tiers;
    std::vector<RivalMove> moves;
    SourcePos pos;
};

// Hazard multipliers beyond the segment's curve, contracts, offers and competitor moves
// (docs/models.md, "Churn drivers").
struct ChurnDrivers {
    double bill_shock_ratio = 0.0;  // a bill above this multiple of the usual bill is a shock (0: off)
    double bill_shock_multiplier = 1.0;
    double group_member_multiplier = 1.0;  // segments of kind group_member
    double key_person_multiplier = 1.0;    // segments of kind key_person
};

struct VipLevel {
    std::string id;       // e.g. silver
    Money min_avg_spend;  // lower edge of the band, on the average monthly bill
    double hazard_multiplier = 1.0;
};

// Bands that replace the default edges for some segments, e.g. the capital city's.
struct RegionalBands {
    std::string id;
    std::vector<std::string> segments;
    std::vector<Money> min_avg_spend;  // one per level, in level order
    SourcePos pos;
};

// VIP levels graded from simulated bills: the average over the last `window_months`
// bills, re-graded every `regrade_every_months`. Customers below the lowest band hold no
// level. A downgrade raises a warning for `warning_months`, read by retention campaigns.
struct VipGrading {
    bool enabled = false;
    std::vector<std::string> segments;  // who is graded; empty: every segment
    int window_months = 6;
    int regrade_every_months = 6;
    int warning_months = 3;
    std::vector<VipLevel> levels;  // ascending bands
    std::vector<RegionalBands> regional_bands;
};

// A retention campaign: each month it runs, the customers with the highest risk score
// (docs/models.md, "Retention campaigns") are contacted, up to the capacity.
struct RetentionCampaign {
    std::string id;
    std::string name;
    std::vector<std::string> segments;
    int start_month = 1;
    int end_month = 0;  // 0: the horizon
    std::int64_t contacts_per_month = 0;
    Money cost_per_contact;
    double acceptance_probability = 0.0;
    Money offer_cost;                // per customer who accepts, booked when accepted
    double hazard_multiplier = 1.0;  // on accepters' hazard while the offer lasts
    int effect_months = 12;
    double warning_weight = 2.0;  // risk-score factor for customers under a downgrade warning
    bool rechoose_plan = false;   // contacted customers also re-choose their plan
    SourcePos pos;
};

// `reporting:` figures the summaries add on request (docs/models.md, "Per-customer views").
// The per-customer views cost a pass over each shard and 8 bytes per customer, so they are off
// unless asked for.
struct ReportingSpec {
    bool customer_views = false;
    // Lower edges of the ARPU bands above the first (bills below the first edge form band 0);
    // rising, non-negative.
    std::vector<Money> arpu_band_edges = {Money::from_fen(5000), Money::from_fen(10000),
                                          Money::from_fen(20000)};
};

// `initial_base:` the customers of the segments an operator's extract names are its rows,
// not draws from the segment's distributions (docs/models.md §33).
struct ScenarioFiles;  // a scenario's files as parsed (engine/scenario/loader.cpp)

struct InitialBaseSpec {
    std::string extract;         // as written, relative to the file that states it
    std::filesystem::path file;  // resolved
    int as_of = 0;               // the extract's month (year * 12 + month - 1), the run's month 0
    data::TextEncoding encoding = data::TextEncoding::detect;
    SourcePos pos;
    // `secret_file`: the operator's secret for the ids' keyed hash (docs/models.md §33), as
    // written and resolved; empty: the secret is formed from the extract's ids.
    std::string secret_file;
    std::filesystem::path secret_path;
    SourcePos secret_pos;
    // Read once the rest of the scenario is known; null until then.
    std::shared_ptr<const data::CustomerExtract> customers;
};

struct Scenario {
    std::string name;
    std::string title;
    int horizon_months = 12;
    int replications = 100;
    std::uint64_t seed = 1;
    std::string currency = "CNY";
    double discount_rate_annual = 0.0;
    std::vector<Segment> segments;
    std::vector<Tier> tiers;
    std::vector<Offer> offers;
    std::vector<CompetitorMove> competitor_moves;
    std::vector<Competitor> competitors;  // rivals with prices (`competitors:`)
    ChurnDrivers churn_drivers;
    VipGrading vip_grading;
    std::vector<RetentionCampaign> retention_campaigns;
    Costs costs;
    std::optional<WinBackSpec> win_back;  // a win-back campaign on competitors' customers
    std::optional<GroupsSpec> groups;     // enterprise groups as wholes (`groups:`)
    ReportingSpec reporting;
    std::optional<InitialBaseSpec> initial_base;
    // The prices at which the stated hazards were observed (docs/models.md, "Price
    // response"): the root of the `extends` chain or `price_reference:`, loaded when a
    // segment has `price_response`; null when the scenario is its own reference.
    std::shared_ptr<const Scenario> price_reference;
    // Parameters written as uncertain quantities, in file order; the scenario's own values
    // are their medians. Each parameter draw runs `n_inner` replications (`uncertainty:`).
    std::vector<UncertainInput> uncertain;
    int n_inner = 2;

    std::vector<std::string> source_files;  // the file and the chain it extends, child first
    std::string resolved_yaml;              // the scenario as run, after `extends`
    // The files it was loaded from, parsed: a parameter draw or a sweep point decodes them
    // again without reading them (scenario::reload_scenario). Null for one built in code.
    std::shared_ptr<const ScenarioFiles> files;
};

}  // namespace offersim::scenario
