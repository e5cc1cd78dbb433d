#include "reports/monthly_csv.hpp"

#include "reports/csv_cell.hpp"

#include <fmt/format.h>
#include <vector>

namespace offersim::reports {

std::string monthly_csv(const sim::RunResults& r) {
    std::string out = "month,segment,metric,mean,std_error,p5,p50,p95\n";
    out.reserve(r.monthly.size() * 64);
    std::vector<std::string> segments;
    for (const auto& id : r.segment_ids) segments.push_back(csv_text(id));
    for (const auto& line : r.monthly) {
        const auto& b = line.band;
        // Shortest round-trip form: the CSV holds the exact doubles of the run.
        fmt::format_to(std::back_inserter(out), "{},{},{},{},{},{},{},{}\n", line.month,
                       segments[static_cast<std::size_t>(line.segment)], csv_text(line.metric), b.mean,
                       b.std_error, b.p5, b.p50, b.p95);
    }
    return out;
}

std::string offers_csv(const sim::RunResults& r) {
    std::string out = "month,offer,metric,mean,std_error,p5,p50,p95\n";
    for (std::size_t t = 0; t < r.offer_monthly.size(); ++t)
        for (std::size_t k = 0; k < r.offers.size(); ++k)
            for (int m = 0; m < sim::kOfferMetricCount; ++m) {
                const auto& b = r.offer_monthly[t][k][static_cast<std::size_t>(m)];
                const bool money = m >= static_cast<int>(sim::OfferMetric::revenue);
                fmt::format_to(std::back_inserter(out), "{},{},{}{},{},{},{},{},{}\n", t + 1,
                               csv_text(r.offers[k].id), sim::kOfferMetricNames[static_cast<std::size_t>(m)],
                               money ? "_cny" : "", b.mean, b.std_error, b.p5, b.p50, b.p95);
            }
    return out;
}

}  // namespace offersim::reports
