// extract_bench: how fast a customer extract is read (docs/performance.md, "Customer
// extracts"). Writes N rows (default 10,000,000) of the sample generator to a temporary CSV,
// then times reading it as a scenario's initial base: parsing, checking each row, hashing
// each id twice and sorting each segment by key.
// Usage: extract_bench [rows] [utf-8|gbk|auto]
#include "engine/data/customer_extract.hpp"
#include "engine/data/sample_extract.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>

int main(int argc, char** argv) {
    using namespace offersim::data;
    using Clock = std::chrono::steady_clock;
    const long long rows = argc > 1 ? std::atoll(argv[1]) : 10'000'000;
    const TextEncoding encoding =
        argc > 2 ? encoding_named(argv[2]).value_or(TextEncoding::detect) : TextEncoding::utf8;
    const auto seconds = [](Clock::time_point since) {
        return std::chrono::duration<double>(Clock::now() - since).count();
    };
    auto start = Clock::now();
    const auto path =
        std::filesystem::temp_directory_path() / fmt::format("offersim-extract-bench-{}.csv", ::getpid());
    {
        // A block of up to a million drawn rows, written again with a prefix on each id until
        // `rows` are out: drawing every row takes minutes (a gamma quantile per tenure).
        const long long block = std::min(rows, 1'000'000LL);
        const std::string csv = generate_customer_extract(block, 1);
        const std::size_t body = csv.find('\n') + 1;
        std::ofstream file(path, std::ios::binary);
        file << csv.substr(0, body);
        long long written = 0;
        for (int copy = 0; written < rows; ++copy) {
            for (std::size_t at = body; at < csv.size() && written < rows; ++written) {
                const std::size_t end = csv.find('\n', at) + 1;
                file << copy << csv.substr(at, end - at);
                at = end;
            }
        }
    }
    const double generate_s = seconds(start);
    const ExtractNames names{{"mass", "vip"}, {"basic_38", "plus_88"}, {"silver", "gold"}, {}};
    start = Clock::now();
    const std::clock_t cpu_start = std::clock();
    const CustomerExtract x = read_customer_extract(path, names, kSampleAsOf, encoding);
    const double read_s = seconds(start);
    const double cpu_s = static_cast<double>(std::clock() - cpu_start) / CLOCKS_PER_SEC;
    const auto bytes = std::filesystem::file_size(path);
    std::filesystem::remove(path);
    // Processor time as well as wall time: on a shared machine the wall time measures the load.
    fmt::print(
        "rows {}  file {:.0f} MB  generate {:.2f} s  read ({}) {:.2f} s wall: {:.2f} M rows/s, {:.0f} MB/s; "
        "{:.2f} s processor: {:.2f} M rows per processor-second\n",
        x.rows, bytes / 1e6, generate_s, encoding_name(x.encoding), read_s, x.rows / read_s / 1e6,
        bytes / read_s / 1e6, cpu_s, x.rows / cpu_s / 1e6);
    return 0;
}
