#include "reports/html_report.hpp"

#include "engine/core/error.hpp"
#include "reports/assumptions_table.hpp"
#include "reports/behaviour_section.hpp"
#include "reports/figure_format.hpp"
#include "reports/figure_tables.hpp"
#include "reports/html_groups.hpp"
#include "reports/html_page.hpp"
#include "reports/metric_labels.hpp"
#include "reports/monthly_lines.hpp"
#include "reports/number_format.hpp"
#include "reports/price_response_note.hpp"
#include "reports/uncertainty_report.hpp"
#include "reports/win_back_report.hpp"

#include <fmt/format.h>
#include <array>
#include <cmath>
#include <nlohmann/json.hpp>
#include <string_view>
#include <vector>

namespace offersim::reports {

namespace {

using html::escape;
using html::Json;
using html::Out;

// ------------------------------------------------------------------------------------------
// Headline figures (labelled and formatted as figure_format.hpp says)

// The executive summary, in reading order: money first, then the base.
struct SummaryCard {
    std::string_view key;
    std::string_view FigureNotes::*note;
};

// Revenue, cost and margin are written together (format_money_sum), so that the cards'
// revenue less cost is their margin as shown.
constexpr std::array kSummaryCards = {
    SummaryCard{"revenue_total_cny", &FigureNotes::horizon_total},
    SummaryCard{"cost_total_cny", &FigureNotes::horizon_total},
    SummaryCard{"margin_total_cny", &FigureNotes::horizon_total},
    SummaryCard{"npv_margin_cny", &FigureNotes::discounted},
    SummaryCard{"subscribers_end", &FigureNotes::at_horizon_end},
    SummaryCard{"churn_rate_monthly", &FigureNotes::churn_rate},
    SummaryCard{"arpu_cny", &FigureNotes::per_subscriber_month},
};

// ------------------------------------------------------------------------------------------
// The page

struct Page {
    const sim::RunResults& results;
    const ReportContext& context;
    const ReportText& text;
    MonthlyLines lines;

    Language language() const { return context.language; }

    std::string format(double value, FigureKind kind, Precision precision = Precision::figure) const {
        return format_figure(value, kind, language(), precision);
    }

    std::string band_range(const sim::Band& band, FigureKind kind) const {
        return format_band_range(band, kind, language());
    }

    // The scenario's name for a row; the last row is the whole base, named by the report.
    std::string_view row_name(int row) const {
        if (row == lines.whole_base()) return text.whole_base;
        const auto index = static_cast<std::size_t>(row);
        if (index < results.segment_names.size() && !results.segment_names[index].empty())
            return results.segment_names[index];
        return results.segment_ids[index];
    }

    std::string_view tier_name(std::size_t tier) const {
        if (tier < results.tier_names.size() && !results.tier_names[tier].empty())
            return results.tier_names[tier];
        return results.tier_ids[tier];
    }
};

Json subscribers_chart(const Page& page);
Json revenue_margin_chart(const Page& page);
Json subscribers_by_segment_chart(const Page& page);
Json churn_chart(const Page& page);
Json survival_chart(const Page& page);
Json tier_mix_chart(const Page& page);
Json revenue_lines_chart(const Page& page);

// The charts in reading order: the text above and below each, and its data. The id names
// both the container ("chart-" + id) and the entry of the inline chart data.
struct ChartSpec {
    std::string_view id;
    ChartText ReportText::*text;
    Json (*data)(const Page&);
};

constexpr std::array kCharts = {
    ChartSpec{"subscribers", &ReportText::chart_subscribers, subscribers_chart},
    ChartSpec{"revenue-margin", &ReportText::chart_revenue_margin, revenue_margin_chart},
    ChartSpec{"subscribers-by-segment", &ReportText::chart_subscribers_by_segment,
              subscribers_by_segment_chart},
    ChartSpec{"churn", &ReportText::chart_churn, churn_chart},
    ChartSpec{"survival", &ReportText::chart_survival, survival_chart},
    ChartSpec{"tier-mix", &ReportText::chart_tier_mix, tier_mix_chart},
    ChartSpec{"revenue-lines", &ReportText::chart_revenue_lines, revenue_lines_chart},
};

// The tornado of a run with uncertain inputs, drawn in the summary.
constexpr std::string_view kTornadoChartId = "tornado";

void write_head(Out out, const Page& page) {
    html::write_head(out, page.text.html_lang, page.context.offersim_version,
                     fmt::format("{} — {}", page.results.scenario_title, page.text.document_title_suffix),
                     html::base_css());
}

void write_header(Out out, const Page& page) {
    const auto& t = page.text;
    html::write_header(out, page.language(), t.report_kind, page.results.scenario_title, t.label_scenario,
                       page.results, page.context.generated_at);
}

void write_warnings(Out out, const Page& page) {
    if (page.results.warnings.empty()) return;
    fmt::format_to(out, "<div class=\"warnings\" role=\"alert\">\n<h3>{}</h3>\n<ul>\n",
                   escape(page.text.warnings_heading));
    for (const auto& warning : page.results.warnings)
        fmt::format_to(out, "<li>{}</li>\n", escape(warning_text(warning, page.language())));
    fmt::format_to(out, "</ul>\n</div>\n");
}

void write_card(Out out, const Page& page, const SummaryCard& card) {
    const sim::Band* found = find_band(page.results, card.key);
    if (found == nullptr) return;
    const sim::Band& band = *found;
    const FigureKind kind = figure_kind(card.key);
    fmt::format_to(out,
                   "<div class=\"card\" data-figure=\"{}\">\n<div class=\"card-label\">{}</div>\n"
                   "<div class=\"card-value\">{}</div>\n"
                   "<div class=\"card-band\"><span class=\"band-label\">{}</span>{}</div>\n"
                   "<div class=\"card-note\">{}</div>\n</div>\n",
                   escape(card.key), escape(figure_label(card.key, page.text)),
                   escape(format_summary_mean(page.results, card.key, page.language())),
                   escape(page.text.band_label), escape(page.band_range(band, kind)),
                   escape(page.text.notes.*card.note));
}

// Each column of counts or amounts in one unit (figure_tables.hpp, offer_cells).
void write_offer_row(Out out, const sim::OfferSummary& offer, const OfferCells& cells) {
    fmt::format_to(out,
                   "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}<span class=\"cell-band\">{}</span>"
                   "</td><td>{}</td><td>{}</td></tr>\n",
                   escape(offer_name(offer)), escape(cells[0]), escape(cells[1]), escape(cells[2]),
                   escape(cells[3]), escape(cells[4]), escape(cells[5]), escape(cells[6]));
}

void write_offer_table(Out out, const Page& page) {
    if (page.results.offers.empty()) return;
    const OfferTableText& t = page.text.offers;
    fmt::format_to(
        out,
        "<h3 class=\"offers-heading\">{}</h3>\n<table class=\"offers\">\n<thead><tr><th>{}</th>"
        "<th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead>\n<tbody>\n",
        escape(t.heading), escape(t.column_offer), escape(t.column_take_ups), escape(t.column_holders_end),
        escape(t.column_revenue), escape(t.column_margin), escape(t.column_payback),
        escape(t.column_paid_back));
    const std::vector<OfferCells> cells = offer_cells(page.results, page.language());
    for (std::size_t k = 0; k < cells.size(); ++k) write_offer_row(out, page.results.offers[k], cells[k]);
    fmt::format_to(out, "</tbody>\n</table>\n<p class=\"table-note\">{}</p>\n", escape(t.note));
}

void write_unit_economics(Out out, const Page& page) {
    if (page.results.offers.empty()) return;
    const UnitEconomicsText& t = page.text.unit_economics;
    fmt::format_to(
        out,
        "<h3 class=\"unit-economics-heading\">{}</h3>\n<table class=\"unit-economics\">\n<thead><tr>"
        "<th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th>"
        "<th>{}</th></tr></thead>\n<tbody>\n",
        escape(t.heading), escape(t.column_offer), escape(t.column_outlay), escape(t.column_margin_rate),
        escape(t.column_payback), escape(t.column_launch_cost), escape(t.column_break_even),
        escape(t.column_take_ups), escape(t.column_npv), escape(t.column_npv_per_cny));
    const std::vector<UnitEconomicsCells> cells = unit_economics_cells(page.results, page.language());
    for (std::size_t k = 0; k < cells.size(); ++k) {
        fmt::format_to(out, "<tr data-offer=\"{}\"><td>{}</td>", escape(page.results.offers[k].id),
                       escape(offer_name(page.results.offers[k])));
        for (const std::string& cell : cells[k]) fmt::format_to(out, "<td>{}</td>", escape(cell));
        fmt::format_to(out, "</tr>\n");
    }
    fmt::format_to(out, "</tbody>\n</table>\n<p class=\"table-note\">{}</p>\n", escape(t.note));
}

void write_summary(Out out, const Page& page) {
    fmt::format_to(out, "<section id=\"summary\" class=\"summary\">\n<h2>{}</h2>\n",
                   escape(page.text.summary_heading));
    write_warnings(out, page);
    fmt::format_to(out, "<div class=\"cards\">\n");
    for (const auto& card : kSummaryCards) write_card(out, page, card);
    fmt::format_to(out, "</div>\n<p class=\"table-note margin-definition\">{}</p>\n",
                   escape(page.text.notes.margin_definition));
    write_uncertainty_html(out, page.results.uncertainty, kTornadoChartId, page.text.figures.npv_margin,
                           page.text, page.language());
    write_offer_table(out, page);
    fmt::format_to(out, "</section>\n");
}

void write_charts(Out out, const Page& page) {
    fmt::format_to(out,
                   "<section id=\"charts\" class=\"page-break\">\n<h2>{}</h2>\n"
                   "<noscript><p class=\"noscript\">{}</p></noscript>\n<div class=\"chart-grid\">\n",
                   escape(page.text.charts_heading), escape(page.text.no_script));
    for (const auto& chart : kCharts) {
        const ChartText& text = page.text.*chart.text;
        fmt::format_to(out,
                       "<figure class=\"chart-card\">\n<h3>{0}</h3>\n"
                       "<div class=\"chart\" id=\"chart-{1}\" role=\"img\" aria-label=\"{0}\"></div>\n"
                       "<figcaption>{2}</figcaption>\n</figure>\n",
                       escape(text.title), chart.id, escape(text.caption));
    }
    fmt::format_to(out, "</div>\n</section>\n");
}

// The segment's name, followed by its id when that says something more.
std::string segment_label_html(const Page& page, int row) {
    std::string html = escape(page.row_name(row));
    if (row == page.lines.whole_base()) return html;
    const std::string& id = page.results.segment_ids[static_cast<std::size_t>(row)];
    if (id != page.row_name(row)) html += fmt::format("<span class=\"id\">{}</span>", escape(id));
    return html;
}

// A row of RunResults::segments: each figure's mean, with its P5-P95 band as the cell's
// tooltip where the band has any width (the subscribers at the start are the scenario's).
void write_segment_row(Out out, const Page& page, int row, const SegmentCells& cells) {
    fmt::format_to(out, "<tr{}><td>{}</td>", row == page.lines.whole_base() ? " class=\"total\"" : "",
                   segment_label_html(page, row));
    const sim::SegmentSummary& segment = page.lines.segment(row);
    for (std::size_t f = 0; f < sim::kSegmentFigures.size(); ++f) {
        const auto& figure = sim::kSegmentFigures[f];
        const sim::Band& band = segment.*figure.band;
        const FigureKind kind = figure_kind(figure.key);
        if (band.n > 0 && band.p5 != band.p95)
            fmt::format_to(out, "<td title=\"{} {}\">{}</td>", escape(page.text.band_label),
                           escape(page.band_range(band, kind)), escape(cells[f]));
        else
            fmt::format_to(out, "<td>{}</td>", escape(cells[f]));
    }
    fmt::format_to(out, "</tr>\n");
}

void write_segment_table(Out out, const Page& page) {
    const auto& t = page.text;
    fmt::format_to(out,
                   "<h3>{}</h3>\n<table class=\"segments\">\n<thead><tr><th>{}</th><th>{}</th><th>{}</th>"
                   "<th>{}</th><th>{}</th><th>{}</th></tr></thead>\n<tbody>\n",
                   escape(t.segment_table_heading), escape(t.column_segment),
                   escape(t.column_subscribers_start), escape(t.column_subscribers_end),
                   escape(t.column_revenue), escape(t.column_arpu), escape(t.column_churn_rate));
    const std::vector<SegmentCells> cells = segment_cells(page.lines, page.language());
    for (int row = 0; row < page.lines.rows(); ++row)
        write_segment_row(out, page, row, cells[static_cast<std::size_t>(row)]);
    fmt::format_to(out, "</tbody>\n</table>\n<p class=\"table-note\">{}{}</p>\n",
                   escape(t.segment_table_note), escape(t.segment_band_hint));
}

void write_headline_table(Out out, const Page& page) {
    const auto& t = page.text;
    fmt::format_to(out,
                   "<h3>{}</h3>\n<table class=\"headlines\">\n<thead><tr><th>{}</th><th>{}</th><th>{}</th>"
                   "<th>{}</th><th>{}</th><th>{}</th></tr></thead>\n<tbody>\n",
                   escape(t.headline_table_heading), escape(t.column_figure), escape(t.column_mean),
                   escape(t.column_std_error), escape(t.column_p5), escape(t.column_p50),
                   escape(t.column_p95));
    for (const auto& row : headline_rows(page.results, page.language())) {
        fmt::format_to(out, "<tr><td>{}</td>", escape(figure_label(row.key, page.text)));
        for (const auto& cell : row.cells) fmt::format_to(out, "<td>{}</td>", escape(cell));
        fmt::format_to(out, "</tr>\n");
    }
    fmt::format_to(out, "</tbody>\n</table>\n<p class=\"table-note\">{} (n = {}) {}</p>\n",
                   escape(t.headline_table_note), page.results.replications, escape(t.zero_rows_hidden));
}

void write_tables(Out out, const Page& page) {
    fmt::format_to(out, "<section id=\"tables\" class=\"page-break\">\n<h2>{}</h2>\n",
                   escape(page.text.tables_heading));
    write_segment_table(out, page);
    write_headline_table(out, page);
    // Per offer, after the summary's offer table: the executive summary keeps to page 1.
    write_unit_economics(out, page);
    fmt::format_to(out, "</section>\n");
}

void write_appendix(Out out, const Page& page) {
    const auto& t = page.text;
    const auto& r = page.results;
    const auto& c = page.context;
    const std::string library = html::chart_library_name();
    using html::write_definition;
    fmt::format_to(out, "<section id=\"appendix\" class=\"appendix page-break\">\n<h2>{}</h2>\n<dl>\n",
                   escape(t.appendix_heading));
    write_definition(out, t.label_scenario, fmt::format("{} ({})", r.scenario_title, r.scenario_name));
    write_definition(out, t.label_seed, fmt::format("{}", r.seed));
    write_definition(out, t.label_replications, fmt::format("{}", r.replications));
    write_definition(out, t.label_horizon, fmt::format("{}{}", r.horizon_months, t.months_unit));
    write_definition(out, t.label_version, c.offersim_version);
    write_definition(out, t.label_generated_at, format_beijing_time(c.generated_at, page.language()));
    write_definition(out, t.label_chart_library, library);
    write_definition(out, t.label_price_response, price_response_note(r, t, page.language()));
    for (const auto& row : uncertain_input_rows(r.uncertainty, t, page.language()))
        write_definition(out, t.uncertainty.label_inputs, row);
    fmt::format_to(out, "</dl>\n");
    html::write_scenario_yaml(out, t.scenario_yaml_heading, c.resolved_scenario_yaml);
    // On paper the YAML gives way to the table of assumptions.
    fmt::format_to(out, "{}",
                   assumptions_table_html(assumption_rows(c.scenario_values, c.language), c.language));
    html::write_licence(out, t.licence_summary);
    fmt::format_to(out, "</section>\n");
}

// ------------------------------------------------------------------------------------------
// Chart data: plain series in the page's language; the runtime of html_page.cpp draws them

Json series_json(std::string_view name, const std::vector<double>& values) {
    return Json{{"name", name}, {"values", values}};
}

// A mean line with its P5-P95 band, for a fan chart.
Json band_json(const Page& page, int row, Line line, std::string_view name, std::string_view band_name) {
    return Json{{"name", name},
                {"bandName", band_name},
                {"mean", page.lines.series(row, line, &sim::Band::mean)},
                {"p5", page.lines.series(row, line, &sim::Band::p5)},
                {"p95", page.lines.series(row, line, &sim::Band::p95)}};
}

Json subscribers_chart(const Page& page) {
    const auto& s = page.text.series;
    return Json{
        {"kind", "fan"},
        {"unit", "count"},
        {"zeroBased", false},
        {"bands", Json::array({band_json(page, page.lines.whole_base(), Line::active_end, s.mean, s.band)})}};
}

Json revenue_margin_chart(const Page& page) {
    const auto& s = page.text.series;
    const int all = page.lines.whole_base();
    const std::string revenue_band = fmt::format("{} {}", s.revenue, s.band);
    const std::string margin_band = fmt::format("{} {}", s.margin, s.band);
    return Json{{"kind", "fan"},
                {"unit", "cny"},
                {"zeroBased", true},
                {"bands", Json::array({band_json(page, all, Line::revenue_total, s.revenue, revenue_band),
                                       band_json(page, all, Line::margin, s.margin, margin_band)})}};
}

Json subscribers_by_segment_chart(const Page& page) {
    Json series = Json::array();
    for (int row = 0; row < page.lines.whole_base(); ++row)
        series.push_back(
            series_json(page.row_name(row), page.lines.series(row, Line::active_end, &sim::Band::mean)));
    return Json{{"kind", "stack"}, {"type", "area"}, {"unit", "count"}, {"series", series}};
}

// One line per segment and a dashed one for the whole base, each with its P5-P95 band for
// the tooltip.
Json segment_lines_chart(const Page& page, Line line) {
    Json series = Json::array();
    for (int row = 0; row < page.lines.rows(); ++row) {
        Json one = series_json(page.row_name(row), page.lines.series(row, line, &sim::Band::mean));
        one["p5"] = page.lines.series(row, line, &sim::Band::p5);
        one["p95"] = page.lines.series(row, line, &sim::Band::p95);
        one["total"] = row == page.lines.whole_base();
        series.push_back(std::move(one));
    }
    return Json{{"kind", "lines"}, {"unit", "percent"}, {"series", series}};
}

Json churn_chart(const Page& page) {
    return segment_lines_chart(page, Line::churn_rate);
}

// Survival, S(t) = prod_{u <= t} (1 - churn rate(u)), computed per replication by the engine.
Json survival_chart(const Page& page) {
    return segment_lines_chart(page, Line::survival);
}

Json tier_mix_chart(const Page& page) {
    const auto& r = page.results;
    require(r.tier_mix.size() == static_cast<std::size_t>(page.lines.months()),
            "the tier mix covers {} months, not {}", r.tier_mix.size(), page.lines.months());
    Json series = Json::array();
    for (std::size_t tier = 0; tier < r.tier_ids.size(); ++tier) {
        std::vector<double> values;
        for (const auto& month : r.tier_mix) {
            require(month.size() == r.tier_ids.size(), "a month of the tier mix has {} tiers, not {}",
                    month.size(), r.tier_ids.size());
            values.push_back(month[tier].mean);
        }
        series.push_back(series_json(page.tier_name(tier), values));
    }
    return Json{{"kind", "stack"}, {"type", "area"}, {"unit", "count"}, {"series", series}};
}

// Below this share of the month's revenue, a line counts as zero (rounding in the means).
constexpr double kNegligibleShare = 1e-4;

bool is_negligible(const std::vector<double>& values, const std::vector<double>& total) {
    for (std::size_t month = 0; month < values.size(); ++month)
        if (std::fabs(values[month]) > kNegligibleShare * std::fabs(total[month])) return false;
    return true;
}

// Revenue lines in the order of a bill (sim::kRevenueLines). A line the engine does not
// record is left out, as is one that is zero throughout; whatever the listed lines miss of
// the total shows as "other", so the stack always adds up to the revenue.
Json revenue_lines_chart(const Page& page) {
    const int all = page.lines.whole_base();
    const std::vector<double> total = page.lines.series(all, Line::revenue_total, &sim::Band::mean);
    std::vector<double> other = total;
    Json series = Json::array();
    for (const sim::Metric line : sim::kRevenueLines) {
        const auto column = page.lines.find_column(sim::output_name(line));
        if (!column) continue;
        const std::vector<double> values = page.lines.series(all, *column, &sim::Band::mean);
        for (std::size_t month = 0; month < values.size(); ++month) other[month] -= values[month];
        if (!is_negligible(values, total))
            series.push_back(series_json(metric_label(line, page.text), values));
    }
    if (!is_negligible(other, total)) series.push_back(series_json(page.text.revenue_lines.other, other));
    return Json{{"kind", "stack"}, {"type", "bar"}, {"unit", "cny"}, {"series", series}};
}

// Competitor moves, shaded on every chart's month axis.
Json event_marks(const sim::RunResults& results) {
    Json events = Json::array();
    for (const auto& e : results.events)
        events.push_back(
            {{"name", e.name}, {"kind", e.kind}, {"start", e.start_month}, {"end", e.end_month}});
    return events;
}

Json chart_data(const Page& page) {
    std::vector<int> months;
    for (int month = 1; month <= page.lines.months(); ++month) months.push_back(month);
    Json charts = Json::object();
    for (const auto& chart : kCharts) charts[std::string(chart.id)] = chart.data(page);
    if (page.results.behaviour)
        charts[std::string(kBehaviourChartId)] = behaviour_chart(page.results, page.text);
    if (page.results.win_back) charts["win-back"] = win_back_chart(*page.results.win_back, page.text);
    if (page.results.groups) html::add_group_charts(charts, *page.results.groups, page.text);
    if (page.results.customer_views)
        html::add_customer_view_charts(charts, *page.results.customer_views, page.text);
    if (!page.results.uncertainty.tornado.empty())
        charts[std::string(kTornadoChartId)] = tornado_chart(page.results.uncertainty, page.text);
    const auto& t = page.text;
    return Json{
        {"numbers", html::number_conventions_json(t.numbers)},
        {"text",
         {{"monthAxis", t.month_axis}, {"bandLabel", t.band_label}, {"rangeSeparator", t.range_separator}}},
        {"months", months},
        {"charts", charts},
        {"events", event_marks(page.results)},
    };
}

void write_scripts(Out out, const Page& page) {
    html::write_scripts(out, chart_data(page), "");
}

void write_footer(Out out, const Page& page) {
    html::write_footer(out, page.text.footer, page.context.offersim_version);
}

}  // namespace

std::string html_report(const sim::RunResults& results, const ReportContext& context) {
    const Page page{results, context, report_text(context.language), MonthlyLines(results)};
    std::string html;
    html.reserve(std::size_t{2} << 20);  // the embedded ECharts alone is about 1.1 MB
    const Out out(html);
    write_head(out, page);
    fmt::format_to(out, "<body>\n<div class=\"page\">\n");
    write_header(out, page);
    fmt::format_to(out, "<main>\n");
    write_summary(out, page);
    if (results.win_back) write_win_back_html(html, *results.win_back, page.text, page.language());
    write_charts(out, page);
    write_behaviour_html(out, page.results, page.text, page.language());
    if (results.groups) html::write_group_section(out, *results.groups, page.text, page.language());
    html::write_customer_view_section(out, results, page.text, page.language());
    write_tables(out, page);
    write_appendix(out, page);
    fmt::format_to(out, "</main>\n");
    write_footer(out, page);
    fmt::format_to(out, "</div>\n");
    write_scripts(out, page);
    fmt::format_to(out, "</body>\n</html>\n");
    return html;
}

}  // namespace offersim::reports
