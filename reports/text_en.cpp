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
        .seconds_unit = " s",
        .range_separator = " – ",
        .meta_separator = " · ",

        .summary_heading = "Executive summary",
        .warnings_heading = "Warnings",
        .band_label = "P5–P95",
        .figures = {.subscribers_start = "Subscribers at start",
                    .subscribers_end = "Subscribers at end",
                    .gross_adds = "Gross adds",
                    .churners = "Churners",
                    .churn_rate_monthly = "Average monthly churn",
                    .revenue_total = "Revenue",
                    .cost_total = "Cost",
                    .margin_total = "Margin",
                    .npv_margin = "NPV of margin",
                    .arpu = "ARPU",
                    .mou = "MOU"},
        .notes = {.horizon_total = "Total over the horizon",
                  .discounted = "Discounted at the scenario's annual rate",
                  .at_horizon_end = "Active at the end of the horizon",
                  .monthly_average = "Average over the months",
                  .per_subscriber_month = "Per subscriber per month"},
        .offers =
            {.heading = "Offers",
             .note = "Margin is the revenue an offer brings less its cost (subsidies, handsets, gifts, ...) "
                     "over the horizon; paid back in: the share of replications in which its cumulative "
                     "margin turns positive within the horizon.",
             .column_offer = "Offer",
             .column_take_ups = "Take-ups",
             .column_holders_end = "Holders at end",
             .column_revenue = "Revenue",
             .column_margin = "Margin",
             .column_payback = "Payback (median)",
             .column_paid_back = "Paid back in",
             .payback_prefix = "month ",
             .payback_suffix = "",
             .payback_never = "not within the horizon"},

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
                          .other = "Other revenue"},
        .whole_base = "Whole base",
        .chart_subscribers = {.title = "Active subscribers",
                              .caption =
                                  "Subscribers billed each month, whole base: the line is the mean, the "
                                  "shaded band P5–P95."},
        .chart_subscribers_by_segment = {.title = "Active subscribers by segment",
                                         .caption =
                                             "Mean subscribers billed each month, stacked by segment."},
        .chart_revenue_margin = {.title = "Monthly revenue and margin",
                                 .caption =
                                     "Whole base, CNY per month: lines are means, shaded bands P5–P95."},
        .chart_churn = {.title = "Monthly churn rate by segment",
                        .caption =
                            "Churners as a share of subscribers billed in the month (mean); the dashed "
                            "line is the whole base."},
        .chart_tier_mix = {.title = "Tier mix",
                           .caption = "Mean active subscribers per tier at month end, stacked."},
        .chart_revenue_lines =
            {.title = "Revenue by line",
             .caption = "Whole base, mean CNY per month by revenue line, stacked; lines that are zero "
                        "throughout are left out."},

        .tables_heading = "Details",
        .segment_table_heading = "Segments",
        .segment_table_note =
            "From the monthly means: revenue is the total over the horizon; ARPU and churn rate "
            "are averages weighted by subscribers billed.",
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
        .label_run_time = "Run time",
        .label_generated_at = "Generated at",
        .label_chart_library = "Chart library",
        .scenario_yaml_heading = "Scenario as run (resolved YAML)",
        .licence_summary = "Licence: ",
        .footer = "Generated by offersim as one self-contained file; it opens and prints offline.",
    };
    return text;
}

}  // namespace offersim::reports
