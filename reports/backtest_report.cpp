#include "reports/backtest_report.hpp"

#include "reports/calibration_report.hpp"
#include "reports/html_page.hpp"
#include "reports/text_table.hpp"

#include <fmt/format.h>

#include <cmath>
#include <nlohmann/json.hpp>

namespace offersim::reports {

namespace {

using calibration::BacktestFigure;
using calibration::BacktestMonth;
using calibration::BacktestResult;
using calibration::BacktestSegment;

std::string percent(double fraction) {
    return fmt::format("{:.2f}%", 100.0 * fraction);
}
std::string signed_percent(double fraction) {
    return fmt::format("{:+.2f}%", 100.0 * fraction);
}

std::string setup_line(const BacktestResult& r, const BacktestText& t) {
    std::string s(t.setup);
    for (int k = 0; k < 2; ++k) s = replace_first(s, "{fit}", std::to_string(r.fit_months));
    s = replace_first(s, "{next}", std::to_string(r.fit_months + 1));
    s = replace_first(s, "{months}", std::to_string(r.months));
    s = replace_first(s, "{draws}", std::to_string(r.draws));
    const std::string path =
        r.path == calibration::BacktestPath::engine
            ? replace_first(std::string(t.path_engine), "{parameter_draws}",
                            std::to_string(r.draws / calibration::kEngineReplicationsPerDraw))
            : std::string(t.path_curve);
    return s + " " + path;
}

// The figures back-tested: active customers and churn always, revenue when the history has bills.
struct FigureRow {
    std::string_view label;
    std::string_view key;
    BacktestFigure BacktestMonth::*figure;
    calibration::BacktestError BacktestSegment::*error;
};

std::vector<FigureRow> figures(const BacktestResult& r, const BacktestText& t) {
    std::vector<FigureRow> rows = {
        {t.active, "active", &BacktestMonth::active, &BacktestSegment::active},
        {t.churn_rate, "churn_rate", &BacktestMonth::churn_rate, &BacktestSegment::churn_rate}};
    if (r.has_revenue)
        rows.push_back({t.revenue, "revenue_cny", &BacktestMonth::revenue_cny, &BacktestSegment::revenue});
    return rows;
}

std::vector<std::vector<std::string>> error_rows(const BacktestResult& r, const BacktestText& t) {
    std::vector<std::vector<std::string>> rows;
    for (const auto& s : r.segments)
        for (const auto& f : figures(r, t)) {
            int inside = 0;
            for (const auto& m : s.months) inside += (m.*(f.figure)).inside() ? 1 : 0;
            rows.push_back({s.segment, std::string(f.label), percent((s.*(f.error)).mape),
                            signed_percent((s.*(f.error)).bias),
                            fmt::format("{}/{}", inside, s.months.size())});
        }
    return rows;
}

std::vector<std::vector<std::string>> fit_rows(const BacktestResult& r) {
    std::vector<std::vector<std::string>> rows;
    for (const auto& s : r.segments)
        for (const auto& e : s.fit.estimates)
            rows.push_back(
                {s.segment, s.model, e.name, significant_text(e.value), significant_text(e.std_error)});
    return rows;
}

std::string band_text(const BacktestFigure& f, bool rate) {
    return rate ? fmt::format("{} – {}", percent(f.p5), percent(f.p95))
                : fmt::format("{:.0f} – {:.0f}", f.p5, f.p95);
}

std::vector<std::vector<std::string>> month_rows(const BacktestResult& r, const BacktestSegment& s,
                                                 const BacktestText& t) {
    std::vector<std::vector<std::string>> rows;
    for (const auto& m : s.months)
        for (const auto& f : figures(r, t)) {
            const BacktestFigure& x = m.*(f.figure);
            const bool rate = f.key == "churn_rate";
            rows.push_back({std::to_string(m.month), std::string(f.label),
                            rate ? percent(x.actual) : fmt::format("{:.0f}", x.actual),
                            rate ? percent(x.mean) : fmt::format("{:.1f}", x.mean), band_text(x, rate)});
        }
    return rows;
}

TextTable error_table(const BacktestResult& r, const BacktestText& t) {
    return {headings_of({t.column_segment, t.column_figure, t.column_mape, t.column_bias, t.column_inside}),
            error_rows(r, t), 2};
}
TextTable fit_table(const BacktestResult& r, const BacktestText& t) {
    return {headings_of({t.column_segment, t.column_model, t.column_parameter, t.column_estimate,
                         t.column_std_error}),
            fit_rows(r), 3};
}
TextTable month_table(const BacktestResult& r, const BacktestSegment& s, const BacktestText& t) {
    return {
        headings_of({t.column_month, t.column_figure, t.column_actual, t.column_predicted, t.column_band}),
        month_rows(r, s, t), 2};
}

}  // namespace

std::string backtest_csv(const BacktestResult& result) {
    std::string out = "segment,month,figure,actual,predicted_mean,predicted_p5,predicted_p95,inside\n";
    const BacktestText& t = report_text(Language::en).backtest;
    for (const auto& s : result.segments)
        for (const auto& m : s.months)
            for (const auto& f : figures(result, t)) {
                const BacktestFigure& x = m.*(f.figure);
                out += fmt::format("{},{},{},{},{},{},{},{}\n", s.segment, m.month, f.key,
                                   significant_text(x.actual), significant_text(x.mean),
                                   significant_text(x.p5), significant_text(x.p95), x.inside() ? 1 : 0);
            }
    return out;
}

std::string backtest_errors_csv(const BacktestResult& result) {
    std::string out = "segment,figure,mape,bias,months_inside,months\n";
    const BacktestText& t = report_text(Language::en).backtest;
    for (const auto& s : result.segments)
        for (const auto& f : figures(result, t)) {
            int inside = 0;
            for (const auto& m : s.months) inside += (m.*(f.figure)).inside() ? 1 : 0;
            out += fmt::format("{},{},{},{},{},{}\n", s.segment, f.key, significant_text((s.*(f.error)).mape),
                               significant_text((s.*(f.error)).bias), inside, s.months.size());
        }
    return out;
}

std::string backtest_markdown(const BacktestResult& result, const BacktestInputs& inputs, Language language) {
    const BacktestText& t = report_text(language).backtest;
    std::string out =
        fmt::format("# {}\n\n{}: {}\n\n{}\n\n", t.title, t.sources, inputs.source, setup_line(result, t));
    out += fmt::format("## {}\n\n{}\n\n", t.errors_heading, t.errors_note);
    append_markdown(out, error_table(result, t));
    if (!result.has_revenue) out += fmt::format("{}\n\n", t.no_revenue);
    out += fmt::format("## {}\n\n", t.fit_heading);
    append_markdown(out, fit_table(result, t));
    for (const auto& s : result.segments) {
        out += fmt::format("## {}\n\n", replace_first(t.months_heading, "{segment}", s.segment));
        append_markdown(out, month_table(result, s, t));
    }
    return out;
}

std::string backtest_html(const BacktestResult& result, const BacktestInputs& inputs, Language language) {
    const ReportText& text = report_text(language);
    const BacktestText& t = text.backtest;
    std::string out;
    html::write_head(std::back_inserter(out), text.html_lang, inputs.version, t.title, html::base_css());
    out += fmt::format(
        "<body>\n<div class=\"page\">\n<header class=\"report-header\"><p class=\"kicker\">{}</p><h1>{}</h1>"
        "<p class=\"meta\">{}: {}</p><p>{}</p></header>\n",
        html::escape(t.kicker), html::escape(t.title), html::escape(t.sources), html::escape(inputs.source),
        html::escape(setup_line(result, t)));
    out += fmt::format("<section><h2>{}</h2><p>{}</p>\n", html::escape(t.errors_heading),
                       html::escape(t.errors_note));
    append_html(out, error_table(result, t));
    if (!result.has_revenue) out += fmt::format("<p>{}</p>\n", html::escape(t.no_revenue));
    out += fmt::format("</section><section><h2>{}</h2>\n", html::escape(t.fit_heading));
    append_html(out, fit_table(result, t));
    out += "</section>\n";
    html::Json charts = html::Json::object();
    for (const auto& s : result.segments) {
        const std::string id = "active-" + s.segment;
        out += fmt::format("<section><h2>{}</h2><h3>{}</h3><div class=\"chart\" id=\"chart-{}\"></div>\n",
                           html::escape(replace_first(t.months_heading, "{segment}", s.segment)),
                           html::escape(replace_first(t.chart_active, "{segment}", s.segment)),
                           html::escape(id));
        append_html(out, month_table(result, s, t));
        out += "</section>\n";
        // A fan chart: the prediction's mean over its P5-P95, and the actual as a band of no width.
        std::vector<double> mean, p5, p95, actual;
        for (const auto& m : s.months) {
            mean.push_back(m.active.mean);
            p5.push_back(m.active.p5);
            p95.push_back(m.active.p95);
            actual.push_back(m.active.actual);
        }
        charts[id] = {
            {"kind", "fan"},
            {"unit", "count"},
            {"bands",
             {{{"name", t.band_name}, {"bandName", t.band_name}, {"mean", mean}, {"p5", p5}, {"p95", p95}},
              {{"name", t.actual_name},
               {"bandName", t.actual_name},
               {"mean", actual},
               {"p5", actual},
               {"p95", actual}}}}};
    }
    out += "</div>\n";
    write_month_charts(out, text, t.column_month, result.fit_months + 1, result.months, charts,
                       inputs.version);
    return out;
}

std::string backtest_json(const BacktestResult& result, const BacktestInputs& inputs) {
    using Json = nlohmann::ordered_json;
    const auto figure = [](const BacktestFigure& f) {
        return Json{{"actual", f.actual}, {"mean", f.mean}, {"p5", f.p5}, {"p95", f.p95}};
    };
    const auto error = [](const calibration::BacktestError& e) {
        return Json{{"mape", e.mape}, {"bias", e.bias}};
    };
    Json segments = Json::array();
    for (const auto& s : result.segments) {
        Json estimates = Json::array();
        for (const auto& e : s.fit.estimates)
            estimates.push_back(
                {{"name", e.name},
                 {"value", e.value},
                 {"std_error", std::isfinite(e.std_error) ? Json(e.std_error) : Json(nullptr)}});
        Json months = Json::array();
        for (const auto& m : s.months) {
            Json month{
                {"month", m.month}, {"active", figure(m.active)}, {"churn_rate", figure(m.churn_rate)}};
            if (result.has_revenue) month["revenue_cny"] = figure(m.revenue_cny);
            months.push_back(month);
        }
        Json seg{{"segment", s.segment},
                 {"model", s.model},
                 {"estimates", estimates},
                 {"covariance", s.fit.covariance},
                 {"active_at_cut", s.active_at_cut},
                 {"active", error(s.active)},
                 {"churn_rate", error(s.churn_rate)}};
        if (result.has_revenue) seg["revenue"] = error(s.revenue);
        seg["active_months_inside"] = s.active_inside;
        seg["months"] = months;
        segments.push_back(seg);
    }
    return Json{{"offersim", inputs.version},
                {"source", inputs.source},
                {"fit_months", result.fit_months},
                {"months", result.months},
                {"draws", result.draws},
                {"path", calibration::path_name(result.path)},
                {"active_inside_share", result.active_inside_share()},
                {"segments", segments}}
               .dump(2) +
           "\n";
}

}  // namespace offersim::reports
