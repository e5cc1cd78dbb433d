#pragma once
// Internal to the report writers: what a band holds when parameters are uncertain (its two
// parts, or that it is simulation noise only), the tornado, and the assumptions appendix's
// rows of uncertain inputs (docs/models.md, "Uncertain parameters").
#include "engine/sim/uncertainty.hpp"
#include "reports/html_page.hpp"
#include "reports/report_text.hpp"

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace offersim::reports {

// The sentence under a band of figure `key`: its parameter part and its noise part, or that
// it is simulation noise only; then what the probabilities use and what the figures hang on.
std::string band_parts_note(const sim::UncertaintySummary& u, std::string_view key, const ReportText& text,
                            Language language);

// The three inputs with the widest NPV swing, joined in the language; empty when none.
std::string top_inputs(const sim::UncertaintySummary& u, Language language);

// One line per uncertain input: its path, law, P5, median, P95 and source.
std::vector<std::string> uncertain_input_rows(const sim::UncertaintySummary& u, const ReportText& text,
                                              Language language);

// The summary as JSON, the same in summary.json and comparison.json.
nlohmann::ordered_json uncertainty_json(const sim::UncertaintySummary& u);

// The tornado chart of the change in NPV ({"kind": "tornado"}) for report.js.
html::Json tornado_chart(const sim::UncertaintySummary& u, const ReportText& text);

// The section with the note, the tornado chart in container "chart-" + chart_id and its table;
// only the note when no input is uncertain. `figure` names the figure the tornado measures.
void write_uncertainty_html(html::Out out, const sim::UncertaintySummary& u, std::string_view chart_id,
                            std::string_view figure, const ReportText& text, Language language);

}  // namespace offersim::reports
