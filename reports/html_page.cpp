#include "reports/html_page.hpp"

#include "engine/core/error.hpp"
#include "reports/assets/embedded_assets.hpp"
#include "reports/figure_format.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <utility>

namespace offersim::reports::html {

namespace {

void replace_all(std::string& text, std::string_view from, std::string_view to) {
    for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
        text.replace(at, from.size(), to);
}

// The line of reports/web/report.js where a page's own script goes.
constexpr std::string_view kPageScriptSlot = "  /* offersim:page-script */\n";

// report.js before and after that line.
std::pair<std::string_view, std::string_view> runtime_around_page_script() {
    const std::string_view js = assets::report_js();
    const std::size_t at = js.find(kPageScriptSlot);
    require(at != std::string_view::npos && js.find(kPageScriptSlot, at + 1) == std::string_view::npos,
            "the embedded report.js must hold its page-script line once");
    return {js.substr(0, at), js.substr(at + kPageScriptSlot.size())};
}

}  // namespace

std::string escape(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (const char c : text) {
        switch (c) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '"':
                out += "&quot;";
                break;
            case '\'':
                out += "&#39;";
                break;
            default:
                out += c;
        }
    }
    return out;
}

// "</" would end the element early and "<!--" would switch the HTML parser into its
// escaped script state. Both escapes are valid JSON.
std::string script_safe_json(const Json& json) {
    std::string text = json.dump(-1, ' ', false, Json::error_handler_t::replace);
    replace_all(text, "</", "<\\/");
    replace_all(text, "<!--", "\\u003c!--");
    return text;
}

Json number_conventions_json(const NumberConventions& numbers) {
    Json scales = Json::array();
    for (const auto& scale : numbers.scales)
        scales.push_back(Json{{"threshold", scale.threshold}, {"suffix", scale.suffix}});
    return Json{{"currency", numbers.currency_symbol},
                {"separator", numbers.thousands_separator},
                {"scales", scales}};
}

void write_head(Out out, std::string_view html_lang, std::string_view generator, std::string_view title,
                std::string_view css) {
    fmt::format_to(
        out,
        "<!doctype html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        "<meta name=\"generator\" content=\"{}\">\n<title>{}</title>\n<style>\n{}</style>\n</head>\n",
        html_lang, escape(generator), escape(title), css);
}

void write_definition(Out out, std::string_view term, std::string_view value) {
    fmt::format_to(out, "<dt>{}</dt><dd>{}</dd>\n", escape(term), escape(value));
}

std::string chart_library_name() {
    return fmt::format("Apache ECharts {}", assets::echarts_version());
}

void write_scenario_yaml(Out out, std::string_view heading, std::string_view yaml) {
    fmt::format_to(
        out,
        "<details class=\"scenario-yaml\">\n<summary>{}</summary>\n<pre class=\"scenario-yaml\">{}</pre>\n"
        "</details>\n",
        escape(heading), escape(yaml));
}

void write_licence(Out out, std::string_view licence_summary) {
    fmt::format_to(out, "<details class=\"licence\">\n<summary>{}{}</summary>\n<pre>{}</pre>\n</details>\n",
                   escape(licence_summary), escape(chart_library_name()), escape(assets::echarts_license()));
}

void write_scripts(Out out, const Json& data, std::string_view page_js) {
    fmt::format_to(out, "<script type=\"application/json\" id=\"offersim-report-data\">{}</script>\n",
                   script_safe_json(data));
    const auto [runtime_before, runtime_after] = runtime_around_page_script();
    fmt::format_to(out, "<script>\n{}\n</script>\n<script>\n{}{}{}</script>\n", assets::echarts_js(),
                   runtime_before, page_js, runtime_after);
}

std::string_view base_css() {
    return assets::report_css();
}

void write_footer(Out out, std::string_view footer, std::string_view version) {
    fmt::format_to(out, "<footer>{}<span class=\"footer-version\">{}</span></footer>\n", escape(footer),
                   escape(version));
}

// One "label value" item of a page header's meta line.
static void write_meta_item(Out out, std::string_view label, std::string_view value) {
    fmt::format_to(out, "<span class=\"meta-item\"><span class=\"meta-label\">{}</span> {}</span>",
                   escape(label), escape(value));
}

void write_header(Out out, Language language, std::string_view kicker, std::string_view title,
                  std::string_view name_label, const sim::RunResults& run, std::string_view generated_at) {
    const ReportText& text = report_text(language);
    fmt::format_to(
        out, "<header class=\"report-header\">\n<p class=\"kicker\">{}</p>\n<h1>{}</h1>\n<p class=\"meta\">",
        escape(kicker), escape(title));
    write_meta_item(out, name_label, run.scenario_name);
    write_meta_item(out, text.label_horizon, fmt::format("{}{}", run.horizon_months, text.months_unit));
    write_meta_item(out, text.label_runs, fmt::format("{}", run.replications));
    write_meta_item(out, text.label_generated_at, format_beijing_time(generated_at, language));
    fmt::format_to(out, "</p>\n</header>\n");
}

}  // namespace offersim::reports::html
