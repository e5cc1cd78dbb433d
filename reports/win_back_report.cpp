#include "reports/win_back_report.hpp"

#include "reports/band_json.hpp"
#include "reports/figure_format.hpp"
#include "reports/html_page.hpp"
#include "reports/number_format.hpp"

#include <fmt/format.h>
#include <iterator>
#include <nlohmann/json.hpp>
#include <vector>

namespace offersim::reports {

namespace {

using Json = nlohmann::ordered_json;

Json region_json(const sim::WinBackRegionResult& r) {
    return Json{{"id", r.id},
                {"name", r.name},
                {"target", r.target},
                {"eligible", band_json(r.eligible)},
                {"excluded_employees", band_json(r.excluded_employees)},
                {"contacted", band_json(r.contacted)},
                {"reported", band_json(r.reported)},
                {"confirmed", band_json(r.confirmed)},
                {"pending", band_json(r.pending)},
                {"reported_points", band_json(r.reported_points)},
                {"confirmed_points", band_json(r.confirmed_points)}};
}

std::string points(double value) {
    return fmt::format("{:.2f}", value);
}

std::string share_of_target(const sim::WinBackRegionResult& r) {
    return format_percent(r.confirmed.mean / static_cast<double>(r.target), 1);
}

double rate(const sim::Band& confirmed, const sim::Band& judged) {
    return judged.mean > 0.0 ? confirmed.mean / judged.mean : 0.0;
}

std::string intro(const sim::WinBackResults& w, const ReportText& text, Language language) {
    return fmt::format(fmt::runtime(text.win_back.intro),
                       fmt::arg("reported", format_count(w.total.reported.mean, language)),
                       fmt::arg("confirmed", format_count(w.total.confirmed.mean, language)),
                       fmt::arg("target", format_count(static_cast<double>(w.total.target), language)),
                       fmt::arg("share", share_of_target(w.total)));
}

std::string accuracy(const sim::WinBackResults& w, const ReportText& text) {
    return fmt::format(
        fmt::runtime(text.win_back.accuracy_note),
        fmt::arg("switcher_rate", format_percent(rate(w.confirmed_switchers, w.judged_switchers), 1)),
        fmt::arg("second_sim_rate", format_percent(rate(w.confirmed_second_sims, w.judged_second_sims), 1)));
}

// The caption and the table note state the scenario's own test months and scoring.
std::string chart_caption(const sim::WinBackResults& w, const ReportText& text) {
    return fill(text.win_back.chart.caption, {{"first_month", fmt::format("{}", w.test_first_month)},
                                              {"last_month", fmt::format("{}", w.test_last_month)}});
}

std::string table_note(const sim::WinBackResults& w, const ReportText& text) {
    return fill(text.win_back.table_note,
                {{"full_points", fmt::format("{:g}", w.full_points)},
                 {"zero_below", fmt::format("{:g}%", w.zero_points_below * 100.0)}});
}

std::string revenue(const sim::WinBackResults& w, const ReportText& text, Language language) {
    std::string note = fmt::format(fmt::runtime(text.win_back.revenue_note),
                                   fmt::arg("revenue", format_cny(w.revenue_cny.mean, language)),
                                   fmt::arg("subsidy", format_cny(w.subsidy_cost_cny.mean, language)));
    if (w.fed_by_churners) {
        if (language == Language::en) note += ' ';  // Chinese sentences run on
        note += fmt::format(fmt::runtime(text.win_back.churners_note),
                            fmt::arg("joined", format_count(w.churners_joined.mean, language)));
    }
    return note;
}

// The cells of one table row, in column order.
std::vector<std::string> row_cells(const sim::WinBackRegionResult& r, std::string_view name,
                                   Language language) {
    return {std::string(name),
            format_count(static_cast<double>(r.target), language),
            format_count(r.eligible.mean, language),
            format_count(r.excluded_employees.mean, language),
            format_count(r.contacted.mean, language),
            format_count(r.reported.mean, language),
            format_count(r.confirmed.mean, language),
            format_count(r.pending.mean, language),
            points(r.reported_points.mean),
            points(r.confirmed_points.mean)};
}

std::vector<std::string_view> column_names(const WinBackText& t) {
    return {t.column_region,          t.column_target,          t.column_eligible,  t.column_employees,
            t.column_contacted,       t.column_reported,        t.column_confirmed, t.column_pending,
            t.column_reported_points, t.column_confirmed_points};
}

std::string_view region_name(const sim::WinBackRegionResult& r) {
    return r.name.empty() ? r.id : r.name;
}

std::string markdown_escape(std::string_view text) {
    std::string out;
    for (char c : text) {
        if (c == '|' || c == '*' || c == '_' || c == '\\' || c == '`') out += '\\';
        out += c;
    }
    return out;
}

}  // namespace

nlohmann::ordered_json win_back_json(const sim::WinBackResults& w) {
    Json regions = Json::array();
    for (const auto& r : w.regions) regions.push_back(region_json(r));
    return Json{{"id", w.id},
                {"name", w.name},
                {"start_month", w.start_month},
                {"end_month", w.end_month},
                {"pool_size", w.pool_size},
                {"monthly_capacity", w.monthly_capacity},
                {"churners_joined", w.fed_by_churners ? band_json(w.churners_joined) : Json(nullptr)},
                {"total", region_json(w.total)},
                {"regions", regions},
                {"contacted_monthly", bands_json(w.contacted_monthly)},
                {"reported_monthly", bands_json(w.reported_monthly)},
                {"confirmed_monthly", bands_json(w.confirmed_monthly)},
                {"judged_switchers", band_json(w.judged_switchers)},
                {"judged_second_sims", band_json(w.judged_second_sims)},
                {"confirmed_switchers", band_json(w.confirmed_switchers)},
                {"confirmed_second_sims", band_json(w.confirmed_second_sims)},
                {"revenue_cny", band_json(w.revenue_cny)},
                {"subsidy_cost_cny", band_json(w.subsidy_cost_cny)}};
}

void write_win_back_html(std::string& html, const sim::WinBackResults& w, const ReportText& text,
                         Language language) {
    using html::escape;
    const WinBackText& t = text.win_back;
    const auto out = std::back_inserter(html);
    fmt::format_to(out,
                   "<section id=\"win-back\" class=\"win-back page-break\">\n<h2>{}</h2>\n<p>{}</p>\n"
                   "<figure class=\"chart-card\">\n<h3>{}</h3>\n"
                   "<div class=\"chart\" id=\"chart-win-back\" role=\"img\" aria-label=\"{}\"></div>\n"
                   "<figcaption>{}</figcaption>\n</figure>\n",
                   escape(t.heading), escape(intro(w, text, language)), escape(t.chart.title),
                   escape(t.chart.title), escape(chart_caption(w, text)));
    fmt::format_to(out, "<h3>{}</h3>\n<table class=\"win-back-regions\">\n<thead><tr>",
                   escape(t.table_heading));
    for (const auto name : column_names(t)) fmt::format_to(out, "<th>{}</th>", escape(name));
    fmt::format_to(out, "</tr></thead>\n<tbody>\n");
    const auto row = [&](const sim::WinBackRegionResult& r, std::string_view name, bool total) {
        fmt::format_to(out, "<tr{}>", total ? " class=\"total\"" : "");
        for (const auto& cell : row_cells(r, name, language))
            fmt::format_to(out, "<td>{}</td>", escape(cell));
        fmt::format_to(out, "</tr>\n");
    };
    for (const auto& r : w.regions) row(r, region_name(r), false);
    row(w.total, t.total_row, true);
    fmt::format_to(out, "</tbody>\n</table>\n<p class=\"table-note\">{} {} {}</p>\n</section>\n",
                   escape(table_note(w, text)), escape(accuracy(w, text)),
                   escape(revenue(w, text, language)));
}

nlohmann::ordered_json win_back_chart(const sim::WinBackResults& w, const ReportText& text) {
    std::vector<double> reported, confirmed, target;
    for (const auto& b : w.reported_cumulative) reported.push_back(b.mean);
    for (const auto& b : w.confirmed_cumulative) confirmed.push_back(b.mean);
    target.assign(reported.size(), static_cast<double>(w.total.target));
    const WinBackText& t = text.win_back;
    return Json{
        {"kind", "lines"},
        {"unit", "count"},
        {"series", Json::array({Json{{"name", t.series_reported}, {"values", reported}},
                                Json{{"name", t.series_confirmed}, {"values", confirmed}, {"total", true}},
                                Json{{"name", t.series_target}, {"values", target}}})}};
}

void write_win_back_markdown(std::string& md, const sim::WinBackResults& w, const ReportText& text,
                             Language language) {
    const WinBackText& t = text.win_back;
    const auto out = std::back_inserter(md);
    fmt::format_to(out, "## {}\n\n{}\n\n### {}\n\n", markdown_escape(t.heading),
                   markdown_escape(intro(w, text, language)), markdown_escape(t.table_heading));
    const auto names = column_names(t);
    std::string header = "|", rule = "|";
    for (std::size_t i = 0; i < names.size(); ++i) {
        header += fmt::format(" {} |", markdown_escape(names[i]));
        rule += i == 0 ? " --- |" : " ---: |";
    }
    fmt::format_to(out, "{}\n{}\n", header, rule);
    const auto row = [&](const sim::WinBackRegionResult& r, std::string_view name) {
        fmt::format_to(out, "|");
        for (const auto& cell : row_cells(r, name, language))
            fmt::format_to(out, " {} |", markdown_escape(cell));
        fmt::format_to(out, "\n");
    };
    for (const auto& r : w.regions) row(r, region_name(r));
    row(w.total, t.total_row);
    fmt::format_to(out, "\n{} {} {}\n\n", markdown_escape(table_note(w, text)),
                   markdown_escape(accuracy(w, text)), markdown_escape(revenue(w, text, language)));
}

}  // namespace offersim::reports
