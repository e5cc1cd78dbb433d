#include "engine/sim/waterfall.hpp"

#include "engine/sim/plan.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>

namespace offersim::sim {

namespace {

// Each replication's revenue over the horizon, in whole fen (every revenue line is).
std::vector<std::int64_t> revenue_fen(const MetricCube& cube) {
    std::vector<std::int64_t> out(static_cast<std::size_t>(cube.replications));
    for (int r = 0; r < cube.replications; ++r) {
        double sum = 0.0;
        for (int t = 0; t < cube.months; ++t) sum += cube.at(r, t, cube.total_row(), Metric::revenue_total);
        out[static_cast<std::size_t>(r)] = std::llround(sum);
    }
    return out;
}

// Variant minus baseline by replication.
std::vector<std::int64_t> paired(const std::vector<std::int64_t>& baseline,
                                 const std::vector<std::int64_t>& variant) {
    std::vector<std::int64_t> d(baseline.size());
    for (std::size_t r = 0; r < d.size(); ++r) d[r] = variant[r] - baseline[r];
    return d;
}

Band band_cny(const std::vector<std::int64_t>& fen) {
    std::vector<double> cny(fen.size());
    std::transform(fen.begin(), fen.end(), cny.begin(),
                   [](std::int64_t f) { return static_cast<double>(f) / 100.0; });
    return summarise(std::move(cny));
}

double round_to_fen(double cny) {
    return std::round(cny * 100.0) / 100.0;
}

// A response to prices, and whether a segment models it: usage response, plan choice for
// migration, price response for churn and joining.
struct Mechanism {
    const char* key;
    bool Responses::*response;
    bool (*segment_models)(const scenario::Segment&);
};

// In the order the report lists them.
constexpr Mechanism kMechanisms[] = {
    {"usage", &Responses::usage, [](const scenario::Segment& s) { return s.usage_response.enabled; }},
    {"migration", &Responses::migration, [](const scenario::Segment& s) { return s.plan_choice.enabled; }},
    {"churn", &Responses::churn, [](const scenario::Segment& s) { return s.price_response.enabled; }},
    {"acquisition", &Responses::joining,
     [](const scenario::Segment& s) { return s.price_response.enabled; }}};

// Whether either scenario models the response.
bool modelled(const Mechanism& m, const scenario::Scenario& a, const scenario::Scenario& b) {
    const auto in = [&](const scenario::Scenario& sc) {
        return std::any_of(sc.segments.begin(), sc.segments.end(), m.segment_models);
    };
    return in(a) || in(b);
}

}  // namespace

Waterfall revenue_waterfall(const scenario::Scenario& baseline, const scenario::Scenario& variant,
                            const MetricCube& baseline_cube, const MetricCube& variant_cube,
                            const RunConfig& config) {
    Waterfall w;
    const auto total = paired(revenue_fen(baseline_cube), revenue_fen(variant_cube));
    w.total_cny = band_cny(total);
    RunConfig quiet = config;
    quiet.on_progress = {};
    const auto difference_with = [&](Responses responses) {
        w.extra_runs += 2;
        return paired(revenue_fen(run_simulation(compile_plan(baseline, responses), quiet)),
                      revenue_fen(run_simulation(compile_plan(variant, responses), quiet)));
    };
    const bool any = std::any_of(std::begin(kMechanisms), std::end(kMechanisms),
                                 [&](const Mechanism& m) { return modelled(m, baseline, variant); });
    // Nothing responds: the whole change is the price bar, without another run.
    const std::vector<std::int64_t> at_fixed_behaviour =
        any ? difference_with(Responses{false, false, false, false}) : total;
    std::vector<std::int64_t> remainder(total.size());
    for (std::size_t r = 0; r < total.size(); ++r) remainder[r] = total[r] - at_fixed_behaviour[r];
    w.bars.push_back({"price", band_cny(at_fixed_behaviour), true});
    for (const Mechanism& m : kMechanisms) {
        if (!modelled(m, baseline, variant)) {
            w.bars.push_back({m.key, Band{.n = static_cast<int>(total.size())}, false});
            continue;
        }
        Responses alone{false, false, false, false};
        alone.*m.response = true;
        auto bar = difference_with(alone);
        for (std::size_t r = 0; r < bar.size(); ++r) {
            bar[r] -= at_fixed_behaviour[r];
            remainder[r] -= bar[r];
        }
        w.bars.push_back({m.key, band_cny(bar), true});
    }
    // Each replication's bars add up exactly in fen; the means are shown to the fen, so the
    // remainder's mean takes their rounding and the shown bars add up to the shown total.
    Band rest = band_cny(remainder);
    double shown = 0.0;
    for (auto& bar : w.bars) {
        bar.delta_cny.mean = round_to_fen(bar.delta_cny.mean);
        shown += bar.delta_cny.mean;
    }
    w.total_cny.mean = round_to_fen(w.total_cny.mean);
    rest.mean = round_to_fen(w.total_cny.mean - shown);
    w.bars.push_back({"remainder", rest, true});
    return w;
}

}  // namespace offersim::sim
