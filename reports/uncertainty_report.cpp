#include "reports/uncertainty_report.hpp"

#include "reports/figure_format.hpp"
#include "reports/number_format.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <cmath>

namespace offersim::reports {

namespace {

constexpr std::size_t kTopInputs = 3;

std::string short_value_text(double v) {
    return fmt::format("{:g}", v);
}

}  // namespace

std::string top_inputs(const sim::UncertaintySummary& u, Language language) {
    std::vector<std::string> paths;
    for (std::size_t i = 0; i < u.tornado.size() && i < kTopInputs; ++i) paths.push_back(u.tornado[i].path);
    return listed(paths, language);
}

std::string band_parts_note(const sim::UncertaintySummary& u, std::string_view key, const ReportText& text,
                            Language language) {
    const UncertaintyText& t = text.uncertainty;
    const sim::BandSplit* split = u.split(key);
    if (!u.any() || split == nullptr) return std::string(t.noise_only);
    const models::VarianceSplit& s = split->split;
    const double total = s.parameter_variance + s.noise_variance;
    const double share = total > 0.0 ? s.parameter_variance / total : 0.0;
    const FigureKind kind = figure_kind(key);
    const std::string space = language == Language::zh_cn ? "" : " ";
    std::string note = fmt::format(
        fmt::runtime(t.parts), fmt::arg("figure", figure_label(key, text)),
        fmt::arg("parameter_share", format_percent(share, 0)),
        fmt::arg("parameter_sd", format_difference(std::sqrt(s.parameter_variance), kind, language)),
        fmt::arg("noise_share", format_percent(1.0 - share, 0)),
        fmt::arg("noise_sd", format_difference(std::sqrt(s.noise_variance), kind, language)),
        fmt::arg("draws", u.draws), fmt::arg("n_inner", u.n_inner));
    if (s.floored) note += std::string(t.floored);
    note += space + std::string(t.total_used);
    if (const std::string top = top_inputs(u, language); !top.empty())
        note += space + fmt::format(fmt::runtime(t.hangs_on), fmt::arg("inputs", top));
    return note;
}

std::vector<std::string> uncertain_input_rows(const sim::UncertaintySummary& u, const ReportText& text,
                                              Language /*language*/) {
    std::vector<std::string> rows;
    for (const auto& in : u.inputs)
        rows.push_back(fmt::format(
            fmt::runtime(text.uncertainty.input_row), fmt::arg("path", in.path), fmt::arg("law", in.law),
            fmt::arg("p5", short_value_text(in.p5)), fmt::arg("median", short_value_text(in.median)),
            fmt::arg("p95", short_value_text(in.p95)),
            fmt::arg("source", in.source.empty() ? text.uncertainty.no_source : in.source)));
    return rows;
}

nlohmann::ordered_json uncertainty_json(const sim::UncertaintySummary& u) {
    nlohmann::ordered_json j;
    j["band"] = u.any() ? "parameters_and_noise" : "simulation_noise_only";
    j["parameter_draws"] = u.draws;
    j["n_inner"] = u.n_inner;
    j["inputs"] = nlohmann::ordered_json::array();
    for (const auto& in : u.inputs)
        j["inputs"].push_back({{"path", in.path},
                               {"distribution", in.law},
                               {"p5", in.p5},
                               {"median", in.median},
                               {"p95", in.p95},
                               {"source", in.source}});
    auto& parts = j["band_parts"];
    parts = nlohmann::ordered_json::object();
    for (const auto& s : u.splits)
        parts[s.key] = {{"parameter_variance", s.split.parameter_variance},
                        {"noise_variance", s.split.noise_variance},
                        {"parameter_sd", std::sqrt(s.split.parameter_variance)},
                        {"noise_sd", std::sqrt(s.split.noise_variance)},
                        {"ms_between", s.split.ms_between},
                        {"ms_within", s.split.ms_within},
                        {"parameter_floored_at_zero", s.split.floored}};
    j["tornado"] = nlohmann::ordered_json::array();
    for (const auto& b : u.tornado)
        j["tornado"].push_back({{"path", b.path},
                                {"npv_change_cny_at_p5", b.npv_at_p5},
                                {"npv_change_cny_at_p95", b.npv_at_p95},
                                {"churn_rate_change_at_p5", b.churn_at_p5},
                                {"churn_rate_change_at_p95", b.churn_at_p95}});
    return j;
}

html::Json tornado_chart(const sim::UncertaintySummary& u, const ReportText& text) {
    std::vector<std::string> categories;
    std::vector<double> low, high;
    for (const auto& b : u.tornado) {
        categories.push_back(b.path);
        low.push_back(b.npv_at_p5);
        high.push_back(b.npv_at_p95);
    }
    return html::Json{{"kind", "tornado"},
                      {"unit", "cny"},
                      {"categories", categories},
                      {"series",
                       {{{"name", text.uncertainty.series_at_p5}, {"values", low}},
                        {{"name", text.uncertainty.series_at_p95}, {"values", high}}}}};
}

void write_uncertainty_html(html::Out out, const sim::UncertaintySummary& u, std::string_view chart_id,
                            std::string_view figure, const ReportText& text, Language language) {
    const UncertaintyText& t = text.uncertainty;
    using html::escape;
    fmt::format_to(out, "<section class=\"uncertainty\" data-uncertain-inputs=\"{}\">\n<h3>{}</h3>\n",
                   u.inputs.size(), escape(t.label_band));
    fmt::format_to(out, "<p class=\"band-parts\">{}</p>\n",
                   escape(band_parts_note(u, "npv_margin_cny", text, language)));
    if (!u.tornado.empty()) {
        const std::string title =
            fmt::format(fmt::runtime(t.chart_tornado.title), fmt::arg("figure", figure));
        fmt::format_to(out,
                       "<figure class=\"chart-card\">\n<h3>{0}</h3>\n"
                       "<div class=\"chart\" id=\"chart-{1}\" role=\"img\" aria-label=\"{0}\"></div>\n"
                       "<figcaption>{2}</figcaption>\n</figure>\n",
                       escape(title), chart_id, escape(t.chart_tornado.caption));
        fmt::format_to(
            out,
            "<table class=\"tornado\">\n<thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th>"
            "</tr></thead>\n<tbody>\n",
            escape(t.column_input), escape(t.column_npv_p5), escape(t.column_npv_p95),
            escape(t.column_churn_p5), escape(t.column_churn_p95));
        for (const auto& b : u.tornado)
            fmt::format_to(out, "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
                           escape(b.path), escape(format_change(b.npv_at_p5, FigureKind::cny, language)),
                           escape(format_change(b.npv_at_p95, FigureKind::cny, language)),
                           escape(format_change(b.churn_at_p5, FigureKind::rate, language)),
                           escape(format_change(b.churn_at_p95, FigureKind::rate, language)));
        fmt::format_to(
            out, "</tbody>\n</table>\n<p class=\"table-note\">{}</p>\n",
            escape(fmt::format(fmt::runtime(t.tornado_note), fmt::arg("runs", 2 * u.tornado.size() + 1))));
    }
    fmt::format_to(out, "</section>\n");
}

}  // namespace offersim::reports
