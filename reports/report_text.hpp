#pragma once
// Every word, heading, unit and number convention the reports show, one table per language
// (text_zh_cn.cpp, text_en.cpp). Renderers hold no text of their own: adding a language is
// adding a table.
#include <array>
#include <span>
#include <string>
#include <string_view>

namespace offersim::reports {

enum class Language { zh_cn, en };

// A unit for large numbers: values of at least `threshold` are shown divided by it with
// `suffix` appended (1e8 and "亿" gives 1.23亿).
struct NumberScale {
    double threshold = 1.0;
    std::string_view suffix;
};

struct NumberConventions {
    std::string_view currency_symbol;      // before the amount: ¥1.23亿
    std::string_view thousands_separator;  // between groups of three digits below the first scale
    std::array<NumberScale, 2> scales;     // largest first
};

// Labels of the headline figures, one per key of sim::RunResults::headlines.
struct FigureLabels {
    std::string_view subscribers_start;
    std::string_view subscribers_end;
    std::string_view gross_adds;
    std::string_view churners;
    std::string_view churn_rate_monthly;
    std::string_view revenue_total;
    std::string_view cost_total;
    std::string_view margin_total;
    std::string_view npv_margin;
    std::string_view arpu;
    std::string_view mou;
    std::string_view survival;  // a monthly line: the product of (1 - churn rate) to the month
};

// One-line notes under the executive-summary figures: what the number covers.
struct FigureNotes {
    std::string_view horizon_total;
    std::string_view discounted;
    std::string_view at_horizon_end;
    std::string_view churn_rate;  // what the churn rate divides: churners over subscribers billed
    std::string_view per_subscriber_month;
    // The one definition of margin the reports use, said once under the headline figures.
    std::string_view margin_definition;
};

struct ChartText {
    std::string_view title;
    std::string_view caption;
};

// Names of the series drawn in the charts.
struct SeriesText {
    std::string_view mean;
    std::string_view band;  // the P5-P95 band
    std::string_view p5;
    std::string_view p95;
    std::string_view revenue;
    std::string_view margin;
};

// The lines of revenue, as a bill shows them.
struct RevenueLineText {
    std::string_view fee;
    std::string_view bundle_components;
    std::string_view overage_voice;
    std::string_view intra_group;
    std::string_view overage_data;
    std::string_view overage_sms;
    std::string_view min_spend_topup;
    std::string_view device;
    std::string_view termination_fee;
    std::string_view prepay_forfeit;
    std::string_view price_match;  // negative: the cut on members' bills matching a rival (§29.1)
    std::string_view other;        // whatever the lines above miss of the total
};

// The table of offers in the executive summary (shown when the scenario has offers).
struct OfferTableText {
    std::string_view heading;
    std::string_view note;
    std::string_view column_offer;
    std::string_view column_take_ups;
    std::string_view column_holders_end;
    std::string_view column_revenue;
    std::string_view column_margin;
    std::string_view column_payback;
    std::string_view column_paid_back;
};

// The offers' unit economics (docs/models.md, section 31): one row per offer.
struct UnitEconomicsText {
    std::string_view heading;
    std::string_view note;
    std::string_view column_offer;
    std::string_view column_outlay;       // per taker at take-up
    std::string_view column_margin_rate;  // per holder-month
    std::string_view column_payback;      // months per taker
    std::string_view column_launch_cost;
    std::string_view column_break_even;  // takers
    std::string_view column_take_ups;
    std::string_view column_npv;
    std::string_view column_npv_per_cny;
    std::string_view never;       // a ratio defined in no replication
    std::string_view defined_in;  // {n} {replications}: a ratio defined in only some
    std::string_view sheet;       // the workbook's sheet
    std::string_view unit_ratio;  // NPV per yuan spent
};

// The cost lines, one per cost_*_cny headline figure.
struct CostLineText {
    std::string_view network_voice;
    std::string_view network_data;
    std::string_view network_sms;
    std::string_view interconnect;
    std::string_view interconnect_income_lost;
    std::string_view commission;
    std::string_view subsidy;
    std::string_view device;
    std::string_view gift;
    std::string_view bundle_components;
    std::string_view bad_debt;
    std::string_view retention;
    std::string_view fixed;
};

// Monthly lines that have no headline figure of their name (the spreadsheet's monthly sheet).
struct MonthlyLineText {
    std::string_view active;
    std::string_view gross_adds;
    std::string_view churners;
    std::string_view churners_group_switch;  // churn reason "group switch" (docs/models.md §28)
    std::string_view active_end;
    std::string_view offer_take_ups;
    std::string_view voice_min;
    std::string_view off_net_min;
    std::string_view inbound_min_lost;
    std::string_view data_mb;
    std::string_view sms;
    std::string_view plan_changes;
    std::string_view bill_shocks;
    std::string_view vip_upgrades;
    std::string_view vip_downgrades;
    std::string_view vip_warned;
    std::string_view retention_contacts;
    std::string_view retention_accepts;
};

// The run report's section on customers' behaviour (plan choice, VIP grading, retention).
struct BehaviourText {
    std::string_view heading;
    std::string_view intro;
    std::string_view column_total;
    std::string_view totals_note;
    ChartText chart;
    std::string_view migrations_heading;
    std::string_view column_from;
    std::string_view column_to;
    std::string_view column_customers;
    std::string_view migrations_note;
    std::string_view no_migrations;
};

// Names of the spreadsheet's sheets (at most 31 characters, none of []:*?/\).
struct SheetText {
    std::string_view headline;
    std::string_view segments;
    std::string_view monthly;
    std::string_view offers;
    std::string_view run;
    // The reports' statements in words (warnings, what answers prices, what the bands hold),
    // one per row: what a statement is about, then the statement.
    std::string_view notes;
    std::string_view column_topic;
    std::string_view column_statement;
    std::string_view comparison;
    std::string_view baseline;
    std::string_view column_key;  // the machine-readable name of a figure, as in summary.json
    std::string_view column_value;
    std::string_view monthly_suffix;  // after a variant's name: its sheet of monthly changes
    std::string_view offers_suffix;   // after a variant's name: its sheet of offers
    std::string_view column_n;        // the number of replications
    // One unit per column: a column of one kind names its unit in its heading, a sheet whose
    // rows are of different kinds has a column of units.
    std::string_view column_unit;
    std::string_view heading_with_unit;  // {heading} {unit}
    std::string_view unit_cny;
    std::string_view unit_count;
    std::string_view unit_share;
    std::string_view unit_minutes;
    std::string_view unit_month;  // a month number (a payback month)
};

// The comparison report (offersim compare). Entries with {placeholders} are fmt format
// strings with named arguments; each lists the names it may use.
struct ComparisonText {
    std::string_view report_kind;
    std::string_view document_title_suffix;
    std::string_view title_one;   // {variant} {baseline}
    std::string_view title_many;  // {count} {baseline}
    std::string_view label_baseline;
    std::string_view label_variants;

    // The decision on the first screen.
    std::string_view question_label;
    std::string_view recommendation_label;
    std::string_view question_one;   // {variant} {baseline}
    std::string_view question_many;  // {count} {baseline}
    // {variant} {npv} {npv_p5} {npv_p95} {band_state} {cost_phrase} {payback_phrase}
    std::string_view recommend;
    std::string_view none_recommended;    // same names as recommend
    std::string_view caveat_higher_mean;  // {variant} {npv} {npv_p5} {npv_p95}
    std::string_view cost_increase;       // {cost}
    std::string_view cost_decrease;       // {cost}, the saving as a positive amount
    std::string_view payback_within;      // {month}
    std::string_view band_above_zero;
    std::string_view band_includes_zero;
    std::string_view band_below_zero;

    // The headline effect of the lead variant.
    std::string_view cards_lead;  // {variant} {baseline}
    std::string_view card_revenue;
    std::string_view card_margin;
    std::string_view card_npv;
    std::string_view card_subscribers_end;
    std::string_view card_churners;
    std::string_view card_payback;
    std::string_view card_payback_note;  // {share}: replications paying back within the horizon
    std::string_view card_cost;

    // The table of every variant.
    std::string_view table_heading;
    std::string_view table_note;
    std::string_view sort_note;  // HTML only
    std::string_view sort_hint;  // the tooltip of a sortable column heading
    std::string_view column_variant;
    std::string_view column_group_change;  // over the changes, each headed by its figure (HTML)
    std::string_view column_npv;
    std::string_view column_npv_band;
    std::string_view column_revenue;
    std::string_view column_cost;
    std::string_view column_margin;
    std::string_view column_subscribers_end;
    std::string_view column_churners;
    std::string_view column_payback;
    std::string_view column_paid_back;
    std::string_view recommended_tag;

    // Charts.
    ChartText chart_cumulative;
    ChartText chart_monthly;
    ChartText chart_cost_lines;
    std::string_view payback_marker;  // {month}
    std::string_view cost_total_category;
    std::string_view break_even;

    // Each variant in detail.
    std::string_view details_heading;
    std::string_view delta_table_heading;  // {variant}
    std::string_view delta_table_note;
    std::string_view column_baseline;
    std::string_view column_variant_value;
    std::string_view column_change;
    std::string_view offers_heading;  // {variant}
    // The revenue waterfall (compare --waterfall).
    std::string_view waterfall_heading;  // {variant}
    std::string_view waterfall_note;
    std::string_view waterfall_column_mechanism;
    std::string_view waterfall_column_change;
    std::string_view waterfall_column_band;
    std::string_view waterfall_price;
    std::string_view waterfall_usage;
    std::string_view waterfall_migration;
    std::string_view waterfall_churn;
    std::string_view waterfall_acquisition;
    std::string_view waterfall_remainder;
    std::string_view waterfall_total;
    std::string_view waterfall_not_modelled;
    std::string_view column_offer_cost;
    std::string_view monthly_table_heading;  // {variant}
    std::string_view column_month;
    std::string_view column_monthly_change;
    std::string_view column_cumulative_change;

    std::string_view baseline_yaml_heading;
    std::string_view footer;

    // What each variant changes against the baseline (scenario::ScenarioChange).
    std::string_view changes_heading;
    std::string_view changes_note;
    std::string_view column_setting;
    std::string_view no_changes;    // a variant that changes nothing
    std::string_view value_absent;  // a value the baseline or the variant does not set
    std::string_view area_customer_base;
    std::string_view area_costs;
    // Beside a variant's figures when it changes the customer base or the cost assumptions;
    // {areas}: what it changes, joined by the meta separator.
    std::string_view not_like_for_like;
};

// The win-back campaign's section (shown when the scenario has win_back). Entries with
// {placeholders} are fmt format strings with the named arguments listed.
struct WinBackText {
    std::string_view heading;
    std::string_view intro;  // {reported} {confirmed} {target} {share}: confirmed as a share of target
    // The scenario's success test and scoring: {first_month} {last_month} (months after the
    // switch the test reads), {zero_below} (the share of target below which a region scores
    // nothing), {full_points}.
    ChartText chart;
    std::string_view series_reported;
    std::string_view series_confirmed;
    std::string_view series_target;
    std::string_view table_heading;
    std::string_view column_region;
    std::string_view column_target;
    std::string_view column_eligible;
    std::string_view column_employees;
    std::string_view column_contacted;
    std::string_view column_reported;
    std::string_view column_confirmed;
    std::string_view column_pending;
    std::string_view column_reported_points;
    std::string_view column_confirmed_points;
    std::string_view total_row;
    std::string_view table_note;
    std::string_view accuracy_note;  // {switcher_rate} {second_sim_rate}
    std::string_view revenue_note;   // {revenue} {subsidy}
    // When our own churners feed the pool (docs/models.md §30): {joined}.
    std::string_view churners_note;
};

// The enterprise-groups section (shown when the scenario has `groups:`). Entries with
// {placeholders} are fmt-style templates filled by name.
struct GroupText {
    std::string_view heading;
    std::string_view note;
    std::string_view kpi_heading;
    // Labels of sim::GroupResults::headlines, by key.
    std::string_view groups_total;
    std::string_view groups_switched;
    std::string_view switches_expected;
    std::string_view bids_received;
    std::string_view purity_start;
    std::string_view purity_end;
    std::string_view target_market_retention_end;
    std::string_view member_revenue_total;
    std::string_view informatization_revenue_total;
    std::string_view marketing_cost_total;
    std::string_view tier_drop_warnings;
    // The levers of docs/models.md section 29.
    std::string_view groups_new;
    std::string_view groups_under_agreement_end;
    std::string_view agreement_renewals;
    std::string_view early_exits;
    std::string_view early_exit_fees_total;
    std::string_view reward_cost_total;
    std::string_view member_cost_total;
    std::string_view unified_payment_share;
    // Matching the rival's price (docs/models.md §29).
    std::string_view price_matches;
    std::string_view price_match_cost_total;
    std::string_view margin_total;
    std::string_view members_joined;         // members who joined groups (docs/models.md §28.2)
    std::string_view joiners_revenue_total;  // their bills, in their segment's rows (§28.2)
    std::string_view kpi_note;
    std::string_view class_heading;
    std::string_view column_class;
    std::string_view column_industry;
    std::string_view column_groups;
    std::string_view column_purity_start;
    std::string_view column_purity_end;
    std::string_view column_retention;
    std::string_view column_switched;
    std::string_view column_informatization;
    std::string_view column_tier_drops;
    std::string_view tier_heading;
    std::string_view column_tier;
    std::string_view column_groups_first_month;
    std::string_view column_groups_end;
    std::string_view tier_note;
    std::string_view warning;  // {count}: mean tier-drop warnings over the horizon
    ChartText chart_purity;
    ChartText chart_tiers;
    std::string_view series_purity_all;
    std::string_view series_retention;
};

// A comparison's group and win-back rows (sim::VariantComparison::module_deltas), each a
// paired change over replications; labels by ModuleSamples key.
struct ModuleDeltaText {
    std::string_view heading;  // {variant}
    std::string_view note;
    std::string_view headline_includes;  // {parts}: which modules' money the headline includes
    std::string_view part_groups;
    std::string_view part_win_back;
    std::string_view parts_separator;  // between the two parts
    std::string_view group_switches;
    std::string_view group_purity_end;
    std::string_view group_target_market_retention_end;
    std::string_view group_informatization_revenue;
    std::string_view group_member_revenue;
    std::string_view group_marketing_cost;
    std::string_view win_back_reported;
    std::string_view win_back_confirmed;
    std::string_view win_back_points;  // {region}
    std::string_view win_back_revenue;
    std::string_view win_back_subsidy_cost;
    std::string_view win_back_margin;
    // The group levers of docs/models.md section 29.
    std::string_view group_new_groups;
    std::string_view group_under_agreement_end;
    std::string_view group_early_exit_fees;
    std::string_view group_reward_cost;
    std::string_view group_member_cost;
    std::string_view group_unified_payment_share;
    std::string_view group_price_match_cost;  // matching the rival's price (§29)
    std::string_view group_margin;
    std::string_view win_back_churners_joined;
    std::string_view group_members_joined;   // members who joined groups (§28.2)
    std::string_view group_joiners_revenue;  // their revenue (§28.2)
    // The per-customer views' paired changes: {level} (a VIP level's id, or no level), {band}
    // (an ARPU band), and the top fifth's share of margin over the last months.
    std::string_view view_revenue_level;
    std::string_view view_revenue_band;
    std::string_view view_top_fifth_margin_share;
};

// A comparison's offer effects, cash chart and horizon note (docs/models.md, "Offer effects",
// "Cash and horizon"). Entries with {placeholders} are fmt format strings with the named
// arguments listed.
struct OfferEffectText {
    std::string_view heading;  // {variant}
    std::string_view note;
    std::string_view column_offer;
    std::string_view column_take_ups;
    std::string_view column_incremental_margin;
    std::string_view column_cannibalised;
    std::string_view column_incremental_payback;
    std::string_view column_gross_margin;
    std::string_view column_gross_payback;
    std::string_view column_basis;
    // Unit economics of the effect (docs/models.md, section 31).
    std::string_view column_npv_per_cny;   // incremental NPV per yuan spent
    std::string_view column_break_even;    // takers at which the incremental NPV is zero
    std::string_view basis_variant;        // the variant's only offer, against the baseline
    std::string_view basis_leave_one_out;  // against the variant without the offer
    std::string_view basis_not_measured;   // one of several offers, without --leave-one-out
    std::string_view not_measured;         // a cell whose figure was not measured
    std::string_view leave_one_out_cost;   // {runs}: the runs leave-one-out added
    ChartText chart_cash;                  // the title takes {variant}
    std::string_view series_cumulative;
    std::string_view series_discounted;  // {rate}
    std::string_view trough_marker;      // {month} {depth}
    std::string_view payback_marker;     // {month}
    std::string_view cash_summary;       // {trough} {payback} {rate} {npv}
    std::string_view trough_sentence;    // {month} {depth}
    std::string_view no_trough;
    std::string_view payback_sentence;  // {month}
    std::string_view no_payback;        // {horizon}
    std::string_view no_cash_difference;
    std::string_view horizon_heading;
    std::string_view horizon_contracts;     // {horizon} {customers} {months} {average} {delta}
    std::string_view horizon_no_contracts;  // {horizon}
    std::string_view horizon_left_out;      // {horizon}
};

// The sweep report (offersim sweep). Entries with {placeholders} are fmt format strings with
// the named arguments listed.
struct SweepText {
    std::string_view report_kind;
    std::string_view title;  // {scenario}
    std::string_view label_scenario;
    std::string_view intro;      // {points} {scenario}
    std::string_view runs_note;  // {runs} {passes}: what was stepped
    std::string_view table_heading;
    std::string_view column_point;
    std::string_view column_npv_delta;
    std::string_view column_npv_band;
    std::string_view column_margin_delta;
    std::string_view column_churn;
    std::string_view column_churn_delta;
    std::string_view column_payback;
    std::string_view column_win_back;
    ChartText chart_line;     // the title takes {parameter}
    ChartText chart_heatmap;  // the title takes {x} {y}
    std::string_view footer;
};

// The printed table of the scenario's values: where each comes from (data or an assumption),
// with the note beside or above it in the scenario file (reports/assumptions_table.hpp).
struct AssumptionText {
    std::string_view heading;
    std::string_view note;
    std::string_view column_key;
    std::string_view column_value;
    std::string_view column_unit;
    std::string_view column_source;
    std::string_view column_note;  // the number of the row's note, listed below the table
    std::string_view source_data;
    std::string_view source_assumption;
    std::string_view source_not_stated;
    std::string_view unit_cny;
    std::string_view unit_cny_per_month;
    std::string_view unit_cny_per_minute;
    std::string_view unit_cny_per_mb;
    std::string_view unit_cny_per_sms;
    std::string_view unit_cny_per_add;
    std::string_view unit_minutes;
    std::string_view unit_mb;
    std::string_view unit_sms;
    std::string_view unit_months;
    std::string_view unit_customers;
    std::string_view unit_customers_per_month;
    std::string_view unit_share;
    std::string_view unit_monthly_rate;
    std::string_view unit_annual_rate;
};

// What the band holds when parameters are uncertain, the tornado and the uncertain inputs
// (docs/models.md, "Uncertain parameters"). Entries with {placeholders} are fmt format
// strings with the named arguments listed.
struct UncertaintyText {
    std::string_view label_band;  // the appendix's and summary's label
    std::string_view noise_only;  // no input is uncertain
    std::string_view
        parts;  // {figure} {parameter_share} {parameter_sd} {noise_share} {noise_sd} {draws} {n_inner}
    std::string_view floored;       // appended when the parameter part was floored at 0
    std::string_view total_used;    // the probability of payback and the recommendation use the total
    std::string_view hangs_on;      // {inputs}: the three widest tornado bars
    std::string_view label_inputs;  // the appendix's list of uncertain inputs
    std::string_view input_row;     // {path} {law} {p5} {median} {p95} {source}
    std::string_view no_source;
    ChartText chart_tornado;          // the title takes {figure}
    std::string_view variant_figure;  // {variant}: the figure a comparison's tornado measures
    std::string_view series_at_p5;
    std::string_view series_at_p95;
    std::string_view tornado_note;  // {runs}
    std::string_view column_input;
    std::string_view column_npv_p5;
    std::string_view column_npv_p95;
    std::string_view column_churn_p5;
    std::string_view column_churn_p95;
};

// The per-customer views and the per-group score list (docs/models.md, "Per-customer
// views"). Entries with {placeholders} are fmt format strings with the named arguments listed.
// `offersim calibrate`'s fit report (reports/calibration_report.cpp).
struct CalibrationText {
    std::string_view kicker;
    std::string_view title;
    std::string_view sources;  // followed by the files read
    std::string_view churn_heading;
    std::string_view churn_note;
    std::string_view choice_heading;
    std::string_view choice_note;
    std::string_view usage_heading;
    std::string_view column_segment;
    std::string_view column_model;
    std::string_view column_parameter;
    std::string_view column_estimate;
    std::string_view column_std_error;
    std::string_view column_log_likelihood;
    std::string_view column_customers;
    std::string_view column_churners;
    std::string_view column_chosen;  // the model written to calibration.yaml
    std::string_view column_situations;
    std::string_view column_rho_squared;
    std::string_view column_service;
    std::string_view column_distribution;
    std::string_view column_mean;
    std::string_view column_cv;
    std::string_view column_month;
    std::string_view observed;  // Kaplan-Meier
    std::string_view fitted_sbg;
    std::string_view fitted_weibull;
    std::string_view survival_chart;  // {segment}
    std::string_view not_converged;   // {note}
    std::string_view yes;
};

// `offersim backtest` (docs/models.md §35).
struct BacktestText {
    std::string_view kicker;
    std::string_view title;
    std::string_view sources;  // followed by the file read
    std::string_view setup;    // {fit} {next} {months} {draws}
    std::string_view errors_heading;
    std::string_view errors_note;
    std::string_view fit_heading;
    std::string_view months_heading;  // {segment}
    std::string_view chart_active;    // {segment}
    std::string_view column_segment;
    std::string_view column_model;
    std::string_view column_parameter;
    std::string_view column_estimate;
    std::string_view column_std_error;
    std::string_view column_figure;
    std::string_view column_mape;
    std::string_view column_bias;
    std::string_view column_inside;  // months inside P5-P95 of all predicted
    std::string_view column_month;
    std::string_view column_actual;
    std::string_view column_predicted;  // the mean
    std::string_view column_band;       // P5 - P95
    std::string_view active;
    std::string_view churn_rate;
    std::string_view revenue;
    std::string_view no_revenue;  // the history has no bills
    std::string_view band_name;
    std::string_view actual_name;
    // Which prediction produced the figures (docs/models.md §35), after the setup line.
    std::string_view path_engine;  // {draws_half}: parameter draws
    std::string_view path_curve;
};

struct CustomerViewText {
    std::string_view heading;
    std::string_view note;
    std::string_view vip_heading;
    std::string_view vip_note;
    std::string_view band_heading;
    std::string_view band_note;
    std::string_view column_level;
    std::string_view column_band;
    std::string_view column_customers;  // billed customers per month, over the horizon
    std::string_view column_revenue;    // over the horizon, CNY
    std::string_view column_arpu;
    std::string_view column_range;  // P5 - P95 of the column before it
    std::string_view no_level;
    std::string_view band_below;    // {upper}
    std::string_view band_between;  // {lower} {upper}
    std::string_view band_above;    // {lower}
    std::string_view margin_heading;
    std::string_view margin_note;
    std::string_view column_period;
    std::string_view column_share;
    std::string_view margin_last;   // {months}
    std::string_view margin_month;  // {month}
    std::string_view group_heading;
    std::string_view group_note;  // {shown} {total}
    std::string_view column_group;
    std::string_view column_score;
    std::string_view column_tier;  // the median tier, with the P5 - P95 tiers when they differ
    std::string_view column_warnings;
    std::string_view column_switched;
    std::string_view group_label;  // {class} {index}
    std::string_view column_month;
    std::string_view column_tier_rank;  // 1 for the highest tier
    // Charts of the month's revenue by VIP level and by ARPU band (means, stacked).
    ChartText chart_vip_revenue;
    ChartText chart_band_revenue;
};

// The solver's report (offersim solve). Entries with {placeholders} are fmt format strings
// with the named arguments listed.
struct SolveText {
    std::string_view report_kind;
    std::string_view title;  // {parameter} {metric} {target}
    std::string_view intro;  // {parameter} {metric} {target} {replications} {baseline}
    std::string_view answer_heading;
    std::string_view label_scenario;
    std::string_view label_answer;
    std::string_view label_band;  // the bootstrap's P5 – P95
    std::string_view label_std_error;
    std::string_view label_bracket;   // the final bracket
    std::string_view label_searched;  // the bracket given
    std::string_view label_tolerance;
    std::string_view label_runs;
    std::string_view label_outside;    // resamples whose root lies beyond the values run
    std::string_view outside_warning;  // {outside} {resamples}
    std::string_view values_heading;
    std::string_view column_order;
    std::string_view column_value;
    std::string_view column_mean;
    std::string_view column_std_error;
    std::string_view column_p5;
    std::string_view column_p95;
    std::string_view footer;
};

// The optimiser's report (offersim optimise).
struct OptimiseText {
    std::string_view report_kind;
    std::string_view title_max;  // {objective}
    std::string_view title_min;  // {objective}
    std::string_view intro;      // {parameters} {replications} {algorithm} {runs}
    std::string_view piecewise_note;
    std::string_view label_scenario;
    std::string_view optimum_heading;
    std::string_view column_parameter;
    std::string_view column_value;
    std::string_view column_bounds;
    std::string_view column_tolerance;
    std::string_view objective_heading;
    std::string_view column_where;  // in the search / on fresh replications
    std::string_view in_search;     // {replications}
    std::string_view on_fresh;      // {replications}
    std::string_view column_mean;
    std::string_view column_band;  // P5 – P95
    std::string_view column_std_error;
    std::string_view constraints_heading;
    std::string_view no_constraints;
    std::string_view column_constraint;
    std::string_view column_margin;  // in the search
    std::string_view column_fresh_value;
    std::string_view column_fresh_margin;
    std::string_view column_holds;
    std::string_view yes;
    std::string_view no;
    std::string_view relaxed_note;  // {written} {metric}
    std::string_view stopped_heading;
    std::string_view stopped_xtol;
    std::string_view stopped_ftol;
    std::string_view stopped_max_runs;  // {runs}
    std::string_view stopped_other;     // {reason}
    std::string_view points_heading;
    std::string_view column_point;
    std::string_view column_objective;
    std::string_view column_feasible;
    std::string_view footer;
};

struct ReportText {
    std::string_view html_lang;  // BCP 47, for <html lang>
    NumberConventions numbers;

    std::string_view report_kind;  // the line above the scenario title
    std::string_view document_title_suffix;
    std::string_view minutes_unit;  // after a number of minutes, with its leading space if any
    std::string_view months_unit;
    std::string_view range_separator;  // between the ends of a band: "¥1.2亿 – ¥1.3亿"
    std::string_view meta_separator;
    std::string_view no_difference;     // a change that is zero as shown
    std::string_view rate_change_unit;  // after a change of a rate in points: " 个百分点", " pp"
    std::string_view payback_month;     // {month}
    std::string_view payback_never;     // {horizon}: the one wording for "does not pay back"
    // The start time in Beijing time: {date} (YYYY-MM-DD) {time} (HH:MM).
    std::string_view beijing_time;
    std::string_view label_runs;  // the header's plain word for the replications
    // The engine's warnings (sim::RunWarning): {replications} {minimum}; {segment}.
    std::string_view warning_few_replications;
    std::string_view warning_segment_emptied;
    std::string_view warning_move_replaced_by_prices;
    std::string_view warning_group_ids_ignored;  // {segment}: its extract rows' group ids (§33)
    std::string_view zero_rows_hidden;           // under a table that leaves out rows that are zero

    std::string_view summary_heading;
    std::string_view warnings_heading;
    std::string_view band_label;  // before a band on a figure card
    FigureLabels figures;
    FigureNotes notes;
    OfferTableText offers;
    UnitEconomicsText unit_economics;

    std::string_view charts_heading;
    std::string_view month_axis;
    std::string_view no_script;
    SeriesText series;
    RevenueLineText revenue_lines;
    std::string_view whole_base;  // the row summing every segment
    ChartText chart_subscribers;
    ChartText chart_subscribers_by_segment;
    ChartText chart_revenue_margin;
    ChartText chart_churn;
    ChartText chart_survival;
    ChartText chart_tier_mix;
    ChartText chart_revenue_lines;

    std::string_view tables_heading;
    std::string_view segment_table_heading;
    std::string_view segment_table_note;
    std::string_view segment_band_hint;  // after the note, where each figure's band is a tooltip
    std::string_view column_segment;
    std::string_view column_subscribers_start;
    std::string_view column_subscribers_end;
    std::string_view column_revenue;
    std::string_view column_arpu;
    std::string_view column_churn_rate;
    std::string_view headline_table_heading;
    std::string_view headline_table_note;
    std::string_view column_figure;
    std::string_view column_mean;
    std::string_view column_std_error;
    std::string_view column_p5;
    std::string_view column_p50;
    std::string_view column_p95;

    std::string_view appendix_heading;
    std::string_view label_scenario;
    std::string_view label_seed;
    std::string_view label_replications;
    std::string_view label_horizon;
    std::string_view label_version;
    std::string_view label_generated_at;
    std::string_view label_chart_library;
    std::string_view label_price_response;
    std::string_view price_response_segments;  // {segments} {reference}
    std::string_view price_response_none;
    std::string_view price_response_segment;         // {id} {elasticity}
    std::string_view price_response_rivals;          // {rivals}: appended to a segment that weighs rivals
    std::string_view price_response_discount_point;  // {threshold} (a percentage), {strength}
    std::string_view price_response_limits;
    std::string_view take_up_fixed;   // {offers}: offers some customers take at a fixed share
    std::string_view take_up_chosen;  // {offers}: offers a segment with plan_choice chooses
    std::string_view scenario_yaml_heading;
    std::string_view licence_summary;  // followed by the library name and version
    std::string_view footer;

    CostLineText cost_lines;
    MonthlyLineText monthly_lines;
    BehaviourText behaviour;
    SheetText sheets;
    ComparisonText comparison;
    WinBackText win_back;
    GroupText groups;
    ModuleDeltaText module_deltas;
    OfferEffectText offer_effects;
    SweepText sweep;
    AssumptionText assumptions;
    UncertaintyText uncertainty;
    CustomerViewText customer_views;
    SolveText solve;
    OptimiseText optimise;
    CalibrationText calibration;
    BacktestText backtest;
};

const ReportText& text_zh_cn();
const ReportText& text_en();

// The table for `language`; it lives for the whole program.
inline const ReportText& report_text(Language language) {
    switch (language) {
        case Language::en:
            return text_en();
        case Language::zh_cn:
            break;
    }
    return text_zh_cn();
}

// Names as a list in `language`: "a, b, c" in English, "a、b、c" in Chinese.
inline std::string listed(std::span<const std::string> names, Language language) {
    const std::string_view separator = language == Language::zh_cn ? "、" : ", ";
    std::string list;
    for (const auto& name : names) list.append(list.empty() ? "" : separator).append(name);
    return list;
}

}  // namespace offersim::reports
