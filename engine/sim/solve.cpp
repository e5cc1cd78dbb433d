#include "engine/sim/solve.hpp"

#include "engine/core/philox.hpp"
#include "engine/sim/sweep.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <boost/math/tools/roots.hpp>
#include <cmath>
#include <map>
#include <numeric>

namespace offersim::sim {

namespace {

// The stream of the bootstrap's draws, apart from every simulation stream of the seed.
constexpr std::uint32_t kBootstrapStream = stable_hash("solve-bootstrap");

double mean_of(const std::vector<double>& values) {
    return std::accumulate(values.begin(), values.end(), 0.0) / static_cast<double>(values.size());
}

// Where the piecewise-linear curve through (xs, gs) first crosses zero; when it does not,
// the end where |g| is smaller, with `outside` set.
double crossing(const std::vector<double>& xs, const std::vector<double>& gs, bool& outside) {
    for (std::size_t i = 0; i < xs.size(); ++i) {
        if (gs[i] == 0.0) return xs[i];
        if (i + 1 < xs.size() && (gs[i] < 0.0) != (gs[i + 1] < 0.0) && gs[i + 1] != 0.0)
            return xs[i] + (xs[i + 1] - xs[i]) * gs[i] / (gs[i] - gs[i + 1]);
    }
    outside = true;
    return std::fabs(gs.front()) < std::fabs(gs.back()) ? xs.front() : xs.back();
}

// The root for resamples of the replications (with replacement, keyed by the seed), from
// the per-replication figures at every value run, sorted by value.
std::vector<double> bootstrap_roots(const std::map<double, std::vector<double>>& runs, double target,
                                    std::uint64_t seed, int& outside) {
    std::vector<double> xs;
    for (const auto& [x, values] : runs) xs.push_back(x);
    const std::size_t reps = runs.begin()->second.size();
    const PhiloxKey key = replication_key(seed, kBootstrapStream);
    std::vector<double> roots(static_cast<std::size_t>(kBootstrapResamples));
    std::vector<std::size_t> picks(reps);
    std::vector<double> gs(xs.size());
    for (int b = 0; b < kBootstrapResamples; ++b) {
        for (std::size_t i = 0; i < reps; ++i) {
            const PhiloxCounter bits =
                philox4x32({static_cast<std::uint32_t>(b), static_cast<std::uint32_t>(i), 0, 0}, key);
            picks[i] = std::min(reps - 1,
                                static_cast<std::size_t>(to_unit_open(bits.c0) * static_cast<double>(reps)));
        }
        std::size_t k = 0;
        for (const auto& [x, values] : runs) {
            double sum = 0.0;
            for (std::size_t i : picks) sum += values[i];
            gs[k++] = sum / static_cast<double>(reps) - target;
        }
        bool out = false;
        roots[static_cast<std::size_t>(b)] = crossing(xs, gs, out);
        outside += out ? 1 : 0;
    }
    return roots;
}

}  // namespace

double solve_grid_value(double x, double tolerance) {
    // The largest power of ten at most a quarter of the tolerance, as decimal places.
    const int places = static_cast<int>(std::ceil(-std::log10(tolerance / 4.0)));
    if (places >= 0) {
        const double scale = std::pow(10.0, places);
        return std::round(x * scale) / scale;
    }
    const double step = std::pow(10.0, -places);
    return std::round(x / step) * step;
}

SolveResult solve(const scenario::Scenario& base, const std::function<scenario::Scenario(double)>& at,
                  const SolveSpec& spec, const RunConfig& config) {
    SolveResult result;
    FigureSamples base_figures;
    if (spec.metric.ends_with("_delta")) {
        base_figures = figure_samples(run_scenario(base, config));
        result.runs += 1;
    }
    std::map<double, std::vector<double>> runs;  // the metric per replication, by value
    const auto figure_at = [&](double exact) -> const std::vector<double>& {
        const double x = solve_grid_value(exact, spec.tolerance);
        if (const auto found = runs.find(x); found != runs.end()) return found->second;
        const FigureSamples point = figure_samples(run_scenario(at(x), config));
        std::vector<double> values =
            metric_samples(point, base_figures.empty() ? point : base_figures, spec.metric, spec.where);
        result.runs += 1;
        result.evaluations.push_back({x, summarise(values)});
        return runs.emplace(x, std::move(values)).first->second;
    };
    const auto objective = [&](double x) { return mean_of(figure_at(x)) - spec.target; };

    const double g_lo = objective(spec.lo);
    const double g_hi = objective(spec.hi);
    if (g_lo != 0.0 && g_hi != 0.0 && (g_lo < 0.0) == (g_hi < 0.0))
        throw InputError(
            {{spec.where, fmt::format("the target {} = {} is not bracketed by {} .. {}: the figure "
                                      "is {} at {} and {} at {}, both on the same side; widen "
                                      "--bracket or check the target",
                                      spec.metric, spec.target, spec.lo, spec.hi, g_lo + spec.target, spec.lo,
                                      g_hi + spec.target, spec.hi)}});
    // The objective is piecewise constant in the parameter (common random numbers), so
    // bisection on the bracket, stopping at the tolerance, is the robust choice.
    const double tolerance = spec.tolerance;
    const auto close_enough = [tolerance](double a, double b) { return std::fabs(b - a) <= tolerance; };
    const auto [lo, hi] = boost::math::tools::bisect(objective, spec.lo, spec.hi, close_enough);
    result.bracket_lo = solve_grid_value(lo, tolerance);  // the values run at its ends
    result.bracket_hi = solve_grid_value(hi, tolerance);
    // The mean curve through every value run, crossing the target: inside the final bracket
    // when the curve is monotone, and found the same way as each bootstrap resample's root.
    std::vector<double> xs, gs;
    for (const auto& [x, values] : runs) {
        xs.push_back(x);
        gs.push_back(mean_of(values) - spec.target);
    }
    bool outside = false;
    result.root = crossing(xs, gs, outside);

    std::vector<double> roots = bootstrap_roots(runs, spec.target, config.seed, result.resamples_outside);
    const double mean = mean_of(roots);
    double squares = 0.0;
    for (double r : roots) squares += (r - mean) * (r - mean);
    result.band = summarise(roots);
    result.band.std_error = std::sqrt(squares / static_cast<double>(roots.size() - 1));
    return result;
}

}  // namespace offersim::sim
