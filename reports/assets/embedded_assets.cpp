#include "embedded_assets.hpp"

#include <cstddef>

// Symbols defined in the assembler file generated from embedded_assets.S.in.
// Each blob is followed by a NUL byte (not counted in its size).
extern "C" {
extern const char offersim_assets_echarts_js[];
extern const std::size_t offersim_assets_echarts_js_size;
extern const char offersim_assets_echarts_license[];
extern const std::size_t offersim_assets_echarts_license_size;
extern const char offersim_assets_echarts_version[];
extern const std::size_t offersim_assets_echarts_version_size;
}

namespace offersim::reports::assets {

std::string_view echarts_js() noexcept {
    return {offersim_assets_echarts_js, offersim_assets_echarts_js_size};
}

std::string_view echarts_license() noexcept {
    return {offersim_assets_echarts_license, offersim_assets_echarts_license_size};
}

std::string_view echarts_version() noexcept {
    return {offersim_assets_echarts_version, offersim_assets_echarts_version_size};
}

}  // namespace offersim::reports::assets
