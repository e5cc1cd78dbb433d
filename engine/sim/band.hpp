#pragma once
// A figure over replications (mean, standard error, P5 / P50 / P95) and a named headline
// figure: the records every result type is made of (results.hpp, group_results.hpp).
#include <optional>
#include <string>
#include <vector>

namespace offersim::sim {

struct Band {
    double mean = 0.0;
    double std_error = 0.0;  // of the mean over replications
    double p5 = 0.0;
    double p50 = 0.0;
    double p95 = 0.0;
    int n = 0;
};

// Summary of `values` (one per replication); percentiles interpolate linearly between
// order statistics (Hyndman & Fan type 7).
Band summarise(std::vector<double> values);

// Summary of the replications in which a figure is defined; when it is in none, every
// statistic is NaN and n is 0.
Band summarise_defined(const std::vector<std::optional<double>>& values);

// Headline figures of one run, in CNY where money.
struct Headline {
    std::string key;  // e.g. "revenue_total_cny", stable for JSON and tests
    Band band;
};

}  // namespace offersim::sim
