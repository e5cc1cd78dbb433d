// comparison.json lists what each variant's scenario changes and whether it is like for like.
#include "reports/comparison_json.hpp"
#include "report_fixtures.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace offersim::reports {
namespace {

TEST(ComparisonJson, ListsEachVariantsChangesAndWhetherItIsLikeForLike) {
    fixtures::ComparisonRuns runs(
        {{.name = "bundle", .title = "Bundle", .npv = 5e6, .npv_spread = 1e6, .cost = 2e6},
         {.name = "same", .title = "Same", .npv = 0.0, .npv_spread = 0.0, .cost = 0.0}});
    runs.comparisons[0].changes = fixtures::base_and_cost_changes();
    const auto j = nlohmann::json::parse(comparison_json(runs.baseline, runs.comparisons, "test"));
    const auto& bundle = j["variants"][0];
    EXPECT_FALSE(bundle["like_for_like"].get<bool>());
    ASSERT_EQ(bundle["changes"].size(), 3u);
    EXPECT_EQ(bundle["changes"][0]["path"], "segments[key_person]");
    EXPECT_TRUE(bundle["changes"][0]["baseline"].is_null());
    EXPECT_EQ(bundle["changes"][0]["area"], "customer_base");
    EXPECT_EQ(bundle["changes"][1]["area"], "costs");
    EXPECT_EQ(bundle["changes"][2]["baseline"], "58");
    EXPECT_EQ(bundle["changes"][2]["variant"], "48");
    EXPECT_EQ(bundle["changes"][2]["area"], "other");
    EXPECT_TRUE(j["variants"][1]["like_for_like"].get<bool>());
    EXPECT_TRUE(j["variants"][1]["changes"].empty());
}

}  // namespace
}  // namespace offersim::reports
