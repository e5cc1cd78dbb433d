#pragma once
// A scenario compiled into flat tables the monthly step reads by index: no names, no
// strings, no YAML. Built once per run and then only read (shared by all threads).
#include "engine/scenario/scenario.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace offersim::sim {

inline constexpr int kPropensityAtoms = 4096;  // per usage propensity, drawn once per customer
inline constexpr int kNoiseAtoms = 1024;       // month-to-month usage factor, drawn monthly
inline constexpr int kHazardMonths = 1200;     // tenure months tabulated; the last holds beyond

// Tier terms as parallel arrays indexed by tier, in the units the hot loop needs: fees in
// fen and rates in centi-fen, held as doubles that are exact integers.
struct TierTable {
    std::vector<std::string> ids;
    std::vector<std::string> names;
    std::vector<double> fee_fen;
    std::vector<double> included_voice_min;
    std::vector<double> included_data_mb;
    std::vector<double> included_sms;
    std::vector<double> voice_centifen;
    std::vector<double> data_centifen;
    std::vector<double> sms_centifen;
    std::vector<int> by_fee;  // tier indices, cheapest monthly fee first (ties: file order)

    std::size_t size() const { return ids.size(); }
};

struct SegmentPlan {
    std::string id;
    std::string name;
    scenario::SegmentKind kind = scenario::SegmentKind::mass_market;
    std::uint32_t stream_key = 0;  // from the id, so a segment's draws do not depend on its position
    std::int64_t initial_size = 0;
    std::vector<std::int64_t> gross_adds;     // by month, 0-based, horizon long
    // Tier mixes as cumulative shares over `TierTable::by_fee` order: a customer's tier is
    // picked with the same uniform that places its voice propensity, so heavier users sit
    // on dearer tiers (docs/models.md, "Initial tier").
    std::vector<double> tier_cumulative;      // initial base
    std::vector<double> new_tier_cumulative;  // gross adds
    std::vector<float> tenure_atoms;          // initial tenure in months
    std::vector<float> voice_atoms;           // propensities: mean monthly usage
    std::vector<float> data_atoms;
    std::vector<float> sms_atoms;
    std::vector<float> noise_atoms;           // monthly factor, mean 1
    std::vector<float> hazard;                // by completed tenure months (h(tenure + 1))
};

struct CostRates {
    double network_voice_centifen = 0.0;
    double network_data_centifen = 0.0;
    double network_sms_centifen = 0.0;
    double commission_fen = 0.0;
    double fixed_monthly_fen = 0.0;
};

struct SimulationPlan {
    int horizon_months = 0;
    double discount_rate_annual = 0.0;
    TierTable tiers;
    std::vector<SegmentPlan> segments;
    CostRates costs;

    std::int64_t total_customers() const;  // initial base plus every gross add
};

SimulationPlan compile_plan(const scenario::Scenario& scenario);

// Index of the first cumulative share above u: the category a uniform draw selects.
int pick_category(const std::vector<double>& cumulative, double u);

}  // namespace offersim::sim
