#pragma once
// Internal to the report writers: the sentences that say which segments' churn answers our
// prices and which does not (docs/models.md, "Price response"), and which offers' take-up
// does not answer their terms (a fixed share, section 5) and which are chosen (section 13).
#include "engine/sim/results.hpp"
#include "reports/report_text.hpp"

#include <string>
#include <vector>

namespace offersim::reports {

std::string price_response_note(const sim::RunResults& results, const ReportText& text, Language language);

// The notes of a baseline and its variants, each said once.
std::string price_response_note(const sim::RunResults& baseline,
                                const std::vector<const sim::RunResults*>& variants, const ReportText& text,
                                Language language);

}  // namespace offersim::reports
