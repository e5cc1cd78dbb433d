#include "engine/sim/uncertainty.hpp"

#include "engine/core/error.hpp"
#include "engine/core/philox.hpp"
#include "models/estimates.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <array>
#include <cmath>
#include <numeric>

namespace offersim::sim {

const BandSplit* UncertaintySummary::split(std::string_view key) const {
    for (const auto& s : splits)
        if (s.key == key) return &s;
    return nullptr;
}

double parameter_uniform(std::uint64_t seed, std::string_view path, int draw) {
    // Keyed by the path (two independent hashes) and counted by draw and seed: the same input
    // draws the same uniform in every scenario of a comparison.
    const std::string salted = fmt::format("offersim.parameter:{}", path);
    const PhiloxKey key{stable_hash(path), stable_hash(salted)};
    const PhiloxCounter c{static_cast<std::uint32_t>(draw), static_cast<std::uint32_t>(seed),
                          static_cast<std::uint32_t>(seed >> 32), 0x70617261u};
    return to_unit_open(philox4x32(c, key).c0);
}

namespace {

// A joint draw outside its bounds is drawn again at most this often; with every mean inside
// its bounds (the loader checks the medians) a draw lands inside with probability at least
// 1/2 per bounded coefficient.
constexpr int kMaxTruncationAttempts = 10'000;

// An input estimated with others in one file (docs/models.md §36), in draw `draw`: a
// coefficient is mean + L z with each z keyed by its file and coefficient name, so every
// input from the file, in every scenario naming it, is drawn from one joint normal; a
// posterior column takes the row that a uniform keyed by its file picks, the same row for
// each of the file's columns.
double joint_value(const scenario::JointEstimate& est, std::uint64_t seed, int draw) {
    if (est.kind == scenario::JointEstimate::Kind::posterior_rows) {
        const int rows = static_cast<int>(est.column.size());
        return est.column[static_cast<std::size_t>(
            models::drawn_row(rows, parameter_uniform(seed, est.key, draw)))];
    }
    models::UncertainQuantity standard;
    standard.kind = models::UncertainKind::normal;
    standard.sd = 1.0;
    // Attempt a's standard normals; attempt 0 keeps the keys of an unbounded draw.
    const auto normals = [&](int attempt, int count) {
        std::vector<double> z;
        for (int k = 0; k < count; ++k) {
            const std::string& name = est.names[static_cast<std::size_t>(k)];
            z.push_back(models::quantile(
                standard,
                parameter_uniform(seed,
                                  attempt == 0 ? est.key + ":" + name
                                               : fmt::format("{}:{}:attempt {}", est.key, name, attempt),
                                  draw)));
        }
        return z;
    };
    const auto within = [&](const std::vector<double>& z) {
        for (std::size_t k = 0; k < est.lower_bound.size(); ++k) {
            const double v = models::correlated_normal(est.mean, est.lower, static_cast<int>(k), z);
            if (v < est.lower_bound[k] || v > est.upper_bound[k]) return false;
        }
        return true;
    };
    const bool bounded = std::any_of(est.lower_bound.begin(), est.lower_bound.end(),
                                     [](double b) { return std::isfinite(b); }) ||
                         std::any_of(est.upper_bound.begin(), est.upper_bound.end(),
                                     [](double b) { return std::isfinite(b); });
    if (!bounded) return models::correlated_normal(est.mean, est.lower, est.index, normals(0, est.index + 1));
    // The file's coefficients are drawn whole and drawn again while any the scenario uses lies
    // outside its field's bounds: the joint normal truncated to them (docs/models.md §36).
    const int all = static_cast<int>(est.names.size());
    for (int attempt = 0; attempt < kMaxTruncationAttempts; ++attempt) {
        const std::vector<double> z = normals(attempt, all);
        if (within(z)) return models::correlated_normal(est.mean, est.lower, est.index, z);
    }
    throw RunError(
        fmt::format("the estimates of {} fall outside their fields' bounds in {} draws running: "
                    "their estimates lie too close to a bound for a normal law",
                    est.key, kMaxTruncationAttempts));
}

}  // namespace

std::vector<scenario::DrawnValue> draw_values(const std::vector<scenario::UncertainInput>& inputs,
                                              std::uint64_t seed, int draw) {
    std::vector<scenario::DrawnValue> values;
    for (const auto& in : inputs)
        values.push_back({in.path, in.joint
                                       ? scenario::at_field_precision(in, joint_value(*in.joint, seed, draw))
                                       : scenario::drawn_value(in, parameter_uniform(seed, in.path, draw))});
    return values;
}

scenario::Scenario scenario_at(const scenario::Scenario& sc,
                               const std::vector<scenario::DrawnValue>& values) {
    require(sc.files || !sc.source_files.empty(),
            "scenario '{}' has uncertain inputs but no file to draw them from", sc.name);
    return scenario::reload_scenario(sc, {}, values);
}

int draw_count(const scenario::Scenario& sc, int replications) {
    if (replications % sc.n_inner != 0 || replications < 2 * sc.n_inner)
        throw InputError(
            {{SourcePos{},
              fmt::format("{} replications cannot be split into parameter draws of {} (uncertainty."
                          "n_inner): give a multiple of {} holding at least two draws, e.g. {}",
                          replications, sc.n_inner, sc.n_inner,
                          std::max(2, replications / sc.n_inner + 1) * sc.n_inner)}});
    return replications / sc.n_inner;
}

void place_replications(MetricCube& into, const MetricCube& part, int first) {
    const int r = part.replications;
    place_replication_rows(into.values, part.values, r, first);
    place_replication_rows(into.active_by_tier, part.active_by_tier, r, first);
    place_replication_rows(into.offer_values, part.offer_values, r, first);
    place_replication_rows(into.cohort_payback, part.cohort_payback, r, first);
    place_replication_rows(into.migrations, part.migrations, r, first);
    if (!part.win_back.empty()) {
        into.win_back.resize(static_cast<std::size_t>(into.replications));
        std::copy(part.win_back.begin(), part.win_back.end(),
                  into.win_back.begin() + static_cast<std::ptrdiff_t>(first));
    }
    if (part.views.enabled()) {  // the per-customer views, [rep][...] like the figures
        if (!into.views.enabled())
            into.views =
                CustomerViewCube(into.replications, part.views.months, part.views.levels, part.views.bands);
        place_replication_rows(into.views.by_level, part.views.by_level, r, first);
        place_replication_rows(into.views.by_band, part.views.by_band, r, first);
        place_replication_rows(into.views.margin, part.views.margin, r, first);
    }
    if (!part.group_runs.empty()) {
        into.group_runs.resize(static_cast<std::size_t>(into.replications));
        std::copy(part.group_runs.begin(), part.group_runs.end(),
                  into.group_runs.begin() + static_cast<std::ptrdiff_t>(first));
    }
}

std::vector<BandSplit> split_bands(const std::vector<std::pair<std::string, std::vector<double>>>& samples,
                                   int n_inner) {
    std::vector<BandSplit> out;
    for (const auto& [key, values] : samples) out.push_back({key, models::split_variance(values, n_inner)});
    return out;
}

std::vector<UncertainInputSummary> describe_inputs(const std::vector<scenario::UncertainInput>& inputs) {
    static constexpr std::array<std::string_view, 6> kLaws = {"triangular", "normal", "lognormal",
                                                              "uniform",    "beta",   "draws"};
    std::vector<UncertainInputSummary> out;
    for (const auto& in : inputs)
        out.push_back({in.path,
                       in.joint
                           ? (in.joint->kind == scenario::JointEstimate::Kind::posterior_rows ? "posterior"
                                                                                              : "estimate")
                           : std::string(kLaws[static_cast<std::size_t>(in.quantity.kind)]),
                       scenario::drawn_value(in, 0.05), scenario::drawn_value(in, 0.5),
                       scenario::drawn_value(in, 0.95), in.source});
    return out;
}

std::pair<double, double> tornado_means(const Samples& samples) {
    double npv = 0.0, churn = 0.0;
    for (const auto& sample : samples) {
        const double mean = std::accumulate(sample.second.begin(), sample.second.end(), 0.0) /
                            static_cast<double>(std::max<std::size_t>(sample.second.size(), 1));
        if (sample.first == "npv_margin_cny") npv = mean;
        if (sample.first == "churn_rate_monthly") churn = mean;
    }
    return {npv, churn};
}

Samples paired_differences(const Samples& baseline, const Samples& variant) {
    Samples out = variant;
    for (std::size_t k = 0; k < out.size() && k < baseline.size(); ++k)
        for (std::size_t r = 0; r < out[k].second.size(); ++r) out[k].second[r] -= baseline[k].second[r];
    return out;
}

std::vector<scenario::DrawnValue> values_at(const std::vector<scenario::UncertainInput>& inputs,
                                            const std::vector<QuantilePoint>& points) {
    std::vector<scenario::DrawnValue> values;
    for (const auto& p : points)
        for (const auto& in : inputs)
            if (in.path == p.path) values.push_back({in.path, scenario::drawn_value(in, p.u)});
    return values;
}

std::vector<std::string> input_paths(const std::vector<scenario::Scenario>& scenarios) {
    std::vector<std::string> paths;
    for (const auto& sc : scenarios)
        for (const auto& in : sc.uncertain)
            if (std::find(paths.begin(), paths.end(), in.path) == paths.end()) paths.push_back(in.path);
    return paths;
}

std::vector<std::vector<TornadoBar>> tornado(const std::vector<std::string>& paths,
                                             const PointMeasure& measure) {
    const auto medians = measure({});
    std::vector<std::vector<TornadoBar>> bars(medians.size());
    for (const auto& path : paths) {
        const auto low = measure({{path, 0.05}});
        const auto high = measure({{path, 0.95}});
        for (std::size_t f = 0; f < medians.size(); ++f)
            bars[f].push_back({path, low[f].first - medians[f].first, high[f].first - medians[f].first,
                               low[f].second - medians[f].second, high[f].second - medians[f].second});
    }
    for (auto& figure : bars)
        std::stable_sort(figure.begin(), figure.end(), [](const TornadoBar& a, const TornadoBar& b) {
            return a.npv_swing() > b.npv_swing();
        });
    return bars;
}

}  // namespace offersim::sim
