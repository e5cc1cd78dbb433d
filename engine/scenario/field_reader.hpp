#pragma once
// Reads typed fields from a parsed scenario document, reporting each problem with its
// position, the YAML path and the nearest valid name. The loader and its sections build on
// it; nothing outside engine/scenario includes it.
#include "engine/core/error.hpp"
#include "engine/core/money.hpp"
#include "engine/scenario/document.hpp"
#include "engine/scenario/formula.hpp"
#include "models/distribution.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace offersim::scenario {

using Keys = std::vector<std::string_view>;

inline constexpr int kUnknownChoice = -1;

// The keys and kinds of a {distribution, mean, cv} block.
extern const Keys kDistributionKeys;
extern const Keys kDistributionKinds;

std::string_view kind_name(DocNode::Kind kind);
std::string quoted_list(const Keys& names);

class FieldReader {
public:
    explicit FieldReader(std::vector<Diagnostic>& diagnostics) : diagnostics_(diagnostics) {}

    void error(const SourcePos& pos, std::string message);

    // Reports keys of `map` that are not in `allowed`, with the nearest valid key.
    bool expect_map(const DocNode& node, const std::string& path, const Keys& allowed);

    const DocNode* required(const DocNode& map, std::string_view key, const std::string& path);

    std::string join(const std::string& path, std::string_view key);

    const DocNode* scalar(const DocNode* node, const std::string& path, std::string_view expected);

    std::string text(const DocNode& map, std::string_view key, const std::string& path,
                     const std::string& fallback, bool is_required = false);

    std::optional<double> number(const DocNode& map, std::string_view key, const std::string& path,
                                 bool is_required);

    double number_in(const DocNode& map, std::string_view key, const std::string& path, double fallback,
                     double lo, double hi, bool is_required = false);

    double probability(const DocNode& map, std::string_view key, const std::string& path, double fallback,
                       bool is_required = false);

    std::int64_t integer_node(const DocNode& node, const std::string& where, std::int64_t lo, std::int64_t hi,
                              std::int64_t fallback);

    std::int64_t integer(const DocNode& map, std::string_view key, const std::string& path,
                         std::int64_t fallback, std::int64_t lo, std::int64_t hi, bool is_required = false);

    // A non-negative CNY amount with `decimals` places (2 for money, 4 for rates).
    std::int64_t amount(const DocNode& map, std::string_view key, const std::string& path, int decimals,
                        bool is_required = false);
    // The same for a node already found, e.g. an item of a list; `where` names it.
    std::int64_t amount_node(const DocNode& node, const std::string& where, int decimals);

    Money money(const DocNode& map, std::string_view key, const std::string& path, bool is_required = false);

    Rate rate(const DocNode& map, std::string_view key, const std::string& path, bool is_required = false);

    // One of `names`, reported with the nearest valid name when misspelt.
    int choice(const DocNode& map, std::string_view key, const std::string& path, const Keys& names,
               int fallback, bool is_required = false);

    // choice() for a field whose unknown value can fall back without further errors.
    int choice_or(const DocNode& map, std::string_view key, const std::string& path, const Keys& names,
                  int fallback, bool is_required = false);

    // An included allowance: a whole number of units, or `unlimited` (a full flat rate).
    std::int64_t allowance(const DocNode& map, std::string_view key, const std::string& path, std::int64_t hi,
                           bool& unlimited);

    // A list of names (ids), e.g. eligible_segments: [vip_gold, vip_diamond].
    std::vector<std::string> names(const DocNode& map, std::string_view key, const std::string& path,
                                   bool is_required = false);

    // A {distribution: fixed | lognormal | gamma, mean, cv} block; the mean between
    // `lowest_mean` (also the fallback) and `highest_mean`.
    models::Distribution distribution(const DocNode* node, const std::string& path, double lowest_mean = 0.0,
                                      double highest_mean = 1.0e9);

    // A money amount given as a number or as a formula over named terms.
    Money money_or_formula(const DocNode& map, std::string_view key, const std::string& path,
                           const FormulaTerms& terms);

protected:
    std::vector<Diagnostic>& diagnostics_;
};

}  // namespace offersim::scenario
