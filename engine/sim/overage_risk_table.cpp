#include "engine/sim/overage_risk_table.hpp"

#include "engine/sim/event_figures.hpp"
#include "engine/sim/plan.hpp"
#include "models/plan_choice.hpp"

#include <algorithm>
#include <bit>

namespace offersim::sim {

OverageRiskTable::OverageRiskTable(std::span<const float> means, std::span<const double> allowances,
                                   double sigma)
    : index_(means), allowances_(allowances.begin(), allowances.end()), sigma_(sigma) {
    risk_.reserve(index_.size() * allowances_.size());
    for (const float mean : index_.values())
        for (const double allowance : allowances_)
            risk_.push_back(models::exceed_probability(mean, allowance, sigma_));
}

bool OverageRiskTable::holds(double sigma, int column, double allowance) const {
    return same_bits(sigma, sigma_) && column >= 0 && static_cast<std::size_t>(column) < allowances_.size() &&
           same_bits(allowances_[static_cast<std::size_t>(column)], allowance);
}

std::vector<double> distinct_values(std::span<const double> values, std::vector<int>& column) {
    std::vector<double> distinct;
    column.clear();
    for (const double v : values) {
        const auto at =
            std::find_if(distinct.begin(), distinct.end(), [&](double d) { return same_bits(d, v); });
        column.push_back(static_cast<int>(at - distinct.begin()));
        if (at == distinct.end()) distinct.push_back(v);
    }
    return distinct;
}

namespace {

// One table over the allowances of our tiers then the reference's, with each tier's column.
OverageRiskTable table_over(std::span<const float> means, double sigma, const std::vector<double>& ours,
                            const std::vector<double>* theirs, std::vector<int>& our_column,
                            std::vector<int>& their_column) {
    std::vector<double> allowances = ours;
    if (theirs) allowances.insert(allowances.end(), theirs->begin(), theirs->end());
    std::vector<int> column;
    const std::vector<double> distinct = distinct_values(allowances, column);
    const auto split = column.begin() + static_cast<std::ptrdiff_t>(ours.size());
    our_column.assign(column.begin(), split);
    their_column.assign(split, column.end());
    return OverageRiskTable(means, distinct, sigma);
}

bool table_holds(const OverageRiskTable& table, double sigma, const std::vector<int>& column,
                 const std::vector<double>& allowances) {
    if (column.size() != allowances.size()) return false;
    for (std::size_t t = 0; t < allowances.size(); ++t)
        if (!table.holds(sigma, column[t], allowances[t])) return false;
    return true;
}

}  // namespace

std::shared_ptr<const ChoiceRiskTables> choice_risk_tables(const SegmentPlan& seg, const TierTable& tiers,
                                                           const TierTable* reference_tiers) {
    auto tables = std::make_shared<ChoiceRiskTables>();
    const double sigma = seg.choice.usage_sigma;
    tables->voice = table_over(seg.voice_atoms, sigma, tiers.included_voice_min,
                               reference_tiers ? &reference_tiers->included_voice_min : nullptr,
                               tables->voice_column, tables->reference_voice_column);
    tables->data = table_over(seg.data_atoms, sigma, tiers.included_data_mb,
                              reference_tiers ? &reference_tiers->included_data_mb : nullptr,
                              tables->data_column, tables->reference_data_column);
    return tables;
}

const ChoiceRiskTables* usable_risk_tables(const ChoiceRiskTables* tables, double sigma,
                                           const TierTable& tiers, const TierTable* reference_tiers) {
    if (!tables) return nullptr;
    const ChoiceRiskTables& t = *tables;
    bool holds = table_holds(t.voice, sigma, t.voice_column, tiers.included_voice_min) &&
                 table_holds(t.data, sigma, t.data_column, tiers.included_data_mb);
    if (reference_tiers)
        holds = holds &&
                table_holds(t.voice, sigma, t.reference_voice_column, reference_tiers->included_voice_min) &&
                table_holds(t.data, sigma, t.reference_data_column, reference_tiers->included_data_mb);
    return holds ? tables : nullptr;
}

}  // namespace offersim::sim
