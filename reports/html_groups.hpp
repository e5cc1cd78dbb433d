#pragma once
// Internal to the HTML report: the enterprise-groups section and its charts.
#include "engine/sim/group_results.hpp"
#include "engine/sim/results.hpp"
#include "reports/html_page.hpp"
#include "reports/report_text.hpp"

namespace offersim::reports::html {

// <section id="groups">: the tier-drop warning, the purity and tier charts' containers, the
// KPI, class and tier tables.
void write_group_section(Out out, const sim::GroupResults& groups, const ReportText& text, Language language);

// <section id="customer-views">: the per-customer views, with the containers of their revenue
// charts, and the group score list (reports/customer_views_section.hpp); nothing when the
// run has neither.
void write_customer_view_section(Out out, const sim::RunResults& results, const ReportText& text,
                                 Language language);

// The section's charts ("group-purity", "group-tiers") added to the page's chart data.
void add_group_charts(Json& charts, const sim::GroupResults& groups, const ReportText& text);

// The per-customer views' charts ("views-vip-revenue", "views-band-revenue": each month's
// revenue by VIP level and by ARPU band, stacked) added to the page's chart data.
void add_customer_view_charts(Json& charts, const sim::CustomerViewResults& views, const ReportText& text);

}  // namespace offersim::reports::html
