#include "reports/behaviour_section.hpp"

#include "reports/figure_format.hpp"
#include "reports/markdown_report.hpp"
#include "reports/number_format.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace offersim::reports {

namespace {

using html::escape;

// The monthly lines the chart draws, whole base.
constexpr std::string_view kChartLines[] = {"plan_changes", "bill_shocks", "vip_upgrades", "vip_downgrades",
                                            "retention_accepts"};

FigureKind total_kind(std::string_view key) {
    return key.ends_with("_cny") ? FigureKind::cny : FigureKind::count;
}

std::string total_value(const sim::Headline& total, Language language) {
    return format_figure(total.band.mean, total_kind(total.key), language);
}

// A tier's display name from its id, as the tier-mix chart names it.
std::string_view tier_name(const sim::RunResults& r, const std::string& id) {
    for (std::size_t t = 0; t < r.tier_ids.size(); ++t)
        if (r.tier_ids[t] == id && t < r.tier_names.size() && !r.tier_names[t].empty())
            return r.tier_names[t];
    return id;
}

}  // namespace

void write_behaviour_html(html::Out out, const sim::RunResults& r, const ReportText& text,
                          Language language) {
    if (!r.behaviour) return;
    const BehaviourText& t = text.behaviour;
    const sim::BehaviourSummary& b = *r.behaviour;
    fmt::format_to(out,
                   "<section id=\"behaviour\" class=\"page-break\">\n<h2>{}</h2>\n<p>{}</p>\n"
                   "<table class=\"behaviour\">\n<thead><tr><th>{}</th><th>{}</th><th>{}</th></tr></thead>\n"
                   "<tbody>\n",
                   escape(t.heading), escape(t.intro), escape(text.column_figure), escape(t.column_total),
                   escape(text.band_label));
    for (const auto& total : b.totals)
        fmt::format_to(out, "<tr data-figure=\"{}\"><td>{}</td><td>{}</td><td>{}</td></tr>\n",
                       escape(total.key), escape(monthly_line_label(total.key, text)),
                       escape(total_value(total, language)),
                       escape(format_band_range(total.band, total_kind(total.key), language)));
    fmt::format_to(out, "</tbody>\n</table>\n<p class=\"table-note\">{}</p>\n", escape(t.totals_note));
    fmt::format_to(out,
                   "<figure class=\"chart-card\">\n<h3>{0}</h3>\n"
                   "<div class=\"chart\" id=\"chart-{1}\" role=\"img\" aria-label=\"{0}\"></div>\n"
                   "<figcaption>{2}</figcaption>\n</figure>\n",
                   escape(t.chart.title), kBehaviourChartId, escape(t.chart.caption));
    fmt::format_to(out, "<h3>{}</h3>\n", escape(t.migrations_heading));
    if (b.migrations.empty()) {
        fmt::format_to(out, "<p>{}</p>\n</section>\n", escape(t.no_migrations));
        return;
    }
    fmt::format_to(
        out,
        "<table class=\"migrations\">\n<thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>"
        "</thead>\n<tbody>\n",
        escape(t.column_from), escape(t.column_to), escape(t.column_customers), escape(text.band_label));
    for (const auto& flow : b.migrations)
        fmt::format_to(out, "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
                       escape(tier_name(r, flow.from_tier)), escape(tier_name(r, flow.to_tier)),
                       escape(format_count(flow.customers.mean, language)),
                       escape(format_band_range(flow.customers, FigureKind::count, language)));
    fmt::format_to(out, "</tbody>\n</table>\n<p class=\"table-note\">{}</p>\n</section>\n",
                   escape(t.migrations_note));
}

html::Json behaviour_chart(const sim::RunResults& r, const ReportText& text) {
    html::Json series = html::Json::array();
    const int all = static_cast<int>(r.segment_ids.size()) - 1;
    for (std::string_view metric : kChartLines) {
        std::vector<double> values;
        for (int month = 1; month <= r.horizon_months; ++month)
            values.push_back(r.line(month, all, metric).mean);
        series.push_back({{"name", monthly_line_label(metric, text)}, {"values", values}});
    }
    return html::Json{{"kind", "lines"}, {"unit", "count"}, {"series", series}};
}

std::string behaviour_markdown(const sim::RunResults& r, const ReportText& text, Language language) {
    if (!r.behaviour) return "";
    const BehaviourText& t = text.behaviour;
    const sim::BehaviourSummary& b = *r.behaviour;
    std::string md = fmt::format("## {}\n\n{}\n\n| {} | {} | {} |\n|---|---:|---:|\n", t.heading, t.intro,
                                 text.column_figure, t.column_total, text.band_label);
    for (const auto& total : b.totals)
        md += fmt::format("| {} | {} | {} |\n", monthly_line_label(total.key, text),
                          total_value(total, language),
                          format_band_range(total.band, total_kind(total.key), language));
    md += fmt::format("\n{}\n\n### {}\n\n", t.totals_note, t.migrations_heading);
    if (b.migrations.empty()) return md + fmt::format("{}\n\n", t.no_migrations);
    md += fmt::format("| {} | {} | {} | {} |\n|---|---|---:|---:|\n", t.column_from, t.column_to,
                      t.column_customers, text.band_label);
    for (const auto& flow : b.migrations)
        md += fmt::format("| {} | {} | {} | {} |\n", markdown_escape(tier_name(r, flow.from_tier)),
                          markdown_escape(tier_name(r, flow.to_tier)),
                          format_count(flow.customers.mean, language),
                          format_band_range(flow.customers, FigureKind::count, language));
    return md + fmt::format("\n{}\n\n", t.migrations_note);
}

}  // namespace offersim::reports
