#pragma once
// Money in integer fen (0.01 CNY) and per-unit rates in centi-fen (0.0001 CNY), so a
// bill is computed exactly. Rates finer than a fen (e.g. 0.0005 CNY per MB) are common
// in tariffs; a rated line is rounded half up to the fen (docs/models.md, "Rating").
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

// Amount for `units` whole units at `rate`, rounded half up to the fen.
constexpr Money rate_units(std::int64_t units, Rate rate) {
    return Money{(units * rate.centifen + 50) / 100};
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
