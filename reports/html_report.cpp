#include "reports/html_report.hpp"

#include "engine/core/error.hpp"
#include "reports/assets/embedded_assets.hpp"
#include "reports/number_format.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <fmt/format.h>
#include <iterator>
#include <limits>
#include <nlohmann/json.hpp>
#include <optional>
#include <string_view>
#include <vector>

namespace offersim::reports {

namespace {

using Json = nlohmann::ordered_json;

// ------------------------------------------------------------------------------------------
// Escaping

std::string escape_html(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (const char c : text) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            case '\'': out += "&#39;"; break;
            default: out += c;
        }
    }
    return out;
}

void replace_all(std::string& text, std::string_view from, std::string_view to) {
    for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
        text.replace(at, from.size(), to);
}

// JSON to place inside a <script> element: "</" would end the element early and "<!--"
// would switch the HTML parser into its escaped script state. Both escapes are valid JSON.
std::string script_safe_json(const Json& json) {
    std::string text = json.dump(-1, ' ', false, Json::error_handler_t::replace);
    replace_all(text, "</", "<\\/");
    replace_all(text, "<!--", "\\u003c!--");
    return text;
}

// ------------------------------------------------------------------------------------------
// Monthly lines, indexed by (month, row, line) with the metric columns resolved once

enum class Line { active, gross_adds, churners, active_end, revenue_total, margin, churn_rate, count };

constexpr std::size_t kLineCount = static_cast<std::size_t>(Line::count);

constexpr std::array<std::string_view, kLineCount> kLineMetrics = {
    "active", "gross_adds", "churners", "active_end", "revenue_total_cny", "margin_cny", "churn_rate",
};

// RunResults::monthly holds, for each month and each row (segments, then the whole base),
// one line per name of sim::monthly_metric_names() in that order.
class MonthlyLines {
public:
    explicit MonthlyLines(const sim::RunResults& results)
        : results_(results),
          months_(results.horizon_months),
          rows_(static_cast<int>(results.segment_ids.size())),
          metrics_per_row_(sim::monthly_metric_names().size()) {
        check_shape();
        for (std::size_t line = 0; line < kLineCount; ++line) {
            const auto found = find_column(kLineMetrics[line]);
            require(found.has_value(), "the results have no monthly line '{}'", kLineMetrics[line]);
            columns_[line] = *found;
        }
    }

    int months() const { return months_; }
    int rows() const { return rows_; }
    int whole_base() const { return rows_ - 1; }

    // The position of `metric` in each row, if the engine records it.
    std::optional<std::size_t> find_column(std::string_view metric) const {
        const auto& names = sim::monthly_metric_names();
        const auto it = std::find(names.begin(), names.end(), metric);
        if (it == names.end()) return std::nullopt;
        return static_cast<std::size_t>(it - names.begin());
    }

    // `month` is 1-based.
    const sim::Band& band(int month, int row, std::size_t column) const {
        const auto index = static_cast<std::size_t>((month - 1) * rows_ + row) * metrics_per_row_ + column;
        return results_.monthly[index].band;
    }
    const sim::Band& band(int month, int row, Line line) const { return band(month, row, column(line)); }

    std::vector<double> series(int row, std::size_t column, double sim::Band::*field) const {
        std::vector<double> values;
        values.reserve(static_cast<std::size_t>(months_));
        for (int month = 1; month <= months_; ++month) values.push_back(band(month, row, column).*field);
        return values;
    }
    std::vector<double> series(int row, Line line, double sim::Band::*field) const {
        return series(row, column(line), field);
    }

    double sum_of_means(int row, Line line) const {
        double sum = 0.0;
        for (int month = 1; month <= months_; ++month) sum += band(month, row, line).mean;
        return sum;
    }

private:
    // Results that are not of the documented shape are a bug upstream: stop rather than
    // draw wrong charts.
    void check_shape() const {
        require(months_ >= 1 && rows_ >= 1, "the report needs at least one month and one row, got {} and {}",
                months_, rows_);
        require(results_.monthly.size() == static_cast<std::size_t>(months_ * rows_) * metrics_per_row_,
                "the results hold {} monthly lines, not {} months x {} rows x {} metrics",
                results_.monthly.size(), months_, rows_, metrics_per_row_);
        const auto& names = sim::monthly_metric_names();
        for (std::size_t column = 0; column < metrics_per_row_; ++column)
            require(results_.monthly[column].metric == names[column],
                    "monthly line {} is '{}', expected '{}'", column, results_.monthly[column].metric,
                    names[column]);
    }

    std::size_t column(Line line) const { return columns_[static_cast<std::size_t>(line)]; }

    const sim::RunResults& results_;
    int months_;
    int rows_;
    std::size_t metrics_per_row_;
    std::array<std::size_t, kLineCount> columns_{};
};

// ------------------------------------------------------------------------------------------
// Headline figures: how each key of RunResults::headlines is labelled and formatted

enum class FigureKind { count, cny, rate, minutes };

struct FigureSpec {
    std::string_view key;
    FigureKind kind;
    std::string_view FigureLabels::*label;
};

constexpr std::array kFigures = {
    FigureSpec{"subscribers_start", FigureKind::count, &FigureLabels::subscribers_start},
    FigureSpec{"subscribers_end", FigureKind::count, &FigureLabels::subscribers_end},
    FigureSpec{"gross_adds", FigureKind::count, &FigureLabels::gross_adds},
    FigureSpec{"churners", FigureKind::count, &FigureLabels::churners},
    FigureSpec{"churn_rate_monthly", FigureKind::rate, &FigureLabels::churn_rate_monthly},
    FigureSpec{"revenue_total_cny", FigureKind::cny, &FigureLabels::revenue_total},
    FigureSpec{"cost_total_cny", FigureKind::cny, &FigureLabels::cost_total},
    FigureSpec{"margin_total_cny", FigureKind::cny, &FigureLabels::margin_total},
    FigureSpec{"npv_margin_cny", FigureKind::cny, &FigureLabels::npv_margin},
    FigureSpec{"arpu_cny", FigureKind::cny, &FigureLabels::arpu},
    FigureSpec{"mou_min", FigureKind::minutes, &FigureLabels::mou},
};

// The executive summary, in reading order: money first, then the base.
struct SummaryCard {
    std::string_view key;
    std::string_view FigureNotes::*note;
};

constexpr std::array kSummaryCards = {
    SummaryCard{"revenue_total_cny", &FigureNotes::horizon_total},
    SummaryCard{"margin_total_cny", &FigureNotes::horizon_total},
    SummaryCard{"npv_margin_cny", &FigureNotes::discounted},
    SummaryCard{"subscribers_end", &FigureNotes::at_horizon_end},
    SummaryCard{"churn_rate_monthly", &FigureNotes::monthly_average},
    SummaryCard{"arpu_cny", &FigureNotes::per_subscriber_month},
};

const FigureSpec* find_figure(std::string_view key) {
    for (const auto& spec : kFigures)
        if (spec.key == key) return &spec;
    return nullptr;
}

const sim::Headline* find_headline(const sim::RunResults& results, std::string_view key) {
    for (const auto& headline : results.headlines)
        if (headline.key == key) return &headline;
    return nullptr;
}

// A standard error is far smaller than its figure and needs a place more to show at all.
enum class Precision { figure, std_error };

std::string format_figure(double value, FigureKind kind, Precision precision, const ReportText& text,
                          Language language) {
    const int extra = precision == Precision::std_error ? 1 : 0;
    switch (kind) {
        case FigureKind::cny: return format_cny(value, language);
        case FigureKind::rate: return format_percent(value, 2 + extra);
        case FigureKind::minutes:
            return format_grouped(value, extra, language) + std::string(text.minutes_unit);
        case FigureKind::count: break;
    }
    return format_count(value, language);
}

// ------------------------------------------------------------------------------------------
// The page

struct Page {
    const sim::RunResults& results;
    const ReportContext& context;
    const ReportText& text;
    MonthlyLines lines;

    Language language() const { return context.language; }

    std::string format(double value, FigureKind kind, Precision precision = Precision::figure) const {
        return format_figure(value, kind, precision, text, language());
    }

    std::string band_range(const sim::Band& band, FigureKind kind) const {
        return format(band.p5, kind) + std::string(text.range_separator) + format(band.p95, kind);
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
    ChartSpec{"tier-mix", &ReportText::chart_tier_mix, tier_mix_chart},
    ChartSpec{"revenue-lines", &ReportText::chart_revenue_lines, revenue_lines_chart},
};

using Out = std::back_insert_iterator<std::string>;

std::string_view page_css();
std::string_view page_script();

void write_head(Out out, const Page& page) {
    fmt::format_to(
        out,
        "<!doctype html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        "<meta name=\"generator\" content=\"{}\">\n<title>{} — {}</title>\n<style>\n{}</style>\n</head>\n",
        page.text.html_lang, escape_html(page.context.offersim_version),
        escape_html(page.results.scenario_title), escape_html(page.text.document_title_suffix), page_css());
}

void write_meta_item(Out out, std::string_view label, std::string_view value) {
    fmt::format_to(out, "<span class=\"meta-item\"><span class=\"meta-label\">{}</span> {}</span>",
                   escape_html(label), escape_html(value));
}

void write_header(Out out, const Page& page) {
    const auto& t = page.text;
    const auto& r = page.results;
    fmt::format_to(
        out, "<header class=\"report-header\">\n<p class=\"kicker\">{}</p>\n<h1>{}</h1>\n<p class=\"meta\">",
        escape_html(t.report_kind), escape_html(r.scenario_title));
    write_meta_item(out, t.label_scenario, r.scenario_name);
    write_meta_item(out, t.label_horizon, fmt::format("{}{}", r.horizon_months, t.months_unit));
    write_meta_item(out, t.label_replications, fmt::format("{}", r.replications));
    write_meta_item(out, t.label_seed, fmt::format("{}", r.seed));
    write_meta_item(out, t.label_generated_at, page.context.generated_at);
    fmt::format_to(out, "</p>\n</header>\n");
}

void write_warnings(Out out, const Page& page) {
    if (page.results.warnings.empty()) return;
    fmt::format_to(out, "<div class=\"warnings\" role=\"alert\">\n<h3>{}</h3>\n<ul>\n",
                   escape_html(page.text.warnings_heading));
    for (const auto& warning : page.results.warnings)
        fmt::format_to(out, "<li>{}</li>\n", escape_html(warning));
    fmt::format_to(out, "</ul>\n</div>\n");
}

void write_card(Out out, const Page& page, const SummaryCard& card) {
    const FigureSpec* spec = find_figure(card.key);
    const sim::Headline* headline = find_headline(page.results, card.key);
    if (spec == nullptr || headline == nullptr) return;
    const auto& band = headline->band;
    fmt::format_to(out,
                   "<div class=\"card\" data-figure=\"{}\">\n<div class=\"card-label\">{}</div>\n"
                   "<div class=\"card-value\">{}</div>\n"
                   "<div class=\"card-band\"><span class=\"band-label\">{}</span>{}</div>\n"
                   "<div class=\"card-note\">{}</div>\n</div>\n",
                   escape_html(card.key), escape_html(page.text.figures.*spec->label),
                   escape_html(page.format(band.mean, spec->kind)), escape_html(page.text.band_label),
                   escape_html(page.band_range(band, spec->kind)), escape_html(page.text.notes.*card.note));
}

// The median payback month, or "never" when fewer than half the replications pay back.
std::string payback_text(const sim::OfferSummary& offer, const OfferTableText& text) {
    if (offer.payback_share < 0.5) return std::string(text.payback_never);
    return fmt::format("{}{:.0f}{}", text.payback_prefix, offer.payback_month.p50, text.payback_suffix);
}

void write_offer_row(Out out, const Page& page, const sim::OfferSummary& offer) {
    const Language lang = page.language();
    const std::string name = offer.name.empty() ? offer.id : offer.name;
    fmt::format_to(
        out,
        "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}<span class=\"cell-band\">{}</span>"
        "</td><td>{}</td><td>{}</td></tr>\n",
        escape_html(name), format_count(offer.take_ups.mean, lang),
        format_count(offer.holders_end.mean, lang), escape_html(format_cny(offer.revenue_cny.mean, lang)),
        escape_html(format_cny(offer.margin_cny.mean, lang)),
        escape_html(page.band_range(offer.margin_cny, FigureKind::cny)),
        escape_html(payback_text(offer, page.text.offers)), format_percent(offer.payback_share, 0));
}

void write_offer_table(Out out, const Page& page) {
    if (page.results.offers.empty()) return;
    const OfferTableText& t = page.text.offers;
    fmt::format_to(
        out,
        "<h3 class=\"offers-heading\">{}</h3>\n<table class=\"offers\">\n<thead><tr><th>{}</th>"
        "<th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead>\n<tbody>\n",
        escape_html(t.heading), escape_html(t.column_offer), escape_html(t.column_take_ups),
        escape_html(t.column_holders_end), escape_html(t.column_revenue), escape_html(t.column_margin),
        escape_html(t.column_payback), escape_html(t.column_paid_back));
    for (const auto& offer : page.results.offers) write_offer_row(out, page, offer);
    fmt::format_to(out, "</tbody>\n</table>\n<p class=\"table-note\">{}</p>\n", escape_html(t.note));
}

void write_summary(Out out, const Page& page) {
    fmt::format_to(out, "<section id=\"summary\" class=\"summary\">\n<h2>{}</h2>\n",
                   escape_html(page.text.summary_heading));
    write_warnings(out, page);
    fmt::format_to(out, "<div class=\"cards\">\n");
    for (const auto& card : kSummaryCards) write_card(out, page, card);
    fmt::format_to(out, "</div>\n");
    write_offer_table(out, page);
    fmt::format_to(out, "</section>\n");
}

void write_charts(Out out, const Page& page) {
    fmt::format_to(out,
                   "<section id=\"charts\" class=\"page-break\">\n<h2>{}</h2>\n"
                   "<noscript><p class=\"noscript\">{}</p></noscript>\n<div class=\"chart-grid\">\n",
                   escape_html(page.text.charts_heading), escape_html(page.text.no_script));
    for (const auto& chart : kCharts) {
        const ChartText& text = page.text.*chart.text;
        fmt::format_to(out,
                       "<figure class=\"chart-card\">\n<h3>{0}</h3>\n"
                       "<div class=\"chart\" id=\"chart-{1}\" role=\"img\" aria-label=\"{0}\"></div>\n"
                       "<figcaption>{2}</figcaption>\n</figure>\n",
                       escape_html(text.title), chart.id, escape_html(text.caption));
    }
    fmt::format_to(out, "</div>\n</section>\n");
}

// A row of the segment table, from the monthly means: the month lines carry no per-segment
// headline figures, and sums of means are means of sums.
struct SegmentFigures {
    double start = 0.0;
    double end = 0.0;
    double revenue = 0.0;
    double arpu = 0.0;        // revenue per subscriber billed, per month
    double churn_rate = 0.0;  // churners per subscriber billed, per month
};

SegmentFigures segment_figures(const MonthlyLines& lines, int row) {
    const double billed = lines.sum_of_means(row, Line::active);
    const double not_defined = std::numeric_limits<double>::quiet_NaN();
    SegmentFigures f;
    f.start = lines.band(1, row, Line::active).mean - lines.band(1, row, Line::gross_adds).mean;
    f.end = lines.band(lines.months(), row, Line::active_end).mean;
    f.revenue = lines.sum_of_means(row, Line::revenue_total);
    f.arpu = billed > 0.0 ? f.revenue / billed : not_defined;
    f.churn_rate = billed > 0.0 ? lines.sum_of_means(row, Line::churners) / billed : not_defined;
    return f;
}

// The segment's name, followed by its id when that says something more.
std::string segment_label_html(const Page& page, int row) {
    std::string html = escape_html(page.row_name(row));
    if (row == page.lines.whole_base()) return html;
    const std::string& id = page.results.segment_ids[static_cast<std::size_t>(row)];
    if (id != page.row_name(row)) html += fmt::format("<span class=\"id\">{}</span>", escape_html(id));
    return html;
}

void write_segment_row(Out out, const Page& page, int row) {
    const Language lang = page.language();
    const SegmentFigures f = segment_figures(page.lines, row);
    fmt::format_to(out, "<tr{}><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
                   row == page.lines.whole_base() ? " class=\"total\"" : "", segment_label_html(page, row),
                   format_count(f.start, lang), format_count(f.end, lang), format_cny(f.revenue, lang),
                   format_cny(f.arpu, lang), format_percent(f.churn_rate, 2));
}

void write_segment_table(Out out, const Page& page) {
    const auto& t = page.text;
    fmt::format_to(out,
                   "<h3>{}</h3>\n<table class=\"segments\">\n<thead><tr><th>{}</th><th>{}</th><th>{}</th>"
                   "<th>{}</th><th>{}</th><th>{}</th></tr></thead>\n<tbody>\n",
                   escape_html(t.segment_table_heading), escape_html(t.column_segment),
                   escape_html(t.column_subscribers_start), escape_html(t.column_subscribers_end),
                   escape_html(t.column_revenue), escape_html(t.column_arpu),
                   escape_html(t.column_churn_rate));
    for (int row = 0; row < page.lines.rows(); ++row) write_segment_row(out, page, row);
    fmt::format_to(out, "</tbody>\n</table>\n<p class=\"table-note\">{}</p>\n",
                   escape_html(t.segment_table_note));
}

void write_headline_row(Out out, const Page& page, const sim::Headline& headline) {
    const FigureSpec* spec = find_figure(headline.key);
    const FigureKind kind = spec != nullptr ? spec->kind : FigureKind::count;
    const std::string_view label = spec != nullptr ? page.text.figures.*spec->label : headline.key;
    const auto& b = headline.band;
    fmt::format_to(out, "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
                   escape_html(label), escape_html(page.format(b.mean, kind)),
                   escape_html(page.format(b.std_error, kind, Precision::std_error)),
                   escape_html(page.format(b.p5, kind)), escape_html(page.format(b.p50, kind)),
                   escape_html(page.format(b.p95, kind)));
}

void write_headline_table(Out out, const Page& page) {
    const auto& t = page.text;
    fmt::format_to(out,
                   "<h3>{}</h3>\n<table class=\"headlines\">\n<thead><tr><th>{}</th><th>{}</th><th>{}</th>"
                   "<th>{}</th><th>{}</th><th>{}</th></tr></thead>\n<tbody>\n",
                   escape_html(t.headline_table_heading), escape_html(t.column_figure),
                   escape_html(t.column_mean), escape_html(t.column_std_error), escape_html(t.column_p5),
                   escape_html(t.column_p50), escape_html(t.column_p95));
    for (const auto& headline : page.results.headlines) write_headline_row(out, page, headline);
    fmt::format_to(out, "</tbody>\n</table>\n<p class=\"table-note\">{} (n = {})</p>\n",
                   escape_html(t.headline_table_note), page.results.replications);
}

void write_tables(Out out, const Page& page) {
    fmt::format_to(out, "<section id=\"tables\" class=\"page-break\">\n<h2>{}</h2>\n",
                   escape_html(page.text.tables_heading));
    write_segment_table(out, page);
    write_headline_table(out, page);
    fmt::format_to(out, "</section>\n");
}

void write_definition(Out out, std::string_view term, std::string_view value) {
    fmt::format_to(out, "<dt>{}</dt><dd>{}</dd>\n", escape_html(term), escape_html(value));
}

void write_appendix(Out out, const Page& page) {
    const auto& t = page.text;
    const auto& r = page.results;
    const auto& c = page.context;
    const std::string library = fmt::format("Apache ECharts {}", assets::echarts_version());
    fmt::format_to(out, "<section id=\"appendix\" class=\"appendix page-break\">\n<h2>{}</h2>\n<dl>\n",
                   escape_html(t.appendix_heading));
    write_definition(out, t.label_scenario, fmt::format("{} ({})", r.scenario_title, r.scenario_name));
    write_definition(out, t.label_seed, fmt::format("{}", r.seed));
    write_definition(out, t.label_replications, fmt::format("{}", r.replications));
    write_definition(out, t.label_horizon, fmt::format("{}{}", r.horizon_months, t.months_unit));
    write_definition(out, t.label_version, c.offersim_version);
    write_definition(out, t.label_run_time,
                     format_grouped(c.run_seconds, 2, page.language()) + std::string(t.seconds_unit));
    write_definition(out, t.label_generated_at, c.generated_at);
    write_definition(out, t.label_chart_library, library);
    fmt::format_to(
        out,
        "</dl>\n<h3>{}</h3>\n<pre class=\"scenario-yaml\">{}</pre>\n"
        "<details class=\"licence\">\n<summary>{}{}</summary>\n<pre>{}</pre>\n</details>\n</section>\n",
        escape_html(t.scenario_yaml_heading), escape_html(c.resolved_scenario_yaml),
        escape_html(t.licence_summary), escape_html(library), escape_html(assets::echarts_license()));
}

// ------------------------------------------------------------------------------------------
// Chart data: plain series in the page's language; page_script() turns them into charts

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
        {"bands", Json::array({band_json(page, page.lines.whole_base(), Line::active, s.mean, s.band)})}};
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
            series_json(page.row_name(row), page.lines.series(row, Line::active, &sim::Band::mean)));
    return Json{{"kind", "stack"}, {"type", "area"}, {"unit", "count"}, {"series", series}};
}

Json churn_chart(const Page& page) {
    Json series = Json::array();
    for (int row = 0; row < page.lines.rows(); ++row) {
        Json line =
            series_json(page.row_name(row), page.lines.series(row, Line::churn_rate, &sim::Band::mean));
        line["total"] = row == page.lines.whole_base();
        series.push_back(std::move(line));
    }
    return Json{{"kind", "lines"}, {"unit", "percent"}, {"series", series}};
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

// Revenue lines in the order of a bill. A line the engine does not record is left out, as
// is one that is zero throughout; whatever the listed lines miss of the total shows as "other",
// so the stack always adds up to the revenue.
struct RevenueLineSpec {
    std::string_view metric;
    std::string_view RevenueLineText::*label;
};

constexpr std::array kRevenueLines = {
    RevenueLineSpec{"revenue_fee_cny", &RevenueLineText::fee},
    RevenueLineSpec{"revenue_bundle_components_cny", &RevenueLineText::bundle_components},
    RevenueLineSpec{"revenue_overage_voice_cny", &RevenueLineText::overage_voice},
    RevenueLineSpec{"revenue_intra_group_cny", &RevenueLineText::intra_group},
    RevenueLineSpec{"revenue_overage_data_cny", &RevenueLineText::overage_data},
    RevenueLineSpec{"revenue_overage_sms_cny", &RevenueLineText::overage_sms},
    RevenueLineSpec{"revenue_min_spend_topup_cny", &RevenueLineText::min_spend_topup},
    RevenueLineSpec{"revenue_device_cny", &RevenueLineText::device},
    RevenueLineSpec{"revenue_termination_fee_cny", &RevenueLineText::termination_fee},
    RevenueLineSpec{"revenue_prepay_forfeit_cny", &RevenueLineText::prepay_forfeit},
};

// Below this share of the month's revenue, a line counts as zero (rounding in the means).
constexpr double kNegligibleShare = 1e-4;

bool is_negligible(const std::vector<double>& values, const std::vector<double>& total) {
    for (std::size_t month = 0; month < values.size(); ++month)
        if (std::fabs(values[month]) > kNegligibleShare * std::fabs(total[month])) return false;
    return true;
}

Json revenue_lines_chart(const Page& page) {
    const int all = page.lines.whole_base();
    const std::vector<double> total = page.lines.series(all, Line::revenue_total, &sim::Band::mean);
    std::vector<double> other = total;
    Json series = Json::array();
    for (const auto& line : kRevenueLines) {
        const auto column = page.lines.find_column(line.metric);
        if (!column) continue;
        const std::vector<double> values = page.lines.series(all, *column, &sim::Band::mean);
        for (std::size_t month = 0; month < values.size(); ++month) other[month] -= values[month];
        if (!is_negligible(values, total))
            series.push_back(series_json(page.text.revenue_lines.*line.label, values));
    }
    if (!is_negligible(other, total)) series.push_back(series_json(page.text.revenue_lines.other, other));
    return Json{{"kind", "stack"}, {"type", "bar"}, {"unit", "cny"}, {"series", series}};
}

Json number_conventions_json(const NumberConventions& numbers) {
    Json scales = Json::array();
    for (const auto& scale : numbers.scales)
        scales.push_back(Json{{"threshold", scale.threshold}, {"suffix", scale.suffix}});
    return Json{{"currency", numbers.currency_symbol},
                {"separator", numbers.thousands_separator},
                {"scales", scales}};
}

Json chart_data(const Page& page) {
    std::vector<int> months;
    for (int month = 1; month <= page.lines.months(); ++month) months.push_back(month);
    Json charts = Json::object();
    for (const auto& chart : kCharts) charts[std::string(chart.id)] = chart.data(page);
    const auto& t = page.text;
    return Json{
        {"numbers", number_conventions_json(t.numbers)},
        {"text",
         {{"monthAxis", t.month_axis}, {"bandLabel", t.band_label}, {"rangeSeparator", t.range_separator}}},
        {"months", months},
        {"charts", charts},
    };
}

void write_scripts(Out out, const Page& page) {
    fmt::format_to(out, "<script type=\"application/json\" id=\"offersim-report-data\">{}</script>\n",
                   script_safe_json(chart_data(page)));
    fmt::format_to(out, "<script>\n{}\n</script>\n<script>\n{}</script>\n", assets::echarts_js(),
                   page_script());
}

void write_footer(Out out, const Page& page) {
    fmt::format_to(out, "<footer>{}<span class=\"footer-version\">{}</span></footer>\n",
                   escape_html(page.text.footer), escape_html(page.context.offersim_version));
}

// ------------------------------------------------------------------------------------------
// Style and behaviour, the same for every language

std::string_view page_css() {
    return R"CSS(:root {
  --ink: #1f2933; --muted: #5f6b7a; --line: #e3e7ed; --rule: #cdd4dd; --accent: #1f4e79;
  --paper: #ffffff; --ground: #f4f6f8; --warn-ground: #fff8e7; --warn-rule: #d9a21b; --warn-ink: #6b4a00;
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body {
  margin: 0; background: var(--ground); color: var(--ink); font-size: 15px; line-height: 1.55;
  font-family: "Inter", "Helvetica Neue", "Segoe UI", Roboto, "Noto Sans", "Noto Sans CJK SC", "PingFang SC",
               "Microsoft YaHei", Arial, sans-serif;
}
html:lang(zh-CN) body {
  font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", "Noto Sans",
               "Helvetica Neue", Arial, sans-serif;
}
.page { max-width: 1160px; margin: 0 auto; padding: 28px 32px 40px; }
.report-header { border-bottom: 3px solid var(--accent); padding-bottom: 14px; margin-bottom: 22px; }
.kicker { margin: 0; color: var(--accent); font-size: 12px; font-weight: 600; letter-spacing: .08em;
          text-transform: uppercase; }
h1 { margin: 4px 0 8px; font-size: 27px; line-height: 1.25; font-weight: 700; }
h2 { margin: 0 0 14px; padding-bottom: 6px; border-bottom: 1px solid var(--rule); font-size: 19px;
     font-weight: 650; }
h3 { font-size: 15px; font-weight: 650; }
.meta { margin: 0; color: var(--muted); font-size: 13px; }
.meta-item + .meta-item::before { content: "·"; margin: 0 10px; color: var(--rule); }
.meta-label { color: #8a95a3; }
section { margin-top: 34px; }
section:first-of-type { margin-top: 0; }
.warnings { margin: 0 0 16px; padding: 10px 16px; background: var(--warn-ground); color: var(--warn-ink);
            border: 1px solid #f1dca4; border-left: 4px solid var(--warn-rule); border-radius: 6px; }
.warnings h3 { margin: 0 0 2px; font-size: 14px; }
.warnings ul { margin: 0; padding-left: 20px; font-size: 13.5px; }
.cards { display: grid; grid-template-columns: repeat(3, minmax(0, 1fr)); gap: 14px; }
.card { padding: 14px 18px 12px; background: var(--paper); border: 1px solid var(--line);
        border-top: 3px solid var(--accent); border-radius: 8px; }
.card-label { color: var(--muted); font-size: 13px; font-weight: 600; }
.card-value { margin: 2px 0 4px; font-size: 30px; font-weight: 700; line-height: 1.2; letter-spacing: -.01em;
              font-variant-numeric: tabular-nums; }
.card-band { font-size: 13px; font-variant-numeric: tabular-nums; }
.band-label { display: inline-block; margin-right: 8px; padding: 0 5px; color: var(--muted); font-size: 11px;
              border: 1px solid var(--line); border-radius: 3px; }
.card-note { margin-top: 4px; color: var(--muted); font-size: 12px; }
.chart-grid { display: grid; grid-template-columns: repeat(2, minmax(0, 1fr)); gap: 16px; }
.chart-card { margin: 0; padding: 14px 16px 10px; background: var(--paper); border: 1px solid var(--line);
              border-radius: 8px; }
.chart-card h3 { margin: 0 0 6px; }
.chart { width: 100%; height: 330px; }
.chart svg { max-width: 100%; }
figcaption { margin-top: 4px; color: var(--muted); font-size: 12px; }
.noscript { color: var(--warn-ink); }
#tables h3, .appendix h3 { margin: 22px 0 8px; }
#tables h3:first-of-type { margin-top: 0; }
table { width: 100%; border-collapse: collapse; background: var(--paper); font-size: 13.5px;
        font-variant-numeric: tabular-nums; border: 1px solid var(--line); }
th, td { padding: 7px 12px; text-align: right; white-space: nowrap; border-bottom: 1px solid var(--line); }
th:first-child, td:first-child { text-align: left; }
thead th { color: var(--muted); font-size: 12px; font-weight: 600; background: #f8f9fb;
           border-bottom: 2px solid var(--rule); }
tbody tr:nth-child(even) td { background: #fbfcfd; }
tr.total td { font-weight: 700; border-top: 2px solid var(--rule); background: #f3f6fa; }
.id { margin-left: 6px; color: #8a95a3; font-size: 11.5px; font-weight: 400; }
.table-note { margin: 6px 0 0; color: var(--muted); font-size: 12px; }
.offers-heading { margin: 20px 0 8px; }
.cell-band { display: block; color: var(--muted); font-size: 11.5px; }
.appendix dl { display: grid; grid-template-columns: max-content 1fr; gap: 4px 24px; margin: 0;
               font-size: 13.5px; }
.appendix dt { color: var(--muted); }
.appendix dd { margin: 0; }
pre { margin: 0; padding: 12px 14px; background: var(--paper); border: 1px solid var(--line); border-radius: 6px;
      font: 12px/1.5 "DejaVu Sans Mono", "Noto Sans Mono CJK SC", Menlo, Consolas, monospace;
      white-space: pre-wrap; overflow-wrap: anywhere; }
details.licence { margin-top: 14px; }
details.licence summary { color: var(--accent); font-size: 13px; cursor: pointer; }
details.licence pre { margin-top: 8px; max-height: 420px; overflow: auto; font-size: 11px; }
footer { margin-top: 36px; padding-top: 10px; color: var(--muted); font-size: 12px;
         border-top: 1px solid var(--line); }
.footer-version { float: right; }
@media (max-width: 900px) {
  .cards { grid-template-columns: repeat(2, minmax(0, 1fr)); }
  .chart-grid { grid-template-columns: minmax(0, 1fr); }
}
@page { size: A4; margin: 14mm 12mm 16mm; }
@media print {
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  body { background: #fff; font-size: 10pt; }
  .page { max-width: none; padding: 0; }
  .page-break { break-before: page; }
  section { margin-top: 0; }
  .cards { grid-template-columns: repeat(3, minmax(0, 1fr)); gap: 3mm; }
  .card { padding: 3mm 4mm; }
  .card-value { font-size: 20pt; }
  .card, .chart-card, .warnings, tr { break-inside: avoid; }
  .chart-grid { display: block; }
  .chart-card { margin: 0 0 5mm; padding: 0; border: none; }
  .chart { width: 186mm; height: 92mm; }
  thead { display: table-header-group; }
  pre { font-size: 8pt; }
  details.licence pre { max-height: none; overflow: visible; }
  footer { break-inside: avoid; }
}
)CSS";
}

// Builds the charts from the inline data with ECharts' SVG renderer (sharp in print, and
// the rendered DOM can be checked by tests). Holds no text: labels come with the data.
std::string_view page_script() {
    return R"JS((function () {
  'use strict';
  var data = JSON.parse(document.getElementById('offersim-report-data').textContent);
  var palette = ['#1f4e79', '#2a9d8f', '#e0a030', '#7b5ea7', '#c8553d', '#5d7f9c', '#8aa04b', '#b5799f'];
  var ink = '#1f2933', muted = '#5f6b7a', rule = '#e3e7ed', axis = '#9aa5b1';
  var font = window.getComputedStyle(document.body).fontFamily;

  // The same rules as number_format.cpp, so axes and tooltips read like the tables.
  function makeNumbers(n) {
    function grouped(m, decimals) {
      var text = m.toFixed(decimals), point = text.indexOf('.');
      var whole = point < 0 ? text : text.slice(0, point), out = '';
      for (var i = 0; i < whole.length; i++) {
        if (i > 0 && (whole.length - i) % 3 === 0) out += n.separator;
        out += whole[i];
      }
      return out + (point < 0 ? '' : text.slice(point));
    }
    function decimalsFor(m) { return m >= 100 ? 0 : m >= 10 ? 1 : 2; }
    function roundTo(x, d) { var f = Math.pow(10, d); return Math.round(x * f) / f; }
    function scaled(m) {
      for (var i = 0; i < n.scales.length; i++) {
        var s = m / n.scales[i].threshold, d = decimalsFor(roundTo(s, decimalsFor(s))), r = roundTo(s, d);
        if (r >= 1) return r.toFixed(d) + n.scales[i].suffix;
      }
      return grouped(m, 0);
    }
    function trimZeros(text) { return text.replace(/\.0+(?=\D*$)|(\.\d*?)0+(?=\D*$)/, '$1'); }
    function signed(v, prefix, text) { return (v < 0 && /[1-9]/.test(text) ? '-' : '') + prefix + text; }
    function finite(f) { return function (v) { return typeof v === 'number' && isFinite(v) ? f(v) : '\u2014'; }; }
    return {
      count: finite(function (v) { return signed(v, '', scaled(Math.abs(v))); }),
      cny: finite(function (v) {
        var m = Math.abs(v);
        return signed(v, n.currency, roundTo(m, 2) < 1000 ? grouped(m, 2) : scaled(m));
      }),
      // Axis ticks are round numbers: 42万 and ¥1.5亿 rather than 42.0万 and ¥1.50亿.
      countAxis: finite(function (v) { return signed(v, '', trimZeros(scaled(Math.abs(v)))); }),
      cnyAxis: finite(function (v) { return signed(v, n.currency, trimZeros(scaled(Math.abs(v)))); }),
      percent: function (decimals) {
        return finite(function (v) { return signed(v, '', (Math.abs(v) * 100).toFixed(decimals) + '%'); });
      }
    };
  }
  var numbers = makeNumbers(data.numbers);
  var valueFormat = { count: numbers.count, cny: numbers.cny, percent: numbers.percent(2) };
  var axisFormat = { count: numbers.countAxis, cny: numbers.cnyAxis, percent: numbers.percent(1) };

  function escapeHtml(s) {
    return String(s).replace(/[&<>"']/g, function (c) {
      return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c];
    });
  }
  function colour(i) { return palette[i % palette.length]; }
  function withAlpha(hex, alpha) {
    var v = parseInt(hex.slice(1), 16);
    return 'rgba(' + (v >> 16) + ',' + ((v >> 8) & 255) + ',' + (v & 255) + ',' + alpha + ')';
  }
  function marker(c) {
    return '<span style="display:inline-block;width:9px;height:9px;margin-right:6px;border-radius:2px;background:' +
      c + '"></span>';
  }

  // Rows the legend wraps into, so the plot starts below it (ECharts does not reserve it).
  function legendRows(names, width) {
    var rows = 1, used = 0;
    names.forEach(function (name) {
      var w = 14 + 5 + 14;
      for (var i = 0; i < name.length; i++) w += name.charCodeAt(i) > 0x2e80 ? 12 : 6.6;
      if (used > 0 && used + w > width) { rows += 1; used = 0; }
      used += w;
    });
    return rows;
  }

  function baseOption(el, unit, legendNames, bars) {
    return {
      animation: false,
      color: palette,
      textStyle: { fontFamily: font, color: ink },
      legend: {
        data: legendNames, top: 0, left: 0, right: 0, icon: 'roundRect', itemWidth: 14, itemHeight: 8,
        itemGap: 14, textStyle: { color: ink, fontSize: 12 }
      },
      grid: { left: 8, right: 18, top: 14 + 22 * legendRows(legendNames, el.clientWidth), bottom: 4 },
      tooltip: { trigger: 'axis', confine: true, valueFormatter: valueFormat[unit] },
      xAxis: {
        type: 'category', data: data.months, boundaryGap: bars, name: data.text.monthAxis,
        nameLocation: 'middle', nameGap: 26, nameTextStyle: { color: muted },
        axisLine: { lineStyle: { color: axis } }, axisTick: { alignWithLabel: true, lineStyle: { color: axis } },
        axisLabel: { color: muted }
      },
      yAxis: {
        type: 'value', axisLabel: { color: muted, formatter: axisFormat[unit] },
        splitLine: { lineStyle: { color: rule } }
      }
    };
  }

  // Mean lines over P5-P95 bands: each band is the P5 line (invisible) with P95 - P5
  // stacked on it and shaded.
  function fanChart(el, chart) {
    var series = [], legend = [];
    chart.bands.forEach(function (b, i) {
      var c = colour(i), stack = 'band' + i;
      var width = b.p95.map(function (v, k) { return v - b.p5[k]; });
      var band = { type: 'line', stack: stack, stackStrategy: 'all', symbol: 'none', silent: true };
      series.push(Object.assign({ name: b.bandName, data: b.p5, lineStyle: { width: 0 },
                                  itemStyle: { color: withAlpha(c, 0.25) } }, band));
      series.push(Object.assign({ name: b.bandName, data: width, lineStyle: { width: 0 },
                                  itemStyle: { color: withAlpha(c, 0.25) },
                                  areaStyle: { color: c, opacity: 0.18 } }, band));
      series.push({ name: b.name, type: 'line', data: b.mean, symbol: 'none', z: 3,
                    lineStyle: { width: 2.2, color: c }, itemStyle: { color: c } });
      legend.push(b.name, b.bandName);
    });
    var option = baseOption(el, chart.unit, legend, false);
    option.yAxis.scale = !chart.zeroBased;
    option.series = series;
    var f = valueFormat[chart.unit];
    option.tooltip.formatter = function (params) {
      var i = params[0].dataIndex;
      var html = escapeHtml(data.text.monthAxis + ' ' + data.months[i]);
      chart.bands.forEach(function (b, k) {
        html += '<br>' + marker(colour(k)) + escapeHtml(b.name) + ' <b>' + escapeHtml(f(b.mean[i])) + '</b> ' +
          escapeHtml(data.text.bandLabel + ' ' + f(b.p5[i]) + data.text.rangeSeparator + f(b.p95[i]));
      });
      return html;
    };
    return option;
  }

  function stackChart(el, chart) {
    var bars = chart.type === 'bar';
    var names = chart.series.map(function (s) { return s.name; });
    var option = baseOption(el, chart.unit, names, bars);
    option.series = chart.series.map(function (s) {
      var one = { name: s.name, type: bars ? 'bar' : 'line', stack: 'total', data: s.values, symbol: 'none',
                  emphasis: { focus: 'series' } };
      if (bars) one.barMaxWidth = 20;
      else { one.lineStyle = { width: 1 }; one.areaStyle = { opacity: 0.82 }; }
      return one;
    });
    return option;
  }

  function lineChart(el, chart) {
    var names = chart.series.map(function (s) { return s.name; });
    var option = baseOption(el, chart.unit, names, false);
    option.series = chart.series.map(function (s, i) {
      var c = s.total ? ink : colour(i);
      return { name: s.name, type: 'line', data: s.values, symbol: 'none', z: s.total ? 3 : 2,
               lineStyle: { width: s.total ? 2.4 : 1.6, type: s.total ? 'dashed' : 'solid', color: c },
               itemStyle: { color: c } };
    });
    return option;
  }

  var builders = { fan: fanChart, stack: stackChart, lines: lineChart };
  var charts = [];
  function render(id, chart) {
    var el = document.getElementById('chart-' + id);
    if (!el) throw new Error('no container #chart-' + id);
    var instance = echarts.init(el, null, { renderer: 'svg' });
    instance.setOption(builders[chart.kind](el, chart));
    charts.push(instance);
  }
  Object.keys(data.charts).forEach(function (id) {
    try { render(id, data.charts[id]); } catch (e) { console.error('Error: offersim chart ' + id + ': ' + e); }
  });

  // Charts are drawn at their container's size: redraw when it changes, e.g. for print.
  function resizeAll() { charts.forEach(function (c) { c.resize(); }); }
  window.addEventListener('resize', resizeAll);
  window.addEventListener('beforeprint', resizeAll);
  window.addEventListener('afterprint', resizeAll);
  if (window.matchMedia) {
    var print = window.matchMedia('print');
    if (print.addEventListener) print.addEventListener('change', resizeAll);
  }
})();
)JS";
}

}  // namespace

std::string html_report(const sim::RunResults& results, const ReportContext& context) {
    const Page page{results, context, report_text(context.language), MonthlyLines(results)};
    std::string html;
    html.reserve(assets::echarts_js().size() + assets::echarts_license().size() + 256 * 1024);
    const Out out(html);
    write_head(out, page);
    fmt::format_to(out, "<body>\n<div class=\"page\">\n");
    write_header(out, page);
    fmt::format_to(out, "<main>\n");
    write_summary(out, page);
    write_charts(out, page);
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
