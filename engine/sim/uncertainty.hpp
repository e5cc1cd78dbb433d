#pragma once
// Uncertain parameters in a run (docs/models.md, "Uncertain parameters"): each parameter
// draw d sets every uncertain input to its quantile at a uniform keyed by (seed, the input's
// path, d) and runs replications d * n_inner .. d * n_inner + n_inner - 1 of the seed's
// streams, so a baseline and its variants share draws and noise. The band then splits by a
// one-way analysis of variance, and runs at each input's P5 and P95 give the tornado.
#include "engine/scenario/loader.hpp"
#include "engine/scenario/scenario.hpp"
#include "engine/sim/metric_cube.hpp"
#include "models/uncertain_quantity.hpp"

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace offersim::sim {

// An uncertain input as the reports list it: its law's name, range and source.
struct UncertainInputSummary {
    std::string path;
    std::string law;  // triangular, normal, lognormal, uniform, beta, draws
    double p5 = 0.0;
    double median = 0.0;
    double p95 = 0.0;
    std::string source;
};

// A headline figure's band split into the parameters' part and the simulation noise.
struct BandSplit {
    std::string key;  // a headline key
    models::VarianceSplit split;
};

// One input's bar: the change in the mean of the measured figures when it alone is at its
// P5 or P95 and every other input at its median, against the run with all at their medians.
struct TornadoBar {
    std::string path;
    double npv_at_p5 = 0.0;
    double npv_at_p95 = 0.0;
    double churn_at_p5 = 0.0;  // change in the monthly churn rate
    double churn_at_p95 = 0.0;
    double npv_swing() const {
        return npv_at_p95 > npv_at_p5 ? npv_at_p95 - npv_at_p5 : npv_at_p5 - npv_at_p95;
    }
};

struct UncertaintySummary {
    int draws = 0;  // 0: no input is uncertain, the band is simulation noise only
    int n_inner = 0;
    std::vector<UncertainInputSummary> inputs;
    std::vector<BandSplit> splits;    // by headline key
    std::vector<TornadoBar> tornado;  // widest NPV swing first

    bool any() const { return !inputs.empty(); }
    const BandSplit* split(std::string_view key) const;
};

// Each tornado point runs this many replications (fewer when the run has fewer), on the
// streams of the run's first replications: with common random numbers a point's change is
// measured far more closely than the band, and 2 x inputs + 1 points stay cheap beside the draws.
inline constexpr int kTornadoReplications = 10;
inline int tornado_replications(int replications) {
    return replications < kTornadoReplications ? replications : kTornadoReplications;
}

// The uniform in (0, 1) of draw `draw` for the input at `path`.
double parameter_uniform(std::uint64_t seed, std::string_view path, int draw);

// Every uncertain input's value in draw `draw`.
std::vector<scenario::DrawnValue> draw_values(const std::vector<scenario::UncertainInput>& inputs,
                                              std::uint64_t seed, int draw);

// `sc` decoded again from its parsed files with `values` set (the other inputs at their
// medians): no file is read again.
scenario::Scenario scenario_at(const scenario::Scenario& sc, const std::vector<scenario::DrawnValue>& values);

// Throws InputError unless `replications` are a multiple of sc.n_inner holding two draws.
int draw_count(const scenario::Scenario& sc, int replications);

// Copies `part`'s replications into `into` from replication `first` on.
void place_replications(MetricCube& into, const MetricCube& part, int first);

// Each figure's split over the draws of `n_inner` consecutive replications.
std::vector<BandSplit> split_bands(const std::vector<std::pair<std::string, std::vector<double>>>& samples,
                                   int n_inner);

std::vector<UncertainInputSummary> describe_inputs(const std::vector<scenario::UncertainInput>& inputs);

using Samples = std::vector<std::pair<std::string, std::vector<double>>>;

// The tornado's figures from a run's headline samples: the mean NPV and monthly churn rate.
std::pair<double, double> tornado_means(const Samples& samples);

// `variant` minus `baseline`, replication by replication, figure by figure (same keys).
Samples paired_differences(const Samples& baseline, const Samples& variant);

// An input at a probability: a tornado's P5 or P95 point. Each scenario of a comparison
// takes its own law's quantile there.
struct QuantilePoint {
    std::string path;
    double u = 0.5;
};

// The values of those of `inputs` that `points` name.
std::vector<scenario::DrawnValue> values_at(const std::vector<scenario::UncertainInput>& inputs,
                                            const std::vector<QuantilePoint>& points);

// The paths of every scenario's uncertain inputs, each once, in order.
std::vector<std::string> input_paths(const std::vector<scenario::Scenario>& scenarios);

// The measured means (NPV, monthly churn rate) of each figure a run or a comparison reports
// (a run: its own; a comparison: each variant's change), with the inputs at `points` and
// the rest at their medians.
using PointMeasure = std::function<std::vector<std::pair<double, double>>(const std::vector<QuantilePoint>&)>;

// By figure, each input at its P5 and at its P95 against all at their medians, widest NPV
// swing first: 2 x inputs + 1 measurements.
std::vector<std::vector<TornadoBar>> tornado(const std::vector<std::string>& paths,
                                             const PointMeasure& measure);

}  // namespace offersim::sim
