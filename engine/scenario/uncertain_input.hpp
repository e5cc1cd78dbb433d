#pragma once
// A model parameter written as an uncertain quantity (docs/models.md, "Uncertain
// parameters"): where it sits, its law and where the planner took it from.
#include "engine/core/error.hpp"
#include "models/uncertain_quantity.hpp"

#include <cmath>
#include <limits>
#include <optional>
#include <string>
#include <vector>

namespace offersim::scenario {

// Inputs estimated together by an outside tool (docs/models.md §36), drawn jointly: each
// input holds its file's whole estimate, so a draw needs no other input.
struct JointEstimate {
    enum class Kind { multivariate_normal, posterior_rows };
    Kind kind = Kind::multivariate_normal;
    std::string key;  // the file's name: keys the draws, so every scenario naming it shares them
    int index = 0;    // multivariate_normal: this input's coefficient among `names`
    std::vector<std::string> names;  // multivariate_normal: every coefficient, in file order
    std::vector<double> mean;        // their estimates
    std::vector<double> lower;       // the covariance's Cholesky factor, row-major
    std::vector<double> column;      // posterior_rows: this input's value in each row, in file order
    // multivariate_normal: the bounds of each coefficient the scenario uses (else infinite);
    // a draw of the file's coefficients outside them is drawn again (docs/models.md §36).
    std::vector<double> lower_bound;
    std::vector<double> upper_bound;
};

struct UncertainInput {
    std::string path;  // its parameter path, list items named by id: tiers[gotone_58].monthly_fee_cny
    models::UncertainQuantity quantity;
    std::string source;  // where the range comes from, as the planner wrote it; may be empty
    SourcePos pos;
    // The precision the field is read at: -1 any number, 0 whole (customers a month),
    // 2 money, 4 a rate. A drawn value is rounded to it, as the file could have written it.
    int decimals = -1;
    bool whole_allowed = false;  // a whole-number field that may be uncertain (a flow, not a structure)
    // The field's bounds as the loader checks a value there; a draw stays within them (§36).
    double lower = -std::numeric_limits<double>::infinity();
    double upper = std::numeric_limits<double>::infinity();
    std::optional<JointEstimate> joint;  // drawn with its file's other estimates; `quantity` is its marginal
};

// `v` rounded to the field's precision, as the file could have written it.
inline double at_field_precision(const UncertainInput& in, double v) {
    if (in.decimals < 0) return v;
    const double scale = std::pow(10.0, in.decimals);
    return std::round(v * scale) / scale;
}

// The value input `in` takes at probability u of its own law: its quantile, rounded to the
// field's precision.
inline double drawn_value(const UncertainInput& in, double u) {
    return at_field_precision(in, models::truncated_quantile(in.quantity, u, in.lower, in.upper));
}

}  // namespace offersim::scenario
