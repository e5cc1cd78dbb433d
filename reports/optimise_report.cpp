#include "reports/optimise_report.hpp"

#include "reports/band_json.hpp"
#include "reports/csv_cell.hpp"
#include "reports/figure_format.hpp"
#include "reports/html_page.hpp"
#include "reports/number_format.hpp"
#include "reports/solve_report.hpp"
#include "reports/text_table.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <utility>
#include <vector>

namespace offersim::reports {

namespace {

using html::escape;
using html::Out;
using Rows = std::vector<std::vector<std::string>>;

std::string_view sense_text(sim::ConstraintSense s) {
    return s == sim::ConstraintSense::at_most ? "<=" : ">=";
}

std::string_view algorithm_name(sim::OptimiseAlgorithm a) {
    return a == sim::OptimiseAlgorithm::auglag ? "AUGLAG" : "COBYLA";
}

const sim::OptimisePoint& optimum(const OptimiseReport& r) {
    return r.result.evaluations[r.result.optimum];
}

std::string title_of(const OptimiseReport& r, Language language) {
    const OptimiseText& t = report_text(language).optimise;
    return fmt::format(fmt::runtime(r.spec.maximise ? t.title_max : t.title_min),
                       fmt::arg("objective", r.spec.objective));
}

std::string intro_of(const OptimiseReport& r, Language language) {
    std::string parameters;
    for (std::size_t k = 0; k < r.spec.parameters.size(); ++k)
        parameters += fmt::format("{}{}", k ? ", " : "", r.spec.parameters[k].path);
    return fmt::format(fmt::runtime(report_text(language).optimise.intro), fmt::arg("parameters", parameters),
                       fmt::arg("replications", r.replications),
                       fmt::arg("algorithm", algorithm_name(r.spec.algorithm)),
                       fmt::arg("runs", r.result.runs));
}

std::string stopped_text(const OptimiseReport& r, Language language) {
    const OptimiseText& t = report_text(language).optimise;
    const std::string& why = r.result.stopped_by;
    if (why == "xtol_reached") return std::string(t.stopped_xtol);
    if (why == "ftol_reached") return std::string(t.stopped_ftol);
    if (why == "max_runs_reached")
        return fmt::format(fmt::runtime(t.stopped_max_runs), fmt::arg("runs", r.spec.max_runs));
    return fmt::format(fmt::runtime(t.stopped_other), fmt::arg("reason", why));
}

TextTable parameter_table(const OptimiseReport& r, Language language) {
    const OptimiseText& t = report_text(language).optimise;
    TextTable table{{std::string(t.column_parameter), std::string(t.column_value),
                     std::string(t.column_bounds), std::string(t.column_tolerance)},
                    {}};
    for (std::size_t k = 0; k < r.spec.parameters.size(); ++k) {
        const sim::OptimiseBound& b = r.spec.parameters[k];
        table.rows.push_back(
            {b.path, value_to_tolerance(optimum(r).values[k], b.tolerance),
             fmt::format("{}{}{}", value_text(b.lo), report_text(language).range_separator, value_text(b.hi)),
             value_text(b.tolerance)});
    }
    return table;
}

TextTable objective_table(const OptimiseReport& r, Language language) {
    const OptimiseText& t = report_text(language).optimise;
    const auto shown = [&](double v) { return metric_value_text(v, r.spec.objective, language); };
    const auto row = [&](std::string_view label, const sim::Band& b) {
        return std::vector<std::string>{
            fmt::format(fmt::runtime(label), fmt::arg("replications", r.replications)), shown(b.mean),
            fmt::format("{}{}{}", shown(b.p5), report_text(language).range_separator, shown(b.p95)),
            shown(b.std_error)};
    };
    return {{std::string(t.column_where), std::string(t.column_mean), std::string(t.column_band),
             std::string(t.column_std_error)},
            {row(t.in_search, optimum(r).objective), row(t.on_fresh, r.result.check.objective)}};
}

TextTable constraint_table(const OptimiseReport& r, Language language) {
    const OptimiseText& t = report_text(language).optimise;
    TextTable table{
        {std::string(t.column_constraint), std::string(t.column_mean), std::string(t.column_margin),
         std::string(t.column_fresh_value), std::string(t.column_fresh_margin), std::string(t.column_holds)},
        {}};
    for (std::size_t k = 0; k < r.spec.constraints.size(); ++k) {
        const sim::OptimiseConstraint& c = r.spec.constraints[k];
        const auto shown = [&](double v) { return metric_value_text(v, c.metric, language); };
        const double mean = optimum(r).constraints[k].mean, fresh = r.result.check.constraints[k].mean;
        table.rows.push_back({fmt::format("{} {} {}", c.metric, sense_text(c.sense), value_text(c.bound)),
                              shown(mean), shown(constraint_margin(c, mean)), shown(fresh),
                              shown(constraint_margin(c, fresh)),
                              std::string(constraint_margin(c, fresh) >= 0.0 ? t.yes : t.no)});
    }
    return table;
}

TextTable points_table(const OptimiseReport& r, Language language) {
    const OptimiseText& t = report_text(language).optimise;
    TextTable table{{std::string(t.column_point)}, {}};
    for (const auto& b : r.spec.parameters) table.headings.push_back(b.path);
    table.headings.emplace_back(t.column_objective);
    for (const auto& c : r.spec.constraints) table.headings.push_back(c.metric);
    table.headings.emplace_back(t.column_feasible);
    for (std::size_t i = 0; i < r.result.evaluations.size(); ++i) {
        const sim::OptimisePoint& p = r.result.evaluations[i];
        std::vector<std::string> row{fmt::format("{}{}", i + 1, i == r.result.optimum ? " *" : "")};
        for (double v : p.values) row.push_back(value_text(v));
        row.push_back(metric_value_text(p.objective.mean, r.spec.objective, language));
        for (std::size_t k = 0; k < p.constraints.size(); ++k)
            row.push_back(metric_value_text(p.constraints[k].mean, r.spec.constraints[k].metric, language));
        row.emplace_back(p.feasible ? t.yes : t.no);
        table.rows.push_back(std::move(row));
    }
    return table;
}

std::vector<std::string> relaxed_notes(const OptimiseReport& r, Language language) {
    std::vector<std::string> notes;
    for (const auto& c : r.spec.constraints)
        if (!c.relaxed_from.empty())
            notes.push_back(fmt::format(fmt::runtime(report_text(language).optimise.relaxed_note),
                                        fmt::arg("written", c.relaxed_from), fmt::arg("metric", c.metric)));
    return notes;
}

nlohmann::ordered_json point_json(const OptimiseReport& r, const sim::OptimisePoint& p) {
    nlohmann::ordered_json values = nlohmann::ordered_json::object();
    for (std::size_t k = 0; k < p.values.size(); ++k) values[r.spec.parameters[k].path] = p.values[k];
    nlohmann::ordered_json constraints = nlohmann::ordered_json::array();
    for (std::size_t k = 0; k < p.constraints.size(); ++k)
        constraints.push_back({{"metric", r.spec.constraints[k].metric},
                               {"band", band_json(p.constraints[k])},
                               {"margin", constraint_margin(r.spec.constraints[k], p.constraints[k].mean)}});
    return {{"values", values},
            {"objective", band_json(p.objective)},
            {"constraints", constraints},
            {"feasible", p.feasible}};
}

}  // namespace

double constraint_margin(const sim::OptimiseConstraint& c, double mean) {
    return c.sense == sim::ConstraintSense::at_most ? c.bound - mean : mean - c.bound;
}

std::string optimise_json(const OptimiseReport& r, const std::string& offersim_version) {
    nlohmann::ordered_json parameters = nlohmann::ordered_json::array();
    for (std::size_t k = 0; k < r.spec.parameters.size(); ++k) {
        const sim::OptimiseBound& b = r.spec.parameters[k];
        parameters.push_back({{"path", b.path},
                              {"lo", b.lo},
                              {"hi", b.hi},
                              {"tolerance", b.tolerance},
                              {"optimum", optimum(r).values[k]}});
    }
    nlohmann::ordered_json constraints = nlohmann::ordered_json::array();
    for (std::size_t k = 0; k < r.spec.constraints.size(); ++k) {
        const sim::OptimiseConstraint& c = r.spec.constraints[k];
        const sim::Band& in_search = optimum(r).constraints[k];
        const sim::Band& fresh = r.result.check.constraints[k];
        nlohmann::ordered_json j{
            {"written", c.written},
            {"metric", c.metric},
            {"sense", sense_text(c.sense)},
            {"bound", c.bound},
            {"relaxed_from", c.relaxed_from.empty() ? nlohmann::ordered_json(nullptr)
                                                    : nlohmann::ordered_json(c.relaxed_from)},
            {"search", band_json(in_search)},
            {"margin", constraint_margin(c, in_search.mean)},
            {"fresh", band_json(fresh)},
            {"fresh_margin", constraint_margin(c, fresh.mean)},
            {"holds_on_fresh", constraint_margin(c, fresh.mean) >= 0.0}};
        constraints.push_back(std::move(j));
    }
    nlohmann::ordered_json evaluations = nlohmann::ordered_json::array();
    for (const auto& p : r.result.evaluations) evaluations.push_back(point_json(r, p));
    const nlohmann::ordered_json j{
        {"offersim", offersim_version},
        {"scenario", r.scenario},
        {"baseline", r.baseline},
        {"seed", r.seed},
        {"replications", r.replications},
        {"algorithm", algorithm_name(r.spec.algorithm)},
        {"objective", {{"metric", r.spec.objective}, {"sense", r.spec.maximise ? "maximise" : "minimise"}}},
        {"parameters", parameters},
        {"optimum",
         {{"point", r.result.optimum + 1},
          {"search", band_json(optimum(r).objective)},
          {"fresh_replications", {r.replications, 2 * r.replications - 1}},
          {"fresh", band_json(r.result.check.objective)}}},
        {"constraints", constraints},
        {"stopped_by", r.result.stopped_by},
        {"max_runs", r.spec.max_runs},
        {"runs", r.result.runs},
        {"evaluations", evaluations},
    };
    return j.dump(2) + "\n";
}

std::string optimise_csv(const OptimiseReport& r) {
    std::string csv = "point,replications";
    for (const auto& b : r.spec.parameters) csv += fmt::format(",{}", csv_text(b.path));
    csv += ",objective,objective_std_error,objective_p5,objective_p95";
    for (const auto& c : r.spec.constraints) csv += fmt::format(",{0},{0}_margin", csv_text(c.metric));
    csv += ",feasible,optimum\n";
    const auto row = [&](std::size_t index, std::string_view replications, const sim::OptimisePoint& p) {
        csv += fmt::format("{},{}", index + 1, replications);
        for (double v : p.values) csv += fmt::format(",{}", v);
        csv += fmt::format(",{},{},{},{}", p.objective.mean, p.objective.std_error, p.objective.p5,
                           p.objective.p95);
        for (std::size_t k = 0; k < p.constraints.size(); ++k)
            csv += fmt::format(",{},{}", p.constraints[k].mean,
                               constraint_margin(r.spec.constraints[k], p.constraints[k].mean));
        csv += fmt::format(",{},{}\n", p.feasible ? 1 : 0, index == r.result.optimum ? 1 : 0);
    };
    for (std::size_t i = 0; i < r.result.evaluations.size(); ++i) row(i, "search", r.result.evaluations[i]);
    row(r.result.optimum, "fresh", r.result.check);
    return csv;
}

std::string optimise_markdown(const OptimiseReport& r, const ReportContext& context) {
    const Language language = context.language;
    const OptimiseText& t = report_text(language).optimise;
    std::string md = fmt::format("# {}\n\n*{}* · {}: {}\n\n{}\n\n{}\n\n## {}\n\n", title_of(r, language),
                                 t.report_kind, t.label_scenario, r.scenario_title, intro_of(r, language),
                                 t.piecewise_note, t.optimum_heading);
    append_markdown(md, parameter_table(r, language));
    md += fmt::format("## {}\n\n", t.objective_heading);
    append_markdown(md, objective_table(r, language));
    md += fmt::format("## {}\n\n", t.constraints_heading);
    if (r.spec.constraints.empty())
        md += fmt::format("{}\n\n", t.no_constraints);
    else
        append_markdown(md, constraint_table(r, language));
    for (const auto& note : relaxed_notes(r, language)) md += fmt::format("> {}\n\n", note);
    md += fmt::format("## {}\n\n{}\n\n## {}\n\n", t.stopped_heading, stopped_text(r, language),
                      t.points_heading);
    append_markdown(md, points_table(r, language));
    md += fmt::format("---\n\n{} *{}*\n", t.footer, context.offersim_version);
    return md;
}

std::string optimise_html(const OptimiseReport& r, const ReportContext& context) {
    const Language language = context.language;
    const ReportText& text = report_text(language);
    const OptimiseText& t = text.optimise;
    std::string page;
    const Out out(page);
    const std::string title = title_of(r, language);
    html::write_head(out, text.html_lang, context.offersim_version, title, html::base_css());
    fmt::format_to(
        out,
        "<body>\n<div class=\"page\">\n<header class=\"report-header\">\n<p class=\"kicker\">{}</p>\n"
        "<h1>{}</h1>\n<p class=\"meta\">{}: {} · {}: {}</p>\n</header>\n<main>\n<p>{}</p>\n"
        "<p class=\"table-note\">{}</p>\n",
        escape(t.report_kind), escape(title), escape(t.label_scenario), escape(r.scenario_title),
        escape(text.label_generated_at), escape(format_beijing_time(context.generated_at, language)),
        escape(intro_of(r, language)), escape(t.piecewise_note));
    fmt::format_to(out, "<h2>{}</h2>\n", escape(t.optimum_heading));
    append_html(page, parameter_table(r, language), "optimum");
    fmt::format_to(out, "<h2>{}</h2>\n", escape(t.objective_heading));
    append_html(page, objective_table(r, language), "objective");
    fmt::format_to(out, "<h2>{}</h2>\n", escape(t.constraints_heading));
    if (r.spec.constraints.empty())
        fmt::format_to(out, "<p>{}</p>\n", escape(t.no_constraints));
    else
        append_html(page, constraint_table(r, language), "constraints");
    for (const auto& note : relaxed_notes(r, language))
        fmt::format_to(out, "<p class=\"table-note relaxed\">{}</p>\n", escape(note));
    fmt::format_to(out, "<h2>{}</h2>\n<p>{}</p>\n<h2>{}</h2>\n", escape(t.stopped_heading),
                   escape(stopped_text(r, language)), escape(t.points_heading));
    append_html(page, points_table(r, language), "points");
    html::write_scenario_yaml(out, text.comparison.baseline_yaml_heading, context.resolved_scenario_yaml);
    fmt::format_to(out, "</main>\n");
    html::write_footer(out, t.footer, context.offersim_version);
    fmt::format_to(out, "</div>\n</body>\n</html>\n");
    return page;
}

}  // namespace offersim::reports
