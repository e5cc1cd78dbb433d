#include "reports/calibration_report.hpp"

#include "reports/html_page.hpp"
#include "reports/text_table.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

namespace offersim::reports {

namespace {

using calibration::ChoiceFit;
using calibration::ChurnFit;
using calibration::Estimate;
using calibration::ModelFit;

const char* distribution_name(models::DistributionKind kind) {
    return kind == models::DistributionKind::gamma ? "gamma" : "lognormal";
}

double estimate(const ModelFit& fit, std::size_t i) {
    return fit.estimates[i].value;
}

// The scenario's plan_choice keys from the logit's utility weights (fits.hpp: bill_cny,
// overage_risk, subsidy_cny, is_current).
std::vector<std::pair<std::string, double>> plan_choice_keys(const ChoiceFit& fit, double price_sensitivity) {
    return {{"price_per_cny", -estimate(fit.logit, 0) / price_sensitivity},
            {"overage_risk", -estimate(fit.logit, 1)},
            {"subsidy_per_cny", estimate(fit.logit, 2)},
            {"switching_cost_cny", 0.0},
            {"inertia", estimate(fit.logit, 3)}};
}

template <typename Fit>
const Fit* find_segment(const std::vector<Fit>& fits, const std::string& segment) {
    for (const auto& f : fits)
        if (f.segment == segment) return &f;
    return nullptr;
}

std::vector<std::string> segments_of(const calibration::CalibrationResult& result) {
    std::vector<std::string> ids;
    const auto add = [&ids](const std::string& id) {
        if (std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(id);
    };
    for (const auto& f : result.churn) add(f.segment);
    for (const auto& f : result.choices) add(f.segment);
    for (const auto& f : result.usage) add(f.segment);
    return ids;
}

std::string joined(const std::vector<std::string>& items) {
    std::string text;
    for (const auto& item : items) text += (text.empty() ? "" : ", ") + item;
    return text;
}

std::string converged_or_note(const ModelFit& fit, const CalibrationText& t) {
    return fit.converged ? std::string(t.yes) : replace_first(t.not_converged, "{note}", fit.note);
}

// The rows of the churn table, one per parameter, in cells of text.
std::vector<std::vector<std::string>> churn_rows(const calibration::CalibrationResult& result,
                                                 const CalibrationText& t) {
    std::vector<std::vector<std::string>> rows;
    for (const auto& f : result.churn) {
        for (const auto* model : {&f.sbg, &f.weibull}) {
            const bool is_sbg = model == &f.sbg;
            const bool written = is_sbg == f.sbg_is_better();
            for (const Estimate& e : model->estimates)
                rows.push_back({f.segment, is_sbg ? "sBG" : "Weibull", e.name, significant_text(e.value),
                                significant_text(e.std_error), significant_text(model->log_likelihood),
                                significant_text(f.customers), significant_text(f.churners),
                                written            ? std::string(t.yes)
                                : model->converged ? ""
                                                   : converged_or_note(*model, t)});
        }
    }
    return rows;
}

std::vector<std::vector<std::string>> choice_rows(const calibration::CalibrationResult& result) {
    std::vector<std::vector<std::string>> rows;
    for (const auto& f : result.choices)
        for (const Estimate& e : f.logit.estimates)
            rows.push_back({f.segment, e.name, significant_text(e.value), significant_text(e.std_error),
                            significant_text(f.logit.log_likelihood), std::to_string(f.situations),
                            significant_text(f.rho_squared)});
    return rows;
}

std::vector<std::vector<std::string>> usage_rows(const calibration::CalibrationResult& result) {
    std::vector<std::vector<std::string>> rows;
    for (const auto& u : result.usage) {
        rows.push_back({u.segment, u.service, distribution_name(u.fit.kind), significant_text(u.fit.mean),
                        significant_text(u.fit.mean_se), significant_text(u.fit.cv),
                        significant_text(u.fit.cv_se), std::to_string(u.fit.observations)});
    }
    return rows;
}

TextTable churn_table(const calibration::CalibrationResult& result, const CalibrationText& t) {
    return {headings_of({t.column_segment, t.column_model, t.column_parameter, t.column_estimate,
                         t.column_std_error, t.column_log_likelihood, t.column_customers, t.column_churners,
                         t.column_chosen}),
            churn_rows(result, t), 3};
}
TextTable choice_table(const calibration::CalibrationResult& result, const CalibrationText& t) {
    return {headings_of({t.column_segment, t.column_parameter, t.column_estimate, t.column_std_error,
                         t.column_log_likelihood, t.column_situations, t.column_rho_squared}),
            choice_rows(result), 2};
}
TextTable usage_table(const calibration::CalibrationResult& result, const CalibrationText& t) {
    return {headings_of({t.column_segment, t.column_service, t.column_distribution, t.column_mean,
                         t.column_std_error, t.column_cv, t.column_std_error, t.column_customers}),
            usage_rows(result), 3};
}

// Observed and fitted survival at months 1, 3, 6, 12, 24, ... up to the longest observed.
TextTable survival_table(const ChurnFit& f, const CalibrationText& t) {
    std::vector<std::vector<std::string>> rows;
    for (int month : {1, 3, 6, 12, 18, 24, 36, 48, 60, 84, 120}) {
        if (month > f.months) break;
        const auto i = static_cast<std::size_t>(month - 1);
        rows.push_back({std::to_string(month), fmt::format("{:.4f}", f.observed_survival[i]),
                        fmt::format("{:.4f}", f.sbg_survival[i]),
                        fmt::format("{:.4f}", f.weibull_survival[i])});
    }
    return {headings_of({t.column_month, t.observed, t.fitted_sbg, t.fitted_weibull}), std::move(rows)};
}

}  // namespace

std::string calibration_yaml(const calibration::CalibrationResult& result, const CalibrationInputs& inputs) {
    std::string out = fmt::format(
        "# Written by offersim calibrate ({}) from {}.\n"
        "# A fragment to include in a scenario: its segments merge into the scenario's by id.\n"
        "# Each figure is a maximum-likelihood estimate; its standard error is in the comment.\n"
        "segments:\n",
        inputs.version, joined(inputs.sources));
    for (const auto& id : segments_of(result)) {
        out += fmt::format("  - id: {}\n", id);
        if (const ChurnFit* f = find_segment(result.churn, id)) {
            const ModelFit& best = f->sbg_is_better() ? f->sbg : f->weibull;
            out +=
                f->sbg_is_better()
                    ? fmt::format("    churn: {{ model: sbg, alpha: {}, beta: {} }}",
                                  significant_text(estimate(best, 0)), significant_text(estimate(best, 1)))
                    : fmt::format("    churn: {{ model: weibull, scale_months: {}, shape: {} }}",
                                  significant_text(estimate(best, 0)), significant_text(estimate(best, 1)));
            out += fmt::format("  # SE {}, {}; log-likelihood {} (sBG {}, Weibull {}); {} customers\n",
                               significant_text(best.estimates[0].std_error),
                               significant_text(best.estimates[1].std_error),
                               significant_text(best.log_likelihood), significant_text(f->sbg.log_likelihood),
                               significant_text(f->weibull.log_likelihood), significant_text(f->customers));
        }
        bool usage_opened = false;
        for (const auto& u : result.usage) {
            if (u.segment != id) continue;
            if (!usage_opened) out += "    usage:\n";
            usage_opened = true;
            out += fmt::format(
                "      {}: {{ distribution: {}, mean: {}, cv: {} }}  # SE {}, {}; {} customers\n", u.service,
                distribution_name(u.fit.kind), significant_text(u.fit.mean), significant_text(u.fit.cv),
                significant_text(u.fit.mean_se), significant_text(u.fit.cv_se), u.fit.observations);
        }
        if (const ChoiceFit* f = find_segment(result.choices, id)) {
            const auto found = inputs.segments.find(id);
            const CalibratedSegment segment =
                found == inputs.segments.end() ? CalibratedSegment{} : found->second;
            out += fmt::format("    plan_choice:  # log-likelihood {}, rho² {}, {} choices\n",
                               significant_text(f->logit.log_likelihood), significant_text(f->rho_squared),
                               f->situations);
            for (const auto& [key, value] : plan_choice_keys(*f, segment.price_sensitivity))
                out += fmt::format("      {}: {}\n", key, significant_text(value));
            if (segment.follows_tier_mix)
                out += "      on_arrival: false  # the scenario's acquisition.tier_mix\n";
        }
    }
    return out;
}

std::string calibration_markdown(const calibration::CalibrationResult& result,
                                 const CalibrationInputs& inputs, Language language) {
    const CalibrationText& t = report_text(language).calibration;
    std::string out = fmt::format("# {}\n\n{}: {}\n\n", t.title, t.sources, joined(inputs.sources));
    if (!result.churn.empty()) {
        out += fmt::format("## {}\n\n{}\n\n", t.churn_heading, t.churn_note);
        append_markdown(out, churn_table(result, t));
        for (const auto& f : result.churn) {
            out += fmt::format("### {}\n\n", replace_first(t.survival_chart, "{segment}", f.segment));
            append_markdown(out, survival_table(f, t));
        }
    }
    if (!result.choices.empty()) {
        out += fmt::format("## {}\n\n{}\n\n", t.choice_heading, t.choice_note);
        append_markdown(out, choice_table(result, t));
    }
    if (!result.usage.empty()) {
        out += fmt::format("## {}\n\n", t.usage_heading);
        append_markdown(out, usage_table(result, t));
    }
    return out;
}

std::string calibration_html(const calibration::CalibrationResult& result, const CalibrationInputs& inputs,
                             Language language) {
    const ReportText& text = report_text(language);
    const CalibrationText& t = text.calibration;
    std::string out;
    html::write_head(std::back_inserter(out), text.html_lang, inputs.version, t.title, html::base_css());
    out += fmt::format(
        "<body>\n<div class=\"page\">\n<header class=\"report-header\"><p class=\"kicker\">{}</p><h1>{}</h1>"
        "<p class=\"meta\">{}: {}</p></header>\n",
        html::escape(t.kicker), html::escape(t.title), html::escape(t.sources),
        html::escape(joined(inputs.sources)));
    html::Json charts = html::Json::object();
    int months = 0;
    if (!result.churn.empty()) {
        out += fmt::format("<section><h2>{}</h2><p>{}</p>\n", html::escape(t.churn_heading),
                           html::escape(t.churn_note));
        append_html(out, churn_table(result, t));
        for (const auto& f : result.churn) {
            const std::string id = "survival-" + f.segment;
            out += fmt::format("<h3>{}</h3><div class=\"chart\" id=\"chart-{}\"></div>\n",
                               html::escape(replace_first(t.survival_chart, "{segment}", f.segment)),
                               html::escape(id));
            append_html(out, survival_table(f, t));
            months = std::max(months, f.months);
            const auto series = [](std::string_view name, const std::vector<double>& values) {
                return html::Json{{"name", name}, {"values", values}};
            };
            charts[id] = {{"kind", "lines"},
                          {"unit", "percent"},
                          {"series",
                           {series(t.observed, f.observed_survival), series(t.fitted_sbg, f.sbg_survival),
                            series(t.fitted_weibull, f.weibull_survival)}}};
        }
        out += "</section>\n";
    }
    if (!result.choices.empty()) {
        out += fmt::format("<section><h2>{}</h2><p>{}</p>\n", html::escape(t.choice_heading),
                           html::escape(t.choice_note));
        append_html(out, choice_table(result, t));
        out += "</section>\n";
    }
    if (!result.usage.empty()) {
        out += fmt::format("<section><h2>{}</h2>\n", html::escape(t.usage_heading));
        append_html(out, usage_table(result, t));
        out += "</section>\n";
    }
    out += "</div>\n";
    write_month_charts(out, text, t.column_month, 1, months, charts, inputs.version);
    return out;
}

std::string calibration_json(const calibration::CalibrationResult& result, const CalibrationInputs& inputs) {
    using Json = nlohmann::ordered_json;
    const auto estimates = [](const ModelFit& fit) {
        Json list = Json::array();
        for (const auto& e : fit.estimates)
            list.push_back({{"name", e.name},
                            {"value", e.value},
                            {"std_error", std::isfinite(e.std_error) ? Json(e.std_error) : Json(nullptr)}});
        return Json{{"estimates", list},
                    {"log_likelihood", fit.log_likelihood},
                    {"converged", fit.converged},
                    {"note", fit.note}};
    };
    Json churn = Json::array();
    for (const auto& f : result.churn)
        churn.push_back({{"segment", f.segment},
                         {"customers", f.customers},
                         {"churners", f.churners},
                         {"written", f.sbg_is_better() ? "sbg" : "weibull"},
                         {"sbg", estimates(f.sbg)},
                         {"weibull", estimates(f.weibull)},
                         {"observed_survival", f.observed_survival}});
    Json choices = Json::array();
    for (const auto& f : result.choices) {
        Json fit = estimates(f.logit);
        fit["segment"] = f.segment;
        fit["situations"] = f.situations;
        fit["null_log_likelihood"] = f.null_log_likelihood;
        fit["rho_squared"] = f.rho_squared;
        choices.push_back(fit);
    }
    Json usage = Json::array();
    for (const auto& u : result.usage)
        usage.push_back({{"segment", u.segment},
                         {"service", u.service},
                         {"distribution", distribution_name(u.fit.kind)},
                         {"mean", u.fit.mean},
                         {"mean_std_error", u.fit.mean_se},
                         {"cv", u.fit.cv},
                         {"cv_std_error", u.fit.cv_se},
                         {"log_likelihood", u.fit.log_likelihood},
                         {"customers", u.fit.observations}});
    return Json{{"offersim", inputs.version},
                {"sources", inputs.sources},
                {"churn", churn},
                {"choices", choices},
                {"usage", usage}}
               .dump(2) +
           "\n";
}

std::string significant_text(double value) {
    return std::isfinite(value) ? fmt::format("{:.6g}", value) : "n/a";
}

std::string replace_first(std::string_view pattern, std::string_view key, std::string_view value) {
    std::string text(pattern);
    if (const auto at = text.find(key); at != std::string::npos) text.replace(at, key.size(), value);
    return text;
}

void write_month_charts(std::string& out, const ReportText& text, std::string_view month_label,
                        int first_month, int last_month, const nlohmann::ordered_json& charts,
                        std::string_view version) {
    std::vector<int> month_axis;
    for (int m = first_month; m <= last_month; ++m) month_axis.push_back(m);
    const html::Json data{
        {"numbers", html::number_conventions_json(text.numbers)},
        {"text",
         {{"monthAxis", month_label},
          {"bandLabel", text.band_label},
          {"rangeSeparator", text.range_separator}}},
        {"months", month_axis},
        {"charts", charts},
    };
    html::write_scripts(std::back_inserter(out), data, "");
    html::write_footer(std::back_inserter(out), text.footer, version);
}

}  // namespace offersim::reports
