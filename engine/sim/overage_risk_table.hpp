#pragma once
// The overage risk of every mean usage a segment draws, tabulated once a plan: customers
// take their mean monthly usage from the segment's kPropensityAtoms equal-probability atoms,
// so a choice event finds its chooser's row and reads P(usage > allowance) for each tier
// instead of an erfc and a log per allowance (docs/performance.md, "Choice events").
// Each entry is models::exceed_probability of the same inputs, so bit for bit what the
// direct computation gives; a mean that is not one of the atoms (an extract's customer, a
// won-back one) has no row and is computed directly.
#include "engine/sim/atom_index.hpp"

#include <cstdint>
#include <memory>
#include <span>
#include <vector>

namespace offersim::sim {

struct SegmentPlan;
struct TierTable;

class OverageRiskTable {
public:
    OverageRiskTable() = default;
    // P(usage > allowance) for each distinct value of `means` and each of `allowances`,
    // with `sigma` the standard deviation of the log monthly usage factor.
    OverageRiskTable(std::span<const float> means, std::span<const double> allowances, double sigma);

    // The row of `mean`'s risks, one per allowance in the order given; null when `mean`
    // is not one of the table's means. Found by the mean's bits in one of two slots
    // (AtomIndex, compared with no branch), not a search: a choice event's chooser is a cold
    // customer, and a search's steps and mispredicted branches waited on its misses.
    const double* row(float mean) const {
        const std::int32_t at = index_.row(mean);
        return at < 0 ? nullptr : risk_.data() + static_cast<std::size_t>(at) * allowances_.size();
    }
    // Whether the table was built for `sigma` and has `allowance` at `column`, bit for bit:
    // a plan changed after it was compiled falls back to the direct computation.
    bool holds(double sigma, int column, double allowance) const;
    std::size_t columns() const { return allowances_.size(); }
    std::size_t bytes() const {
        return index_.bytes() + allowances_.size() * sizeof(double) + risk_.size() * sizeof(double);
    }

private:
    AtomIndex index_;  // the distinct means, ascending by bits: a mean's row
    std::vector<double> allowances_;
    double sigma_ = 0.0;
    std::vector<double> risk_;  // [mean][allowance]
};

// A segment's risk tables for its choice events: one for voice minutes, one for data MB,
// each column an allowance of our tiers or of the reference's menu.
struct ChoiceRiskTables {
    OverageRiskTable voice;
    OverageRiskTable data;
    std::vector<int> voice_column;  // by our tier
    std::vector<int> data_column;
    std::vector<int> reference_voice_column;  // by the reference's tier; empty without one
    std::vector<int> reference_data_column;

    std::size_t bytes() const {
        return voice.bytes() + data.bytes() +
               (voice_column.size() + data_column.size() + reference_voice_column.size() +
                reference_data_column.size()) *
                   sizeof(int);
    }
};

// The distinct values of `values`, bit for bit, in first-seen order; `column` gets the
// place of each value among them.
std::vector<double> distinct_values(std::span<const double> values, std::vector<int>& column);

// The risk tables of `seg`'s choice events over the allowances of `tiers` and, where its
// events weigh the reference's menu, of `reference_tiers` (null otherwise).
std::shared_ptr<const ChoiceRiskTables> choice_risk_tables(const SegmentPlan& seg, const TierTable& tiers,
                                                           const TierTable* reference_tiers);

// `tables` where they still hold the allowances of `tiers` (and of `reference_tiers`) and
// `sigma`, bit for bit; null otherwise, and the risks are computed directly.
const ChoiceRiskTables* usable_risk_tables(const ChoiceRiskTables* tables, double sigma,
                                           const TierTable& tiers, const TierTable* reference_tiers);

}  // namespace offersim::sim
