// The one metric table (engine/sim/metric_cube.hpp) walked against every output of a real
// run of the shipped baseline: each monthly line reaches monthly.csv under its output
// name, each cost line is a headline figure in summary.json, and each revenue and cost
// line that carries money is named in both languages' reports by its label.
#include "engine/scenario/loader.hpp"
#include "engine/sim/run.hpp"
#include "reports/html_report.hpp"
#include "reports/markdown_report.hpp"
#include "reports/metric_labels.hpp"
#include "reports/monthly_csv.hpp"
#include "reports/summary_json.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <set>
#include <string>

namespace offersim {

namespace {

using reports::Language;
using sim::Metric;

const sim::ScenarioRun& baseline_run() {
    static const sim::ScenarioRun run = [] {
        auto sc = scenario::load_scenario(OFFERSIM_SOURCE_DIR "/scenarios/baseline.yaml");
        sc.horizon_months = 6;
        return sim::run_scenario(sc, sim::RunConfig::of(2, sc.seed, 2));
    }();
    return run;
}

reports::ReportContext context(Language language) {
    reports::ReportContext c;
    c.language = language;
    c.offersim_version = "offersim test";
    c.generated_at = "2026-01-01T00:00:00Z";
    return c;
}

bool ends_with(std::string_view s, std::string_view tail) {
    return s.size() >= tail.size() && s.substr(s.size() - tail.size()) == tail;
}

}  // namespace

TEST(MetricTable, EveryMetricHasOneKeyAndMoneyEndsInCny) {
    std::set<std::string> names;
    for (const sim::MetricDef& def : sim::kMetricTable) {
        const std::string name = sim::output_name(def.id);
        EXPECT_TRUE(names.insert(name).second) << "two metrics are called " << name;
        EXPECT_EQ(ends_with(name, "_cny"), sim::is_money(def.id)) << name;
    }
}

TEST(MetricTable, EveryMetricHasADistinctLabelInEachLanguage) {
    for (const Language language : {Language::zh_cn, Language::en}) {
        std::set<std::string_view> labels;
        for (const sim::MetricDef& def : sim::kMetricTable) {
            const std::string_view label = reports::metric_label(def.id, reports::report_text(language));
            EXPECT_FALSE(label.empty()) << def.key;
            EXPECT_NE(label, def.key) << "the label is the bare key";
            EXPECT_TRUE(labels.insert(label).second) << def.key << " shares its label " << label;
        }
    }
    for (const sim::MetricDef& def : sim::kMetricTable)
        EXPECT_NE(reports::metric_label(def.id, reports::text_zh_cn()),
                  reports::metric_label(def.id, reports::text_en()))
            << def.key << " is not translated";
}

TEST(MetricTable, EveryMonthlyLineReachesMonthlyCsv) {
    const std::string csv = reports::monthly_csv(baseline_run().results);
    for (const sim::MetricDef& def : sim::kMetricTable)
        EXPECT_NE(csv.find(",all," + sim::output_name(def.id) + ","), std::string::npos) << def.key;
}

TEST(MetricTable, EveryCostLineAndTotalIsAHeadlineOfSummaryJson) {
    const auto summary = nlohmann::json::parse(reports::summary_json(baseline_run().results, "test"));
    for (const Metric line : sim::kCostLines)
        EXPECT_TRUE(summary["headline"].contains(sim::output_name(line))) << sim::output_name(line);
    for (const char* total : {"revenue_total_cny", "cost_total_cny", "margin_total_cny"})
        EXPECT_TRUE(summary["headline"].contains(total)) << total;
}

TEST(MetricTable, RevenueAndCostLinesAddUpToTheirTotals) {
    const sim::MetricCube& cube = baseline_run().cube;
    const int all = cube.total_row();
    for (int month = 0; month < cube.months; ++month) {
        double revenue = 0.0;
        double cost = 0.0;
        for (const Metric line : sim::kRevenueLines) revenue += cube.at(0, month, all, line);
        for (const Metric line : sim::kCostLines) cost += cube.at(0, month, all, line);
        EXPECT_EQ(revenue, cube.at(0, month, all, Metric::revenue_total)) << "month " << month + 1;
        EXPECT_EQ(cost, cube.at(0, month, all, Metric::cost_total)) << "month " << month + 1;
    }
}

TEST(MetricTable, ReportsNameEveryLineThatCarriesMoneyByItsLabel) {
    const sim::RunResults& results = baseline_run().results;
    const sim::MetricCube& cube = baseline_run().cube;
    const auto carries_money = [&](Metric line) { return cube.at(0, 0, cube.total_row(), line) != 0.0; };
    for (const Language language : {Language::zh_cn, Language::en}) {
        const std::string html = reports::html_report(results, context(language));
        const std::string markdown = reports::markdown_report(results, context(language));
        int named = 0;
        for (const Metric line : sim::kRevenueLines) {
            if (!carries_money(line)) continue;
            const std::string label(reports::metric_label(line, reports::report_text(language)));
            EXPECT_NE(html.find(label), std::string::npos) << "revenue line " << label;
            ++named;
        }
        for (const Metric line : sim::kCostLines) {
            if (!carries_money(line)) continue;
            const std::string label(reports::metric_label(line, reports::report_text(language)));
            EXPECT_NE(html.find(label), std::string::npos) << "cost line " << label;
            EXPECT_NE(markdown.find(label), std::string::npos) << "cost line " << label;
            ++named;
        }
        EXPECT_GE(named, 4) << "the baseline bills fees and overage and pays network and fixed costs";
    }
}

}  // namespace offersim
