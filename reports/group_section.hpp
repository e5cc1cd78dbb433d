#pragma once
// Internal to the report writers: the enterprise-groups section (sim::GroupResults) as plain
// text tables in a language, so the HTML and Markdown reports show the same figures.
#include "engine/sim/group_results.hpp"
#include "reports/report_text.hpp"
#include "reports/text_table.hpp"

#include <string>
#include <vector>

namespace offersim::reports {

struct GroupSection {
    std::string warning;   // empty when no group's tier fell
    TextTable kpis;        // figure, mean, P5, P95
    std::string kpi_note;  // the KPIs' note, with what matching the price does not model where it applies
    TextTable classes;
    TextTable tiers;
};

// How a group KPI is shown: a count, a share of 1 or an amount in CNY.
enum class GroupFigure { count, share, cny };

// One row of the group KPI table: the reports show these, in this order, with these labels
// (a lever's row only when the scenario has the lever), and report.xlsx stores them as numbers.
struct GroupKpi {
    std::string_view key;  // of sim::GroupResults::headlines
    std::string_view label;
    GroupFigure kind;
    const sim::Band* band;
};

std::vector<GroupKpi> group_kpis(const sim::GroupResults& groups, const ReportText& text);

GroupSection group_section(const sim::GroupResults& groups, const ReportText& text, Language language);

}  // namespace offersim::reports
