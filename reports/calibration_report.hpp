#pragma once
// The files `offersim calibrate` writes (docs/scenario-reference.md, "Calibration"):
// calibration.yaml, a fragment to include in (or extend into) a scenario; report.html and
// report.md, observed against fitted; fit.json, every estimate for other tools.
#include "engine/calibration/fits.hpp"
#include "reports/report_text.hpp"

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace offersim::reports {

// What the scenario says of a segment that the written YAML must respect.
struct CalibratedSegment {
    double price_sensitivity = 1.0;  // a fitted bill weight is divided by it
    bool follows_tier_mix = false;   // without plan_choice but with acquisition.tier_mix: on_arrival false
};

struct CalibrationInputs {
    std::vector<std::string> sources;  // the files read, as given
    std::map<std::string, CalibratedSegment> segments;
    std::string version;  // "offersim x.y (commit)"
};

std::string calibration_yaml(const calibration::CalibrationResult& result, const CalibrationInputs& inputs);
std::string calibration_markdown(const calibration::CalibrationResult& result,
                                 const CalibrationInputs& inputs, Language language);
std::string calibration_html(const calibration::CalibrationResult& result, const CalibrationInputs& inputs,
                             Language language);
std::string calibration_json(const calibration::CalibrationResult& result, const CalibrationInputs& inputs);

// Six significant digits, "n/a" when not finite: an estimate is never known better, and
// YAML reads it back exactly.
std::string significant_text(double value);

// The scripts of a page of month charts (band charts over months first_month..last_month,
// as ECharts options by chart id) and its footer; the calibration and back-test pages end so.
void write_month_charts(std::string& out, const ReportText& text, std::string_view month_label,
                        int first_month, int last_month, const nlohmann::ordered_json& charts,
                        std::string_view version);

// `pattern` with its first `key` replaced by `value` (the report texts' placeholders).
std::string replace_first(std::string_view pattern, std::string_view key, std::string_view value);

}  // namespace offersim::reports
