// report.html of `offersim compare`: the decision first (question, recommendation, headline
// changes with their bands, every variant in a sortable table), then the charts, each
// variant in detail and the assumptions. The page skeleton, style and chart runtime are
// shared with html_report.cpp (html_page.hpp); the decision with the Markdown report
// (comparison_summary.hpp). What this page adds to the style and the runtime (the sortable
// table, the bar chart of cost lines) is reports/web/comparison.css and comparison.js.
#include "engine/core/error.hpp"
#include "reports/assets/embedded_assets.hpp"
#include "reports/assumptions_table.hpp"
#include "reports/comparison_summary.hpp"
#include "reports/figure_format.hpp"
#include "reports/figure_tables.hpp"
#include "reports/html_page.hpp"
#include "reports/html_report.hpp"
#include "reports/module_deltas.hpp"
#include "reports/number_format.hpp"
#include "reports/offer_effects_text.hpp"
#include "reports/price_response_note.hpp"
#include "reports/uncertainty_report.hpp"
#include "reports/waterfall_table.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <array>
#include <cmath>
#include <nlohmann/json.hpp>

namespace offersim::reports {

namespace {

using html::escape;
using html::Json;
using html::Out;

struct ComparisonPage {
    const sim::RunResults& baseline;
    const std::vector<const sim::RunResults*>& variants;
    const std::vector<sim::VariantComparison>& comparisons;
    const ReportContext& context;
    const ReportText& text;
    Decision decision;

    Language language() const { return context.language; }
    const ComparisonText& ct() const { return text.comparison; }
    int horizon() const { return baseline.horizon_months; }
    const sim::VariantComparison& lead() const { return comparisons[decision.lead]; }
};

// ------------------------------------------------------------------------------------------
// Header and executive summary

void write_header(Out out, const ComparisonPage& page) {
    html::write_header(out, page.language(), page.ct().report_kind,
                       comparison_title(page.baseline, page.comparisons, page.language()),
                       page.ct().label_baseline, page.baseline, page.context.generated_at);
}

void write_decision(Out out, const ComparisonPage& page) {
    const std::string caveat = caveat_sentence(page.decision, page.comparisons, page.language());
    fmt::format_to(
        out,
        "<div class=\"decision {}\">\n<p class=\"question\"><span class=\"decision-label\">{}</span>{}</p>\n"
        "<p class=\"recommendation\"><span class=\"decision-label\">{}</span>{}</p>\n",
        page.decision.recommended ? "go" : "hold", escape(page.ct().question_label),
        escape(question_sentence(page.baseline, page.comparisons, page.language())),
        escape(page.ct().recommendation_label),
        escape(recommendation_sentence(page.decision, page.comparisons, page.horizon(), page.language())));
    if (!caveat.empty()) fmt::format_to(out, "<p class=\"caveat\">{}</p>\n", escape(caveat));
    // What the lead's band holds: both parts, or simulation noise only.
    fmt::format_to(
        out, "<p class=\"band-parts\">{}</p>\n",
        escape(band_parts_note(page.lead().uncertainty, "npv_margin_cny", page.text, page.language())));
    fmt::format_to(out, "</div>\n");
}

// Warnings of every run, each variant's named.
void write_warnings(Out out, const ComparisonPage& page) {
    const std::vector<std::string> warnings =
        comparison_warnings(page.baseline, page.variants, page.comparisons, page.language());
    if (warnings.empty()) return;
    fmt::format_to(out, "<div class=\"warnings\" role=\"alert\">\n<h3>{}</h3>\n<ul>\n",
                   escape(page.text.warnings_heading));
    for (const auto& warning : warnings) fmt::format_to(out, "<li>{}</li>\n", escape(warning));
    fmt::format_to(out, "</ul>\n</div>\n");
}

// Whether more of a figure is better for the operator: colours a change that its band
// shows to be real. More churners can come with more subscribers, so they stay neutral.
enum class Better { more, neither };

struct DeltaCard {
    std::string_view key;
    std::string_view ComparisonText::*label;
    std::string_view FigureNotes::*note;
    Better better;
};

constexpr std::array kDeltaCards = {
    DeltaCard{"npv_margin_cny", &ComparisonText::card_npv, &FigureNotes::discounted, Better::more},
    DeltaCard{"revenue_total_cny", &ComparisonText::card_revenue, &FigureNotes::horizon_total, Better::more},
    DeltaCard{"cost_total_cny", &ComparisonText::card_cost, &FigureNotes::horizon_total, Better::neither},
    DeltaCard{"margin_total_cny", &ComparisonText::card_margin, &FigureNotes::horizon_total, Better::more},
    DeltaCard{"subscribers_end", &ComparisonText::card_subscribers_end, &FigureNotes::at_horizon_end,
              Better::more},
    DeltaCard{"churners", &ComparisonText::card_churners, &FigureNotes::horizon_total, Better::neither},
};

std::string_view side_class(BandSide side) {
    switch (side) {
        case BandSide::above_zero:
            return "side-above";
        case BandSide::below_zero:
            return "side-below";
        case BandSide::includes_zero:
            break;
    }
    return "side-includes";
}

// The warning beside a variant's figures when it is not like for like; nothing when it is.
void write_like_for_like_flag(Out out, const sim::VariantComparison& c, Language language,
                              std::string_view element) {
    const std::string flag = not_like_for_like_text(c, language);
    if (!flag.empty())
        fmt::format_to(out, "<{0} class=\"not-like-for-like\" role=\"note\">{1}</{0}>", element,
                       escape(flag));
}

std::string_view tone_class(const sim::Band& band, Better better) {
    const BandSide side = band_side(band);
    if (side == BandSide::includes_zero || better == Better::neither) return "";
    return side == BandSide::above_zero ? " good" : " bad";
}

void write_delta_card(Out out, const ComparisonPage& page, const DeltaCard& card) {
    const sim::Band& band = page.lead().delta(card.key);
    const FigureKind kind = figure_kind(card.key);
    const BandSide side = band_side(band);
    fmt::format_to(out,
                   "<div class=\"card\" data-figure=\"{}\">\n<div class=\"card-label\">{}</div>\n"
                   "<div class=\"card-value{}\">{}</div>\n"
                   "<div class=\"card-band\"><span class=\"band-label\">{}</span>{}"
                   "<span class=\"side {}\">{}</span></div>\n<div class=\"card-note\">{}</div>\n</div>\n",
                   card.key, escape(page.ct().*card.label), tone_class(band, card.better),
                   escape(format_delta_change(page.lead(), card.key, page.language())),
                   escape(page.text.band_label), escape(format_change_range(band, kind, page.language())),
                   card.better == Better::more ? side_class(side) : "side-neutral",
                   escape(band_side_text(side, page.ct())), escape(page.text.notes.*card.note));
}

void write_payback_card(Out out, const ComparisonPage& page) {
    const sim::VariantComparison& lead = page.lead();
    const std::string share = format_percent(lead.payback_share, 0);
    fmt::format_to(out,
                   "<div class=\"card\" data-figure=\"payback_month\">\n<div class=\"card-label\">{}</div>\n"
                   "<div class=\"card-value\">{}</div>\n"
                   "<div class=\"card-band\"><span class=\"band-label\">{}</span>{}</div>\n"
                   "<div class=\"card-note\">{}</div>\n</div>\n",
                   escape(page.ct().card_payback),
                   escape(incremental_payback_text(lead, page.horizon(), page.language())),
                   escape(page.text.band_label),
                   escape(payback_range_text(lead, page.horizon(), page.language())),
                   escape(fill(page.ct().card_payback_note, {{"share", share}})));
}

void write_cards(Out out, const ComparisonPage& page) {
    fmt::format_to(out, "<p class=\"cards-lead\">{}</p>\n",
                   escape(fill(page.ct().cards_lead, {{"variant", variant_label(page.lead())},
                                                      {"baseline", scenario_label(page.baseline)}})));
    write_like_for_like_flag(out, page.lead(), page.language(), "p");
    fmt::format_to(out, "<div class=\"cards\">\n");
    for (const auto& card : kDeltaCards) write_delta_card(out, page, card);
    write_payback_card(out, page);
    fmt::format_to(out, "</div>\n");
}

// ------------------------------------------------------------------------------------------
// The sortable table of every variant: each cell carries the number it sorts by

// The changes in the table, each headed by its figure's label under one group heading. A
// band is coloured when it shows a real gain or loss for the operator (not for cost: more of
// it can be the price of a gain).
struct TableColumn {
    std::string_view key;
    bool with_band;
    Better better;
};

constexpr std::array kTableColumns = {
    TableColumn{"npv_margin_cny", true, Better::more},
    TableColumn{"revenue_total_cny", true, Better::more},
    TableColumn{"cost_total_cny", true, Better::neither},
    TableColumn{"margin_total_cny", true, Better::more},
    TableColumn{"subscribers_end", false, Better::more},
    TableColumn{"churners", false, Better::neither},
};

// A heading that sorts the body by its `column`; `rows` > 1 spans the group heading's row too.
void write_sort_heading(Out out, std::string_view heading, int column, std::string_view type, int rows,
                        std::string_view hint) {
    fmt::format_to(
        out,
        "<th scope=\"col\"{} data-column=\"{}\" data-type=\"{}\"><button type=\"button\" title=\"{}\">"
        "{}</button></th>",
        rows > 1 ? fmt::format(" rowspan=\"{}\"", rows) : "", column, type, escape(hint), escape(heading));
}

// Two rows: the changes grouped under one heading, labelled by their figures below it.
void write_table_head(Out out, const ComparisonPage& page) {
    const auto& ct = page.ct();
    const int changes = static_cast<int>(kTableColumns.size());
    fmt::format_to(out, "<thead><tr>");
    write_sort_heading(out, ct.column_variant, 0, "text", 2, ct.sort_hint);
    fmt::format_to(out, "<th scope=\"colgroup\" colspan=\"{}\" class=\"group\">{}</th>", changes,
                   escape(ct.column_group_change));
    write_sort_heading(out, ct.column_payback, changes + 1, "number", 2, ct.sort_hint);
    write_sort_heading(out, ct.column_paid_back, changes + 2, "number", 2, ct.sort_hint);
    fmt::format_to(out, "</tr>\n<tr>");
    for (int i = 0; i < changes; ++i)
        write_sort_heading(out, figure_label(kTableColumns[static_cast<std::size_t>(i)].key, page.text),
                           i + 1, "number", 1, ct.sort_hint);
    fmt::format_to(out, "</tr></thead>\n");
}

void write_variant_cell(Out out, const ComparisonPage& page, std::size_t index) {
    const sim::VariantComparison& c = page.comparisons[index];
    const bool recommended = page.decision.recommended && index == page.decision.lead;
    fmt::format_to(out, "<td class=\"variant-name\" data-sort=\"{}\">{}", escape(variant_label(c)),
                   escape(variant_label(c)));
    if (recommended) fmt::format_to(out, "<span class=\"tag\">{}</span>", escape(page.ct().recommended_tag));
    if (c.name != variant_label(c)) fmt::format_to(out, "<span class=\"id\">{}</span>", escape(c.name));
    write_like_for_like_flag(out, c, page.language(), "span");
    fmt::format_to(out, "</td>");
}

void write_delta_cell(Out out, const sim::VariantComparison& c, const TableColumn& column,
                      const VariantCell& cell) {
    const sim::Band& band = c.delta(column.key);
    fmt::format_to(out, "<td data-sort=\"{}\">{}", band.mean, escape(cell.change));
    if (column.with_band)
        fmt::format_to(out, "<span class=\"cell-band{}\">{}</span>", tone_class(band, column.better),
                       escape(cell.band));
    fmt::format_to(out, "</td>");
}

// Each column in one unit (figure_tables.hpp, variant_table_cells).
void write_table_row(Out out, const ComparisonPage& page, std::size_t index,
                     const std::vector<VariantCell>& cells) {
    const sim::VariantComparison& c = page.comparisons[index];
    const bool recommended = page.decision.recommended && index == page.decision.lead;
    fmt::format_to(out, "<tr data-variant=\"{}\"{}>", escape(c.name),
                   recommended ? " class=\"recommended\"" : "");
    write_variant_cell(out, page, index);
    for (std::size_t k = 0; k < kTableColumns.size(); ++k)
        write_delta_cell(out, c, kTableColumns[k], cells[k]);
    // A variant that does not pay back sorts after every one that does.
    const double payback = c.payback_share < 0.5 ? page.horizon() + 1.0 : c.payback_month.p50;
    fmt::format_to(out, "<td data-sort=\"{}\">{}</td><td data-sort=\"{}\">{}</td></tr>\n", payback,
                   escape(incremental_payback_text(c, page.horizon(), page.language())), c.payback_share,
                   format_percent(c.payback_share, 0));
}

void write_comparison_table(Out out, const ComparisonPage& page) {
    fmt::format_to(out,
                   "<h3 class=\"table-heading\">{}</h3>\n<div class=\"table-scroll\">\n"
                   "<table class=\"comparison sortable\" id=\"variant-table\">\n",
                   escape(page.ct().table_heading));
    write_table_head(out, page);
    fmt::format_to(out, "<tbody>\n");
    std::vector<std::string_view> keys;
    for (const auto& column : kTableColumns) keys.push_back(column.key);
    const auto cells = variant_table_cells(page.comparisons, keys, page.language());
    for (std::size_t i = 0; i < page.comparisons.size(); ++i) write_table_row(out, page, i, cells[i]);
    fmt::format_to(
        out,
        "</tbody>\n</table>\n</div>\n<p class=\"table-note\">{}<span class=\"sort-note\">{}</span></p>\n",
        escape(page.ct().table_note), escape(page.ct().sort_note));
}

// What each variant's scenario changes against the baseline's, setting by setting, the
// changes to the customer base or the costs marked.
void write_changes(Out out, const ComparisonPage& page) {
    const auto& ct = page.ct();
    fmt::format_to(out, "<div class=\"changes\" id=\"changes\">\n<h3>{}</h3>\n", escape(ct.changes_heading));
    for (const auto& c : page.comparisons) {
        fmt::format_to(out, "<div class=\"variant-changes\" data-variant=\"{}\">\n<h4>{}</h4>\n",
                       escape(c.name), escape(variant_label(c)));
        write_like_for_like_flag(out, c, page.language(), "p");
        if (c.changes.empty()) {
            fmt::format_to(out, "<p class=\"no-changes\">{}</p>\n</div>\n", escape(ct.no_changes));
            continue;
        }
        fmt::format_to(out,
                       "<table class=\"changes-table\">\n<thead><tr><th>{}</th><th>{}</th><th>{}</th></tr>"
                       "</thead>\n<tbody>\n",
                       escape(ct.column_setting), escape(ct.column_baseline),
                       escape(ct.column_variant_value));
        for (const auto& change : c.changes) {
            const bool flagged = change.area != scenario::ChangeArea::other;
            const std::string_view area = change.area == scenario::ChangeArea::customer_base
                                              ? ct.area_customer_base
                                          : change.area == scenario::ChangeArea::costs ? ct.area_costs
                                                                                       : "";
            fmt::format_to(out, "<tr{}><td><code>{}</code>{}</td><td>{}</td><td>{}</td></tr>\n",
                           flagged ? " class=\"flagged\"" : "", escape(change.path),
                           flagged ? fmt::format("<span class=\"area\">{}</span>", escape(area)) : "",
                           escape(change.baseline.empty() ? ct.value_absent : change.baseline),
                           escape(change.variant.empty() ? ct.value_absent : change.variant));
        }
        fmt::format_to(out, "</tbody>\n</table>\n</div>\n");
    }
    fmt::format_to(out, "<p class=\"table-note\">{}</p>\n</div>\n", escape(ct.changes_note));
}

void write_summary(Out out, const ComparisonPage& page) {
    fmt::format_to(out, "<section id=\"summary\" class=\"summary\">\n<h2>{}</h2>\n",
                   escape(page.text.summary_heading));
    write_decision(out, page);
    write_changes(out, page);
    write_warnings(out, page);
    write_cards(out, page);
    write_comparison_table(out, page);
    fmt::format_to(out, "</section>\n");
}

// ------------------------------------------------------------------------------------------
// Charts

struct ComparisonChartSpec {
    std::string_view id;
    ChartText ComparisonText::*text;
    bool wide;
};

constexpr std::array kComparisonCharts = {
    ComparisonChartSpec{"cumulative-margin", &ComparisonText::chart_cumulative, true},
    ComparisonChartSpec{"monthly-margin", &ComparisonText::chart_monthly, false},
    ComparisonChartSpec{"cost-lines", &ComparisonText::chart_cost_lines, false},
};

void write_charts(Out out, const ComparisonPage& page) {
    fmt::format_to(out,
                   "<section id=\"charts\" class=\"page-break\">\n<h2>{}</h2>\n"
                   "<noscript><p class=\"noscript\">{}</p></noscript>\n<div class=\"chart-grid\">\n",
                   escape(page.text.charts_heading), escape(page.text.no_script));
    for (const auto& chart : kComparisonCharts) {
        const ChartText& text = page.ct().*chart.text;
        fmt::format_to(out,
                       "<figure class=\"chart-card{3}\">\n<h3>{0}</h3>\n"
                       "<div class=\"chart\" id=\"chart-{1}\" role=\"img\" aria-label=\"{0}\"></div>\n"
                       "<figcaption>{2}</figcaption>\n</figure>\n",
                       escape(text.title), chart.id, escape(text.caption), chart.wide ? " wide" : "");
    }
    // Each variant's cash on its own scale, so a large variant does not flatten a small one.
    const OfferEffectText& t = page.text.offer_effects;
    for (std::size_t i = 0; i < page.comparisons.size(); ++i) {
        const std::string title = fill(t.chart_cash.title, {{"variant", variant_label(page.comparisons[i])}});
        fmt::format_to(out,
                       "<figure class=\"chart-card wide\">\n<h3>{0}</h3>\n"
                       "<div class=\"chart\" id=\"chart-cash-{1}\" role=\"img\" aria-label=\"{0}\"></div>\n"
                       "<figcaption>{2} {3}</figcaption>\n</figure>\n",
                       escape(title), i + 1, escape(t.chart_cash.caption),
                       escape(cash_summary_text(page.comparisons[i], page.horizon(), page.language())));
    }
    fmt::format_to(out, "</div>\n</section>\n");
}

std::vector<double> band_series(const std::vector<sim::Band>& bands, double sim::Band::*field) {
    std::vector<double> values;
    values.reserve(bands.size());
    for (const auto& band : bands) values.push_back(band.*field);
    return values;
}

// One variant's fan. A single variant's series are named as in the run report; with several,
// a variant's band shares its name, so the legend has one entry per variant and toggles both.
Json fan_band(const ComparisonPage& page, std::size_t index, const std::vector<sim::Band>& bands) {
    const auto& s = page.text.series;
    const bool single = page.comparisons.size() == 1;
    const std::string name(single ? s.mean : variant_label(page.comparisons[index]));
    const std::string band_name = single ? std::string(s.band) : name;
    return Json{{"name", name},
                {"bandName", band_name},
                {"mean", band_series(bands, &sim::Band::mean)},
                {"p5", band_series(bands, &sim::Band::p5)},
                {"p95", band_series(bands, &sim::Band::p95)}};
}

Json cumulative_chart(const ComparisonPage& page) {
    Json bands = Json::array();
    for (std::size_t i = 0; i < page.comparisons.size(); ++i) {
        const sim::VariantComparison& c = page.comparisons[i];
        Json band = fan_band(page, i, c.cumulative_margin_delta_cny);
        // The median month is marked when it falls within the horizon (half the
        // replications paying back can put it between the last month and "never").
        const double month = std::round(c.payback_month.p50);
        if (c.payback_share >= 0.5 && month >= 1.0 && month <= page.horizon()) {
            band["marker"] =
                Json{{"index", static_cast<int>(month) - 1},
                     {"label", fill(page.ct().payback_marker, {{"month", fmt::format("{:.0f}", month)}})}};
        }
        bands.push_back(std::move(band));
    }
    return Json{{"kind", "fan"},
                {"unit", "cny"},
                {"zeroBased", true},
                {"zeroLine", true},
                {"zeroLabel", page.ct().break_even},
                {"bands", bands}};
}

Json monthly_chart(const ComparisonPage& page) {
    Json bands = Json::array();
    for (std::size_t i = 0; i < page.comparisons.size(); ++i)
        bands.push_back(fan_band(page, i, page.comparisons[i].monthly_margin_delta_cny));
    return Json{{"kind", "fan"}, {"unit", "cny"}, {"zeroBased", true}, {"zeroLine", true}, {"bands", bands}};
}

// Below this many CNY over the horizon a cost line counts as unchanged.
constexpr double kUnchangedCny = 0.5;

// Cost lines that change in some variant, in the engine's order, then the total.
std::vector<std::string> changed_cost_lines(const ComparisonPage& page) {
    std::vector<std::string> keys;
    for (const auto& delta : page.comparisons.front().deltas) {
        if (!is_cost_line(delta.key)) continue;
        for (const auto& c : page.comparisons)
            if (std::fabs(c.delta(delta.key).mean) >= kUnchangedCny) {
                keys.push_back(delta.key);
                break;
            }
    }
    keys.push_back("cost_total_cny");
    return keys;
}

Json cost_lines_chart(const ComparisonPage& page) {
    const std::vector<std::string> keys = changed_cost_lines(page);
    Json categories = Json::array();
    for (const auto& key : keys)
        categories.push_back(key == "cost_total_cny" ? page.ct().cost_total_category
                                                     : figure_label(key, page.text));
    Json series = Json::array();
    for (const auto& c : page.comparisons) {
        Json values = Json::array(), p5 = Json::array(), p95 = Json::array();
        for (const auto& key : keys) {
            values.push_back(c.delta(key).mean);
            p5.push_back(c.delta(key).p5);
            p95.push_back(c.delta(key).p95);
        }
        series.push_back(Json{{"name", variant_label(c)}, {"values", values}, {"p5", p5}, {"p95", p95}});
    }
    return Json{{"kind", "hbars"}, {"unit", "cny"}, {"categories", categories}, {"series", series}};
}

// One variant's cumulative incremental cash, undiscounted and discounted, with the trough and
// the payback of the mean line marked: the figures comparison.json holds as `cash`.
Json cash_chart(const ComparisonPage& page, std::size_t index) {
    const sim::CashCurve& cash = page.comparisons[index].cash;
    const OfferEffectText& t = page.text.offer_effects;
    const Language lang = page.language();
    Json chart{{"kind", "cash"},
               {"unit", "cny"},
               {"zeroLabel", page.ct().break_even},
               {"series",
                Json::array({Json{{"name", t.series_cumulative}, {"values", cash.cumulative_cny}},
                             Json{{"name", fill(t.series_discounted,
                                                {{"rate", discount_rate_text(cash.discount_rate_annual)}})},
                                  {"values", cash.cumulative_discounted_cny},
                                  {"dashed", true}}})}};
    if (cash.trough_month > 0)
        chart["trough"] =
            Json{{"index", cash.trough_month - 1},
                 {"value", cash.trough_cny},
                 {"label", fill(t.trough_marker, {{"month", fmt::format("{}", cash.trough_month)},
                                                  {"depth", format_cny(cash.trough_cny, lang)}})}};
    if (cash.payback_month)
        chart["payback"] =
            Json{{"index", *cash.payback_month - 1},
                 {"label", fill(t.payback_marker, {{"month", fmt::format("{}", *cash.payback_month)}})}};
    return chart;
}

Json chart_data(const ComparisonPage& page) {
    std::vector<int> months;
    for (int month = 1; month <= page.horizon(); ++month) months.push_back(month);
    const auto& t = page.text;
    Json charts{{"cumulative-margin", cumulative_chart(page)},
                {"monthly-margin", monthly_chart(page)},
                {"cost-lines", cost_lines_chart(page)}};
    for (std::size_t i = 0; i < page.comparisons.size(); ++i) {
        charts[fmt::format("cash-{}", i + 1)] = cash_chart(page, i);
        if (!page.comparisons[i].uncertainty.tornado.empty())
            charts[fmt::format("tornado-{}", i + 1)] =
                tornado_chart(page.comparisons[i].uncertainty, page.text);
    }
    return Json{
        {"numbers", html::number_conventions_json(t.numbers)},
        {"text",
         {{"monthAxis", t.month_axis}, {"bandLabel", t.band_label}, {"rangeSeparator", t.range_separator}}},
        {"months", months},
        {"charts", charts},
    };
}

// ------------------------------------------------------------------------------------------
// Each variant in detail

void write_delta_table(Out out, const ComparisonPage& page, std::size_t index) {
    const auto& t = page.text;
    const auto& ct = page.ct();
    const Language lang = page.language();
    const sim::VariantComparison& c = page.comparisons[index];
    fmt::format_to(out, "<h3>{}</h3>\n",
                   escape(fill(ct.delta_table_heading, {{"variant", variant_label(c)}})));
    write_like_for_like_flag(out, c, lang, "p");
    fmt::format_to(out,
                   "<table class=\"deltas\">\n<thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th>"
                   "<th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead>\n<tbody>\n",
                   escape(t.column_figure), escape(ct.column_baseline), escape(ct.column_variant_value),
                   escape(ct.column_change), escape(t.column_std_error), escape(t.column_p5),
                   escape(t.column_p50), escape(t.column_p95));
    for (const auto& row : delta_rows(page.baseline, *page.variants[index], c, lang)) {
        fmt::format_to(out, "<tr><td>{}</td>", escape(figure_label(row.key, t)));
        for (std::size_t i = 0; i < row.cells.size(); ++i)
            fmt::format_to(out, "<td{}>{}</td>", i == 2 ? " class=\"change\"" : "", escape(row.cells[i]));
        fmt::format_to(out, "</tr>\n");
    }
    fmt::format_to(out, "</tbody>\n</table>\n<p class=\"table-note\">{} (n = {}) {}</p>\n",
                   escape(ct.delta_table_note), page.baseline.replications, escape(t.zero_rows_hidden));
}

// The variant's paired changes of the group and win-back KPIs (reports/module_deltas.hpp).
void write_module_table(Out out, const ComparisonPage& page, std::size_t index) {
    const sim::VariantComparison& c = page.comparisons[index];
    if (c.module_deltas.empty()) return;
    const ModuleDeltaText& mt = page.text.module_deltas;
    const TextTable table = module_delta_table(c, page.baseline, *page.variants[index], page.language());
    fmt::format_to(out, "<h3>{}</h3>\n<table class=\"module-deltas\">\n<thead><tr>",
                   escape(fill(mt.heading, {{"variant", variant_label(c)}})));
    for (const auto& h : table.headings) fmt::format_to(out, "<th>{}</th>", escape(h));
    fmt::format_to(out, "</tr></thead>\n<tbody>\n");
    for (const auto& row : table.rows) {
        fmt::format_to(out, "<tr><td>{}</td><td class=\"change\">{}</td>", escape(row[0]), escape(row[1]));
        for (std::size_t k = 2; k < row.size(); ++k) fmt::format_to(out, "<td>{}</td>", escape(row[k]));
        fmt::format_to(out, "</tr>\n");
    }
    fmt::format_to(out, "</tbody>\n</table>\n<p class=\"table-note\">{} {}</p>\n", escape(mt.note),
                   escape(headline_includes_text(page.baseline, *page.variants[index], page.language())));
}

// The offers' effects against the world without them, then the holders' gross figures.
void write_offer_table(Out out, const ComparisonPage& page, std::size_t index) {
    const sim::VariantComparison& c = page.comparisons[index];
    if (c.offers.empty()) return;
    const OfferEffectText& t = page.text.offer_effects;
    fmt::format_to(out, "<h3>{}</h3>\n<table class=\"offers offer-effects\">\n<thead><tr>",
                   escape(fill(t.heading, {{"variant", variant_label(c)}})));
    for (const auto column :
         {t.column_offer, t.column_take_ups, t.column_incremental_margin, t.column_cannibalised,
          t.column_incremental_payback, t.column_npv_per_cny, t.column_break_even, t.column_gross_margin,
          t.column_gross_payback, t.column_basis})
        fmt::format_to(out, "<th>{}</th>", escape(column));
    fmt::format_to(out, "</tr></thead>\n<tbody>\n");
    const auto band = [](const std::string& range) {
        return range.empty() ? std::string()
                             : fmt::format("<span class=\"cell-band\">{}</span>", escape(range));
    };
    for (const auto& row : offer_effect_rows(c, *page.variants[index], page.language()))
        fmt::format_to(
            out,
            "<tr><td>{}</td><td>{}</td><td class=\"change\">{}{}</td><td>{}{}</td><td>{}</td>"
            "<td>{}</td><td>{}</td><td class=\"gross\">{}</td><td class=\"gross\">{}</td><td>{}</td>"
            "</tr>\n",
            escape(row.offer), escape(row.take_ups), escape(row.incremental_margin),
            band(row.incremental_margin_band), escape(row.cannibalised), band(row.cannibalised_band),
            escape(row.incremental_payback), escape(row.npv_per_cny_spent), escape(row.break_even_take_ups),
            escape(row.gross_margin), escape(row.gross_payback), escape(row.basis));
    fmt::format_to(out, "</tbody>\n</table>\n<p class=\"table-note\">{} {}</p>\n", escape(t.note),
                   escape(leave_one_out_text(c, page.language())));
}

void write_horizon_note(Out out, const ComparisonPage& page, std::size_t index) {
    fmt::format_to(out, "<h4>{}</h4>\n<p class=\"horizon-note\">{}</p>\n",
                   escape(page.text.offer_effects.horizon_heading),
                   escape(horizon_tail_text(page.comparisons[index], page.horizon(), page.language())));
}

void write_waterfall_table(Out out, const ComparisonPage& page, std::size_t index) {
    const sim::VariantComparison& c = page.comparisons[index];
    if (!c.waterfall) return;
    const ComparisonText& ct = page.ct();
    fmt::format_to(
        out,
        "<h3>{}</h3>\n<table class=\"waterfall\">\n<thead><tr><th>{}</th><th>{}</th><th>{}</th></tr>"
        "</thead>\n<tbody>\n",
        escape(fill(ct.waterfall_heading, {{"variant", variant_label(c)}})),
        escape(ct.waterfall_column_mechanism), escape(ct.waterfall_column_change),
        escape(ct.waterfall_column_band));
    for (const auto& row : waterfall_rows(*c.waterfall, page.text, page.language()))
        fmt::format_to(out, "<tr{}><td>{}</td><td class=\"change\">{}</td><td>{}</td></tr>\n",
                       row.total ? " class=\"total\"" : "", escape(row.label), escape(row.change),
                       escape(row.band));
    fmt::format_to(out, "</tbody>\n</table>\n<p class=\"table-note\">{}</p>\n", escape(ct.waterfall_note));
}

void write_details(Out out, const ComparisonPage& page) {
    fmt::format_to(out, "<section id=\"details\" class=\"page-break\">\n<h2>{}</h2>\n",
                   escape(page.ct().details_heading));
    for (std::size_t i = 0; i < page.comparisons.size(); ++i) {
        fmt::format_to(out, "<div class=\"variant-detail\" id=\"variant-{}\">\n",
                       escape(page.comparisons[i].name));
        write_delta_table(out, page, i);
        write_module_table(out, page, i);
        write_offer_table(out, page, i);
        write_horizon_note(out, page, i);
        write_waterfall_table(out, page, i);
        if (page.comparisons[i].uncertainty.any())
            write_uncertainty_html(
                out, page.comparisons[i].uncertainty, fmt::format("tornado-{}", i + 1),
                fill(page.text.uncertainty.variant_figure, {{"variant", variant_label(page.comparisons[i])}}),
                page.text, page.language());
        fmt::format_to(out, "</div>\n");
    }
    fmt::format_to(out, "</section>\n");
}

// ------------------------------------------------------------------------------------------
// Appendix

std::string variants_list(const ComparisonPage& page) {
    std::string list;
    for (const auto& c : page.comparisons) {
        if (!list.empty()) list += page.text.meta_separator;
        list += fmt::format("{} ({})", variant_label(c), c.name);
    }
    return list;
}

void write_appendix(Out out, const ComparisonPage& page) {
    using html::write_definition;
    const auto& t = page.text;
    const auto& b = page.baseline;
    const auto& c = page.context;
    fmt::format_to(out, "<section id=\"appendix\" class=\"appendix page-break\">\n<h2>{}</h2>\n<dl>\n",
                   escape(t.appendix_heading));
    write_definition(out, page.ct().label_baseline,
                     fmt::format("{} ({})", scenario_label(b), b.scenario_name));
    write_definition(out, page.ct().label_variants, variants_list(page));
    write_definition(out, t.label_seed, fmt::format("{}", b.seed));
    write_definition(out, t.label_replications, fmt::format("{}", b.replications));
    write_definition(out, t.label_horizon, fmt::format("{}{}", b.horizon_months, t.months_unit));
    write_definition(out, t.label_version, c.offersim_version);
    write_definition(out, t.label_generated_at, format_beijing_time(c.generated_at, page.language()));
    write_definition(out, t.label_chart_library, html::chart_library_name());
    write_definition(out, t.label_price_response,
                     price_response_note(page.baseline, page.variants, t, page.language()));
    for (const auto& c : page.comparisons)
        for (const auto& row : uncertain_input_rows(c.uncertainty, t, page.language()))
            write_definition(out, t.uncertainty.label_inputs, fmt::format("{}: {}", variant_label(c), row));
    fmt::format_to(out, "</dl>\n");
    html::write_scenario_yaml(out, page.ct().baseline_yaml_heading, c.resolved_scenario_yaml);
    // On paper the YAML gives way to the table of assumptions.
    fmt::format_to(out, "{}",
                   assumptions_table_html(assumption_rows(c.scenario_values, c.language), c.language));
    html::write_licence(out, t.licence_summary);
    fmt::format_to(out, "</section>\n");
}

}  // namespace

std::string html_comparison_report(const sim::RunResults& baseline,
                                   const std::vector<const sim::RunResults*>& variants,
                                   const std::vector<sim::VariantComparison>& comparisons,
                                   const ReportContext& context) {
    check_comparison_shape(baseline, variants, comparisons);
    const ComparisonPage page{
        baseline, variants, comparisons, context, report_text(context.language), decide(comparisons)};
    std::string html;
    html.reserve(std::size_t{2} << 20);  // the embedded ECharts alone is about 1.1 MB
    const Out out(html);
    html::write_head(out, page.text.html_lang, context.offersim_version,
                     fmt::format("{} — {}", comparison_title(baseline, comparisons, context.language),
                                 page.ct().document_title_suffix),
                     std::string(html::base_css()) + std::string(assets::comparison_css()));
    fmt::format_to(out, "<body>\n<div class=\"page\">\n");
    write_header(out, page);
    fmt::format_to(out, "<main>\n");
    write_summary(out, page);
    write_charts(out, page);
    write_details(out, page);
    write_appendix(out, page);
    fmt::format_to(out, "</main>\n");
    html::write_footer(out, page.ct().footer, context.offersim_version);
    fmt::format_to(out, "</div>\n");
    html::write_scripts(out, chart_data(page), assets::comparison_js());
    fmt::format_to(out, "</body>\n</html>\n");
    return html;
}

}  // namespace offersim::reports
