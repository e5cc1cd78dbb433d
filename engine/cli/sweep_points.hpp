#pragma once
// The points of a sweep from its --set options: a list of values, a range with a step, or
// (with --lhs N) a Latin hypercube over ranges, drawn by the seed and keyed by each path, so
// the same options and seed give the same points.
#include "engine/scenario/parameter_path.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace offersim::cli {

struct SweepAxis {
    scenario::ParameterPath path;
    std::vector<double> values;  // a grid's values
    double lo = 0.0, hi = 0.0;   // a hypercube's range
    double step = 0.0;           // 0: none; values are rounded to a multiple of it from lo
    int places = 0;              // decimals written in the range, which values are rounded to
};

// One --set: "PATH=v1,v2,...", "PATH=lo:hi:step", or for a hypercube "PATH=lo:hi[:step]".
// InputError (at "--set") on bad syntax, an empty or reversed range, or over 10,000 values.
SweepAxis parse_sweep_axis(std::string_view option, bool hypercube);

// Every combination of the axes' values, the first axis slowest.
std::vector<std::vector<double>> grid_points(const std::vector<SweepAxis>& axes);

// `n` points of a Latin hypercube: each axis's range cut into n strata, one point in each,
// the strata's order and the place within each drawn from (seed, the axis's path).
std::vector<std::vector<double>> latin_hypercube(const std::vector<SweepAxis>& axes, int n,
                                                 std::uint64_t seed);

}  // namespace offersim::cli
