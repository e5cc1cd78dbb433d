#pragma once
// Small arithmetic formulas in scenario values, e.g. a handset contract's floor
// "retail_price * 1.5 / contract_months": numbers, named terms, + - * /, parentheses.
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace offersim::scenario {

struct FormulaResult {
    double value = 0.0;
    std::string error;       // empty on success
    std::size_t offset = 0;  // where the error is, in the formula text
};

using FormulaTerms = std::vector<std::pair<std::string_view, double>>;

FormulaResult evaluate_formula(std::string_view formula, const FormulaTerms& terms);

}  // namespace offersim::scenario
