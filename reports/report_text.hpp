#pragma once
// Every word, heading, unit and number convention the reports show, one table per language
// (text_zh_cn.cpp, text_en.cpp). Renderers hold no text of their own: adding a language is
// adding a table.
#include <array>
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
};

// One-line notes under the executive-summary figures: what the number covers.
struct FigureNotes {
    std::string_view horizon_total;
    std::string_view discounted;
    std::string_view at_horizon_end;
    std::string_view monthly_average;
    std::string_view per_subscriber_month;
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
    std::string_view other;  // whatever the lines above miss of the total
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
    std::string_view payback_prefix;  // around the month number: "第 13 个月", "Month 13"
    std::string_view payback_suffix;
    std::string_view payback_never;  // when most replications do not pay back in the horizon
};

struct ReportText {
    std::string_view html_lang;  // BCP 47, for <html lang>
    NumberConventions numbers;

    std::string_view report_kind;  // the line above the scenario title
    std::string_view document_title_suffix;
    std::string_view minutes_unit;  // after a number of minutes, with its leading space if any
    std::string_view months_unit;
    std::string_view seconds_unit;
    std::string_view range_separator;  // between the ends of a band: "¥1.2亿 – ¥1.3亿"
    std::string_view meta_separator;

    std::string_view summary_heading;
    std::string_view warnings_heading;
    std::string_view band_label;  // before a band on a figure card
    FigureLabels figures;
    FigureNotes notes;
    OfferTableText offers;

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
    ChartText chart_tier_mix;
    ChartText chart_revenue_lines;

    std::string_view tables_heading;
    std::string_view segment_table_heading;
    std::string_view segment_table_note;
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
    std::string_view label_run_time;
    std::string_view label_generated_at;
    std::string_view label_chart_library;
    std::string_view scenario_yaml_heading;
    std::string_view licence_summary;  // followed by the library name and version
    std::string_view footer;
};

const ReportText& text_zh_cn();
const ReportText& text_en();

// The table for `language`; it lives for the whole program.
inline const ReportText& report_text(Language language) {
    switch (language) {
        case Language::en: return text_en();
        case Language::zh_cn: break;
    }
    return text_zh_cn();
}

}  // namespace offersim::reports
