#pragma once
// Internal to the report writers: the revenue waterfall of a variant as rows of text
// (engine/sim/waterfall.hpp), the same in HTML and Markdown.
#include "engine/sim/waterfall.hpp"
#include "reports/report_text.hpp"

#include <string>
#include <vector>

namespace offersim::reports {

struct WaterfallRow {
    std::string label;
    std::string change;  // signed CNY to the fen, so that the shown bars add up to the total
    std::string band;    // P5 to P95, or why there is none
    bool total = false;  // the last row: the paired change the bars add up to
};

std::vector<WaterfallRow> waterfall_rows(const sim::Waterfall& waterfall, const ReportText& text,
                                         Language language);

}  // namespace offersim::reports
