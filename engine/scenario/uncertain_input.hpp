#pragma once
// A model parameter written as an uncertain quantity (docs/models.md, "Uncertain
// parameters"): where it sits, its law and where the planner took it from.
#include "engine/core/error.hpp"
#include "models/uncertain_quantity.hpp"

#include <cmath>
#include <string>

namespace offersim::scenario {

struct UncertainInput {
    std::string path;  // its parameter path, list items named by id: tiers[gotone_58].monthly_fee_cny
    models::UncertainQuantity quantity;
    std::string source;  // where the range comes from, as the planner wrote it; may be empty
    SourcePos pos;
    // The precision the field is read at: -1 any number, 0 whole (customers a month),
    // 2 money, 4 a rate. A drawn value is rounded to it, as the file could have written it.
    int decimals = -1;
    bool whole_allowed = false;  // a whole-number field that may be uncertain (a flow, not a structure)
};

// The value input `in` takes at probability u: its quantile, rounded to the field's precision.
inline double drawn_value(const UncertainInput& in, double u) {
    const double v = models::quantile(in.quantity, u);
    if (in.decimals < 0) return v;
    const double scale = std::pow(10.0, in.decimals);
    return std::round(v * scale) / scale;
}

}  // namespace offersim::scenario
