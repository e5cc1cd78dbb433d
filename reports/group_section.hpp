#pragma once
// Internal to the report writers: the enterprise-groups section (sim::GroupResults) as plain
// text tables in a language, so the HTML and Markdown reports show the same figures.
#include "engine/sim/group_results.hpp"
#include "reports/report_text.hpp"

#include <string>
#include <vector>

namespace offersim::reports {

struct TextTable {
    std::vector<std::string> headings;
    std::vector<std::vector<std::string>> rows;  // plain text; the first column is a label
};

struct GroupSection {
    std::string warning;  // empty when no group's tier fell
    TextTable kpis;       // figure, mean, P5, P95
    TextTable classes;
    TextTable tiers;
};

GroupSection group_section(const sim::GroupResults& groups, const ReportText& text, Language language);

}  // namespace offersim::reports
