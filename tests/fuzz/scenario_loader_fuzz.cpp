// libFuzzer target over the scenario loader and validator: any bytes must give a
// Scenario or an InputError with positioned messages, never a crash, hang or sanitizer
// report. Built in the sanitizer tree (OFFERSIM_FUZZ, clang) and run by scripts/fuzz.sh.
#include "engine/scenario/loader.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    try {
        // A file name in a folder that holds nothing, so `extends` finds no real files.
        (void)offersim::scenario::load_scenario_text(text, "/nonexistent-offersim-fuzz/fuzz.yaml");
    } catch (const offersim::InputError& e) {
        for (const auto& d : e.diagnostics())
            if (d.message.empty()) std::abort();  // every problem must say what it is
    }
    return 0;
}
