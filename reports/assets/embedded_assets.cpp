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
extern const char offersim_assets_report_css[];
extern const std::size_t offersim_assets_report_css_size;
extern const char offersim_assets_report_js[];
extern const std::size_t offersim_assets_report_js_size;
extern const char offersim_assets_comparison_css[];
extern const std::size_t offersim_assets_comparison_css_size;
extern const char offersim_assets_comparison_js[];
extern const std::size_t offersim_assets_comparison_js_size;
extern const char offersim_assets_sweep_js[];
extern const std::size_t offersim_assets_sweep_js_size;
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

std::string_view report_css() noexcept {
    return {offersim_assets_report_css, offersim_assets_report_css_size};
}

std::string_view report_js() noexcept {
    return {offersim_assets_report_js, offersim_assets_report_js_size};
}

std::string_view comparison_css() noexcept {
    return {offersim_assets_comparison_css, offersim_assets_comparison_css_size};
}

std::string_view comparison_js() noexcept {
    return {offersim_assets_comparison_js, offersim_assets_comparison_js_size};
}

std::string_view sweep_js() noexcept {
    return {offersim_assets_sweep_js, offersim_assets_sweep_js_size};
}

}  // namespace offersim::reports::assets
