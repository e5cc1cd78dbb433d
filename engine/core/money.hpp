#pragma once
// Money in integer fen (0.01 CNY) and per-unit rates in centi-fen (0.0001 CNY), so a
// bill is computed exactly. Rates finer than a fen (e.g. 0.0005 CNY per MB) are common
// in tariffs; a rated line is rounded to the fen, half up unless a tier says otherwise
// (docs/models.md, "Rating").
#include <fmt/format.h>
#include <cstdint>
#include <optional>
#include <string_view>

namespace offersim {

struct Money {
    std::int64_t fen = 0;

    static constexpr Money from_fen(std::int64_t f) { return Money{f}; }
    constexpr double cny() const { return static_cast<double>(fen) / 100.0; }
    constexpr Money operator+(Money o) const { return Money{fen + o.fen}; }
    constexpr Money operator-(Money o) const { return Money{fen - o.fen}; }
    constexpr Money operator*(std::int64_t k) const { return Money{fen * k}; }
    constexpr Money& operator+=(Money o) {
        fen += o.fen;
        return *this;
    }
    constexpr auto operator<=>(const Money&) const = default;
};

// A price per unit of usage (minute, MB, message) in centi-fen.
struct Rate {
    std::int64_t centifen = 0;

    constexpr double cny() const { return static_cast<double>(centifen) / 10000.0; }
    constexpr auto operator<=>(const Rate&) const = default;
};

// How a rated line is rounded to the fen (docs/models.md, "Rating").
enum class Rounding : std::uint8_t { half_up, half_even, truncate };

// x / d for x >= 0 and d > 0, rounded to a whole number as `rule` says.
constexpr std::int64_t divide_rounded(std::int64_t x, std::int64_t d, Rounding rule) {
    const std::int64_t q = x / d;
    const std::int64_t twice_rest = 2 * (x % d);
    switch (rule) {
        case Rounding::truncate:
            return q;
        case Rounding::half_even:
            return q + (twice_rest > d || (twice_rest == d && q % 2 == 1) ? 1 : 0);
        case Rounding::half_up:
            break;
    }
    return q + (twice_rest >= d ? 1 : 0);
}

// Amount for `sub_units` at `rate` per unit of `per_unit` sub-units (60 seconds a minute,
// 1024 KB an MB, 1 for messages), rounded to the fen as `rule` says.
constexpr Money rate_sub_units(std::int64_t sub_units, std::int64_t per_unit, Rate rate, Rounding rule) {
    return Money{divide_rounded(sub_units * rate.centifen, 100 * per_unit, rule)};
}

// Amount for `units` whole units at `rate`, rounded half up to the fen.
constexpr Money rate_units(std::int64_t units, Rate rate) {
    return rate_sub_units(units, 1, rate, Rounding::half_up);
}

// Parses a decimal CNY amount ("58", "0.19", "-3.5") exactly into `decimals` places:
// 2 for Money, 4 for Rate. Empty when the text is not such a number or has more places.
std::optional<std::int64_t> parse_decimal_scaled(std::string_view text, int decimals);

}  // namespace offersim

template <>
struct fmt::formatter<offersim::Money> : fmt::formatter<std::string_view> {
    auto format(offersim::Money m, fmt::format_context& ctx) const {
        const auto sign = m.fen < 0 ? "-" : "";
        const auto abs = m.fen < 0 ? -m.fen : m.fen;
        return fmt::format_to(ctx.out(), "{}{}.{:02d}", sign, abs / 100, abs % 100);
    }
};
