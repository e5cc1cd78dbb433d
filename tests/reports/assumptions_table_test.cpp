// The printed table of assumptions: a row per value (a small map with one note in one row),
// each with its unit by the format's naming, its source and its note written once.
#include "reports/assumptions_table.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace offersim::reports {
namespace {

using scenario::ScenarioValue;
using scenario::ValueSource;

ScenarioValue value_at(std::vector<std::string> path, std::string value, std::string note) {
    const ValueSource source = scenario::source_of(note);
    return {std::move(path), std::move(value), std::move(note), source};
}

TEST(AssumptionsTable, EachValueHasTheUnitItsNameSays) {
    const AssumptionText& t = report_text(Language::zh_cn).assumptions;
    EXPECT_EQ(unit_of({"tiers", "[t]", "monthly_fee_cny"}, t), "元/月");
    EXPECT_EQ(unit_of({"tiers", "[t]", "overage", "voice_per_min_cny"}, t), "元/分钟");
    EXPECT_EQ(unit_of({"costs", "fixed_monthly_cny"}, t), "元/月");
    EXPECT_EQ(unit_of({"segments", "[m]", "usage", "voice_min", "mean"}, t), "分钟");
    EXPECT_EQ(unit_of({"segments", "[m]", "usage", "voice_min", "cv"}, t), "");
    EXPECT_EQ(unit_of({"segments", "[m]", "tenure_months", "mean"}, t), "个月");
    EXPECT_EQ(unit_of({"segments", "[m]", "tier_mix", "gotone_58"}, t), "比例");
    EXPECT_EQ(unit_of({"segments", "[m]", "churn", "monthly_hazard"}, t), "每月");
    EXPECT_EQ(unit_of({"segments", "[m]", "acquisition", "gross_adds_per_month"}, t), "户/月");
    EXPECT_EQ(unit_of({"discount_rate_annual"}, t), "每年");
}

TEST(AssumptionsTable, ASmallMapWithOneNoteIsOneRow) {
    const std::vector<ScenarioValue> values = {
        value_at({"horizon_months"}, "36", ""),
        value_at({"tiers", "[t]", "included", "voice_min"}, "60", "cited"),
        value_at({"tiers", "[t]", "included", "data_mb"}, "30", "cited"),
        value_at({"tiers", "[t]", "tier_mix", "a"}, "0.4", "cited"),
        value_at({"tiers", "[t]", "tier_mix", "b"}, "0.6", "cited"),
        value_at({"tiers", "[t]", "overage", "voice_per_min_cny"}, "0.19", "cited"),
        value_at({"tiers", "[t]", "overage", "data_per_mb_cny"}, "1.00", "assumption: a data pack"),
    };
    const std::vector<AssumptionRow> rows = assumption_rows(values, Language::en);
    ASSERT_EQ(rows.size(), 5u);
    EXPECT_EQ(rows[0].key, "horizon_months");
    EXPECT_EQ(rows[0].unit, "months");
    EXPECT_EQ(rows[0].source, ValueSource::not_stated);
    // Parts of different units each say theirs; parts of one unit leave it to the column.
    EXPECT_EQ(rows[1].key, "tiers[t].included");
    EXPECT_EQ(rows[1].value, "voice_min 60 minutes · data_mb 30 MB");
    EXPECT_EQ(rows[1].unit, "");
    EXPECT_EQ(rows[2].value, "a 0.4 · b 0.6");
    EXPECT_EQ(rows[2].unit, "share");
    // A different note splits the map.
    EXPECT_EQ(rows[3].key, "tiers[t].overage.voice_per_min_cny");
    EXPECT_EQ(rows[4].key, "tiers[t].overage.data_per_mb_cny");
    EXPECT_EQ(rows[4].source, ValueSource::assumption);
}

TEST(AssumptionsTable, PrintsOnlyOnPaperWithEachNoteOnceAndTheSourceMarked) {
    const std::vector<ScenarioValue> values = {
        value_at({"costs", "network_per_min_cny"}, "0.04", "assumption: none published"),
        value_at({"segments", "[a]", "size"}, "100", "cited <report>"),
        value_at({"segments", "[b]", "size"}, "200", "cited <report>"),
        value_at({"segments", "[b]", "kind"}, "vip", ""),
    };
    const std::string html =
        assumptions_table_html(assumption_rows(values, Language::zh_cn), Language::zh_cn);
    EXPECT_NE(html.find("<section class=\"assumptions print-only\">"), std::string::npos);
    EXPECT_NE(html.find("<tr class=\"source-assumption\"><td>costs.network_per_min_cny</td><td>0.04</td>"
                        "<td>元/分钟</td><td>假设</td><td>[1]</td></tr>"),
              std::string::npos)
        << html;
    EXPECT_NE(html.find("<td>segments[b].size</td><td>200</td><td>户</td><td>数据</td><td>[2]</td>"),
              std::string::npos)
        << html;
    EXPECT_NE(html.find("<td>未注明</td><td></td>"), std::string::npos) << html;
    EXPECT_NE(html.find("<ol class=\"assumption-notes\">\n<li>assumption: none published</li>\n"
                        "<li>cited &lt;report&gt;</li>\n</ol>"),
              std::string::npos)
        << "each note once: " << html;
    EXPECT_EQ(assumptions_table_html({}, Language::en), "");
}

}  // namespace
}  // namespace offersim::reports
