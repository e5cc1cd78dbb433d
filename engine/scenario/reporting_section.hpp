#pragma once
// Decoding of the `reporting:` section: figures the summaries add on request. Internal to
// the loader.
#include "engine/scenario/field_reader.hpp"
#include "engine/scenario/scenario.hpp"

namespace offersim::scenario {

extern const Keys kReportingKeys;

ReportingSpec read_reporting(FieldReader& in, const DocNode& node);

}  // namespace offersim::scenario
