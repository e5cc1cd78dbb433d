#pragma once
// Reads typed fields from a parsed scenario document, reporting each problem with its
// position, the YAML path and the nearest valid name. The loader and its sections build on
// it; nothing outside engine/scenario includes it.
#include "engine/core/error.hpp"
#include "engine/core/money.hpp"
#include "engine/scenario/document.hpp"
#include "engine/scenario/formula.hpp"
#include "engine/scenario/uncertain_input.hpp"
#include "models/distribution.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

namespace offersim::scenario {

using Keys = std::vector<std::string_view>;

// The choices of a yes/no key, read as 0 and 1 by FieldReader::choice.
inline const Keys kYesNo = {"false", "true"};

inline constexpr int kUnknownChoice = -1;

// The keys and kinds of a {distribution, mean, cv} block.
extern const Keys kDistributionKeys;
extern const Keys kDistributionKinds;

std::string_view kind_name(DocNode::Kind kind);
std::string quoted_list(const Keys& names);

// Ids of one kind (tiers, segments, offers...), for checking references to them: found by
// hash, listed in the order they were written.
class Ids {
public:
    Ids() = default;
    template <typename Items>
    static Ids of(const Items& items) {
        Ids ids;
        for (const auto& item : items) ids.insert(item.id);
        return ids;
    }
    // False when `name` is there already.
    bool insert(std::string_view name);
    bool contains(std::string_view name) const { return set_.contains(name); }
    const Keys& names() const { return names_; }

private:
    Keys names_;
    std::unordered_set<std::string_view> set_;
};

class FieldReader {
public:
    explicit FieldReader(std::vector<Diagnostic>& diagnostics) : diagnostics_(diagnostics) {}

    void error(const SourcePos& pos, std::string message);

    // The uncertain inputs whose medians stand in the document being read: a whole-number
    // or amount field that reads one rounds it and records the field's precision there.
    std::size_t error_count() const { return diagnostics_.size(); }

    void read_uncertain_into(std::vector<UncertainInput>* inputs) { uncertain_ = inputs; }

    // Reports "unknown WHAT 'NAME'{where}" with the nearest of `valid` when it is a close
    // spelling, or else the first few of `valid`. The one place that suggests names: its
    // work and its message stay bounded whatever the name and however long the list.
    void unknown(const SourcePos& pos, std::string_view what, std::string_view name, std::string_view where,
                 const Keys& valid);

    // True when `name` is one of `ids`; reports it as unknown otherwise.
    bool known(std::string_view name, const Ids& ids, const SourcePos& pos, std::string_view what);

    // Reports keys of `map` that are not in `allowed`, with the nearest valid key.
    bool expect_map(const DocNode& node, const std::string& path, const Keys& allowed);

    const DocNode* required(const DocNode& map, std::string_view key, const std::string& path);

    std::string join(const std::string& path, std::string_view key);

    const DocNode* scalar(const DocNode* node, const std::string& path, std::string_view expected);

    std::string text(const DocNode& map, std::string_view key, const std::string& path,
                     const std::string& fallback, bool is_required = false);

    // The required `id` of an item: non-empty text, as every reference to it needs a name.
    std::string id(const DocNode& map, const std::string& path);

    std::optional<double> number(const DocNode& map, std::string_view key, const std::string& path,
                                 bool is_required);

    // number() and probability() for a node already found, e.g. a map's value; `where` names it.
    std::optional<double> number_node(const DocNode& node, const std::string& where);
    double probability_node(const DocNode& node, const std::string& where, double fallback);

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

    // The uncertain input a value stands for, when `node` is one's median.
    UncertainInput* uncertain_input(const DocNode& node);
    // Records [lo, hi] as the bounds of the uncertain input at `node`, if it is one.
    void bound_draws(const DocNode* node, double lo, double hi);

private:
    std::vector<UncertainInput>* uncertain_ = nullptr;
    // Edit-distance cells left for suggestions; a file of many unknown names among many
    // ids gets lists instead once they are spent.
    std::size_t suggestion_cells_ = 50'000'000;
};

}  // namespace offersim::scenario
