#include "reports/sweep_report.hpp"

#include "reports/assets/embedded_assets.hpp"
#include "reports/csv_cell.hpp"
#include "reports/figure_format.hpp"
#include "reports/html_page.hpp"
#include "reports/number_format.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <nlohmann/json.hpp>

namespace offersim::reports {

namespace {

using html::escape;
using html::Json;
using html::Out;

std::optional<sim::Band> own_band(const sim::FigureSamples& figures, std::string_view key) {
    for (const auto& [name, values] : figures)
        if (name == key) return sim::summarise(values);
    return std::nullopt;
}

std::vector<SweepPointFigures> all_figures(const SweepTable& table) {
    std::vector<SweepPointFigures> rows;
    for (const auto& p : table.runs.points) rows.push_back(sweep_point_figures(p));
    return rows;
}

// The values of parameter `k` over the points, each once, in ascending order.
std::vector<double> distinct_values(const SweepTable& table, std::size_t k) {
    std::vector<double> v;
    for (const auto& point : table.values) v.push_back(point[k]);
    std::sort(v.begin(), v.end());
    v.erase(std::unique(v.begin(), v.end()), v.end());
    return v;
}

std::string title_of(const SweepTable& table, Language language) {
    return fmt::format(fmt::runtime(report_text(language).sweep.title),
                       fmt::arg("scenario", table.runs.base.scenario_title));
}

std::string intro_of(const SweepTable& table, Language language) {
    const SweepText& st = report_text(language).sweep;
    return fmt::format(fmt::runtime(st.intro), fmt::arg("points", table.runs.points.size()),
                       fmt::arg("scenario", table.runs.base.scenario_title)) +
           " " +
           fmt::format(fmt::runtime(st.runs_note), fmt::arg("runs", table.runs.stepped),
                       fmt::arg("passes", table.runs.chunks));
}

// The cells of one row as the reports show them, after the parameter values.
std::vector<std::string> shown_cells(const SweepPointFigures& f, int horizon, Language language) {
    std::vector<std::string> cells{
        format_change(f.npv_delta.mean, FigureKind::cny, language),
        format_change_range(f.npv_delta, FigureKind::cny, language),
        format_change(f.margin_delta.mean, FigureKind::cny, language),
        format_figure(f.churn.mean, FigureKind::rate, language),
        format_change(f.churn_delta.mean, FigureKind::rate, language),
        format_payback_month(f.payback_median, horizon, language),
    };
    if (f.win_back) cells.push_back(format_figure(f.win_back->mean, FigureKind::count, language));
    return cells;
}

std::vector<std::string> shown_headings(const SweepTable& table, bool win_back, Language language) {
    const SweepText& st = report_text(language).sweep;
    std::vector<std::string> h{std::string(st.column_point)};
    h.insert(h.end(), table.parameters.begin(), table.parameters.end());
    for (const auto s : {st.column_npv_delta, st.column_npv_band, st.column_margin_delta, st.column_churn,
                         st.column_churn_delta, st.column_payback})
        h.emplace_back(s);
    if (win_back) h.emplace_back(st.column_win_back);
    return h;
}

// A line over the one parameter, or a heat map over the first two, of the mean NPV change.
Json chart_of(const SweepTable& table, const std::vector<SweepPointFigures>& rows, const ReportText& t) {
    if (table.parameters.size() >= 2) {
        const std::vector<double> xs = distinct_values(table, 0), ys = distinct_values(table, 1);
        Json cells = Json::array();
        for (std::size_t i = 0; i < rows.size(); ++i) {
            const auto x = std::find(xs.begin(), xs.end(), table.values[i][0]) - xs.begin();
            const auto y = std::find(ys.begin(), ys.end(), table.values[i][1]) - ys.begin();
            cells.push_back({x, y, rows[i].npv_delta.mean});
        }
        Json x_names = Json::array(), y_names = Json::array();
        for (double v : xs) x_names.push_back(value_text(v));
        for (double v : ys) y_names.push_back(value_text(v));
        return Json{{"kind", "heatmap"},
                    {"unit", "cny"},
                    {"xName", table.parameters[0]},
                    {"yName", table.parameters[1]},
                    {"x", x_names},
                    {"y", y_names},
                    {"cells", cells}};
    }
    std::vector<std::size_t> order(rows.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return table.values[a][0] < table.values[b][0]; });
    Json x = Json::array(), mean = Json::array(), p5 = Json::array(), p95 = Json::array();
    for (std::size_t i : order) {
        x.push_back(table.values[i][0]);
        mean.push_back(rows[i].npv_delta.mean);
        p5.push_back(rows[i].npv_delta.p5);
        p95.push_back(rows[i].npv_delta.p95);
    }
    return Json{{"kind", "sweepline"},
                {"unit", "cny"},
                {"xName", table.parameters[0]},
                {"x", x},
                {"mean", mean},
                {"p5", p5},
                {"p95", p95},
                {"seriesName", t.series.mean},
                {"bandName", t.series.band}};
}

}  // namespace

SweepPointFigures sweep_point_figures(const sim::SweepPointRun& p) {
    SweepPointFigures f;
    f.npv_delta = p.comparison.delta("npv_margin_cny");
    f.margin_delta = p.comparison.delta("margin_total_cny");
    f.churn = own_band(p.figures, "churn_rate_monthly").value();
    f.churn_delta = p.comparison.delta("churn_rate_monthly");
    f.npv = own_band(p.figures, "npv_margin_cny").value();
    f.payback_median = p.comparison.payback_month.p50;
    f.payback_share = p.comparison.payback_share;
    f.win_back = own_band(p.figures, "win_back_confirmed");
    return f;
}

std::string sweep_csv(const SweepTable& table) {
    const std::vector<SweepPointFigures> rows = all_figures(table);
    const bool win_back = !rows.empty() && rows.front().win_back;
    std::string csv = "point";
    for (const auto& p : table.parameters) csv += fmt::format(",{}", csv_text(p));
    for (const auto name : {"npv_margin_cny_delta", "margin_total_cny_delta", "churn_rate_monthly",
                            "churn_rate_monthly_delta", "npv_margin_cny"})
        csv += fmt::format(",{0},{0}_p5,{0}_p95", name);
    csv += ",payback_month_p50,payback_share";
    if (win_back) csv += ",win_back_confirmed,win_back_confirmed_p5,win_back_confirmed_p95";
    csv += "\n";
    for (std::size_t i = 0; i < rows.size(); ++i) {
        csv += fmt::format("{}", i + 1);
        for (double v : table.values[i]) csv += fmt::format(",{}", v);
        const SweepPointFigures& f = rows[i];
        for (const sim::Band* b : {&f.npv_delta, &f.margin_delta, &f.churn, &f.churn_delta, &f.npv})
            csv += fmt::format(",{},{},{}", b->mean, b->p5, b->p95);
        csv += fmt::format(",{},{}", f.payback_median, f.payback_share);
        if (f.win_back) csv += fmt::format(",{},{},{}", f.win_back->mean, f.win_back->p5, f.win_back->p95);
        csv += "\n";
    }
    return csv;
}

std::string sweep_markdown(const SweepTable& table, const ReportContext& context) {
    const Language language = context.language;
    const ReportText& t = report_text(language);
    const std::vector<SweepPointFigures> rows = all_figures(table);
    const bool win_back = !rows.empty() && rows.front().win_back;
    std::string md = fmt::format("# {}\n\n*{}*\n\n{}\n\n## {}\n\n", title_of(table, language),
                                 t.sweep.report_kind, intro_of(table, language), t.sweep.table_heading);
    const std::vector<std::string> headings = shown_headings(table, win_back, language);
    for (const auto& h : headings) md += "| " + h + " ";
    md += "|\n";
    for (std::size_t i = 0; i < headings.size(); ++i) md += "|---";
    md += "|\n";
    for (std::size_t i = 0; i < rows.size(); ++i) {
        md += fmt::format("| {} ", i + 1);
        for (double v : table.values[i]) md += "| " + value_text(v) + " ";
        for (const auto& cell : shown_cells(rows[i], table.runs.base.horizon_months, language))
            md += "| " + cell + " ";
        md += "|\n";
    }
    md += fmt::format("\n{}\n", t.sweep.footer);
    return md;
}

std::string sweep_html(const SweepTable& table, const ReportContext& context) {
    const Language language = context.language;
    const ReportText& t = report_text(language);
    const SweepText& st = t.sweep;
    const std::vector<SweepPointFigures> rows = all_figures(table);
    const bool win_back = !rows.empty() && rows.front().win_back;
    std::string page;
    page.reserve(std::size_t{2} << 20);  // the embedded ECharts alone is about 1.1 MB
    const Out out(page);
    const std::string title = title_of(table, language);
    html::write_head(out, t.html_lang, context.offersim_version, title, html::base_css());
    fmt::format_to(out, "<body>\n<div class=\"page\">\n");
    html::write_header(out, language, st.report_kind, title, st.label_scenario, table.runs.base,
                       context.generated_at);
    fmt::format_to(out, "<main>\n<p>{}</p>\n", escape(intro_of(table, language)));

    const bool heat = table.parameters.size() >= 2;
    const ChartText& chart = heat ? st.chart_heatmap : st.chart_line;
    const std::string chart_title =
        heat ? fmt::format(fmt::runtime(chart.title), fmt::arg("x", table.parameters[0]),
                           fmt::arg("y", table.parameters[1]))
             : fmt::format(fmt::runtime(chart.title), fmt::arg("parameter", table.parameters[0]));
    fmt::format_to(out,
                   "<figure class=\"chart-card\">\n<h3>{0}</h3>\n"
                   "<div class=\"chart\" id=\"chart-sweep\" role=\"img\" aria-label=\"{0}\"></div>\n"
                   "<figcaption>{1}</figcaption>\n</figure>\n",
                   escape(chart_title), escape(chart.caption));

    fmt::format_to(out, "<h2>{}</h2>\n<div class=\"table-wrap\"><table>\n<thead><tr>",
                   escape(st.table_heading));
    for (const auto& h : shown_headings(table, win_back, language))
        fmt::format_to(out, "<th>{}</th>", escape(h));
    fmt::format_to(out, "</tr></thead>\n<tbody>\n");
    for (std::size_t i = 0; i < rows.size(); ++i) {
        fmt::format_to(out, "<tr><td>{}</td>", i + 1);
        for (double v : table.values[i])
            fmt::format_to(out, "<td class=\"num\">{}</td>", escape(value_text(v)));
        for (const auto& cell : shown_cells(rows[i], table.runs.base.horizon_months, language))
            fmt::format_to(out, "<td class=\"num\">{}</td>", escape(cell));
        fmt::format_to(out, "</tr>\n");
    }
    fmt::format_to(out, "</tbody>\n</table></div>\n");
    html::write_scenario_yaml(out, t.comparison.baseline_yaml_heading, context.resolved_scenario_yaml);
    fmt::format_to(out, "</main>\n");
    html::write_footer(out, st.footer, context.offersim_version);
    fmt::format_to(out, "</div>\n");
    const Json data{
        {"numbers", html::number_conventions_json(t.numbers)},
        {"text",
         {{"monthAxis", t.month_axis}, {"bandLabel", t.band_label}, {"rangeSeparator", t.range_separator}}},
        {"months", Json::array()},
        {"charts", {{"sweep", chart_of(table, rows, t)}}},
    };
    html::write_scripts(out, data, assets::sweep_js());
    fmt::format_to(out, "</body>\n</html>\n");
    return page;
}

}  // namespace offersim::reports
