#pragma once
// The scenario's behaviour blocks: a segment's plan choice, churn drivers, VIP grading
// and retention campaigns. Decoded here so loader.cpp keeps to the scenario's skeleton.
#include "engine/scenario/field_reader.hpp"
#include "engine/scenario/scenario.hpp"

#include <functional>
#include <string>
#include <vector>

namespace offersim::scenario {

extern const Keys kPlanChoiceKeys;
extern const Keys kPriceResponseKeys;
extern const Keys kDiscountPointKeys;
extern const Keys kUsageResponseKeys;
extern const Keys kChurnDriverKeys;
extern const Keys kVipGradingKeys;
extern const Keys kVipLevelKeys;
extern const Keys kRegionalBandKeys;
extern const Keys kRetentionCampaignKeys;

PlanChoiceSpec read_plan_choice(FieldReader& in, const DocNode& node, const std::string& path);
PriceResponseSpec read_price_response(FieldReader& in, const DocNode& node, const std::string& path);
UsageResponseSpec read_usage_response(FieldReader& in, const DocNode& node, const std::string& path);
ChurnDrivers read_churn_drivers(FieldReader& in, const DocNode& node);
VipGrading read_vip_grading(FieldReader& in, const DocNode& node);
std::vector<RetentionCampaign> read_retention_campaigns(FieldReader& in, const DocNode& node, int horizon);

// Segment ids named by the blocks above exist; `known` reports one that does not.
void check_behaviour_references(
    const DocNode& root, const Scenario& sc,
    const std::function<bool(const std::string&, const SourcePos&)>& known_segment, FieldReader& in);

}  // namespace offersim::scenario
