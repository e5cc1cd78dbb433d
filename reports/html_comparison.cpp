#include "reports/html_report.hpp"

#include "reports/number_format.hpp"

#include <fmt/format.h>

namespace offersim::reports {

namespace {

std::string escape(std::string_view text) {
    std::string out;
    for (char c : text) {
        switch (c) {
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '&': out += "&amp;"; break;
            case '"': out += "&quot;"; break;
            default: out += c;
        }
    }
    return out;
}

}  // namespace

std::string html_comparison_report(const sim::RunResults& baseline, const std::vector<const sim::RunResults*>& variants,
                                   const std::vector<sim::VariantComparison>& comparisons, const ReportContext& context) {
    (void)variants;
    std::string out = fmt::format(
        "<!doctype html><html><head><meta charset=\"utf-8\"><title>{}</title></head><body><h1>{}</h1>"
        "<p>{} replications, seed {}, {} months; {}</p>",
        escape(baseline.scenario_title), escape(baseline.scenario_title), baseline.replications, baseline.seed,
        baseline.horizon_months, escape(context.offersim_version));
    for (const auto& c : comparisons) {
        out += fmt::format("<h2>{}</h2><table><tr><th>figure</th><th>mean</th><th>P5</th><th>P95</th></tr>",
                           escape(c.title));
        for (const auto& d : c.deltas)
            out += fmt::format("<tr><td>{}</td><td>{:.2f}</td><td>{:.2f}</td><td>{:.2f}</td></tr>", escape(d.key),
                               d.band.mean, d.band.p5, d.band.p95);
        out += "</table>";
    }
    out += "</body></html>\n";
    return out;
}

}  // namespace offersim::reports
