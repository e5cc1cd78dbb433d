#pragma once
// The last line of the parse budget. ParseBudget is counted in the parser's events, so a
// yaml-cpp loop that emits none (spinning, or allocating, between two events) would escape
// it. The watchdog watches from another thread: the parsing thread's processor time and the
// process's resident memory. A loop inside yaml-cpp cannot be unwound from outside, so on
// expiry the watchdog reports the budget and, by default, ends the process with exit code 2:
// nothing is written while a scenario loads.
#include <pthread.h>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

namespace offersim::scenario {

class ParseWatchdog {
public:
    struct Limits {
        std::chrono::nanoseconds processor_time;  // of the thread that created the watchdog
        std::size_t memory_growth_bytes;          // resident memory above its level at the start
        std::chrono::milliseconds poll{50};
    };
    // Called once, on the watchdog's thread, with the message to show.
    using Expiry = std::function<void(const std::string& message)>;

    // Prints `message` as an input error and ends the process with exit code 2.
    static void exit_with_input_error(const std::string& message);

    ParseWatchdog(std::string file, Limits limits, Expiry on_expiry = exit_with_input_error);
    ~ParseWatchdog();
    ParseWatchdog(const ParseWatchdog&) = delete;
    ParseWatchdog& operator=(const ParseWatchdog&) = delete;

private:
    void watch();

    std::string file_;
    Limits limits_;
    Expiry on_expiry_;
    clockid_t parser_clock_{};
    std::chrono::nanoseconds parser_start_{};
    std::size_t memory_start_ = 0;
    std::mutex mutex_;
    std::condition_variable stop_signal_;
    bool stopping_ = false;
    std::thread thread_;  // last: started once everything it reads is set
};

// The process's resident memory in bytes (0 where /proc is not available).
std::size_t resident_memory_bytes();

}  // namespace offersim::scenario
