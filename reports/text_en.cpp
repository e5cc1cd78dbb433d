// English text of the reports.
#include "reports/report_text.hpp"

namespace offersim::reports {

const ReportText& text_en() {
    static constexpr ReportText text{
        .html_lang = "en",
        .numbers = {.currency_symbol = "¥",
                    .thousands_separator = ",",
                    .scales = {{{.threshold = 1e9, .suffix = "B"}, {.threshold = 1e6, .suffix = "M"}}}},

        .report_kind = "Marketing offer simulation",
        .document_title_suffix = "offersim report",
        .minutes_unit = " min",
        .months_unit = " months",
        .range_separator = " – ",
        .meta_separator = " · ",
        .no_difference = "no difference",
        .rate_change_unit = " pp",
        .payback_month = "month {month}",
        .payback_never = "not paid back within {horizon} months",
        .beijing_time = "{date} {time} Beijing time (UTC+8)",
        .label_runs = "Simulated runs",
        .warning_few_replications =
            "Only {replications} replications: the P5–P95 bands are unstable; run at least {minimum}.",
        .warning_segment_emptied = "Segment “{segment}” has no customers left by the end of the horizon.",
        .warning_move_replaced_by_prices =
            "Competitor move “{move}” is not applied as a churn multiplier: {rival}'s own price moves stand "
            "in for it.",
        .warning_group_ids_ignored =
            "The extract's group ids of segment “{segment}” are ignored: no group class takes its members "
            "from it (members_from).",
        .zero_rows_hidden = "Rows that are zero throughout are left out.",

        .summary_heading = "Executive summary",
        .warnings_heading = "Warnings",
        .band_label = "P5–P95",
        .figures = {.subscribers_start = "Subscribers at start",
                    .subscribers_end = "Active at end",
                    .gross_adds = "Gross adds",
                    .churners = "Churners",
                    .churn_rate_monthly = "Monthly churn (churners ÷ subscribers billed)",
                    .revenue_total = "Revenue",
                    .cost_total = "Cost",
                    .margin_total = "Margin",
                    .npv_margin = "NPV of margin",
                    .arpu = "ARPU",
                    .mou = "MOU",
                    .survival = "Survival"},
        .notes = {.horizon_total = "Total over the horizon",
                  .discounted = "Discounted at the scenario's annual rate",
                  .at_horizon_end = "Active at the end of the last month",
                  .churn_rate = "Churners over the horizon ÷ subscribers billed, summed over the months",
                  .per_subscriber_month = "Per subscriber per month",
                  .margin_definition =
                      "Margin = revenue − cost, cost including fixed cost; every margin in this report is "
                      "this one."},
        .offers = {.heading = "Offers",
                   .note =
                       "Contribution is the holders' revenue less the offer's cost (subsidies, handsets, "
                       "gifts, ...) over the horizon, before fixed cost, so not the margin above; paid back "
                       "in: the share of replications in which its cumulative contribution turns positive "
                       "within the horizon.",
                   .column_offer = "Offer",
                   .column_take_ups = "Take-ups",
                   .column_holders_end = "Holders at end",
                   .column_revenue = "Revenue",
                   .column_margin = "Gross contribution (holders, before fixed cost)",
                   .column_payback = "Gross payback (median)",
                   .column_paid_back = "Paid back in"},
        .unit_economics =
            {.heading = "Unit economics",
             .note = "Per replication, then P5 – P95 over replications. Outlay per taker: subsidy + "
                     "handset cost + gift at take-up − handset retail price. Margin per holder-month: "
                     "the offer's contribution before the outlays and the launch cost, over the months "
                     "its holders were billed. Payback per taker: outlay ÷ that margin, in months "
                     "billed. Break-even take-up: the takers at which the offer's NPV (its "
                     "contribution discounted, launch cost included) is zero. NPV per ¥ spent: that NPV "
                     "÷ (takers × outlay + launch cost). See docs/models.md, section 31.",
             .column_offer = "Offer",
             .column_outlay = "Outlay per taker",
             .column_margin_rate = "Margin per holder-month",
             .column_payback = "Payback per taker",
             .column_launch_cost = "Launch cost",
             .column_break_even = "Break-even take-up",
             .column_take_ups = "Take-ups",
             .column_npv = "NPV",
             .column_npv_per_cny = "NPV per ¥ spent",
             .never = "never",
             .defined_in = "in {n} of {replications} replications",
             .sheet = "Unit economics",
             .unit_ratio = "¥ per ¥"},

        .charts_heading = "Trends",
        .month_axis = "Month",
        .no_script = "The charts need JavaScript to display.",
        .series = {.mean = "Mean",
                   .band = "P5–P95 band",
                   .p5 = "P5",
                   .p95 = "P95",
                   .revenue = "Revenue",
                   .margin = "Margin"},
        .revenue_lines = {.fee = "Monthly fees",
                          .bundle_components = "Bundle components",
                          .overage_voice = "Voice overage",
                          .intra_group = "Group V-net calls",
                          .overage_data = "Data overage",
                          .overage_sms = "SMS overage",
                          .min_spend_topup = "Minimum-spend top-ups",
                          .device = "Handset sales",
                          .termination_fee = "Termination fees",
                          .prepay_forfeit = "Forfeited prepaid credit",
                          .price_match = "Rival's price matched (cut on members' bills)",
                          .other = "Other revenue"},
        .whole_base = "Whole base",
        .chart_subscribers = {.title = "Active at month end",
                              .caption = "Subscribers active at each month's end, whole base, the count of "
                                         "“Active at end”: the line is the mean, the shaded band P5–P95."},
        .chart_subscribers_by_segment = {.title = "Active at month end by segment",
                                         .caption = "Mean subscribers active at each month's end, stacked by "
                                                    "segment."},
        .chart_revenue_margin = {.title = "Monthly revenue and margin",
                                 .caption =
                                     "Whole base, CNY per month: lines are means, shaded bands P5–P95."},
        .chart_churn = {.title = "Monthly churn rate by segment",
                        .caption =
                            "Churners as a share of subscribers billed in the month (mean); the dashed "
                            "line is the whole base."},
        .chart_survival = {.title = "Survival by segment",
                           .caption =
                               "Share of a segment's customers still active after each month: in each "
                               "replication the product of (1 − churn rate) up to that month; the mean "
                               "over replications."},
        .chart_tier_mix = {.title = "Tier mix",
                           .caption = "Mean active subscribers per tier at month end, stacked."},
        .chart_revenue_lines =
            {.title = "Revenue by line",
             .caption = "Whole base, mean CNY per month by revenue line, stacked; lines that are zero "
                        "throughout are left out."},

        .tables_heading = "Details",
        .segment_table_heading = "Segments",
        .segment_table_note =
            "Means over replications. Revenue is the total over the horizon; ARPU and churn rate are, "
            "in each replication, the horizon's revenue and churners per subscriber billed.",
        .segment_band_hint = " Hover over a figure for its P5–P95 band.",
        .column_segment = "Segment",
        .column_subscribers_start = "Subscribers at start",
        .column_subscribers_end = "Subscribers at end",
        .column_revenue = "Revenue",
        .column_arpu = "ARPU (month)",
        .column_churn_rate = "Monthly churn",
        .headline_table_heading = "Headline figures",
        .headline_table_note = "Mean over replications, standard error of the mean, and percentiles.",
        .column_figure = "Figure",
        .column_mean = "Mean",
        .column_std_error = "Std. error",
        .column_p5 = "P5",
        .column_p50 = "P50 (median)",
        .column_p95 = "P95",

        .appendix_heading = "Appendix: assumptions and run details",
        .label_scenario = "Scenario",
        .label_seed = "Seed",
        .label_replications = "Replications",
        .label_horizon = "Horizon",
        .label_version = "offersim version",
        .label_generated_at = "Generated at",
        .label_chart_library = "Chart library",
        .label_price_response = "What answers prices",
        .price_response_segments =
            "Churn answers our prices in {segments}, against the prices of '{reference}'; "
            "in the other segments it does not.",
        .price_response_none =
            "Churn answers no price in this scenario: no segment has price_response, or it "
            "is at its own reference prices.",
        .price_response_segment = "{id} (churn elasticity {elasticity})",
        .price_response_rivals = ", weighing the prices of {rivals}",
        .price_response_discount_point =
            " with a discount point at {threshold} of the bill (strength {strength})",
        .price_response_limits =
            "Gross adds answer prices in the same segments. Usage answers prices only in segments with "
            "usage_response (an elasticity per service, the off-peak shift and a flat-rate uplift).",
        .take_up_fixed =
            "Offers taken by a fixed share of those eligible (take_up's new_share and existing_share), "
            "whatever their fee, subsidy or gift, which move only their revenue and cost: {offers}.",
        .take_up_chosen =
            "Offers that segments with plan_choice choose by expected bill, overage risk and subsidy: "
            "{offers}.",
        .scenario_yaml_heading = "Scenario as run (resolved YAML)",
        .licence_summary = "Licence: ",
        .footer = "Generated by offersim as one self-contained file; it opens and prints offline.",
        .cost_lines = {.network_voice = "Network: voice",
                       .network_data = "Network: data",
                       .network_sms = "Network: SMS",
                       .interconnect = "Interconnect",
                       .interconnect_income_lost = "Interconnect income lost (won back)",
                       .commission = "Channel commission",
                       .subsidy = "Handset subsidy",
                       .device = "Handset purchase",
                       .gift = "Gifts",
                       .bundle_components = "Bundle component cost",
                       .bad_debt = "Bad debt",
                       .retention = "Retention campaigns",
                       .fixed = "Fixed cost"},
        .monthly_lines = {.active = "Subscribers billed",
                          .gross_adds = "Gross adds",
                          .churners = "Churners",
                          .churners_group_switch = "Churners: group switch",
                          .active_end = "Active at month end",
                          .offer_take_ups = "Offer take-ups",
                          .voice_min = "Voice minutes",
                          .off_net_min = "Off-net minutes",
                          .inbound_min_lost = "Inbound minutes lost (won back)",
                          .data_mb = "Data (MB)",
                          .sms = "SMS",
                          .plan_changes = "Plan changes",
                          .bill_shocks = "Bill shocks",
                          .vip_upgrades = "VIP upgrades",
                          .vip_downgrades = "VIP downgrades",
                          .vip_warned = "Under downgrade warning",
                          .retention_contacts = "Retention contacts",
                          .retention_accepts = "Retention offers accepted"},
        .behaviour = {.heading = "Customer behaviour",
                      .intro =
                          "Plan choice, bill shocks, VIP grading and retention campaigns, as the scenario's "
                          "behaviour models drive them.",
                      .column_total = "Over the horizon",
                      .totals_note = "Mean over replications, with the P5–P95 band.",
                      .chart = {.title = "Behaviour by month",
                                .caption =
                                    "Mean plan changes, bill shocks, VIP re-grades and accepted retention "
                                    "offers per month, whole base."},
                      .migrations_heading = "Plan migration flows",
                      .column_from = "From tier",
                      .column_to = "To tier",
                      .column_customers = "Customers",
                      .migrations_note =
                          "Customers who moved between tiers by their own choice over the "
                          "horizon (re-choice at contract end, on bill shock or on a campaign's "
                          "contact), largest flows first.",
                      .no_migrations = "No customer changed tier by choice."},
        .sheets = {.headline = "Headline",
                   .segments = "Segments",
                   .monthly = "Monthly (whole base)",
                   .offers = "Offers",
                   .run = "Run",
                   .notes = "Notes",
                   .column_topic = "Topic",
                   .column_statement = "Statement",
                   .comparison = "Comparison",
                   .baseline = "Baseline",
                   .column_key = "Key",
                   .column_value = "Value",
                   .monthly_suffix = " monthly",
                   .offers_suffix = " offers",
                   .column_n = "n",
                   .column_unit = "Unit",
                   .heading_with_unit = "{heading} ({unit})",
                   .unit_cny = "CNY",
                   .unit_count = "count",
                   .unit_share = "share",
                   .unit_minutes = "minutes",
                   .unit_month = "month number"},
        .comparison =
            {.report_kind = "Marketing offer comparison",
             .document_title_suffix = "offersim comparison",
             .title_one = "{variant} vs {baseline}",
             .title_many = "{count} variants vs {baseline}",
             .label_baseline = "Baseline",
             .label_variants = "Variants",
             .question_label = "Question",
             .recommendation_label = "Recommendation",
             .question_one = "Should we launch “{variant}” instead of the baseline “{baseline}”?",
             .question_many = "Which of the {count} variants, if any, should we launch instead of the "
                              "baseline “{baseline}”?",
             .recommend = "Launch “{variant}”: it adds {npv} to the NPV of margin (P5–P95 {npv_p5} – "
                          "{npv_p95}, {band_state}) {cost_phrase}, and {payback_phrase}.",
             .none_recommended =
                 "None recommended: no variant raises the NPV of margin across its whole P5–P95 band. The "
                 "best, “{variant}”, changes it by {npv} (P5–P95 {npv_p5} – {npv_p95}, {band_state}) "
                 "{cost_phrase}, and {payback_phrase}.",
             .caveat_higher_mean = "“{variant}” has a higher mean gain ({npv}), but its P5–P95 band "
                                   "({npv_p5} – {npv_p95}) includes zero.",
             .cost_increase = "for {cost} of incremental cost",
             .cost_decrease = "while lowering cost by {cost}",
             .payback_within = "pays back in month {month}",
             .band_above_zero = "entirely above zero",
             .band_includes_zero = "includes zero",
             .band_below_zero = "entirely below zero",
             .cards_lead = "Effect of “{variant}” against “{baseline}”: variant minus baseline, mean and "
                           "P5–P95 band over replications with the same random draws.",
             .card_revenue = "Incremental revenue",
             .card_margin = "Incremental margin",
             .card_npv = "Incremental NPV of margin",
             .card_subscribers_end = "Subscribers at end",
             .card_churners = "Churners",
             .card_payback = "Payback (median)",
             .card_payback_note = "Cumulative incremental margin turns positive in {share} of replications",
             .card_cost = "Incremental cost",
             .table_heading = "All variants compared",
             .table_note = "Changes against the baseline over the horizon: mean, with the P5–P95 band below "
                           "it.",
             .sort_note = "Click a column heading to sort.",
             .sort_hint = "Sort by this column",
             .column_variant = "Variant",
             .column_group_change = "Change against the baseline",
             .column_npv = "Δ NPV of margin",
             .column_npv_band = "NPV band",
             .column_revenue = "Δ Revenue",
             .column_cost = "Δ Cost",
             .column_margin = "Δ Margin",
             .column_subscribers_end = "Δ Subscribers at end",
             .column_churners = "Δ Churners",
             .column_payback = "Payback (median)",
             .column_paid_back = "Paid back in",
             .recommended_tag = "Recommended",
             .chart_cumulative = {.title = "Cumulative incremental margin",
                                  .caption = "Variant minus baseline, CNY summed from month 1: lines are "
                                             "means, shaded bands P5–P95; the dashed line marks the median "
                                             "payback month."},
             .chart_monthly = {.title = "Monthly incremental margin",
                               .caption = "Variant minus baseline, CNY per month: lines are means, shaded "
                                          "bands P5–P95."},
             .chart_cost_lines = {.title = "Incremental cost by line",
                                  .caption = "Change in each cost line over the horizon (mean CNY); lines "
                                             "unchanged in every variant are left out."},
             .payback_marker = "Payback: month {month}",
             .cost_total_category = "Total cost",
             .break_even = "Break-even",
             .details_heading = "Variants in detail",
             .delta_table_heading = "{variant}: every figure",
             .delta_table_note = "Baseline and variant means, then the paired change (variant minus "
                                 "baseline, per replication): mean, standard error and percentiles.",
             .column_baseline = "Baseline",
             .column_variant_value = "Variant",
             .column_change = "Change",
             .offers_heading = "{variant}: offers",
             .waterfall_heading = "{variant}: where the revenue change comes from",
             .waterfall_note =
                 "Price: the change with every response to prices off (the same customers, the same "
                 "usage, billed at the variant's prices). Each response: what it adds when it alone is "
                 "turned on. Remainder: what the responses add together beyond their sum. The bars add "
                 "up to the paired change (docs/models.md, \"Revenue waterfall\").",
             .waterfall_column_mechanism = "Mechanism",
             .waterfall_column_change = "Revenue change (CNY)",
             .waterfall_column_band = "P5 to P95",
             .waterfall_price = "Price",
             .waterfall_usage = "Usage response",
             .waterfall_migration = "Tier migration",
             .waterfall_churn = "Churn response",
             .waterfall_acquisition = "Acquisition",
             .waterfall_remainder = "Interaction remainder",
             .waterfall_total = "Paired revenue change",
             .waterfall_not_modelled = "not modelled in either scenario",
             .column_offer_cost = "Cost",
             .monthly_table_heading = "{variant}: incremental margin by month",
             .column_month = "Month",
             .column_monthly_change = "Monthly change",
             .column_cumulative_change = "Cumulative change",
             .baseline_yaml_heading = "Baseline scenario as run (resolved YAML)",
             .footer = "Generated by offersim compare as one self-contained file; it opens and prints "
                       "offline.",
             .changes_heading = "What each variant changes",
             .changes_note = "The variant's scenario as run, compared with the baseline's setting by setting "
                             "(list items matched by id). A variant that changes the customer base or the "
                             "cost assumptions is not like for like: its difference is not the offer's "
                             "alone.",
             .column_setting = "Setting",
             .no_changes = "Identical to the baseline.",
             .value_absent = "(not set)",
             .area_customer_base = "the customer base (segment sizes or arrivals)",
             .area_costs = "the cost assumptions",
             .not_like_for_like = "⚠ Not like for like: changes {areas}"},
        .win_back =
            {.heading = "Win-back of competitors' customers",
             .intro = "Converts reported: {reported}; confirmed by the success test: {confirmed}, {share} of "
                      "the target of {target}.",
             .chart = {.title = "Reported and confirmed win-backs",
                       .caption =
                           "Cumulative converts by switch month and confirmed win-backs by the month "
                           "of the test (months {first_month} to {last_month} after the switch), means "
                           "over replications."},
             .series_reported = "Reported",
             .series_confirmed = "Confirmed",
             .series_target = "Target",
             .table_heading = "Win-back by region",
             .column_region = "Region",
             .column_target = "Target",
             .column_eligible = "Targets",
             .column_employees = "Staff removed",
             .column_contacted = "Contacted",
             .column_reported = "Reported",
             .column_confirmed = "Confirmed",
             .column_pending = "Not yet judged",
             .column_reported_points = "Points on reports",
             .column_confirmed_points = "Points",
             .total_row = "All regions",
             .table_note = "Means over replications. Points: the target or more scores full points "
                           "({full_points}), below {zero_below} of it none, linear between; the province "
                           "scores confirmed win-backs.",
             .accuracy_note = "In the simulation the test confirmed {switcher_rate} of real switchers and "
                              "{second_sim_rate} of second-SIM converts.",
             .revenue_note = "Converts join the customer base in the month after their switch (the won-back "
                             "segments), and leave at the rebound rate once assessed. Their revenue to the "
                             "horizon: {revenue}; handset subsidies and rewards paid: {subsidy}.",
             .churners_note = "Our own churners fed the pool: {joined} joined it within the horizon, "
                              "targeted by the minutes they called our network with."},
        .groups = {.heading = "Enterprise groups",
                   .note = "Groups simulated as wholes beside the customer base: purity, group products "
                           "adopted, competitor bids for whole groups and value tiers. Their members are not "
                           "added to the subscriber figures above.",
                   .kpi_heading = "Group KPIs",
                   .groups_total = "Groups",
                   .groups_switched = "Whole-group switches",
                   .switches_expected = "Switches the model expects, given the bids",
                   .bids_received = "Competitor bids received",
                   .purity_start = "Purity at start",
                   .purity_end = "Purity at end",
                   .target_market_retention_end = "Target-market retention rate at end",
                   .member_revenue_total = "Members' revenue",
                   .informatization_revenue_total = "Informatization revenue",
                   .marketing_cost_total = "Group marketing cost",
                   .tier_drop_warnings = "Tier-drop warnings",
                   .groups_new = "New groups settled",
                   .groups_under_agreement_end = "Groups under agreement at end",
                   .agreement_renewals = "Agreements renewed",
                   .early_exits = "Switches under agreement",
                   .early_exit_fees_total = "Early-exit fees received",
                   .reward_cost_total = "Value-tier rewards",
                   .member_cost_total = "Cost to serve members",
                   .unified_payment_share = "Unified-payment share of members' revenue",
                   .price_matches = "Rival's price matched (groups)",
                   .price_match_cost_total = "Revenue forgone matching the rival's price",
                   .margin_total = "Group margin",
                   .members_joined = "Members who joined groups",
                   .joiners_revenue_total = "Revenue of members who joined groups",
                   .kpi_note = "Purity: members on our network over all members. Target-market retention: "
                               "members on our network at the start still on it. Revenue over the horizon.",
                   .class_heading = "Group classes",
                   .column_class = "Class",
                   .column_industry = "Industry",
                   .column_groups = "Groups",
                   .column_purity_start = "Purity at start",
                   .column_purity_end = "Purity at end",
                   .column_retention = "Retention at end",
                   .column_switched = "Switched",
                   .column_informatization = "Informatization revenue",
                   .column_tier_drops = "Tier drops",
                   .tier_heading = "Value tiers",
                   .column_tier = "Tier",
                   .column_groups_first_month = "Groups, month 1",
                   .column_groups_end = "Groups at end",
                   .tier_note = "Groups still ours, by the tier of their latest value score (means over "
                                "replications).",
                   .warning = "{count} tier-drop warnings on average over the horizon: groups whose value "
                              "tier fell at a re-score.",
                   .chart_purity = {.title = "Group purity and retention",
                                    .caption = "Share of members on our network by group class, and the "
                                               "target-market retention rate (means)."},
                   .chart_tiers = {.title = "Groups by value tier",
                                   .caption = "Groups still ours by value tier (means, stacked)."},
                   .series_purity_all = "Purity, all groups",
                   .series_retention = "Target-market retention rate"},
        .module_deltas =
            {.heading = "{variant}: enterprise groups, win-back and per-customer views",
             .note = "Paired changes, variant minus baseline: each replication runs both scenarios with the "
                     "same seed and replication index, so a variant that changes nothing differs by exactly "
                     "zero. Counts and points are means over replications; the band is P5–P95.",
             .headline_includes = "The headline revenue, cost, margin and NPV above include {parts}; ARPU, "
                                  "MOU, the cost lines and the monthly tables are the customer base's alone.",
             .part_groups =
                 "the group members' fees, the informatization revenue and the early-exit fees "
                 "of enterprise groups, less the adoptions' marketing cost, the value-tier rewards "
                 "and the cost to serve members",
             .part_win_back = "the won-back customers' fees from the month after their switch, less their "
                              "handset subsidies",
             .parts_separator = "; and ",
             .group_switches = "Whole-group switches",
             .group_purity_end = "Group purity at end",
             .group_target_market_retention_end = "Target-market retention at end",
             .group_informatization_revenue = "Informatization revenue",
             .group_member_revenue = "Group members' revenue",
             .group_marketing_cost = "Group marketing cost",
             .win_back_reported = "Win-backs reported",
             .win_back_confirmed = "Win-backs confirmed",
             .win_back_points = "Win-back points, {region}",
             .win_back_revenue = "Win-back revenue",
             .win_back_subsidy_cost = "Win-back handset subsidies",
             .win_back_margin = "Win-back margin",
             .group_new_groups = "New groups settled",
             .group_under_agreement_end = "Groups under agreement at end",
             .group_early_exit_fees = "Early-exit fees received",
             .group_reward_cost = "Value-tier rewards",
             .group_member_cost = "Cost to serve group members",
             .group_unified_payment_share = "Unified-payment share",
             .group_price_match_cost = "Revenue forgone matching the rival's price",
             .group_margin = "Group margin",
             .win_back_churners_joined = "Our churners joining the win-back pool",
             .group_members_joined = "Members who joined groups",
             .group_joiners_revenue = "Revenue of members who joined groups",
             .view_revenue_level = "Revenue, VIP level: {level}",
             .view_revenue_band = "Revenue, ARPU band {band} CNY",
             .view_top_fifth_margin_share = "Top fifth of customers' share of margin, last months"},
        .offer_effects =
            {.heading = "Offer effects: {variant} (incremental, against the world without the offer)",
             .note = "Incremental margin: the margin with the offer minus the margin without it, same "
                     "customers and draws, over the horizon (fixed cost cancels). Cannibalised revenue: "
                     "over the offer's holders, each month, what they would have paid without the offer "
                     "minus what they pay with it, where positive. Incremental payback: the month from "
                     "which the cumulative incremental margin, counted from the offer's launch, stays at "
                     "or above zero (median over replications). Gross figures are the holders' own revenue "
                     "less the offer's cost, before fixed cost: what holders bring, not what the offer adds.",
             .column_offer = "Offer",
             .column_take_ups = "Take-ups",
             .column_incremental_margin = "Incremental margin",
             .column_cannibalised = "Cannibalised revenue",
             .column_incremental_payback = "Incremental payback",
             .column_gross_margin = "Gross holder contribution",
             .column_gross_payback = "Gross payback",
             .column_basis = "Measured against",
             .column_npv_per_cny = "Incremental NPV per ¥ spent",
             .column_break_even = "Break-even take-up (incremental)",
             .basis_variant = "the baseline (the variant's only offer)",
             .basis_leave_one_out = "the variant without this offer",
             .basis_not_measured = "not measured: run compare --leave-one-out",
             .not_measured = "not measured",
             .leave_one_out_cost =
                 "Leave-one-out added {runs} runs, each costing about as much as the variant's own.",
             .chart_cash = {.title = "Cumulative incremental cash: {variant}",
                            .caption = "Mean cumulative margin change against the baseline, undiscounted "
                                       "and discounted; its own scale."},
             .series_cumulative = "Cumulative change",
             .series_discounted = "Discounted at {rate} a year",
             .trough_marker = "Trough, month {month}: {depth}",
             .payback_marker = "Paid back, month {month}",
             .cash_summary = "{trough} {payback} Discounted at {rate} a year, the change comes to {npv} by "
                             "the last month (the NPV change).",
             .trough_sentence = "The cumulative change is lowest in month {month}, at {depth}.",
             .no_trough = "The cumulative change never falls below zero.",
             .payback_sentence = "The mean cumulative line turns non-negative for good in month {month}.",
             .no_payback = "The mean cumulative line is not back above zero within {horizon} months.",
             .no_cash_difference =
                 "The variant's margin equals the baseline's in every month: no difference.",
             .horizon_heading = "What the horizon leaves out",
             .horizon_contracts =
                 "At the end of month {horizon}, {customers} customers still hold a contract "
                 "({delta} against the baseline), with {months} contract months left "
                 "({average} months each on average). Their revenue, cost and churn after "
                 "month {horizon} are in no figure here.",
             .horizon_no_contracts = "No customer holds a contract beyond month {horizon}.",
             .horizon_left_out = "Every figure stops at month {horizon}: revenue, cost and churn after it, "
                                 "and handsets still being paid off, are not counted."},
        .sweep = {.report_kind = "Parameter sweep",
                  .title = "What if: {scenario} over a range of values",
                  .label_scenario = "Scenario",
                  .intro =
                      "Each of the {points} points is the scenario “{scenario}” with the values in its row; "
                      "every point runs with the same random draws as the scenario as written, so each "
                      "change is paired (point minus the scenario as written) and its band is the "
                      "change's own.",
                  .runs_note = "{runs} runs stepped in {passes} lockstep pass(es).",
                  .table_heading = "Every point",
                  .column_point = "Point",
                  .column_npv_delta = "NPV of margin, change",
                  .column_npv_band = "P5–P95",
                  .column_margin_delta = "Margin, change",
                  .column_churn = "Monthly churn",
                  .column_churn_delta = "Churn, change",
                  .column_payback = "Payback month (median)",
                  .column_win_back = "Confirmed win-backs",
                  .chart_line = {.title = "NPV of margin, change, by {parameter}",
                                 .caption =
                                     "Mean change against the scenario as written, with its P5–P95 band."},
                  .chart_heatmap = {.title = "NPV of margin, change, by {x} and {y}",
                                    .caption = "Mean change against the scenario as written at each point."},
                  .footer = "Generated by offersim sweep. Figures are means over replications; bands are "
                            "P5–P95 of the paired change."},
        .assumptions =
            {.heading = "Assumptions of the scenario",
             .note =
                 "Every value of the scenario as run, with the comment beside or above it in the scenario "
                 "file: a comment that begins \"assumption\" marks an assumption, any other cites the "
                 "data; a value without one states neither. The whole scenario is in "
                 "scenario.resolved.yaml.",
             .column_key = "Setting",
             .column_value = "Value",
             .column_unit = "Unit",
             .column_source = "Source",
             .column_note = "Note (below)",
             .source_data = "data",
             .source_assumption = "assumption",
             .source_not_stated = "not stated",
             .unit_cny = "CNY",
             .unit_cny_per_month = "CNY a month",
             .unit_cny_per_minute = "CNY a minute",
             .unit_cny_per_mb = "CNY per MB",
             .unit_cny_per_sms = "CNY per SMS",
             .unit_cny_per_add = "CNY per new customer",
             .unit_minutes = "minutes",
             .unit_mb = "MB",
             .unit_sms = "SMS",
             .unit_months = "months",
             .unit_customers = "customers",
             .unit_customers_per_month = "customers a month",
             .unit_share = "share",
             .unit_monthly_rate = "a month",
             .unit_annual_rate = "a year"},
        .uncertainty =
            {.label_band = "What the band holds",
             .noise_only = "No input is uncertain: every P5–P95 band here is simulation noise only, the "
                           "spread of repeated runs with the same assumptions. It says nothing about the "
                           "business risk of those assumptions being wrong.",
             .parts = "Of the variance of {figure}, {parameter_share} comes from the uncertain inputs "
                      "(standard deviation {parameter_sd}) and {noise_share} is simulation noise (standard "
                      "deviation {noise_sd}), by a one-way analysis of variance over {draws} parameter "
                      "draws of {n_inner} replications each.",
             .floored = " The parameter part came out below zero and is shown as zero: with this many "
                        "draws the inputs' effect cannot be told from the noise.",
             .total_used = "Probabilities and the recommendation use the whole band, both parts together.",
             .hangs_on = "The figures hang most on {inputs}.",
             .label_inputs = "Uncertain inputs",
             .input_row = "{path}: {law}, P5 {p5}, median {median}, P95 {p95}; source: {source}",
             .no_source = "not given",
             .chart_tornado = {.title = "What {figure} hangs on",
                               .caption = "Change in the mean when one input is at its P5 or its P95 and "
                                          "every other input at its median, same random numbers."},
             .variant_figure = "the NPV change of {variant}",
             .series_at_p5 = "Input at its P5",
             .series_at_p95 = "Input at its P95",
             .tornado_note = "Each bar is one more run ({runs} in all) against the run with every input at "
                             "its median.",
             .column_input = "Input",
             .column_npv_p5 = "NPV change, input at P5",
             .column_npv_p95 = "NPV change, input at P95",
             .column_churn_p5 = "Churn change, input at P5",
             .column_churn_p95 = "Churn change, input at P95"},
        .customer_views =
            {.heading = "Customers in detail",
             .note = "Billed customers and their revenue by VIP level and by ARPU band, and how much of the "
                     "margin the top fifth of customers bring (docs/models.md, \"Per-customer views\"). "
                     "A customer's revenue is its bill, top-up, termination fee and forfeited prepay of the "
                     "month; handsets sold at retail are booked per offer and are not in it.",
             .vip_heading = "By VIP level",
             .vip_note = "The level each customer held during the month's bill; rows with no customers are "
                         "hidden.",
             .band_heading = "By ARPU band",
             .band_note = "Each customer counts in the band of its revenue in the month, so a customer can "
                          "move between bands; rows with no customers are hidden.",
             .column_level = "VIP level",
             .column_band = "ARPU band",
             .column_customers = "Customers per month",
             .column_revenue = "Revenue over the horizon",
             .column_arpu = "ARPU",
             .column_range = "P5–P95",
             .no_level = "No level",
             .band_below = "Below ¥{upper}",
             .band_between = "¥{lower} to ¥{upper}",
             .band_above = "¥{lower} and above",
             .margin_heading = "Margin from the top fifth of customers",
             .margin_note = "Each month the customers billed in it are ranked by their margin that month "
                            "(revenue less what their own use and terms cost); the share is the margin of "
                            "the top fifth over the margin of all of them.",
             .column_period = "Period",
             .column_share = "Share of margin",
             .margin_last = "Average of the last {months} months",
             .margin_month = "Month {month}",
             .group_heading = "Group score list",
             .group_note = "The {shown} of {total} groups most likely to switch, then lowest in value; every "
                           "group is in summary.json and report.xlsx.",
             .column_group = "Group",
             .column_score = "Value score",
             .column_tier = "Value tier",
             .column_warnings = "Tier-drop warnings",
             .column_switched = "Switched (share of runs)",
             .group_label = "{class} #{index}",
             .column_month = "Month",
             .column_tier_rank = "Tier rank (1 highest)",
             .chart_vip_revenue = {.title = "Revenue by VIP level",
                                   .caption =
                                       "Each month's revenue of the customers billed in it, by the VIP "
                                       "level they held that month (means, stacked)."},
             .chart_band_revenue = {.title = "Revenue by ARPU band",
                                    .caption =
                                        "Each month's revenue of the customers billed in it, by the band "
                                        "their own revenue that month falls in (means, stacked)."}},
        .solve = {.report_kind = "Solver",
                  .title = "{parameter} at which {metric} = {target}",
                  .intro =
                      "The value of {parameter} at which the mean of {metric} over {replications} "
                      "replications reaches {target}, against {baseline} for a change. Every value is run "
                      "with the same random draws (common random numbers) and the bracket is halved until "
                      "it is no wider than the tolerance; the band is a bootstrap over the replications "
                      "(docs/models.md, section 24).",
                  .answer_heading = "Answer",
                  .label_scenario = "Scenario",
                  .label_answer = "Answer",
                  .label_band = "P5–P95 (bootstrap)",
                  .label_std_error = "Standard error",
                  .label_bracket = "Final bracket",
                  .label_searched = "Bracket searched",
                  .label_tolerance = "Tolerance",
                  .label_runs = "Runs",
                  .label_outside = "Resamples beyond the values run",
                  .outside_warning =
                      "{outside} of {resamples} bootstrap resamples found their root beyond the "
                      "values run and were clamped: the band is too narrow. Widen the tolerance or "
                      "add replications.",
                  .values_heading = "Values tried, in the order run",
                  .column_order = "#",
                  .column_value = "Value",
                  .column_mean = "Mean",
                  .column_std_error = "Standard error",
                  .column_p5 = "P5",
                  .column_p95 = "P95",
                  .footer = "Generated by offersim solve. solve.json holds every number at full precision."},
        .optimise =
            {.report_kind = "Optimiser",
             .title_max = "The values that maximise {objective}",
             .title_min = "The values that minimise {objective}",
             .intro = "The best values of {parameters} within their bounds, every point run with the same "
                      "{replications} replications (common random numbers), searched by NLopt's "
                      "{algorithm} in {runs} runs. The optimum is then run again on as many fresh "
                      "replications: the optimiser picks the point whose draws happened to be kind, so "
                      "the fresh figures are the honest ones.",
             .piecewise_note = "With common random numbers the objective is piecewise constant in the values "
                               "(a customer takes an offer or leaves at a threshold), so the search is "
                               "derivative-free and each value is run on a grid of a quarter of its "
                               "tolerance; the optimum is good to about that tolerance.",
             .label_scenario = "Scenario",
             .optimum_heading = "Optimum",
             .column_parameter = "Parameter",
             .column_value = "Value",
             .column_bounds = "Bounds",
             .column_tolerance = "Tolerance",
             .objective_heading = "Objective at the optimum",
             .column_where = "Replications",
             .in_search = "In the search ({replications})",
             .on_fresh = "Fresh ({replications})",
             .column_mean = "Mean",
             .column_band = "P5–P95",
             .column_std_error = "Standard error",
             .constraints_heading = "Constraints at the optimum",
             .no_constraints = "No constraints: the bounds only.",
             .column_constraint = "Constraint",
             .column_margin = "Margin (search)",
             .column_fresh_value = "Mean (fresh)",
             .column_fresh_margin = "Margin (fresh)",
             .column_holds = "Holds on fresh",
             .yes = "yes",
             .no = "no",
             .relaxed_note = "{written} is relaxed to {metric} >= 0: a payback month jumps as the values "
                             "move, cumulative incremental cash at that month moves with them.",
             .stopped_heading = "Why the search stopped",
             .stopped_xtol = "The values moved less than their tolerance.",
             .stopped_ftol = "The objective stopped improving.",
             .stopped_max_runs = "The limit of {runs} runs was reached; raise --max-runs for a finer search.",
             .stopped_other = "NLopt stopped: {reason}.",
             .points_heading = "Points run, in order",
             .column_point = "#",
             .column_objective = "Objective (mean)",
             .column_feasible = "Meets the constraints",
             .footer = "Generated by offersim optimise. optimise.json and optimise.csv hold every number at "
                       "full precision."},
        .calibration = {.kicker = "offersim calibration",
                        .title = "Fit of the models to the operator's data",
                        .sources = "Fitted from",
                        .churn_heading = "Churn by tenure",
                        .churn_note =
                            "Both models by maximum likelihood, with right censoring and left truncation "
                            "(a customer already in the base counts only from the tenure at which the "
                            "history first saw them). Standard errors from the observed information. "
                            "calibration.yaml takes the model of higher log-likelihood.",
                        .choice_heading = "Plan choice (multinomial logit)",
                        .choice_note =
                            "Utility weights by maximum likelihood; rho² = 1 − LL / LL(all zero). "
                            "calibration.yaml writes price_per_cny = −weight(bill) / price_sensitivity, "
                            "overage_risk = −weight(risk), subsidy_per_cny and inertia; the switching "
                            "cost is not identified apart from inertia and is written as 0.",
                        .usage_heading = "Usage across customers",
                        .column_segment = "Segment",
                        .column_model = "Model",
                        .column_parameter = "Parameter",
                        .column_estimate = "Estimate",
                        .column_std_error = "Std. error",
                        .column_log_likelihood = "Log-likelihood",
                        .column_customers = "Customers",
                        .column_churners = "Churners",
                        .column_chosen = "Written",
                        .column_situations = "Choices",
                        .column_rho_squared = "rho²",
                        .column_service = "Service",
                        .column_distribution = "Distribution",
                        .column_mean = "Mean",
                        .column_cv = "CV",
                        .column_month = "Tenure month",
                        .observed = "Observed (Kaplan-Meier)",
                        .fitted_sbg = "Fitted sBG",
                        .fitted_weibull = "Fitted Weibull",
                        .survival_chart = "Survival by tenure month, {segment}: observed and fitted",
                        .not_converged = "did not converge: {note}",
                        .yes = "yes"},
        .backtest = {.kicker = "offersim backtest",
                     .title = "Back-test of the churn fit against what happened",
                     .sources = "History",
                     .setup = "Fitted on months 1–{fit}, predicted months {next}–{months} for the customers "
                              "active at month {fit}, over {draws} draws of the fitted parameters (their "
                              "covariance from the fit) and of each customer's remaining lifetime.",
                     .errors_heading = "Back-test errors",
                     .errors_note =
                         "MAPE: the mean of |predicted mean − actual| / actual over the predicted "
                         "months; bias: the mean of (predicted − actual) / actual, above 0 when the "
                         "prediction runs high. Inside: months whose actual active count lies inside "
                         "the predicted P5–P95.",
                     .fit_heading = "The fit on the first months",
                     .months_heading = "Month by month, {segment}",
                     .chart_active = "Active customers, {segment}: actual against the predicted P5–P95",
                     .column_segment = "Segment",
                     .column_model = "Model",
                     .column_parameter = "Parameter",
                     .column_estimate = "Estimate",
                     .column_std_error = "Std. error",
                     .column_figure = "Figure",
                     .column_mape = "MAPE",
                     .column_bias = "Bias",
                     .column_inside = "Inside P5–P95",
                     .column_month = "Month",
                     .column_actual = "Actual",
                     .column_predicted = "Predicted (mean)",
                     .column_band = "P5–P95",
                     .active = "Active customers",
                     .churn_rate = "Monthly churn rate",
                     .revenue = "Revenue (CNY)",
                     .no_revenue =
                         "The history has no monthly_bill_cny column, so revenue is not back-tested.",
                     .band_name = "Predicted",
                     .actual_name = "Actual",
                     .path_engine =
                         "Predicted through the simulation's month step (--path engine): the customers "
                         "active at the cut as the initial base, the fit's churn included as uncertain "
                         "parameters, {parameter_draws} parameter draws of 2 replications each; revenue is "
                         "each customer's bill rated by the engine.",
                     .path_curve = "Predicted with the fitted survival curve directly (--path curve), not "
                                   "through the simulation."},
    };
    return text;
}

}  // namespace offersim::reports
