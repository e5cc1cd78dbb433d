#include "reports/solve_report.hpp"

#include "reports/figure_format.hpp"
#include "reports/html_page.hpp"
#include "reports/number_format.hpp"

#include <fmt/format.h>

#include <utility>
#include <vector>

namespace offersim::reports {

namespace {

using html::escape;
using html::Out;

std::string title_of(const SolveReport& r, Language language) {
    return fmt::format(fmt::runtime(report_text(language).solve.title), fmt::arg("parameter", r.parameter),
                       fmt::arg("metric", r.spec.metric), fmt::arg("target", r.spec.target));
}

std::string intro_of(const SolveReport& r, Language language) {
    return fmt::format(fmt::runtime(report_text(language).solve.intro), fmt::arg("parameter", r.parameter),
                       fmt::arg("metric", r.spec.metric), fmt::arg("target", r.spec.target),
                       fmt::arg("replications", r.replications), fmt::arg("baseline", r.baseline));
}

// The answer's terms and values, in the order shown.
std::vector<std::pair<std::string, std::string>> answer_items(const SolveReport& r, Language language) {
    const SolveText& t = report_text(language).solve;
    const std::string_view dash = report_text(language).range_separator;
    const sim::SolveResult& s = r.result;
    // What the search found, to its tolerance; what the planner gave, as given.
    const auto found = [&](double v) { return value_to_tolerance(v, r.spec.tolerance); };
    std::vector<std::pair<std::string, std::string>> items{
        {std::string(t.label_answer), fmt::format("{} = {}", r.parameter, found(s.root))},
        {std::string(t.label_band), fmt::format("{}{}{}", found(s.band.p5), dash, found(s.band.p95))},
        {std::string(t.label_std_error), found(s.band.std_error)},
        {std::string(t.label_bracket), fmt::format("{}{}{}", found(s.bracket_lo), dash, found(s.bracket_hi))},
        {std::string(t.label_searched),
         fmt::format("{}{}{}", value_text(r.spec.lo), dash, value_text(r.spec.hi))},
        {std::string(t.label_tolerance), value_text(r.spec.tolerance)},
        {std::string(t.label_runs), fmt::format("{}", s.runs)},
        {std::string(t.label_outside), fmt::format("{} / {}", s.resamples_outside, sim::kBootstrapResamples)},
    };
    return items;
}

std::vector<std::string> value_headings(Language language) {
    const SolveText& t = report_text(language).solve;
    return {std::string(t.column_order),     std::string(t.column_value), std::string(t.column_mean),
            std::string(t.column_std_error), std::string(t.column_p5),    std::string(t.column_p95)};
}

std::vector<std::string> value_cells(const SolveReport& r, std::size_t i, Language language) {
    const sim::SolveEvaluation& e = r.result.evaluations[i];
    const auto shown = [&](double v) { return metric_value_text(v, r.spec.metric, language); };
    return {fmt::format("{}", i + 1),  value_text(e.value), shown(e.figure.mean),
            shown(e.figure.std_error), shown(e.figure.p5),  shown(e.figure.p95)};
}

std::string outside_warning(const SolveReport& r, Language language) {
    if (r.result.resamples_outside == 0) return {};
    return fmt::format(fmt::runtime(report_text(language).solve.outside_warning),
                       fmt::arg("outside", r.result.resamples_outside),
                       fmt::arg("resamples", sim::kBootstrapResamples));
}

}  // namespace

std::string metric_value_text(double value, std::string_view metric, Language language) {
    if (names_an_amount(metric)) return format_cny(value, language);
    if (metric.find("rate") != std::string_view::npos) return format_percent(value, 2);
    return format_grouped(value, 2, language);
}

std::string solve_markdown(const SolveReport& r, const ReportContext& context) {
    const Language language = context.language;
    const SolveText& t = report_text(language).solve;
    std::string md =
        fmt::format("# {}\n\n*{}* · {}: {}\n\n{}\n\n## {}\n\n", title_of(r, language), t.report_kind,
                    t.label_scenario, r.scenario_title, intro_of(r, language), t.answer_heading);
    for (const auto& [term, value] : answer_items(r, language))
        md += fmt::format("- **{}**: {}\n", term, value);
    if (const std::string w = outside_warning(r, language); !w.empty()) md += fmt::format("\n> {}\n", w);
    md += fmt::format("\n## {}\n\n", t.values_heading);
    const std::vector<std::string> headings = value_headings(language);
    for (const auto& h : headings) md += "| " + h + " ";
    md += "|\n";
    for (std::size_t i = 0; i < headings.size(); ++i) md += i == 0 ? "|---" : "|---:";
    md += "|\n";
    for (std::size_t i = 0; i < r.result.evaluations.size(); ++i) {
        for (const auto& cell : value_cells(r, i, language)) md += "| " + cell + " ";
        md += "|\n";
    }
    md += fmt::format("\n---\n\n{} *{}*\n", t.footer, context.offersim_version);
    return md;
}

std::string solve_html(const SolveReport& r, const ReportContext& context) {
    const Language language = context.language;
    const ReportText& text = report_text(language);
    const SolveText& t = text.solve;
    std::string page;
    const Out out(page);
    const std::string title = title_of(r, language);
    html::write_head(out, text.html_lang, context.offersim_version, title, html::base_css());
    fmt::format_to(
        out,
        "<body>\n<div class=\"page\">\n<header class=\"report-header\">\n<p class=\"kicker\">{}</p>\n"
        "<h1>{}</h1>\n<p class=\"meta\">{}: {} · {}: {}</p>\n</header>\n<main>\n<p>{}</p>\n",
        escape(t.report_kind), escape(title), escape(t.label_scenario), escape(r.scenario_title),
        escape(text.label_generated_at), escape(format_beijing_time(context.generated_at, language)),
        escape(intro_of(r, language)));
    fmt::format_to(out, "<h2>{}</h2>\n<dl class=\"solve-answer\">\n", escape(t.answer_heading));
    for (const auto& [term, value] : answer_items(r, language)) html::write_definition(out, term, value);
    fmt::format_to(out, "</dl>\n");
    if (const std::string w = outside_warning(r, language); !w.empty())
        fmt::format_to(out, "<div class=\"warnings\" role=\"alert\"><p>{}</p></div>\n", escape(w));
    fmt::format_to(out, "<h2>{}</h2>\n<div class=\"table-wrap\"><table class=\"solve-values\">\n<thead><tr>",
                   escape(t.values_heading));
    for (const auto& h : value_headings(language)) fmt::format_to(out, "<th>{}</th>", escape(h));
    fmt::format_to(out, "</tr></thead>\n<tbody>\n");
    for (std::size_t i = 0; i < r.result.evaluations.size(); ++i) {
        fmt::format_to(out, "<tr>");
        for (const auto& cell : value_cells(r, i, language))
            fmt::format_to(out, "<td class=\"num\">{}</td>", escape(cell));
        fmt::format_to(out, "</tr>\n");
    }
    fmt::format_to(out, "</tbody>\n</table></div>\n");
    html::write_scenario_yaml(out, text.comparison.baseline_yaml_heading, context.resolved_scenario_yaml);
    fmt::format_to(out, "</main>\n");
    html::write_footer(out, t.footer, context.offersim_version);
    fmt::format_to(out, "</div>\n</body>\n</html>\n");
    return page;
}

}  // namespace offersim::reports
