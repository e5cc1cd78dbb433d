// calibration_bench: the time `offersim calibrate` takes on a large churn history. Draws a
// history of N customers (default 1,000,000) from the sample generator's sBG segment, writes
// it to a temporary CSV, then times reading it (rows a second) and fitting sBG and Weibull.
// Usage: calibration_bench [customers]
#include "engine/calibration/calibration_data.hpp"
#include "engine/calibration/fits.hpp"
#include "engine/calibration/sample_data.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>

int main(int argc, char** argv) {
    using namespace offersim::calibration;
    using Clock = std::chrono::steady_clock;
    const int customers = argc > 1 ? std::atoi(argv[1]) : 1'000'000;
    SampleSegment segment = shipped_sample_segments().front();
    segment.customers = customers;
    segment.usage_customers = 0;
    segment.choice_situations = 0;
    const auto seconds = [](Clock::time_point since) {
        return std::chrono::duration<double>(Clock::now() - since).count();
    };
    auto start = Clock::now();
    const SampleFiles files = generate_sample({segment}, 1);
    const double generate_s = seconds(start);
    const auto path =
        std::filesystem::temp_directory_path() / fmt::format("offersim-calib-bench-{}.csv", ::getpid());
    std::ofstream(path, std::ios::binary) << files.history_csv;
    start = Clock::now();
    const auto histories = read_history(path);
    const double read_s = seconds(start);
    std::filesystem::remove(path);
    start = Clock::now();
    const ChurnFit fit = fit_churn("mass", histories.at("mass"));
    const double fit_s = seconds(start);
    fmt::print(
        "customers {}  generate {:.2f} s  read {:.2f} s ({:.2f} M rows/s, {} distinct records)  fit "
        "sBG+Weibull "
        "{:.3f} s\n",
        customers, generate_s, read_s, customers / read_s / 1e6, histories.at("mass").size(), fit_s);
    fmt::print("sBG alpha {:.4f} (SE {:.4f}) beta {:.3f} (SE {:.3f}); true 1.5, 12\n",
               fit.sbg.estimates[0].value, fit.sbg.estimates[0].std_error, fit.sbg.estimates[1].value,
               fit.sbg.estimates[1].std_error);
    return 0;
}
