#pragma once
// Internal to the report writers: the per-customer views and the per-group score list as
// plain text tables in a language, so the HTML and Markdown reports show the same figures.
#include "engine/sim/results.hpp"
#include "reports/group_section.hpp"
#include "reports/report_text.hpp"

#include <string>
#include <vector>

namespace offersim::reports {

struct CustomerViewTable {
    std::string_view heading;
    TextTable table;
    std::string note;
};

// The tables that `results` has: by VIP level, by ARPU band and the top fifth's share of
// margin when the views are on, the group score list when the scenario has groups; rows
// without customers are left out. Empty when it has neither.
std::vector<CustomerViewTable> customer_view_tables(const sim::RunResults& results, const ReportText& text,
                                                    Language language);

// At most this many groups are listed in the reports' tables (all are in summary.json and
// report.xlsx).
inline constexpr std::size_t kGroupsListed = 20;

// The groups in the order the reports list them: most likely to have switched first, then
// lowest value score (indices into GroupResults::scores).
std::vector<std::size_t> groups_by_risk(const sim::GroupResults& groups);

// A view row's label: the level's id (or "no level"), or the band's edges in words.
std::string view_row_label(const sim::CustomerViewRow& row, bool is_band, const ReportText& text);

}  // namespace offersim::reports
