#include "reports/xlsx_report.hpp"

#include "engine/core/error.hpp"
#include "engine/core/scratch_folder.hpp"
#include "reports/comparison_summary.hpp"
#include "reports/customer_views_section.hpp"
#include "reports/figure_format.hpp"
#include "reports/group_section.hpp"
#include "reports/module_deltas.hpp"
#include "reports/monthly_lines.hpp"
#include "reports/offer_effects_text.hpp"
#include "reports/price_response_note.hpp"
#include "reports/uncertainty_report.hpp"
#include "reports/xlsx_sheet_name.hpp"

#include <xlsxwriter.h>

#include <fmt/format.h>
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <type_traits>

namespace offersim::reports {

namespace {

namespace fs = std::filesystem;

// 2000-01-01T00:00:00Z: the workbook's creation and modification time, fixed so that the
// file depends on the figures alone (libxlsxwriter dates the zip entries 1980-01-01).
constexpr std::time_t kCreated = 946684800;

// Number formats of the cells: the figure's unit, and whether it is a change (signed).
enum class Style { value, change };

class Workbook {
public:
    Workbook() : path_(dir_.path() / "report.xlsx") {
        lxw_workbook_options options{};
        tmpdir_ = dir_.path().string();
        options.tmpdir = tmpdir_.data();
        workbook_ = workbook_new_opt(path_.c_str(), &options);
        require(workbook_ != nullptr, "cannot start report.xlsx in {}", dir_.path().string());
        header_ = workbook_add_format(workbook_);
        format_set_bold(header_);
        format_set_text_wrap(header_);
        format_set_align(header_, LXW_ALIGN_VERTICAL_TOP);
        format_set_bg_color(header_, 0xEEF2F6);
        format_set_bottom(header_, LXW_BORDER_THIN);
        text_ = workbook_add_format(workbook_);
        format_set_align(text_, LXW_ALIGN_VERTICAL_TOP);
        wrapped_ = workbook_add_format(workbook_);
        format_set_text_wrap(wrapped_);
        format_set_align(wrapped_, LXW_ALIGN_VERTICAL_TOP);
        integer_ = number_format("0");
        months_ = number_format("0.0");
        share_ = number_format("0%");
    }
    ~Workbook() {
        if (workbook_ != nullptr) workbook_close(workbook_);  // after an exception: frees it, the folder goes
    }
    Workbook(const Workbook&) = delete;
    Workbook& operator=(const Workbook&) = delete;

    lxw_worksheet* add_sheet(std::string_view name) {
        names_.push_back(sheet_name(name, names_));
        lxw_worksheet* sheet = workbook_add_worksheet(workbook_, names_.back().c_str());
        require(sheet != nullptr, "report.xlsx cannot have a sheet named '{}'", names_.back());
        return sheet;
    }

    lxw_format* header() const { return header_; }
    lxw_format* text() const { return text_; }
    lxw_format* wrapped() const { return wrapped_; }
    lxw_format* integer() const { return integer_; }
    lxw_format* share() const { return share_; }
    lxw_format* months() const { return months_; }
    lxw_format* ratio() {  // a plain number to 2 places (NPV per yuan spent)
        if (ratio_ == nullptr) ratio_ = number_format("0.00");
        return ratio_;
    }

    lxw_format* figure(FigureKind kind, Style style) {
        const std::size_t index = static_cast<std::size_t>(kind) * 2 + (style == Style::change ? 1 : 0);
        if (figures_[index] == nullptr) figures_[index] = number_format(format_code(kind, style));
        return figures_[index];
    }

    // Closes the workbook and returns the file's bytes.
    std::string finish(std::string_view title, std::string_view version) {
        const std::string title_text(title), version_text(version);
        lxw_doc_properties properties{};
        properties.title = const_cast<char*>(title_text.c_str());  // libxlsxwriter copies them
        properties.comments = const_cast<char*>(version_text.c_str());
        properties.created = kCreated;
        require(workbook_set_properties(workbook_, &properties) == LXW_NO_ERROR,
                "cannot set the properties of report.xlsx");
        const lxw_error closed = workbook_close(workbook_);
        workbook_ = nullptr;
        require(closed == LXW_NO_ERROR, "cannot write report.xlsx: {}", lxw_strerror(closed));
        std::ifstream in(path_, std::ios::binary);
        std::ostringstream bytes;
        bytes << in.rdbuf();
        require(in.good() || in.eof(), "cannot read back report.xlsx from {}", path_.string());
        return bytes.str();
    }

private:
    // Money in CNY to the fen; counts whole (their means are fractional, the sheet keeps them).
    static std::string format_code(FigureKind kind, Style style) {
        std::string_view code = "#,##0";
        switch (kind) {
            case FigureKind::cny:
                code = "\"¥\"#,##0.00";
                break;
            case FigureKind::rate:
                code = "0.00%";
                break;
            case FigureKind::minutes:
                code = "#,##0.0";
                break;
            case FigureKind::count:
                break;
        }
        if (style == Style::value) return std::string(code);
        return fmt::format("+{0};-{0};{0}", code);
    }

    lxw_format* number_format(const std::string& code) {
        lxw_format* format = workbook_add_format(workbook_);
        format_set_num_format(format, code.c_str());
        return format;
    }

    ScratchFolder dir_{"xlsx"};  // the workbook file and libxlsxwriter's temporary files
    fs::path path_;
    std::string tmpdir_;
    lxw_workbook* workbook_ = nullptr;
    std::vector<std::string> names_;
    lxw_format* header_ = nullptr;
    lxw_format* text_ = nullptr;
    lxw_format* wrapped_ = nullptr;
    lxw_format* integer_ = nullptr;
    lxw_format* share_ = nullptr;
    lxw_format* months_ = nullptr;
    lxw_format* ratio_ = nullptr;
    std::array<lxw_format*, 8> figures_{};
};

// ------------------------------------------------------------------------------------------
// Cells

void write_text(lxw_worksheet* sheet, int row, int column, std::string_view text, lxw_format* format) {
    const std::string value(text);
    worksheet_write_string(sheet, static_cast<lxw_row_t>(row), static_cast<lxw_col_t>(column), value.c_str(),
                           format);
}

// A number that is not finite has no cell value in a spreadsheet: it is shown as a dash.
void write_number(lxw_worksheet* sheet, int row, int column, double value, lxw_format* format) {
    if (!std::isfinite(value)) {
        write_text(sheet, row, column, "—", format);
        return;
    }
    worksheet_write_number(sheet, static_cast<lxw_row_t>(row), static_cast<lxw_col_t>(column), value, format);
}

// The heading row of a table at the top of `sheet`, frozen, with filters over `rows` rows
// below it; the first column is `first_width` wide, the others `width`.
void write_header(Workbook& book, lxw_worksheet* sheet, const std::vector<std::string>& headings, int rows,
                  double first_width = 30.0, double width = 15.0) {
    for (std::size_t column = 0; column < headings.size(); ++column)
        write_text(sheet, 0, static_cast<int>(column), headings[column], book.header());
    const auto last = static_cast<lxw_col_t>(headings.size() - 1);
    worksheet_set_column(sheet, 0, 0, first_width, nullptr);
    if (last >= 1) worksheet_set_column(sheet, 1, last, width, nullptr);
    worksheet_set_row(sheet, 0, 32.0, nullptr);
    worksheet_freeze_panes(sheet, 1, 1);
    worksheet_autofilter(sheet, 0, 0, static_cast<lxw_row_t>(std::max(rows, 1)), last);
}

// mean, std. error, P5, P50, P95, n from `column` on.
void write_band(Workbook& book, lxw_worksheet* sheet, int row, int column, const sim::Band& band,
                lxw_format* format, lxw_format* std_error_format) {
    write_number(sheet, row, column, band.mean, format);
    write_number(sheet, row, column + 1, band.std_error, std_error_format);
    write_number(sheet, row, column + 2, band.p5, format);
    write_number(sheet, row, column + 3, band.p50, format);
    write_number(sheet, row, column + 4, band.p95, format);
    write_number(sheet, row, column + 5, band.n, book.integer());
}

void write_band(Workbook& book, lxw_worksheet* sheet, int row, int column, const sim::Band& band,
                FigureKind kind, Style style) {
    write_band(book, sheet, row, column, band, book.figure(kind, style), book.figure(kind, Style::value));
}

std::vector<std::string> band_headings(const ReportText& t) {
    return {std::string(t.column_mean), std::string(t.column_std_error), std::string(t.column_p5),
            std::string(t.column_p50),  std::string(t.column_p95),       std::string(t.sheets.column_n)};
}

// One unit per column: the unit of a kind of figure, and a heading that names its unit.
std::string_view kind_unit(FigureKind kind, const SheetText& s) {
    switch (kind) {
        case FigureKind::cny:
            return s.unit_cny;
        case FigureKind::rate:
            return s.unit_share;
        case FigureKind::minutes:
            return s.unit_minutes;
        case FigureKind::count:
            break;
    }
    return s.unit_count;
}

std::string with_unit(std::string_view heading, std::string_view unit, const ReportText& t) {
    return fill(t.sheets.heading_with_unit, {{"heading", heading}, {"unit", unit}});
}

std::string with_unit(std::string_view heading, FigureKind kind, const ReportText& t) {
    return with_unit(heading, kind_unit(kind, t.sheets), t);
}

// "heading P5 (unit)", "heading P95 (unit)": a band's ends.
std::vector<std::string> band_ends(std::string_view heading, std::string_view unit, const ReportText& t) {
    return {with_unit(fmt::format("{} {}", heading, t.column_p5), unit, t),
            with_unit(fmt::format("{} {}", heading, t.column_p95), unit, t)};
}

template <typename... Parts>
std::vector<std::string> headings(Parts&&... parts) {
    std::vector<std::string> out;
    const auto add = [&](auto&& part) {
        if constexpr (std::is_convertible_v<decltype(part), std::string_view>)
            out.emplace_back(std::string_view(part));
        else
            out.insert(out.end(), part.begin(), part.end());
    };
    (add(parts), ...);
    return out;
}

// ------------------------------------------------------------------------------------------
// Sheets of a run

void write_headline_sheet(Workbook& book, std::string_view name, const sim::RunResults& r,
                          const ReportText& t) {
    lxw_worksheet* sheet = book.add_sheet(name);
    write_header(book, sheet,
                 headings(t.column_figure, t.sheets.column_key, t.sheets.column_unit, band_headings(t)),
                 static_cast<int>(r.headlines.size()));
    int row = 1;
    for (const auto& h : r.headlines) {
        write_text(sheet, row, 0, figure_label(h.key, t), book.text());
        write_text(sheet, row, 1, h.key, book.text());
        write_text(sheet, row, 2, kind_unit(figure_kind(h.key), t.sheets), book.text());
        write_band(book, sheet, row, 3, h.band, figure_kind(h.key), Style::value);
        ++row;
    }
    worksheet_set_column(sheet, 1, 1, 24.0, nullptr);
}

std::string_view segment_name(const sim::RunResults& r, const MonthlyLines& lines, int row,
                              const ReportText& t) {
    if (row == lines.whole_base()) return t.whole_base;
    const auto index = static_cast<std::size_t>(row);
    if (index < r.segment_names.size() && !r.segment_names[index].empty()) return r.segment_names[index];
    return r.segment_ids[index];
}

// RunResults::segments, one row each: every figure's mean, then its P5 and P95, except the
// subscribers at the start, which are the scenario's own and have no spread.
void write_segment_sheet(Workbook& book, const sim::RunResults& r, const MonthlyLines& lines,
                         const ReportText& t) {
    lxw_worksheet* sheet = book.add_sheet(t.sheets.segments);
    const std::array<std::string_view, sim::kSegmentFigures.size()> columns = {
        t.column_subscribers_start, t.column_subscribers_end, t.column_revenue, t.column_arpu,
        t.column_churn_rate};
    const auto banded = [](const sim::SegmentFigure& figure) { return figure.key != "subscribers_start"; };
    std::vector<std::string> heads = headings(t.column_segment, t.sheets.column_key);
    for (std::size_t i = 0; i < columns.size(); ++i) {
        const std::string_view unit = kind_unit(figure_kind(sim::kSegmentFigures[i].key), t.sheets);
        heads.push_back(with_unit(columns[i], unit, t));
        if (!banded(sim::kSegmentFigures[i])) continue;
        for (auto& end : band_ends(columns[i], unit, t)) heads.push_back(std::move(end));
    }
    write_header(book, sheet, heads, lines.rows());
    for (int row = 0; row < lines.rows(); ++row) {
        const int at = row + 1;
        write_text(sheet, at, 0, segment_name(r, lines, row, t), book.text());
        write_text(sheet, at, 1, r.segment_ids[static_cast<std::size_t>(row)], book.text());
        int column = 2;
        for (const auto& figure : sim::kSegmentFigures) {
            const sim::Band& band = lines.segment(row).*figure.band;
            lxw_format* format = book.figure(figure_kind(figure.key), Style::value);
            write_number(sheet, at, column++, band.mean, format);
            if (!banded(figure)) continue;
            write_number(sheet, at, column++, band.p5, format);
            write_number(sheet, at, column++, band.p95, format);
        }
    }
}

// Monthly lines that the charts draw with their P5-P95 band.
bool has_band_columns(std::string_view metric) {
    return metric == "active" || metric == "revenue_total_cny" || metric == "margin_cny";
}

void write_monthly_sheet(Workbook& book, const MonthlyLines& lines, const ReportText& t) {
    lxw_worksheet* sheet = book.add_sheet(t.sheets.monthly);
    const auto& names = sim::monthly_metric_names();
    std::vector<std::string> heads{std::string(t.month_axis)};
    for (const auto& name : names) {
        const std::string_view unit = kind_unit(monthly_line_kind(name), t.sheets);
        heads.push_back(with_unit(monthly_line_label(name, t), unit, t));
        if (has_band_columns(name))
            for (auto& end : band_ends(monthly_line_label(name, t), unit, t)) heads.push_back(std::move(end));
    }
    write_header(book, sheet, heads, lines.months(), 8.0, 14.0);
    const int all = lines.whole_base();
    for (int month = 1; month <= lines.months(); ++month) {
        write_number(sheet, month, 0, month, book.integer());
        int column = 1;
        for (std::size_t line = 0; line < names.size(); ++line) {
            const sim::Band& band = lines.band(month, all, line);
            lxw_format* format = book.figure(monthly_line_kind(names[line]), Style::value);
            write_number(sheet, month, column++, band.mean, format);
            if (!has_band_columns(names[line])) continue;
            write_number(sheet, month, column++, band.p5, format);
            write_number(sheet, month, column++, band.p95, format);
        }
    }
}

// A payback month, or, past the horizon, no number but the reports' one wording for it.
void write_payback(Workbook& book, lxw_worksheet* sheet, int row, int column, double month,
                   int horizon_months, Language language) {
    if (std::isfinite(month) && month <= horizon_months + 1e-9)
        write_number(sheet, row, column, month, book.months());
    else
        write_text(sheet, row, column, payback_never_text(horizon_months, language), book.text());
}

// Payback months are medians over replications; an offer most replications of which never
// pay back reads as the reports' wording, not a month.
void write_offer_rows(Workbook& book, lxw_worksheet* sheet, const std::vector<sim::OfferSummary>& offers,
                      int horizon_months, Language language) {
    int row = 1;
    for (const auto& offer : offers) {
        write_text(sheet, row, 0, offer_name(offer), book.text());
        write_text(sheet, row, 1, offer.id, book.text());
        write_number(sheet, row, 2, offer.take_ups.mean, book.figure(FigureKind::count, Style::value));
        write_number(sheet, row, 3, offer.holders_end.mean, book.figure(FigureKind::count, Style::value));
        lxw_format* cny = book.figure(FigureKind::cny, Style::value);
        write_number(sheet, row, 4, offer.revenue_cny.mean, cny);
        write_number(sheet, row, 5, offer.cost_cny.mean, cny);
        write_number(sheet, row, 6, offer.margin_cny.mean, cny);
        write_number(sheet, row, 7, offer.margin_cny.p5, cny);
        write_number(sheet, row, 8, offer.margin_cny.p95, cny);
        write_payback(book, sheet, row, 9,
                      offer.payback_share < 0.5 ? horizon_months + 1.0 : offer.payback_month.p50,
                      horizon_months, language);
        write_number(sheet, row, 10, offer.payback_share, book.share());
        ++row;
    }
}

void write_offer_sheet(Workbook& book, std::string_view name, const std::vector<sim::OfferSummary>& offers,
                       int horizon_months, const ReportText& t, Language language) {
    if (offers.empty()) return;
    lxw_worksheet* sheet = book.add_sheet(name);
    const auto& o = t.offers;
    write_header(
        book, sheet,
        headings(o.column_offer, t.sheets.column_key, with_unit(o.column_take_ups, FigureKind::count, t),
                 with_unit(o.column_holders_end, FigureKind::count, t),
                 with_unit(o.column_revenue, FigureKind::cny, t),
                 with_unit(t.comparison.column_offer_cost, FigureKind::cny, t),
                 with_unit(o.column_margin, FigureKind::cny, t),
                 band_ends(o.column_margin, t.sheets.unit_cny, t),
                 with_unit(o.column_payback, t.sheets.unit_month, t),
                 with_unit(o.column_paid_back, t.sheets.unit_share, t)),
        static_cast<int>(offers.size()));
    write_offer_rows(book, sheet, offers, horizon_months, language);
}

// Each offer's unit economics (docs/models.md, section 31): a ratio's mean, P5 and P95 and
// the replications that define it; empty cells where none does.
void write_unit_economics_sheet(Workbook& book, const std::vector<sim::OfferSummary>& offers,
                                const ReportText& t) {
    if (offers.empty()) return;
    const UnitEconomicsText& u = t.unit_economics;
    lxw_worksheet* sheet = book.add_sheet(u.sheet);
    const auto band = [&](std::string_view heading, std::string_view unit) {
        return headings(with_unit(heading, unit, t), band_ends(heading, unit, t),
                        fmt::format("{} {}", heading, t.sheets.column_n));
    };
    write_header(
        book, sheet,
        headings(u.column_offer, t.sheets.column_key, with_unit(u.column_outlay, t.sheets.unit_cny, t),
                 band(u.column_margin_rate, t.sheets.unit_cny), band(u.column_payback, t.sheets.unit_month),
                 with_unit(u.column_launch_cost, t.sheets.unit_cny, t),
                 band(u.column_break_even, t.sheets.unit_count),
                 with_unit(u.column_take_ups, t.sheets.unit_count, t), band(u.column_npv, t.sheets.unit_cny),
                 band(u.column_npv_per_cny, u.unit_ratio)),
        static_cast<int>(offers.size()));
    lxw_format* cny = book.figure(FigureKind::cny, Style::value);
    lxw_format* count = book.figure(FigureKind::count, Style::value);
    lxw_format* ratio = book.ratio();
    int row = 1;
    for (const auto& offer : offers) {
        const sim::OfferUnitEconomics& e = offer.unit;
        int column = 0;
        const auto number = [&](double value, lxw_format* format) {
            if (std::isfinite(value)) write_number(sheet, row, column, value, format);
            ++column;
        };
        const auto band_cells = [&](const sim::Band& b, lxw_format* format) {
            for (double v : {b.mean, b.p5, b.p95}) number(v, format);
            number(b.n, book.integer());
        };
        write_text(sheet, row, column++, offer_name(offer), book.text());
        write_text(sheet, row, column++, offer.id, book.text());
        number(e.outlay_per_taker_cny, cny);
        band_cells(e.margin_per_holder_month_cny, cny);
        band_cells(e.payback_months_per_taker, book.months());
        number(e.launch_cost_cny, cny);
        band_cells(e.break_even_take_ups, count);
        number(offer.take_ups.mean, count);
        band_cells(e.npv_cny, cny);
        band_cells(e.npv_per_cny_spent, ratio);
        ++row;
    }
}

// A column's heading, then its P5 and P95 columns' headings.
std::vector<std::string> with_p5_p95(const ReportText& t, std::string_view column) {
    return {std::string(column), fmt::format("{} {}", column, t.column_p5),
            fmt::format("{} {}", column, t.column_p95)};
}

// A per-customer view (reports/customer_views_section.hpp), one row per level or band over
// the horizon (customers: their mean per month; the month cell empty), then one per month.
void write_view_sheet(Workbook& book, std::string_view name, const std::vector<sim::CustomerViewRow>& rows,
                      bool is_band, const ReportText& t) {
    const CustomerViewText& v = t.customer_views;
    lxw_worksheet* sheet = book.add_sheet(name);
    const std::size_t months = rows.empty() ? 0 : rows.front().headcount.size();
    write_header(book, sheet,
                 headings(is_band ? v.column_band : v.column_level, t.sheets.column_key, v.column_month,
                          with_p5_p95(t, v.column_customers), with_p5_p95(t, v.column_revenue)),
                 static_cast<int>(rows.size() * (months + 1)));
    lxw_format* count = book.figure(FigureKind::count, Style::value);
    lxw_format* cny = book.figure(FigureKind::cny, Style::value);
    int at = 1;
    const auto write_row = [&](const sim::CustomerViewRow& row, std::size_t month, const sim::Band& heads,
                               const sim::Band& revenue) {
        write_text(sheet, at, 0, view_row_label(row, is_band, t), book.text());
        write_text(sheet, at, 1, row.id, book.text());
        if (month > 0) write_number(sheet, at, 2, static_cast<double>(month), book.integer());
        int column = 3;
        for (const auto& [band, format] : {std::pair{&heads, count}, std::pair{&revenue, cny}})
            for (double x : {band->mean, band->p5, band->p95}) write_number(sheet, at, column++, x, format);
        ++at;
    };
    for (const auto& row : rows) write_row(row, 0, row.headcount_mean, row.revenue_total_cny);
    for (const auto& row : rows)
        for (std::size_t m = 0; m < months; ++m) write_row(row, m + 1, row.headcount[m], row.revenue_cny[m]);
}

void write_margin_share_sheet(Workbook& book, const sim::CustomerViewResults& views, const ReportText& t) {
    const CustomerViewText& v = t.customer_views;
    lxw_worksheet* sheet = book.add_sheet(v.margin_heading);
    write_header(book, sheet, headings(v.column_period, v.column_month, band_headings(t)),
                 static_cast<int>(views.top_fifth_margin_share.size() + 1));
    write_text(sheet, 1, 0, fill(v.margin_last, {{"months", fmt::format("{}", views.last_months)}}),
               book.text());
    write_band(book, sheet, 1, 2, views.top_fifth_margin_share_last_12, FigureKind::rate, Style::value);
    for (std::size_t m = 0; m < views.top_fifth_margin_share.size(); ++m) {
        const int at = static_cast<int>(m) + 2;
        write_text(sheet, at, 0, fill(v.margin_month, {{"month", fmt::format("{}", m + 1)}}), book.text());
        write_number(sheet, at, 1, static_cast<double>(m + 1), book.integer());
        write_band(book, sheet, at, 2, views.top_fifth_margin_share[m], FigureKind::rate, Style::value);
    }
}

// Every group, in the reports' order (most likely to switch first).
void write_group_score_sheet(Workbook& book, const sim::GroupResults& groups, const ReportText& t) {
    const CustomerViewText& v = t.customer_views;
    lxw_worksheet* sheet = book.add_sheet(v.group_heading);
    write_header(
        book, sheet,
        headings(v.column_group, t.sheets.column_key, with_p5_p95(t, v.column_score),
                 with_p5_p95(t, v.column_tier_rank), with_p5_p95(t, v.column_warnings), v.column_switched),
        static_cast<int>(groups.scores.size()));
    int at = 1;
    for (const std::size_t i : groups_by_risk(groups)) {
        const sim::GroupScore& g = groups.scores[i];
        write_text(sheet, at, 0,
                   fill(v.group_label, {{"class", g.class_id}, {"index", fmt::format("{}", g.index)}}),
                   book.text());
        write_text(sheet, at, 1, g.class_id, book.text());
        int column = 2;
        for (const auto& [band, format] :
             {std::pair{&g.score, book.months()}, std::pair{&g.tier, book.months()},
              std::pair{&g.warnings, book.months()}})
            for (double x : {band->mean, band->p5, band->p95}) write_number(sheet, at, column++, x, format);
        write_number(sheet, at, column, g.switched.mean, book.share());
        ++at;
    }
}

FigureKind kind_of(GroupFigure figure) {
    switch (figure) {
        case GroupFigure::share:
            return FigureKind::rate;
        case GroupFigure::cny:
            return FigureKind::cny;
        case GroupFigure::count:
            break;
    }
    return FigureKind::count;
}

// The enterprise groups' KPIs as the reports show them (group_kpis), then one row per class:
// the figures a planner reads off report.html, as numbers.
void write_group_sheets(Workbook& book, const sim::GroupResults& groups, const ReportText& t) {
    const std::vector<GroupKpi> kpis = group_kpis(groups, t);
    lxw_worksheet* sheet = book.add_sheet(t.groups.kpi_heading);
    write_header(book, sheet,
                 headings(t.column_figure, t.sheets.column_key, t.sheets.column_unit, band_headings(t)),
                 static_cast<int>(kpis.size()));
    int row = 1;
    for (const GroupKpi& kpi : kpis) {
        write_text(sheet, row, 0, kpi.label, book.text());
        write_text(sheet, row, 1, kpi.key, book.text());
        write_text(sheet, row, 2, kind_unit(kind_of(kpi.kind), t.sheets), book.text());
        write_band(book, sheet, row, 3, *kpi.band, kind_of(kpi.kind), Style::value);
        ++row;
    }
    worksheet_set_column(sheet, 1, 1, 24.0, nullptr);

    const GroupText& g = t.groups;
    lxw_worksheet* classes = book.add_sheet(g.class_heading);
    write_header(book, classes,
                 headings(g.column_class, t.sheets.column_key, g.column_industry, g.column_groups,
                          with_unit(g.column_purity_start, FigureKind::rate, t),
                          with_unit(g.column_purity_end, FigureKind::rate, t),
                          with_unit(g.column_retention, FigureKind::rate, t), g.column_switched,
                          with_unit(g.column_informatization, FigureKind::cny, t), g.column_tier_drops),
                 static_cast<int>(groups.classes.size()));
    row = 1;
    for (const auto& c : groups.classes) {
        write_text(classes, row, 0, c.name.empty() ? c.id : c.name, book.text());
        write_text(classes, row, 1, c.id, book.text());
        write_text(classes, row, 2, c.industry, book.text());
        write_number(classes, row, 3, c.groups, book.integer());
        write_number(classes, row, 4, c.purity_start.mean, book.share());
        write_number(classes, row, 5, c.purity_end.mean, book.share());
        write_number(classes, row, 6, c.target_market_retention_end.mean, book.share());
        write_number(classes, row, 7, c.switched.mean, book.figure(FigureKind::count, Style::value));
        write_number(classes, row, 8, c.informatization_revenue_cny.mean,
                     book.figure(FigureKind::cny, Style::value));
        write_number(classes, row, 9, c.tier_drops.mean, book.figure(FigureKind::count, Style::value));
        ++row;
    }
}

void write_customer_view_sheets(Workbook& book, const sim::RunResults& r, const ReportText& t) {
    if (r.customer_views) {
        write_view_sheet(book, t.customer_views.vip_heading, r.customer_views->vip_levels, false, t);
        write_view_sheet(book, t.customer_views.band_heading, r.customer_views->arpu_bands, true, t);
        write_margin_share_sheet(book, *r.customer_views, t);
    }
    if (r.groups && !r.groups->scores.empty()) write_group_score_sheet(book, *r.groups, t);
}

// Rows of "label, value" from the top of a sheet, under the two headings; the values wrap.
class InfoSheet {
public:
    InfoSheet(Workbook& book, std::string_view name, std::string_view label_heading,
              std::string_view value_heading)
        : book_(book), sheet_(book.add_sheet(name)) {
        write_text(sheet_, 0, 0, label_heading, book.header());
        write_text(sheet_, 0, 1, value_heading, book.header());
        worksheet_set_column(sheet_, 0, 0, 22.0, nullptr);
        worksheet_set_column(sheet_, 1, 1, 100.0, nullptr);
    }
    // The run's facts: "Key, Value".
    InfoSheet(Workbook& book, std::string_view name, const ReportText& t)
        : InfoSheet(book, name, t.sheets.column_key, t.sheets.column_value) {}
    void text(std::string_view label, std::string_view value) {
        write_text(sheet_, row_, 0, label, book_.text());
        write_text(sheet_, row_++, 1, value, book_.wrapped());
    }
    void number(std::string_view label, double value) {
        write_text(sheet_, row_, 0, label, book_.text());
        write_number(sheet_, row_++, 1, value, book_.integer());
    }

private:
    Workbook& book_;
    lxw_worksheet* sheet_;
    int row_ = 1;
};

// What the band holds, the tornado's bars and the uncertain inputs; `prefix` names a variant.
void write_uncertainty_facts(InfoSheet& info, const sim::UncertaintySummary& u, const std::string& prefix,
                             const ReportText& t, Language lang) {
    const UncertaintyText& ut = t.uncertainty;
    info.text(ut.label_band, prefix + band_parts_note(u, "npv_margin_cny", t, lang));
    for (const auto& b : u.tornado)
        info.text(fmt::format(fmt::runtime(ut.chart_tornado.title), fmt::arg("figure", t.figures.npv_margin)),
                  fmt::format("{}{}: {} {}, {} {}; {} {}, {} {}", prefix, b.path, ut.column_npv_p5,
                              format_change(b.npv_at_p5, FigureKind::cny, lang), ut.column_npv_p95,
                              format_change(b.npv_at_p95, FigureKind::cny, lang), ut.column_churn_p5,
                              format_change(b.churn_at_p5, FigureKind::rate, lang), ut.column_churn_p95,
                              format_change(b.churn_at_p95, FigureKind::rate, lang)));
    for (const auto& row : uncertain_input_rows(u, t, lang)) info.text(ut.label_inputs, prefix + row);
}

// The Notes sheet: the statements in words that report.md and report.html make beside the
// figures, from the same functions, so a reader of the workbook alone reads them too:
// warnings first (the run's, then the groups section's), then what answers prices (and which
// offers' take-up is a fixed share), what the group sheets hold, then what the bands hold.
void write_run_notes(Workbook& book, const sim::RunResults& r, const ReportText& t, Language lang) {
    InfoSheet notes(book, t.sheets.notes, t.sheets.column_topic, t.sheets.column_statement);
    const std::optional<GroupSection> groups =
        r.groups ? std::optional(group_section(*r.groups, t, lang)) : std::nullopt;
    for (const auto& warning : r.warnings) notes.text(t.warnings_heading, warning_text(warning, lang));
    // The groups section's warning of groups whose tier fell, as report.md heads that section.
    if (groups && !groups->warning.empty()) notes.text(t.warnings_heading, groups->warning);
    notes.text(t.label_price_response, price_response_note(r, t, lang));
    // What the group sheets' figures are: groups beside the base, not in its subscribers.
    if (groups) {
        notes.text(t.groups.heading, t.groups.note);
        notes.text(t.groups.kpi_heading, groups->kpi_note);
    }
    write_uncertainty_facts(notes, r.uncertainty, "", t, lang);
}

// As write_run_notes, for a comparison: every run's warnings and each variant that is not
// like for like, the notes on prices of the baseline and its variants, each variant's bands.
void write_comparison_notes(Workbook& book, const sim::RunResults& baseline,
                            const std::vector<const sim::RunResults*>& variants,
                            const std::vector<sim::VariantComparison>& comparisons, const ReportText& t,
                            Language lang) {
    InfoSheet notes(book, t.sheets.notes, t.sheets.column_topic, t.sheets.column_statement);
    for (const auto& warning : comparison_warnings(baseline, variants, comparisons, lang))
        notes.text(t.warnings_heading, warning);
    for (const auto& c : comparisons)
        if (const std::string flag = not_like_for_like_text(c, lang); !flag.empty())
            notes.text(t.warnings_heading, fmt::format("{}: {}", variant_label(c), flag));
    notes.text(t.label_price_response, price_response_note(baseline, variants, t, lang));
    for (const auto& c : comparisons)
        write_uncertainty_facts(notes, c.uncertainty, fmt::format("{}: ", variant_label(c)), t, lang);
}

void write_run_facts(InfoSheet& info, const sim::RunResults& r, const ReportContext& c, const ReportText& t) {
    info.number(t.label_seed, static_cast<double>(r.seed));
    info.number(t.label_replications, r.replications);
    const std::string_view unit = t.months_unit.substr(t.months_unit.find_first_not_of(' '));
    info.number(fmt::format("{} ({})", t.label_horizon, unit), r.horizon_months);
    info.text(t.label_version, c.offersim_version);
}

// ------------------------------------------------------------------------------------------
// Sheets of a comparison

struct ComparisonColumn {
    std::string_view ComparisonText::*heading;
    std::string_view key;
    bool with_band;
};

constexpr std::array kComparisonColumns = {
    ComparisonColumn{&ComparisonText::column_npv, "npv_margin_cny", true},
    ComparisonColumn{&ComparisonText::column_revenue, "revenue_total_cny", true},
    ComparisonColumn{&ComparisonText::column_cost, "cost_total_cny", true},
    ComparisonColumn{&ComparisonText::column_margin, "margin_total_cny", true},
    ComparisonColumn{&ComparisonText::column_subscribers_end, "subscribers_end", false},
    ComparisonColumn{&ComparisonText::column_churners, "churners", false},
};

void write_comparison_sheet(Workbook& book, const std::vector<sim::VariantComparison>& comparisons,
                            const Decision& decision, int horizon_months, const ReportText& t,
                            Language language) {
    const ComparisonText& ct = t.comparison;
    lxw_worksheet* sheet = book.add_sheet(t.sheets.comparison);
    std::vector<std::string> heads{std::string(ct.column_variant), std::string(t.sheets.column_key)};
    for (const auto& column : kComparisonColumns) {
        const std::string_view unit = kind_unit(figure_kind(column.key), t.sheets);
        heads.push_back(with_unit(ct.*column.heading, unit, t));
        if (!column.with_band) continue;
        for (auto& end : band_ends(ct.*column.heading, unit, t)) heads.push_back(std::move(end));
    }
    heads.insert(heads.end(),
                 {with_unit(ct.column_payback, t.sheets.unit_month, t),
                  with_unit(ct.column_paid_back, t.sheets.unit_share, t), std::string(ct.recommended_tag)});
    write_header(book, sheet, heads, static_cast<int>(comparisons.size()));
    for (std::size_t i = 0; i < comparisons.size(); ++i) {
        const sim::VariantComparison& c = comparisons[i];
        const int row = static_cast<int>(i) + 1;
        write_text(sheet, row, 0, variant_label(c), book.text());
        write_text(sheet, row, 1, c.name, book.text());
        int column = 2;
        for (const auto& spec : kComparisonColumns) {
            const sim::Band& band = c.delta(spec.key);
            lxw_format* format = book.figure(figure_kind(spec.key), Style::change);
            write_number(sheet, row, column++, band.mean, format);
            if (!spec.with_band) continue;
            write_number(sheet, row, column++, band.p5, format);
            write_number(sheet, row, column++, band.p95, format);
        }
        if (margin_differs(c))
            write_payback(book, sheet, row, column++,
                          c.payback_share < 0.5 ? horizon_months + 1.0 : c.payback_month.p50, horizon_months,
                          language);
        else
            write_text(sheet, row, column++, t.no_difference, book.text());
        write_number(sheet, row, column++, c.payback_share, book.share());
        if (decision.recommended && i == decision.lead)
            write_text(sheet, row, column, ct.recommended_tag, book.text());
    }
}

void write_delta_sheet(Workbook& book, const sim::RunResults& baseline, const sim::RunResults& variant,
                       const sim::VariantComparison& c, const ReportText& t, Language language) {
    const ComparisonText& ct = t.comparison;
    lxw_worksheet* sheet = book.add_sheet(c.name);
    std::vector<std::string> change = band_headings(t);
    change.front() = fmt::format("{} ({})", ct.column_change, t.column_mean);
    write_header(book, sheet,
                 headings(t.column_figure, t.sheets.column_key, t.sheets.column_unit, ct.column_baseline,
                          ct.column_variant_value, change),
                 static_cast<int>(c.deltas.size() + c.module_deltas.size()) + 1);
    int row = 1;
    for (const auto& d : c.deltas) {
        const FigureKind kind = figure_kind(d.key);
        write_text(sheet, row, 0, figure_label(d.key, t), book.text());
        write_text(sheet, row, 1, d.key, book.text());
        write_text(sheet, row, 2, kind_unit(kind, t.sheets), book.text());
        if (const sim::Band* band = find_band(baseline, d.key))
            write_number(sheet, row, 3, band->mean, book.figure(kind, Style::value));
        if (const sim::Band* band = find_band(variant, d.key))
            write_number(sheet, row, 4, band->mean, book.figure(kind, Style::value));
        write_band(book, sheet, row, 5, d.band, kind, Style::change);
        ++row;
    }
    // The payback month of the cumulative incremental margin: its mean, standard error, P5,
    // P50, P95 and n, a month past the horizon as the wording for "not paid back".
    write_text(sheet, row, 0, ct.card_payback, book.text());
    write_text(sheet, row, 1, "incremental_payback_month", book.text());
    write_text(sheet, row, 2, t.sheets.unit_month, book.text());
    const int horizon = baseline.horizon_months;
    const sim::Band& p = c.payback_month;
    if (!margin_differs(c)) {
        write_text(sheet, row, 5, t.no_difference, book.text());
    } else {
        write_payback(book, sheet, row, 5, p.mean, horizon, language);
        write_number(sheet, row, 6, p.std_error, book.months());
        write_payback(book, sheet, row, 7, p.p5, horizon, language);
        write_payback(book, sheet, row, 8, p.p50, horizon, language);
        write_payback(book, sheet, row, 9, p.p95, horizon, language);
        write_number(sheet, row, 10, p.n, book.integer());
    }
    // The group and win-back KPIs, paired by replication; counts and points to one place.
    for (const auto& d : c.module_deltas) {
        ++row;
        const FigureKind kind = module_figure_kind(d.key);
        write_text(sheet, row, 0, module_label(d.key, baseline, variant, t), book.text());
        write_text(sheet, row, 1, d.key, book.text());
        write_text(sheet, row, 2, kind_unit(kind, t.sheets), book.text());
        if (kind == FigureKind::count)
            write_band(book, sheet, row, 5, d.band, book.months(), book.months());
        else
            write_band(book, sheet, row, 5, d.band, kind, Style::change);
    }
    worksheet_set_column(sheet, 1, 1, 24.0, nullptr);
}

// Each offer against the world without it, then the holders' gross figures (as the HTML's
// offer-effects table; docs/models.md, "Offer effects").
void write_offer_effects_sheet(Workbook& book, const sim::VariantComparison& c,
                               const sim::RunResults& variant, const ReportText& t, Language language) {
    if (c.offers.empty()) return;
    const OfferEffectText& o = t.offer_effects;
    lxw_worksheet* sheet = book.add_sheet(fmt::format("{}{}", c.name, t.sheets.offers_suffix));
    write_header(
        book, sheet,
        headings(o.column_offer, t.sheets.column_key, with_unit(o.column_take_ups, FigureKind::count, t),
                 with_unit(o.column_incremental_margin, FigureKind::cny, t),
                 band_ends(o.column_incremental_margin, t.sheets.unit_cny, t),
                 with_unit(o.column_cannibalised, FigureKind::cny, t),
                 band_ends(o.column_cannibalised, t.sheets.unit_cny, t),
                 with_unit(o.column_incremental_payback, t.sheets.unit_month, t),
                 with_unit(o.column_gross_margin, FigureKind::cny, t),
                 with_unit(o.column_gross_payback, t.sheets.unit_month, t), o.column_basis,
                 with_unit(o.column_npv_per_cny, t.unit_economics.unit_ratio, t),
                 band_ends(o.column_npv_per_cny, t.unit_economics.unit_ratio, t),
                 with_unit(o.column_break_even, t.sheets.unit_count, t),
                 band_ends(o.column_break_even, t.sheets.unit_count, t)),
        static_cast<int>(c.offers.size()));
    lxw_format* change = book.figure(FigureKind::cny, Style::change);
    lxw_format* cny = book.figure(FigureKind::cny, Style::value);
    const auto rows = offer_effect_rows(c, variant, language);
    for (std::size_t k = 0; k < rows.size(); ++k) {
        const sim::OfferEffect& e = c.offers[k];
        const sim::OfferSummary& gross = variant.offers[k];
        const int row = static_cast<int>(k) + 1;
        write_text(sheet, row, 0, rows[k].offer, book.text());
        write_text(sheet, row, 1, e.id, book.text());
        write_number(sheet, row, 2, gross.take_ups.mean, book.figure(FigureKind::count, Style::value));
        if (e.basis == sim::EffectBasis::not_measured) {
            for (int column = 3; column <= 5; ++column)
                write_text(sheet, row, column, rows[k].incremental_margin, book.text());
        } else {
            write_number(sheet, row, 3, e.incremental_margin_cny.mean, change);
            write_number(sheet, row, 4, e.incremental_margin_cny.p5, change);
            write_number(sheet, row, 5, e.incremental_margin_cny.p95, change);
        }
        write_number(sheet, row, 6, e.cannibalised_cny.mean, cny);
        write_number(sheet, row, 7, e.cannibalised_cny.p5, cny);
        write_number(sheet, row, 8, e.cannibalised_cny.p95, cny);
        if (e.basis != sim::EffectBasis::not_measured && e.differs && e.payback_share >= 0.5)
            write_payback(book, sheet, row, 9, e.incremental_payback_month.p50, variant.horizon_months,
                          language);
        else
            write_text(sheet, row, 9, rows[k].incremental_payback, book.text());
        write_number(sheet, row, 10, gross.margin_cny.mean, cny);
        write_payback(book, sheet, row, 11,
                      gross.payback_share < 0.5 ? variant.horizon_months + 1.0 : gross.payback_month.p50,
                      variant.horizon_months, language);
        write_text(sheet, row, 12, rows[k].basis, book.text());
        if (e.basis != sim::EffectBasis::not_measured) {  // empty cells where a ratio is undefined
            int column = 13;
            for (const auto* band : {&e.incremental_npv_per_cny_spent, &e.incremental_break_even_take_ups})
                for (double v : {band->mean, band->p5, band->p95}) {
                    if (std::isfinite(v))
                        write_number(
                            sheet, row, column, v,
                            column < 16 ? book.ratio() : book.figure(FigureKind::count, Style::value));
                    ++column;
                }
        }
    }
}

void write_monthly_change_sheet(Workbook& book, const sim::VariantComparison& c, const ReportText& t) {
    const ComparisonText& ct = t.comparison;
    lxw_worksheet* sheet = book.add_sheet(fmt::format("{}{}", c.name, t.sheets.monthly_suffix));
    write_header(book, sheet,
                 headings(ct.column_month, with_unit(ct.column_monthly_change, FigureKind::cny, t),
                          band_ends(ct.column_monthly_change, t.sheets.unit_cny, t),
                          with_unit(ct.column_cumulative_change, FigureKind::cny, t),
                          band_ends(ct.column_cumulative_change, t.sheets.unit_cny, t),
                          with_unit(fill(t.offer_effects.series_discounted,
                                         {{"rate", discount_rate_text(c.cash.discount_rate_annual)}}),
                                    FigureKind::cny, t)),
                 static_cast<int>(c.monthly_margin_delta_cny.size()), 8.0, 18.0);
    lxw_format* format = book.figure(FigureKind::cny, Style::change);
    for (std::size_t month = 0; month < c.monthly_margin_delta_cny.size(); ++month) {
        const int row = static_cast<int>(month) + 1;
        const sim::Band& monthly = c.monthly_margin_delta_cny[month];
        const sim::Band& cumulative = c.cumulative_margin_delta_cny[month];
        write_number(sheet, row, 0, row, book.integer());
        write_number(sheet, row, 1, monthly.mean, format);
        write_number(sheet, row, 2, monthly.p5, format);
        write_number(sheet, row, 3, monthly.p95, format);
        write_number(sheet, row, 4, cumulative.mean, format);
        write_number(sheet, row, 5, cumulative.p5, format);
        write_number(sheet, row, 6, cumulative.p95, format);
        if (month < c.cash.cumulative_discounted_cny.size())
            write_number(sheet, row, 7, c.cash.cumulative_discounted_cny[month], format);
    }
}

}  // namespace

std::string xlsx_report(const sim::RunResults& results, const ReportContext& context) {
    const MonthlyLines lines(results);
    const ReportText& t = report_text(context.language);
    Workbook book;
    write_headline_sheet(book, t.sheets.headline, results, t);
    write_run_notes(book, results, t, context.language);  // the tab beside the one the workbook opens on
    write_segment_sheet(book, results, lines, t);
    write_monthly_sheet(book, lines, t);
    write_offer_sheet(book, t.sheets.offers, results.offers, results.horizon_months, t, context.language);
    write_unit_economics_sheet(book, results.offers, t);
    write_customer_view_sheets(book, results, t);
    if (results.groups) write_group_sheets(book, *results.groups, t);
    InfoSheet info(book, t.sheets.run, t);
    info.text(t.label_scenario, fmt::format("{} ({})", scenario_label(results), results.scenario_name));
    write_run_facts(info, results, context, t);
    return book.finish(scenario_label(results), context.offersim_version);
}

std::string xlsx_comparison_report(const sim::RunResults& baseline,
                                   const std::vector<const sim::RunResults*>& variants,
                                   const std::vector<sim::VariantComparison>& comparisons,
                                   const ReportContext& context) {
    check_comparison_shape(baseline, variants, comparisons);
    const ReportText& t = report_text(context.language);
    const ComparisonText& ct = t.comparison;
    const Decision decision = decide(comparisons);
    Workbook book;
    write_comparison_sheet(book, comparisons, decision, baseline.horizon_months, t, context.language);
    write_comparison_notes(book, baseline, variants, comparisons, t, context.language);
    write_headline_sheet(book, t.sheets.baseline, baseline, t);
    for (std::size_t i = 0; i < comparisons.size(); ++i) {
        write_delta_sheet(book, baseline, *variants[i], comparisons[i], t, context.language);
        write_monthly_change_sheet(book, comparisons[i], t);
        write_offer_effects_sheet(book, comparisons[i], *variants[i], t, context.language);
    }
    InfoSheet info(book, t.sheets.run, t);
    info.text(ct.question_label, question_sentence(baseline, comparisons, context.language));
    info.text(ct.recommendation_label,
              recommendation_sentence(decision, comparisons, baseline.horizon_months, context.language));
    const std::string caveat = caveat_sentence(decision, comparisons, context.language);
    if (!caveat.empty()) info.text("", caveat);
    info.text(ct.label_baseline, fmt::format("{} ({})", scenario_label(baseline), baseline.scenario_name));
    for (const auto& c : comparisons)
        info.text(ct.label_variants, fmt::format("{} ({})", variant_label(c), c.name));
    for (const auto& c : comparisons) {
        info.text(fill(t.offer_effects.chart_cash.title, {{"variant", variant_label(c)}}),
                  cash_summary_text(c, baseline.horizon_months, context.language));
        info.text(t.offer_effects.horizon_heading,
                  horizon_tail_text(c, baseline.horizon_months, context.language));
    }
    write_run_facts(info, baseline, context, t);
    return book.finish(scenario_label(baseline), context.offersim_version);
}

std::string xlsx_sweep_report(const SweepTable& table, const ReportContext& context) {
    const ReportText& t = report_text(context.language);
    const SweepText& st = t.sweep;
    std::vector<SweepPointFigures> rows;
    for (const auto& p : table.runs.points) rows.push_back(sweep_point_figures(p));
    const bool win_back = !rows.empty() && rows.front().win_back;
    // Each figure: its label, then P5 and P95, in its unit.
    struct Column {
        std::string_view label;
        const sim::Band SweepPointFigures::*band;
        FigureKind kind;
        Style style;
    };
    const std::vector<Column> columns{
        {st.column_npv_delta, &SweepPointFigures::npv_delta, FigureKind::cny, Style::change},
        {st.column_margin_delta, &SweepPointFigures::margin_delta, FigureKind::cny, Style::change},
        {st.column_churn, &SweepPointFigures::churn, FigureKind::rate, Style::value},
        {st.column_churn_delta, &SweepPointFigures::churn_delta, FigureKind::rate, Style::change},
        {t.figures.npv_margin, &SweepPointFigures::npv, FigureKind::cny, Style::value},
    };
    std::vector<std::string> heads{std::string(st.column_point)};
    heads.insert(heads.end(), table.parameters.begin(), table.parameters.end());
    for (const auto& c : columns)
        for (const auto part : {std::string_view(), t.column_p5, t.column_p95})
            heads.push_back(part.empty() ? std::string(c.label) : fmt::format("{} {}", c.label, part));
    heads.emplace_back(st.column_payback);
    heads.emplace_back(t.comparison.column_paid_back);
    if (win_back) heads.emplace_back(st.column_win_back);

    Workbook book;
    lxw_worksheet* sheet = book.add_sheet(st.table_heading);
    write_header(book, sheet, heads, static_cast<int>(rows.size()), 10.0, 18.0);
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const int row = static_cast<int>(i) + 1;
        int column = 0;
        write_number(sheet, row, column++, static_cast<double>(i + 1), book.integer());
        for (double v : table.values[i]) write_number(sheet, row, column++, v, nullptr);
        for (const auto& c : columns) {
            const sim::Band& band = rows[i].*(c.band);
            for (const double v : {band.mean, band.p5, band.p95})
                write_number(sheet, row, column++, v, book.figure(c.kind, c.style));
        }
        write_number(sheet, row, column++, rows[i].payback_median, book.months());
        write_number(sheet, row, column++, rows[i].payback_share, book.share());
        if (win_back) write_number(sheet, row, column++, rows[i].win_back->mean, book.integer());
    }
    InfoSheet info(book, t.sheets.run, t);
    info.text(st.label_scenario,
              fmt::format("{} ({})", scenario_label(table.runs.base), table.runs.base.scenario_name));
    write_run_facts(info, table.runs.base, context, t);
    return book.finish(scenario_label(table.runs.base), context.offersim_version);
}

}  // namespace offersim::reports
