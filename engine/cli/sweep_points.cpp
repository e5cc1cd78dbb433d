#include "engine/cli/sweep_points.hpp"

#include "engine/core/philox.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <charconv>
#include <cmath>

namespace offersim::cli {

namespace {

constexpr std::size_t kMaxValues = 10'000;
const SourcePos kWhere{"--set", 0, 0};

[[noreturn]] void bad(std::string_view option, std::string_view problem) {
    throw InputError({{kWhere, fmt::format("'{}': {}; expected PATH=v1,v2,... or PATH=lo:hi:step, e.g. "
                                           "tiers[gotone_58].monthly_fee_cny=48:68:5",
                                           option, problem)}});
}

double number(std::string_view option, std::string_view text) {
    double v = 0.0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (text.empty() || ec != std::errc() || end != text.data() + text.size() || !std::isfinite(v))
        bad(option, fmt::format("'{}' is not a number", text));
    return v;
}

// Decimal places written in `text` (an exponent counts as many), so that a range's values
// are the decimals a planner would write: 0.1:0.3:0.1 gives 0.2, not 0.30000000000000004.
int decimals(std::string_view text) {
    if (text.find_first_of("eE") != std::string_view::npos) return 12;
    const auto point = text.find('.');
    return point == std::string_view::npos ? 0 : static_cast<int>(text.size() - point - 1);
}

std::vector<std::string_view> split(std::string_view text, char by) {
    std::vector<std::string_view> parts;
    std::size_t start = 0;
    while (true) {
        const auto end = text.find(by, start);
        parts.push_back(text.substr(start, end == std::string_view::npos ? end : end - start));
        if (end == std::string_view::npos) return parts;
        start = end + 1;
    }
}

double rounded(double v, int places) {
    const double scale = std::pow(10.0, std::min(places, 12));
    return std::round(v * scale) / scale;
}

}  // namespace

SweepAxis parse_sweep_axis(std::string_view option, bool hypercube) {
    const auto eq = option.find('=');
    if (eq == std::string_view::npos) bad(option, "no '='");
    SweepAxis axis;
    axis.path = scenario::parse_parameter_path(option.substr(0, eq), kWhere);
    const std::string_view spec = option.substr(eq + 1);
    if (spec.find(':') != std::string_view::npos) {
        const auto parts = split(spec, ':');
        if (parts.size() != (hypercube ? parts.size() : 3) || parts.size() < 2 || parts.size() > 3)
            bad(option, hypercube ? "a range is lo:hi or lo:hi:step" : "a range is lo:hi:step");
        axis.lo = number(option, parts[0]);
        axis.hi = number(option, parts[1]);
        if (axis.hi < axis.lo) bad(option, "the range's low end is above its high end");
        int places = std::max(decimals(parts[0]), decimals(parts[1]));
        if (parts.size() == 3) {
            axis.step = number(option, parts[2]);
            places = std::max(places, decimals(parts[2]));
            if (axis.step <= 0.0) bad(option, "the step must be above 0");
        }
        axis.places = places;
        if (hypercube) return axis;
        const double count = std::floor((axis.hi - axis.lo) / axis.step + 1e-9) + 1.0;
        if (count > static_cast<double>(kMaxValues))
            bad(option, fmt::format("the range has {:.0f} values, more than {}", count, kMaxValues));
        for (int i = 0; i < static_cast<int>(count); ++i)
            axis.values.push_back(rounded(axis.lo + i * axis.step, places));
        return axis;
    }
    if (hypercube) bad(option, "a Latin hypercube needs a range lo:hi");
    for (const auto part : split(spec, ',')) axis.values.push_back(number(option, part));
    if (axis.values.size() > kMaxValues) bad(option, fmt::format("more than {} values", kMaxValues));
    return axis;
}

std::vector<std::vector<double>> grid_points(const std::vector<SweepAxis>& axes) {
    std::vector<std::vector<double>> points{{}};
    for (const auto& axis : axes) {
        std::vector<std::vector<double>> next;
        for (const auto& p : points)
            for (double v : axis.values) {
                next.push_back(p);
                next.back().push_back(v);
            }
        points = std::move(next);
        if (points.size() > kMaxValues)
            throw InputError({{kWhere, fmt::format("the grid has more than {} points", kMaxValues)}});
    }
    return points;
}

std::vector<std::vector<double>> latin_hypercube(const std::vector<SweepAxis>& axes, int n,
                                                 std::uint64_t seed) {
    const auto count = static_cast<std::size_t>(n);
    std::vector<std::vector<double>> points(count);
    for (const auto& axis : axes) {
        const PhiloxKey key = replication_key(seed, stable_hash(axis.path.text));
        const auto draw = [&](std::uint32_t i, std::uint32_t what) {
            return to_unit_open(philox4x32({i, what, 0, 0}, key).c0);
        };
        std::vector<std::size_t> strata(count);
        for (std::size_t i = 0; i < count; ++i) strata[i] = i;
        for (std::size_t i = count; i > 1; --i)  // Fisher-Yates
            std::swap(strata[i - 1], strata[static_cast<std::size_t>(draw(static_cast<std::uint32_t>(i), 0) *
                                                                     static_cast<double>(i))]);
        for (std::size_t i = 0; i < count; ++i) {
            const double u = (static_cast<double>(strata[i]) + draw(static_cast<std::uint32_t>(i), 1)) / n;
            double v = axis.lo + u * (axis.hi - axis.lo);
            if (axis.step > 0)
                v = rounded(std::min(axis.hi, axis.lo + std::round((v - axis.lo) / axis.step) * axis.step),
                            axis.places);
            points[i].push_back(v);
        }
    }
    return points;
}

}  // namespace offersim::cli
