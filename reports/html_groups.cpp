#include "reports/html_groups.hpp"

#include "reports/customer_views_section.hpp"
#include "reports/group_section.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace offersim::reports::html {

namespace {

void write_chart_card(Out out, std::string_view id, const ChartText& text) {
    fmt::format_to(out,
                   "<figure class=\"chart-card\">\n<h3>{0}</h3>\n"
                   "<div class=\"chart\" id=\"chart-{1}\" role=\"img\" aria-label=\"{0}\"></div>\n"
                   "<figcaption>{2}</figcaption>\n</figure>\n",
                   escape(text.title), id, escape(text.caption));
}

void write_table(Out out, std::string_view css_class, std::string_view heading, const TextTable& table,
                 std::string_view note) {
    fmt::format_to(out, "<h3>{}</h3>\n<table class=\"{}\">\n<thead><tr>", escape(heading), css_class);
    for (const auto& h : table.headings) fmt::format_to(out, "<th>{}</th>", escape(h));
    fmt::format_to(out, "</tr></thead>\n<tbody>\n");
    for (const auto& row : table.rows) {
        fmt::format_to(out, "<tr>");
        for (const auto& cell : row) fmt::format_to(out, "<td>{}</td>", escape(cell));
        fmt::format_to(out, "</tr>\n");
    }
    fmt::format_to(out, "</tbody>\n</table>\n");
    if (!note.empty()) fmt::format_to(out, "<p class=\"table-note\">{}</p>\n", escape(note));
}

std::vector<double> means(const std::vector<sim::GroupMonth>& months,
                          const sim::Band sim::GroupMonth::*line) {
    std::vector<double> values;
    for (const auto& m : months) values.push_back((m.*line).mean);
    return values;
}

}  // namespace

void write_group_section(Out out, const sim::GroupResults& groups, const ReportText& text,
                         Language language) {
    const GroupText& t = text.groups;
    const GroupSection s = group_section(groups, text, language);
    fmt::format_to(out, "<section id=\"groups\" class=\"page-break\">\n<h2>{}</h2>\n<p>{}</p>\n",
                   escape(t.heading), escape(t.note));
    if (!s.warning.empty())
        fmt::format_to(out, "<div class=\"warnings\" role=\"alert\">\n<ul>\n<li>{}</li>\n</ul>\n</div>\n",
                       escape(s.warning));
    fmt::format_to(out, "<div class=\"chart-grid\">\n");
    write_chart_card(out, "group-purity", t.chart_purity);
    write_chart_card(out, "group-tiers", t.chart_tiers);
    fmt::format_to(out, "</div>\n");
    write_table(out, "headlines", t.kpi_heading, s.kpis, s.kpi_note);
    write_table(out, "segments", t.class_heading, s.classes, "");
    write_table(out, "segments", t.tier_heading, s.tiers, t.tier_note);
    fmt::format_to(out, "</section>\n");
}

void write_customer_view_section(Out out, const sim::RunResults& results, const ReportText& text,
                                 Language language) {
    const std::vector<CustomerViewTable> tables = customer_view_tables(results, text, language);
    if (tables.empty()) return;
    const CustomerViewText& t = text.customer_views;
    fmt::format_to(out, "<section id=\"customer-views\">\n<h2>{}</h2>\n<p>{}</p>\n", escape(t.heading),
                   escape(t.note));
    if (results.customer_views) {
        fmt::format_to(out, "<div class=\"chart-grid\">\n");
        write_chart_card(out, "views-vip-revenue", t.chart_vip_revenue);
        write_chart_card(out, "views-band-revenue", t.chart_band_revenue);
        fmt::format_to(out, "</div>\n");
    }
    for (const auto& v : tables) write_table(out, "segments", v.heading, v.table, v.note);
    fmt::format_to(out, "</section>\n");
}

void add_group_charts(Json& charts, const sim::GroupResults& groups, const ReportText& text) {
    const GroupText& t = text.groups;
    Json purity = Json::array();
    for (std::size_t c = 0; c < groups.classes.size(); ++c) {
        std::vector<double> values;
        for (const auto& m : groups.monthly) values.push_back(m.purity_by_class[c].mean);
        const auto& cls = groups.classes[c];
        purity.push_back({{"name", cls.name.empty() ? cls.id : cls.name}, {"values", values}});
    }
    purity.push_back({{"name", t.series_purity_all},
                      {"values", means(groups.monthly, &sim::GroupMonth::purity)},
                      {"total", true}});
    purity.push_back({{"name", t.series_retention},
                      {"values", means(groups.monthly, &sim::GroupMonth::target_market_retention)}});
    charts["group-purity"] = Json{{"kind", "lines"}, {"unit", "percent"}, {"series", purity}};

    Json tiers = Json::array();
    for (std::size_t tier = 0; tier < groups.tier_ids.size(); ++tier) {
        std::vector<double> values;
        for (const auto& m : groups.monthly) values.push_back(m.groups_by_tier[tier].mean);
        tiers.push_back(
            {{"name", groups.tier_names[tier].empty() ? groups.tier_ids[tier] : groups.tier_names[tier]},
             {"values", values}});
    }
    charts["group-tiers"] = Json{{"kind", "stack"}, {"type", "area"}, {"unit", "count"}, {"series", tiers}};
}

namespace {

// One series per row (a level or a band) with any revenue: its monthly means.
Json revenue_series(const std::vector<sim::CustomerViewRow>& rows, bool is_band, const ReportText& text) {
    Json series = Json::array();
    for (const auto& row : rows) {
        if (row.revenue_total_cny.mean == 0.0) continue;
        std::vector<double> values;
        for (const auto& b : row.revenue_cny) values.push_back(b.mean);
        series.push_back({{"name", view_row_label(row, is_band, text)}, {"values", values}});
    }
    return series;
}

}  // namespace

void add_customer_view_charts(Json& charts, const sim::CustomerViewResults& views, const ReportText& text) {
    charts["views-vip-revenue"] = Json{{"kind", "stack"},
                                       {"type", "bar"},
                                       {"unit", "cny"},
                                       {"series", revenue_series(views.vip_levels, false, text)}};
    charts["views-band-revenue"] = Json{{"kind", "stack"},
                                        {"type", "bar"},
                                        {"unit", "cny"},
                                        {"series", revenue_series(views.arpu_bands, true, text)}};
}

}  // namespace offersim::reports::html
