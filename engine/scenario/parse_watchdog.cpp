#include "engine/scenario/parse_watchdog.hpp"

#include <fmt/format.h>

#include <unistd.h>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>

namespace offersim::scenario {

namespace {

std::chrono::nanoseconds clock_time(clockid_t clock) {
    timespec t{};
    ::clock_gettime(clock, &t);
    return std::chrono::seconds(t.tv_sec) + std::chrono::nanoseconds(t.tv_nsec);
}

}  // namespace

std::size_t resident_memory_bytes() {
    std::ifstream statm("/proc/self/statm");
    std::size_t pages = 0, resident = 0;
    if (!(statm >> pages >> resident)) return 0;
    return resident * static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
}

void ParseWatchdog::exit_with_input_error(const std::string& message) {
    std::fprintf(stderr, "error: %s\n1 problem found; nothing was written.\n", message.c_str());
    std::fflush(stderr);
    std::_Exit(2);  // the parsing thread is inside yaml-cpp: no unwinding, no exit handlers
}

ParseWatchdog::ParseWatchdog(std::string file, Limits limits, Expiry on_expiry)
    : file_(std::move(file)), limits_(limits), on_expiry_(std::move(on_expiry)) {
    ::pthread_getcpuclockid(::pthread_self(), &parser_clock_);
    parser_start_ = clock_time(parser_clock_);
    memory_start_ = resident_memory_bytes();
    thread_ = std::thread([this] { watch(); });
}

ParseWatchdog::~ParseWatchdog() {
    {
        const std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    stop_signal_.notify_one();
    thread_.join();
}

void ParseWatchdog::watch() {
    std::unique_lock lock(mutex_);
    while (!stop_signal_.wait_for(lock, limits_.poll, [this] { return stopping_; })) {
        const auto used = clock_time(parser_clock_) - parser_start_;
        if (used > limits_.processor_time) {
            on_expiry_(
                fmt::format("{}: parsing took more than {:.1f} s of processor time inside the YAML "
                            "parser, the time budget of one scenario; the file is probably not a "
                            "scenario, or is built to stall the parser",
                            file_, std::chrono::duration<double>(limits_.processor_time).count()));
            return;
        }
        const std::size_t memory = resident_memory_bytes();
        if (memory > memory_start_ && memory - memory_start_ > limits_.memory_growth_bytes) {
            on_expiry_(
                fmt::format("{}: parsing used more than {} MiB of memory inside the YAML parser, the "
                            "memory budget of one scenario; the file is probably not a scenario, or "
                            "is built to exhaust the parser",
                            file_, limits_.memory_growth_bytes >> 20));
            return;
        }
    }
}

}  // namespace offersim::scenario
