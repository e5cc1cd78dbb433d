#pragma once
// The one door to the optimiser (NLopt): maximises a smooth function given with its
// gradient. Only maximise.cpp includes NLopt.
#include <functional>
#include <span>
#include <string>
#include <vector>

namespace offersim::calibration {

// f(x) returning its value and writing its gradient into `gradient` (same size as x).
using Objective = std::function<double(std::span<const double> x, std::span<double> gradient)>;

struct Maximum {
    std::vector<double> x;
    double value = 0.0;
    bool converged = false;
    std::string note;  // the optimiser's word when it did not converge
};

// Maximises `f` from `start` by L-BFGS (NLopt's LD_LBFGS), to a relative tolerance of 1e-12
// in x, at most 2000 evaluations, each coordinate kept within [-bound, bound] (0: free).
// An evaluation that throws or is not finite counts as -infinity.
Maximum maximise(const Objective& f, std::vector<double> start, double bound = 0.0);

}  // namespace offersim::calibration
