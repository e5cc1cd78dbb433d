#include "reports/markdown_report.hpp"
#include "reports/behaviour_section.hpp"

#include "reports/comparison_summary.hpp"
#include "reports/customer_views_section.hpp"
#include "reports/figure_format.hpp"
#include "reports/figure_tables.hpp"
#include "reports/group_section.hpp"
#include "reports/module_deltas.hpp"
#include "reports/monthly_lines.hpp"
#include "reports/number_format.hpp"
#include "reports/offer_effects_text.hpp"
#include "reports/price_response_note.hpp"
#include "reports/uncertainty_report.hpp"
#include "reports/waterfall_table.hpp"
#include "reports/win_back_report.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <array>
#include <cctype>
#include <iterator>

namespace offersim::reports {

namespace {

using Out = std::back_insert_iterator<std::string>;

// Text that reads literally in GitHub Markdown, inside a table cell too: each character
// that can start markup within a line is backslash-escaped (CommonMark allows it before any
// ASCII punctuation), except "_" within a word and "~" between spaces (neither can start
// markup there, and names like a_b and the range " ~ " stay readable), and so is "&" before
// what could be an entity; a line break becomes a space. Other punctuation stays as is, so the file reads
// well as text too.
bool needs_escape(std::string_view text, std::size_t i) {
    constexpr std::string_view kMarkup = "\\`*_[]<>|";
    const char c = text[i];
    const char next = i + 1 < text.size() ? text[i + 1] : ' ';
    if (c == '&') return next == '#' || std::isalpha(static_cast<unsigned char>(next));
    const char previous = i > 0 ? text[i - 1] : ' ';
    if (c == '~') return !(previous == ' ' && next == ' ');
    // Within a word ("handset_cdma_winback") an underscore never emphasises.
    const auto is_word = [](char x) { return std::isalnum(static_cast<unsigned char>(x)) != 0; };
    if (c == '_') return !(is_word(previous) && is_word(next));
    return kMarkup.find(c) != std::string_view::npos;
}

std::string md_escape(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '\n' || c == '\r') {
            out += ' ';
            continue;
        }
        if (needs_escape(text, i)) out += '\\';
        out += c;
    }
    return out;
}

enum class Align { left, right };

struct Table {
    std::vector<std::string> headings;
    std::vector<Align> align;
    std::vector<std::vector<std::string>> rows;  // plain text, escaped when written
};

void write_table(Out out, const Table& table) {
    const auto write_row = [&](const std::vector<std::string>& cells) {
        fmt::format_to(out, "|");
        for (const auto& cell : cells) fmt::format_to(out, " {} |", md_escape(cell));
        fmt::format_to(out, "\n");
    };
    write_row(table.headings);
    fmt::format_to(out, "|");
    for (std::size_t i = 0; i < table.headings.size(); ++i)
        fmt::format_to(out, "{}|", i < table.align.size() && table.align[i] == Align::right ? "---:" : "---");
    fmt::format_to(out, "\n");
    for (const auto& row : table.rows) write_row(row);
    fmt::format_to(out, "\n");
}

// The column alignments of a table whose first column is text and the others numbers.
std::vector<Align> label_then_numbers(std::size_t columns) {
    std::vector<Align> align(columns, Align::right);
    align.front() = Align::left;
    return align;
}

void write_heading(Out out, int level, std::string_view text) {
    fmt::format_to(out, "{} {}\n\n", std::string(static_cast<std::size_t>(level), '#'), md_escape(text));
}

void write_note(Out out, std::string_view text) {
    fmt::format_to(out, "*{}*\n\n", md_escape(text));
}

// "label value · label value ...", escaped.
std::string meta_line(const std::vector<std::pair<std::string_view, std::string>>& items,
                      std::string_view separator) {
    std::string line;
    for (const auto& [label, value] : items) {
        if (!line.empty()) line += md_escape(separator);
        line += fmt::format("**{}** {}", md_escape(label), md_escape(value));
    }
    return line;
}

void write_warnings(Out out, const std::vector<std::string>& warnings, const ReportText& text) {
    if (warnings.empty()) return;
    fmt::format_to(out, "> **{}**\n", md_escape(text.warnings_heading));
    for (const auto& warning : warnings) fmt::format_to(out, "> - {}\n", md_escape(warning));
    fmt::format_to(out, "\n");
}

void write_definitions(Out out, const std::vector<std::pair<std::string_view, std::string>>& items) {
    for (const auto& [term, value] : items)
        fmt::format_to(out, "- **{}** {}\n", md_escape(term), md_escape(value));
    fmt::format_to(out, "\n");
}

std::string months_text(int months, const ReportText& text) {
    return fmt::format("{}{}", months, text.months_unit);
}

// ------------------------------------------------------------------------------------------
// The run report

struct SummaryFigure {
    std::string_view key;
    std::string_view FigureNotes::*note;
};

// As the cards of report.html, in the same order.
constexpr std::array kSummaryFigures = {
    SummaryFigure{"revenue_total_cny", &FigureNotes::horizon_total},
    SummaryFigure{"cost_total_cny", &FigureNotes::horizon_total},
    SummaryFigure{"margin_total_cny", &FigureNotes::horizon_total},
    SummaryFigure{"npv_margin_cny", &FigureNotes::discounted},
    SummaryFigure{"subscribers_end", &FigureNotes::at_horizon_end},
    SummaryFigure{"churn_rate_monthly", &FigureNotes::churn_rate},
    SummaryFigure{"arpu_cny", &FigureNotes::per_subscriber_month},
};

std::vector<std::string> warning_texts(const std::vector<sim::RunWarning>& warnings, Language language) {
    std::vector<std::string> texts;
    for (const auto& warning : warnings) texts.push_back(warning_text(warning, language));
    return texts;
}

// What the band holds (both parts, or simulation noise only) and, with uncertain inputs,
// the tornado of `figure` as a table.
void write_uncertainty(Out out, const sim::UncertaintySummary& u, std::string_view figure,
                       const ReportText& t, Language lang) {
    const UncertaintyText& ut = t.uncertainty;
    fmt::format_to(out, "**{}** {}\n\n", md_escape(ut.label_band),
                   md_escape(band_parts_note(u, "npv_margin_cny", t, lang)));
    if (u.tornado.empty()) return;
    write_heading(out, 4, fmt::format(fmt::runtime(ut.chart_tornado.title), fmt::arg("figure", figure)));
    Table table{{std::string(ut.column_input), std::string(ut.column_npv_p5), std::string(ut.column_npv_p95),
                 std::string(ut.column_churn_p5), std::string(ut.column_churn_p95)},
                {Align::left, Align::right, Align::right, Align::right, Align::right},
                {}};
    for (const auto& b : u.tornado)
        table.rows.push_back({b.path, format_change(b.npv_at_p5, FigureKind::cny, lang),
                              format_change(b.npv_at_p95, FigureKind::cny, lang),
                              format_change(b.churn_at_p5, FigureKind::rate, lang),
                              format_change(b.churn_at_p95, FigureKind::rate, lang)});
    write_table(out, table);
    write_note(out, fmt::format(fmt::runtime(ut.tornado_note), fmt::arg("runs", 2 * u.tornado.size() + 1)));
}

// The appendix's rows of uncertain inputs, each under its label, `prefix` before each.
void add_uncertain_inputs(std::vector<std::pair<std::string_view, std::string>>& items,
                          const sim::UncertaintySummary& u, const std::string& prefix, const ReportText& t,
                          Language lang) {
    for (auto& row : uncertain_input_rows(u, t, lang))
        items.emplace_back(t.uncertainty.label_inputs, prefix + row);
}

void write_run_summary(Out out, const sim::RunResults& r, const ReportText& t, Language lang) {
    Table table{{std::string(t.column_figure), std::string(t.column_mean), std::string(t.band_label), ""},
                {Align::left, Align::right, Align::right, Align::left},
                {}};
    for (const auto& figure : kSummaryFigures) {
        const sim::Band* band = find_band(r, figure.key);
        if (band == nullptr) continue;
        const FigureKind kind = figure_kind(figure.key);
        table.rows.push_back({std::string(figure_label(figure.key, t)),
                              format_summary_mean(r, figure.key, lang), format_band_range(*band, kind, lang),
                              std::string(t.notes.*figure.note)});
    }
    write_table(out, table);
    write_note(out, t.notes.margin_definition);
    write_uncertainty(out, r.uncertainty, t.figures.npv_margin, t, lang);
}

void write_run_offers(Out out, const sim::RunResults& r, const ReportText& t, Language lang) {
    if (r.offers.empty()) return;
    const OfferTableText& ot = t.offers;
    Table table{{std::string(ot.column_offer), std::string(ot.column_take_ups),
                 std::string(ot.column_holders_end), std::string(ot.column_revenue),
                 std::string(ot.column_margin), fmt::format("{} {}", ot.column_margin, t.band_label),
                 std::string(ot.column_payback), std::string(ot.column_paid_back)},
                label_then_numbers(8),
                {}};
    const std::vector<OfferCells> cells = offer_cells(r, lang);
    for (std::size_t k = 0; k < cells.size(); ++k) {
        table.rows.push_back({std::string(offer_name(r.offers[k]))});
        table.rows.back().insert(table.rows.back().end(), cells[k].begin(), cells[k].end());
    }
    write_heading(out, 3, ot.heading);
    write_table(out, table);
    write_note(out, ot.note);
}

void write_unit_economics(Out out, const sim::RunResults& r, const ReportText& t, Language lang) {
    if (r.offers.empty()) return;
    const UnitEconomicsText& ut = t.unit_economics;
    Table table{
        {std::string(ut.column_offer), std::string(ut.column_outlay), std::string(ut.column_margin_rate),
         std::string(ut.column_payback), std::string(ut.column_launch_cost),
         std::string(ut.column_break_even), std::string(ut.column_take_ups), std::string(ut.column_npv),
         std::string(ut.column_npv_per_cny)},
        label_then_numbers(9),
        {}};
    const std::vector<UnitEconomicsCells> cells = unit_economics_cells(r, lang);
    for (std::size_t k = 0; k < cells.size(); ++k) {
        table.rows.push_back({std::string(offer_name(r.offers[k]))});
        table.rows.back().insert(table.rows.back().end(), cells[k].begin(), cells[k].end());
    }
    write_heading(out, 3, ut.heading);
    write_table(out, table);
    write_note(out, ut.note);
}

std::string row_name(const sim::RunResults& r, const MonthlyLines& lines, int row, const ReportText& t) {
    if (row == lines.whole_base()) return std::string(t.whole_base);
    const auto index = static_cast<std::size_t>(row);
    const std::string& id = r.segment_ids[index];
    if (index < r.segment_names.size() && !r.segment_names[index].empty() && r.segment_names[index] != id)
        return fmt::format("{} ({})", r.segment_names[index], id);
    return id;
}

void write_segments(Out out, const sim::RunResults& r, const MonthlyLines& lines, const ReportText& t,
                    Language lang) {
    Table table{{std::string(t.column_segment), std::string(t.column_subscribers_start),
                 std::string(t.column_subscribers_end), std::string(t.column_revenue),
                 std::string(t.column_arpu), std::string(t.column_churn_rate)},
                label_then_numbers(6),
                {}};
    const std::vector<SegmentCells> figures = segment_cells(lines, lang);
    for (int row = 0; row < lines.rows(); ++row) {
        std::vector<std::string> cells{row_name(r, lines, row, t)};
        const SegmentCells& shown = figures[static_cast<std::size_t>(row)];
        cells.insert(cells.end(), shown.begin(), shown.end());
        table.rows.push_back(std::move(cells));
    }
    write_heading(out, 3, t.segment_table_heading);
    write_table(out, table);
    write_note(out, t.segment_table_note);
}

void write_headlines(Out out, const sim::RunResults& r, const ReportText& t, Language lang) {
    Table table{{std::string(t.column_figure), std::string(t.column_mean), std::string(t.column_std_error),
                 std::string(t.column_p5), std::string(t.column_p50), std::string(t.column_p95)},
                label_then_numbers(6),
                {}};
    for (const auto& row : headline_rows(r, lang)) {
        std::vector<std::string> cells{std::string(figure_label(row.key, t))};
        cells.insert(cells.end(), row.cells.begin(), row.cells.end());
        table.rows.push_back(std::move(cells));
    }
    write_heading(out, 3, t.headline_table_heading);
    write_table(out, table);
    write_note(out, fmt::format("{} (n = {}) {}", t.headline_table_note, r.replications, t.zero_rows_hidden));
}

void write_run_appendix(Out out, const sim::RunResults& r, const ReportContext& c, const ReportText& t) {
    write_heading(out, 2, t.appendix_heading);
    std::vector<std::pair<std::string_view, std::string>> items = {
        {t.label_scenario, fmt::format("{} ({})", scenario_label(r), r.scenario_name)},
        {t.label_seed, fmt::format("{}", r.seed)},
        {t.label_replications, fmt::format("{}", r.replications)},
        {t.label_horizon, months_text(r.horizon_months, t)},
        {t.label_version, c.offersim_version},
        {t.label_generated_at, format_beijing_time(c.generated_at, c.language)},
        {t.label_price_response, price_response_note(r, t, c.language)}};
    add_uncertain_inputs(items, r.uncertainty, "", t, c.language);
    write_definitions(out, items);
}

// ------------------------------------------------------------------------------------------
// The comparison report

struct ChangeRow {
    std::string_view key;
    std::string_view ComparisonText::*label;
};

// As the cards of the comparison's report.html, in the same order.
constexpr std::array kChangeRows = {
    ChangeRow{"npv_margin_cny", &ComparisonText::card_npv},
    ChangeRow{"revenue_total_cny", &ComparisonText::card_revenue},
    ChangeRow{"cost_total_cny", &ComparisonText::card_cost},
    ChangeRow{"margin_total_cny", &ComparisonText::card_margin},
    ChangeRow{"subscribers_end", &ComparisonText::card_subscribers_end},
    ChangeRow{"churners", &ComparisonText::card_churners},
};

// The warning beside a variant's figures when it is not like for like, as a quote block.
void write_like_for_like_flag(Out out, const sim::VariantComparison& c, Language lang) {
    const std::string flag = not_like_for_like_text(c, lang);
    if (!flag.empty()) fmt::format_to(out, "> **{}**\n\n", md_escape(flag));
}

void write_decision(Out out, const sim::RunResults& baseline,
                    const std::vector<sim::VariantComparison>& comparisons, const Decision& decision,
                    const ReportText& t, Language lang) {
    const ComparisonText& ct = t.comparison;
    fmt::format_to(out, "**{}** {}\n\n", md_escape(ct.question_label),
                   md_escape(question_sentence(baseline, comparisons, lang)));
    fmt::format_to(out, "**{}** {}\n\n", md_escape(ct.recommendation_label),
                   md_escape(recommendation_sentence(decision, comparisons, baseline.horizon_months, lang)));
    const std::string caveat = caveat_sentence(decision, comparisons, lang);
    if (!caveat.empty()) fmt::format_to(out, "> {}\n\n", md_escape(caveat));
    fmt::format_to(
        out, "{}\n\n",
        md_escape(band_parts_note(comparisons[decision.lead].uncertainty, "npv_margin_cny", t, lang)));
}

void write_lead_changes(Out out, const sim::RunResults& baseline, const sim::VariantComparison& lead,
                        const ReportText& t, Language lang) {
    const ComparisonText& ct = t.comparison;
    fmt::format_to(out, "{}\n\n",
                   md_escape(fill(ct.cards_lead, {{"variant", variant_label(lead)},
                                                  {"baseline", scenario_label(baseline)}})));
    write_like_for_like_flag(out, lead, lang);
    Table table{{std::string(t.column_figure), std::string(ct.column_change), std::string(t.band_label), ""},
                {Align::left, Align::right, Align::right, Align::left},
                {}};
    for (const auto& row : kChangeRows) {
        const sim::Band& band = lead.delta(row.key);
        const FigureKind kind = figure_kind(row.key);
        table.rows.push_back({std::string(ct.*row.label), format_delta_change(lead, row.key, lang),
                              format_change_range(band, kind, lang),
                              std::string(band_side_text(band_side(band), ct))});
    }
    table.rows.push_back({std::string(ct.card_payback),
                          incremental_payback_text(lead, baseline.horizon_months, lang),
                          payback_range_text(lead, baseline.horizon_months, lang),
                          fill(ct.card_payback_note, {{"share", format_percent(lead.payback_share, 0)}})});
    write_table(out, table);
}

void write_variant_table(Out out, const std::vector<sim::VariantComparison>& comparisons,
                         const Decision& decision, int horizon, const ReportText& t, Language lang) {
    const ComparisonText& ct = t.comparison;
    Table table{{std::string(ct.column_variant), std::string(ct.column_npv), std::string(ct.column_npv_band),
                 std::string(ct.column_revenue), std::string(ct.column_cost), std::string(ct.column_margin),
                 std::string(ct.column_subscribers_end), std::string(ct.column_churners),
                 std::string(ct.column_payback), std::string(ct.column_paid_back)},
                label_then_numbers(10),
                {}};
    // Each column in one unit (figure_tables.hpp, variant_table_cells).
    const std::vector<std::string_view> columns = {"npv_margin_cny",   "revenue_total_cny", "cost_total_cny",
                                                   "margin_total_cny", "subscribers_end",   "churners"};
    const auto cells = variant_table_cells(comparisons, columns, lang);
    for (std::size_t i = 0; i < comparisons.size(); ++i) {
        const sim::VariantComparison& c = comparisons[i];
        const bool recommended = decision.recommended && i == decision.lead;
        const auto change = [&](std::string_view key) {
            const auto at = std::find(columns.begin(), columns.end(), key) - columns.begin();
            return cells[i][static_cast<std::size_t>(at)].change;
        };
        std::string name = recommended
                               ? fmt::format("{}{}{}", variant_label(c), t.meta_separator, ct.recommended_tag)
                               : std::string(variant_label(c));
        if (const std::string flag = not_like_for_like_text(c, lang); !flag.empty())
            name += fmt::format("{}{}", t.meta_separator, flag);
        table.rows.push_back({std::move(name), change("npv_margin_cny"), cells[i][0].band,
                              change("revenue_total_cny"), change("cost_total_cny"),
                              change("margin_total_cny"), change("subscribers_end"), change("churners"),
                              incremental_payback_text(c, horizon, lang),
                              format_percent(c.payback_share, 0)});
    }
    write_heading(out, 3, ct.table_heading);
    write_table(out, table);
}

void write_variant_deltas(Out out, const sim::RunResults& baseline, const sim::RunResults& variant,
                          const sim::VariantComparison& c, const ReportText& t, Language lang) {
    const ComparisonText& ct = t.comparison;
    Table table{
        {std::string(t.column_figure), std::string(ct.column_baseline), std::string(ct.column_variant_value),
         std::string(ct.column_change), std::string(t.column_std_error), std::string(t.column_p5),
         std::string(t.column_p50), std::string(t.column_p95)},
        label_then_numbers(8),
        {}};
    for (const auto& row : delta_rows(baseline, variant, c, lang)) {
        std::vector<std::string> cells{std::string(figure_label(row.key, t))};
        cells.insert(cells.end(), row.cells.begin(), row.cells.end());
        table.rows.push_back(std::move(cells));
    }
    write_heading(out, 3, fill(ct.delta_table_heading, {{"variant", variant_label(c)}}));
    write_like_for_like_flag(out, c, lang);
    write_table(out, table);
    write_note(out, t.zero_rows_hidden);
}

// The variant's paired changes of the group and win-back KPIs (reports/module_deltas.hpp).
void write_variant_modules(Out out, const sim::RunResults& baseline, const sim::RunResults& variant,
                           const sim::VariantComparison& c, const ReportText& t, Language lang) {
    if (c.module_deltas.empty()) return;
    const TextTable table = module_delta_table(c, baseline, variant, lang);
    write_heading(out, 3, fill(t.module_deltas.heading, {{"variant", variant_label(c)}}));
    write_table(out, Table{table.headings, label_then_numbers(table.headings.size()), table.rows});
    write_note(out, t.module_deltas.note);
    if (const std::string includes = headline_includes_text(baseline, variant, lang); !includes.empty())
        write_note(out, includes);
}

// What each variant's scenario changes against the baseline's (html_comparison.cpp's
// write_changes, as a table per variant).
void write_changes(Out out, const std::vector<sim::VariantComparison>& comparisons, const ReportText& t,
                   Language lang) {
    const ComparisonText& ct = t.comparison;
    write_heading(out, 3, ct.changes_heading);
    for (const auto& c : comparisons) {
        fmt::format_to(out, "**{}**\n\n", md_escape(variant_label(c)));
        write_like_for_like_flag(out, c, lang);
        if (c.changes.empty()) {
            fmt::format_to(out, "{}\n\n", md_escape(ct.no_changes));
            continue;
        }
        Table table{{std::string(ct.column_setting), std::string(ct.column_baseline),
                     std::string(ct.column_variant_value)},
                    {Align::left, Align::left, Align::left},
                    {}};
        for (const auto& change : c.changes) {
            std::string setting = change.path;
            if (change.area == scenario::ChangeArea::customer_base)
                setting += fmt::format("{}{}", t.meta_separator, ct.area_customer_base);
            if (change.area == scenario::ChangeArea::costs)
                setting += fmt::format("{}{}", t.meta_separator, ct.area_costs);
            table.rows.push_back({std::move(setting),
                                  change.baseline.empty() ? std::string(ct.value_absent) : change.baseline,
                                  change.variant.empty() ? std::string(ct.value_absent) : change.variant});
        }
        write_table(out, table);
    }
    write_note(out, ct.changes_note);
}

// The offers' effects against the world without them, then the holders' gross figures; the
// cash the variant brings over time and what the horizon leaves out.
void write_variant_offers(Out out, const sim::RunResults& variant, const sim::VariantComparison& c,
                          const ReportText& t, Language lang) {
    const OfferEffectText& ot = t.offer_effects;
    if (!c.offers.empty()) {
        Table table{{std::string(ot.column_offer), std::string(ot.column_take_ups),
                     std::string(ot.column_incremental_margin),
                     fmt::format("{} {}", ot.column_incremental_margin, t.band_label),
                     std::string(ot.column_cannibalised), std::string(ot.column_incremental_payback),
                     std::string(ot.column_npv_per_cny), std::string(ot.column_break_even),
                     std::string(ot.column_gross_margin), std::string(ot.column_gross_payback),
                     std::string(ot.column_basis)},
                    label_then_numbers(11),
                    {}};
        table.align.back() = Align::left;
        for (auto& row : offer_effect_rows(c, variant, lang))
            table.rows.push_back({row.offer, row.take_ups, row.incremental_margin,
                                  row.incremental_margin_band, row.cannibalised, row.incremental_payback,
                                  row.npv_per_cny_spent, row.break_even_take_ups, row.gross_margin,
                                  row.gross_payback, row.basis});
        write_heading(out, 3, fill(ot.heading, {{"variant", variant_label(c)}}));
        write_table(out, table);
        const std::string cost = leave_one_out_text(c, lang);
        write_note(out, cost.empty() ? std::string(ot.note) : fmt::format("{} {}", ot.note, cost));
    }
    write_heading(out, 3, fill(ot.chart_cash.title, {{"variant", variant_label(c)}}));
    fmt::format_to(out, "{}\n\n", md_escape(cash_summary_text(c, variant.horizon_months, lang)));
    write_heading(out, 3, ot.horizon_heading);
    fmt::format_to(out, "{}\n\n", md_escape(horizon_tail_text(c, variant.horizon_months, lang)));
}

void write_variant_waterfall(Out out, const sim::VariantComparison& c, const ReportText& t, Language lang) {
    if (!c.waterfall) return;
    const ComparisonText& ct = t.comparison;
    Table table{{std::string(ct.waterfall_column_mechanism), std::string(ct.waterfall_column_change),
                 std::string(ct.waterfall_column_band)},
                label_then_numbers(3),
                {}};
    for (auto& row : waterfall_rows(*c.waterfall, t, lang))
        table.rows.push_back(
            {row.total ? fmt::format("**{}**", row.label) : row.label, row.change, row.band});
    write_heading(out, 3, fill(ct.waterfall_heading, {{"variant", variant_label(c)}}));
    write_table(out, table);
    fmt::format_to(out, "{}\n\n", md_escape(ct.waterfall_note));
}

}  // namespace

std::string markdown_escape(std::string_view text) {
    return md_escape(text);
}

// The enterprise-groups section (reports/group_section.hpp): warning, KPIs, classes, tiers.
void write_groups(Out out, const sim::GroupResults& groups, const ReportText& t, Language lang) {
    const GroupSection s = group_section(groups, t, lang);
    write_heading(out, 2, t.groups.heading);
    fmt::format_to(out, "{}\n\n", md_escape(t.groups.note));
    if (!s.warning.empty()) write_warnings(out, {s.warning}, t);
    const auto write = [&](std::string_view heading, const TextTable& table, std::string_view note) {
        write_heading(out, 3, heading);
        write_table(out, Table{table.headings, label_then_numbers(table.headings.size()), table.rows});
        if (!note.empty()) write_note(out, note);
    };
    write(t.groups.kpi_heading, s.kpis, s.kpi_note);
    write(t.groups.class_heading, s.classes, "");
    write(t.groups.tier_heading, s.tiers, t.groups.tier_note);
}

// The per-customer views and the group score list (reports/customer_views_section.hpp).
void write_customer_views(Out out, const sim::RunResults& results, const ReportText& t, Language lang) {
    const std::vector<CustomerViewTable> tables = customer_view_tables(results, t, lang);
    if (tables.empty()) return;
    write_heading(out, 2, t.customer_views.heading);
    fmt::format_to(out, "{}\n\n", md_escape(t.customer_views.note));
    for (const auto& v : tables) {
        write_heading(out, 3, v.heading);
        write_table(out, Table{v.table.headings, label_then_numbers(v.table.headings.size()), v.table.rows});
        write_note(out, v.note);
    }
}

std::string markdown_report(const sim::RunResults& results, const ReportContext& context) {
    const MonthlyLines lines(results);
    const ReportText& t = report_text(context.language);
    const Language lang = context.language;
    std::string md;
    const Out out(md);
    write_heading(out, 1, scenario_label(results));
    fmt::format_to(out, "*{}*  \n{}\n\n", md_escape(t.report_kind),
                   meta_line({{t.label_scenario, results.scenario_name},
                              {t.label_horizon, months_text(results.horizon_months, t)},
                              {t.label_runs, fmt::format("{}", results.replications)},
                              {t.label_generated_at, format_beijing_time(context.generated_at, lang)}},
                             t.meta_separator));
    write_heading(out, 2, t.summary_heading);
    write_warnings(out, warning_texts(results.warnings, lang), t);
    write_run_summary(out, results, t, lang);
    write_run_offers(out, results, t, lang);
    write_unit_economics(out, results, t, lang);
    md += behaviour_markdown(results, t, lang);
    if (results.win_back) write_win_back_markdown(md, *results.win_back, t, lang);
    if (results.groups) write_groups(out, *results.groups, t, lang);
    write_customer_views(out, results, t, lang);
    write_heading(out, 2, t.tables_heading);
    write_segments(out, results, lines, t, lang);
    write_headlines(out, results, t, lang);
    write_run_appendix(out, results, context, t);
    fmt::format_to(out, "---\n\n*{}*\n", md_escape(context.offersim_version));
    return md;
}

std::string markdown_comparison_report(const sim::RunResults& baseline,
                                       const std::vector<const sim::RunResults*>& variants,
                                       const std::vector<sim::VariantComparison>& comparisons,
                                       const ReportContext& context) {
    check_comparison_shape(baseline, variants, comparisons);
    const ReportText& t = report_text(context.language);
    const ComparisonText& ct = t.comparison;
    const Language lang = context.language;
    const Decision decision = decide(comparisons);
    std::string md;
    const Out out(md);
    write_heading(out, 1, comparison_title(baseline, comparisons, lang));
    fmt::format_to(out, "*{}*  \n{}\n\n", md_escape(ct.report_kind),
                   meta_line({{ct.label_baseline, baseline.scenario_name},
                              {t.label_horizon, months_text(baseline.horizon_months, t)},
                              {t.label_runs, fmt::format("{}", baseline.replications)},
                              {t.label_generated_at, format_beijing_time(context.generated_at, lang)}},
                             t.meta_separator));
    write_heading(out, 2, t.summary_heading);
    write_decision(out, baseline, comparisons, decision, t, lang);
    write_changes(out, comparisons, t, lang);
    write_warnings(out, comparison_warnings(baseline, variants, comparisons, lang), t);
    write_lead_changes(out, baseline, comparisons[decision.lead], t, lang);
    write_variant_table(out, comparisons, decision, baseline.horizon_months, t, lang);
    write_heading(out, 2, ct.details_heading);
    for (std::size_t i = 0; i < comparisons.size(); ++i) {
        write_variant_deltas(out, baseline, *variants[i], comparisons[i], t, lang);
        write_variant_modules(out, baseline, *variants[i], comparisons[i], t, lang);
        write_variant_offers(out, *variants[i], comparisons[i], t, lang);
        write_variant_waterfall(out, comparisons[i], t, lang);
        if (comparisons[i].uncertainty.any())
            write_uncertainty(
                out, comparisons[i].uncertainty,
                fill(t.uncertainty.variant_figure, {{"variant", variant_label(comparisons[i])}}), t, lang);
    }
    write_heading(out, 2, t.appendix_heading);
    std::string variant_names;
    for (const auto& c : comparisons)
        variant_names += fmt::format("{}{} ({})", variant_names.empty() ? "" : std::string(t.meta_separator),
                                     variant_label(c), c.name);
    std::vector<std::pair<std::string_view, std::string>> items = {
        {ct.label_baseline, fmt::format("{} ({})", scenario_label(baseline), baseline.scenario_name)},
        {ct.label_variants, variant_names},
        {t.label_seed, fmt::format("{}", baseline.seed)},
        {t.label_replications, fmt::format("{}", baseline.replications)},
        {t.label_horizon, months_text(baseline.horizon_months, t)},
        {t.label_version, context.offersim_version},
        {t.label_generated_at, format_beijing_time(context.generated_at, lang)},
        {t.label_price_response, price_response_note(baseline, variants, t, lang)}};
    for (const auto& c : comparisons)
        add_uncertain_inputs(items, c.uncertainty, fmt::format("{}: ", variant_label(c)), t, lang);
    write_definitions(out, items);
    fmt::format_to(out, "---\n\n*{}*\n", md_escape(context.offersim_version));
    return md;
}

}  // namespace offersim::reports
