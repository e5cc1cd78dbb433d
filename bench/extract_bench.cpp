// extract_bench: how fast a customer extract is read (docs/performance.md, "Customer
// extracts"). Writes N rows (default 10,000,000) of the sample generator to a temporary CSV,
// then times reading it as a scenario's initial base: parsing, checking each row, hashing
// each id twice and sorting each segment by key.
// Usage: extract_bench [rows] [utf-8|gbk|auto]
#include "engine/data/customer_extract.hpp"
#include "engine/data/sample_extract.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>

int main(int argc, char** argv) {
    using namespace offersim::data;
    using Clock = std::chrono::steady_clock;
    const long long rows = argc > 1 ? std::atoll(argv[1]) : 10'000'000;
    const TextEncoding encoding = argc > 2 ? encoding_named(argv[2]).value_or(TextEncoding::detect) : TextEncoding::utf8;
    const auto seconds = [](Clock::time_point since) {
        return std::chrono::duration<double>(Clock::now() - since).count();
    };
    auto start = Clock::now();
    const auto path = std::filesystem::temp_directory_path() / fmt::format("offersim-extract-bench-{}.csv", ::getpid());
    {
        const std::string csv = generate_customer_extract(rows, 1);
        std::ofstream(path, std::ios::binary) << csv;
    }
    const double generate_s = seconds(start);
    const ExtractNames names{{"mass", "vip"}, {"basic_38", "plus_88"}, {"silver", "gold"}};
    start = Clock::now();
    const CustomerExtract x = read_customer_extract(path, names, kSampleAsOf, encoding);
    const double read_s = seconds(start);
    const auto bytes = std::filesystem::file_size(path);
    std::filesystem::remove(path);
    fmt::print("rows {}  file {:.0f} MB  generate {:.2f} s  read ({}) {:.2f} s: {:.2f} M rows/s, {:.0f} MB/s\n", x.rows,
               bytes / 1e6, generate_s, encoding_name(x.encoding), read_s, x.rows / read_s / 1e6,
               bytes / read_s / 1e6);
    return 0;
}
