#include "engine/sim/overage_risk_table.hpp"

#include "engine/sim/event_figures.hpp"
#include "engine/sim/plan.hpp"
#include "models/plan_choice.hpp"

#include <algorithm>
#include <bit>

namespace offersim::sim {

OverageRiskTable::OverageRiskTable(std::span<const float> means, std::span<const double> allowances,
                                   double sigma)
    : means_(means.begin(), means.end()), allowances_(allowances.begin(), allowances.end()), sigma_(sigma) {
    // Ascending by bits, not by value: 0 and -0 (or two NaNs) stay apart, and for the
    // non-negative means a segment draws the order is the order of values.
    std::sort(means_.begin(), means_.end(), [](float a, float b) {
        return std::bit_cast<std::uint32_t>(a) < std::bit_cast<std::uint32_t>(b);
    });
    means_.erase(std::unique(means_.begin(), means_.end(), [](float a, float b) { return same_bits(a, b); }),
                 means_.end());
    risk_.reserve(means_.size() * allowances_.size());
    for (const float mean : means_)
        for (const double allowance : allowances_)
            risk_.push_back(models::exceed_probability(mean, allowance, sigma_));
    index_buckets();
}

void OverageRiskTable::index_buckets() {
    if (means_.empty()) return;
    const std::uint32_t lowest = std::bit_cast<std::uint32_t>(means_.front());
    const std::uint32_t span = std::bit_cast<std::uint32_t>(means_.back()) - lowest;
    while ((span >> bucket_shift_) >= means_.size()) ++bucket_shift_;
    const std::size_t buckets = (span >> bucket_shift_) + 1;
    bucket_first_.assign(buckets + 1, 0);
    std::size_t at = 0;
    for (std::size_t b = 0; b <= buckets; ++b) {
        while (at < means_.size() &&
               ((std::bit_cast<std::uint32_t>(means_[at]) - lowest) >> bucket_shift_) < b)
            ++at;
        bucket_first_[b] = static_cast<std::uint32_t>(at);
    }
}

const double* OverageRiskTable::row(float mean) const {
    if (means_.empty()) return nullptr;
    const std::uint32_t bits = std::bit_cast<std::uint32_t>(mean);
    const std::uint32_t lowest = std::bit_cast<std::uint32_t>(means_.front());
    if (bits < lowest) return nullptr;
    const std::size_t bucket = (bits - lowest) >> bucket_shift_;
    if (bucket + 1 >= bucket_first_.size()) return nullptr;  // above the last mean's bucket
    const auto first = means_.begin() + bucket_first_[bucket];
    const auto last = means_.begin() + bucket_first_[bucket + 1];
    const auto at = std::lower_bound(
        first, last, bits, [](float m, std::uint32_t b) { return std::bit_cast<std::uint32_t>(m) < b; });
    if (at == last || std::bit_cast<std::uint32_t>(*at) != bits) return nullptr;
    return risk_.data() + static_cast<std::size_t>(at - means_.begin()) * allowances_.size();
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
