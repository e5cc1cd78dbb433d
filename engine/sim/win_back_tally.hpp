#pragma once
// One replication's win-back counts, kept in the run's cube (MetricCube::win_back) by the
// customer simulation that ran the campaign, and summarised into WinBackResults after it.
#include <cstddef>
#include <vector>

namespace offersim::sim {

// Vectors by region, or by month (index month - 1).
struct WinBackTally {
    std::vector<double> eligible, employees, contacted, reported, confirmed, pending;
    std::vector<double> contacted_monthly, reported_monthly, confirmed_monthly;
    double judged_switchers = 0, judged_second_sims = 0, confirmed_switchers = 0, confirmed_second_sims = 0;
    // Our own churners who joined the pool within the horizon (docs/models.md §30).
    double churners_joined = 0;

    WinBackTally() = default;
    WinBackTally(std::size_t regions, int horizon)
        : eligible(regions),
          employees(regions),
          contacted(regions),
          reported(regions),
          confirmed(regions),
          pending(regions),
          contacted_monthly(static_cast<std::size_t>(horizon)),
          reported_monthly(static_cast<std::size_t>(horizon)),
          confirmed_monthly(static_cast<std::size_t>(horizon)) {}
};

}  // namespace offersim::sim
