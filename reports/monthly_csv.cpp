#include "reports/monthly_csv.hpp"

#include <fmt/format.h>

namespace offersim::reports {

std::string monthly_csv(const sim::RunResults& r) {
    std::string out = "month,segment,metric,mean,std_error,p5,p50,p95\n";
    out.reserve(r.monthly.size() * 64);
    for (const auto& line : r.monthly) {
        const auto& b = line.band;
        // Shortest round-trip form: the CSV holds the exact doubles of the run.
        fmt::format_to(std::back_inserter(out), "{},{},{},{},{},{},{},{}\n", line.month,
                       r.segment_ids[static_cast<std::size_t>(line.segment)], line.metric, b.mean, b.std_error, b.p5,
                       b.p50, b.p95);
    }
    return out;
}

}  // namespace offersim::reports
