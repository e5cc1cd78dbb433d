// The watchdog behind the parse budget ends loops the event-counted budget cannot see.
#include "engine/scenario/parse_watchdog.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

namespace offersim::scenario {
namespace {

using namespace std::chrono_literals;

// Spins the calling thread (a loop that emits nothing) until `done`, or gives up after 20 s
// so a watchdog that never fires fails the test instead of hanging it.
void spin_until(const std::atomic<bool>& done) {
    const auto give_up = std::chrono::steady_clock::now() + 20s;
    volatile std::uint64_t work = 0;
    while (!done.load() && std::chrono::steady_clock::now() < give_up) work = work + 1;
}

TEST(ParseWatchdog, EndsAThreadThatSpinsPastItsProcessorTime) {
    std::atomic<bool> expired{false};
    std::string message;
    {
        const ParseWatchdog watchdog("stall.yaml",
                                     {.processor_time = 30ms, .memory_growth_bytes = 1u << 30, .poll = 5ms},
                                     [&](const std::string& m) {
                                         message = m;
                                         expired = true;
                                     });
        spin_until(expired);
    }
    ASSERT_TRUE(expired.load());
    EXPECT_NE(message.find("stall.yaml: parsing took more than 0.0 s of processor time"), std::string::npos)
        << message;
}

TEST(ParseWatchdog, EndsAParseThatGrowsPastItsMemory) {
    std::atomic<bool> expired{false};
    std::string message;
    std::vector<std::unique_ptr<char[]>> blocks;
    {
        const ParseWatchdog watchdog("bomb.yaml",
                                     {.processor_time = 60s, .memory_growth_bytes = 32u << 20, .poll = 5ms},
                                     [&](const std::string& m) {
                                         message = m;
                                         expired = true;
                                     });
        const auto give_up = std::chrono::steady_clock::now() + 20s;
        // Up to 256 MiB, touched so that it is resident.
        while (!expired.load() && blocks.size() < 64 && std::chrono::steady_clock::now() < give_up) {
            blocks.push_back(std::make_unique<char[]>(4u << 20));
            std::memset(blocks.back().get(), 1, 4u << 20);
            std::this_thread::sleep_for(2ms);
        }
        while (!expired.load() && std::chrono::steady_clock::now() < give_up)
            std::this_thread::sleep_for(2ms);
    }
    ASSERT_TRUE(expired.load());
    EXPECT_NE(message.find("bomb.yaml: parsing used more than 32 MiB of memory"), std::string::npos)
        << message;
}

TEST(ParseWatchdog, StaysQuietWhenTheParseEndsWithinItsBudget) {
    bool expired = false;
    {
        const ParseWatchdog watchdog("fine.yaml",
                                     {.processor_time = 10s, .memory_growth_bytes = 1u << 30, .poll = 1ms},
                                     [&](const std::string&) { expired = true; });
        std::this_thread::sleep_for(10ms);
    }
    EXPECT_FALSE(expired);
}

TEST(ParseWatchdogDeathTest, ByDefaultEndsTheProcessWithExitCode2AndNothingWritten) {
    EXPECT_EXIT(
        {
            std::atomic<bool> never{false};
            const ParseWatchdog watchdog(
                "stall.yaml", {.processor_time = 20ms, .memory_growth_bytes = 1u << 30, .poll = 5ms});
            spin_until(never);
        },
        testing::ExitedWithCode(2),
        "error: stall.yaml: parsing took more than .* processor time.*\n1 problem found; nothing was "
        "written");
}

}  // namespace
}  // namespace offersim::scenario
