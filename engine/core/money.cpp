#include "engine/core/money.hpp"

#include <limits>

namespace offersim {

std::optional<std::int64_t> parse_decimal_scaled(std::string_view text, int decimals) {
    bool negative = false;
    if (!text.empty() && (text.front() == '-' || text.front() == '+')) {
        negative = text.front() == '-';
        text.remove_prefix(1);
    }
    if (text.empty()) return std::nullopt;
    constexpr std::int64_t limit = std::numeric_limits<std::int64_t>::max() / 10;
    std::int64_t value = 0;
    int places = -1;  // -1 until the decimal point is seen
    bool any_digit = false;
    for (char c : text) {
        if (c == '.') {
            if (places >= 0) return std::nullopt;
            places = 0;
            continue;
        }
        if (c < '0' || c > '9') return std::nullopt;
        if (places >= 0 && ++places > decimals) return std::nullopt;
        if (value > limit) return std::nullopt;
        value = value * 10 + (c - '0');
        any_digit = true;
    }
    if (!any_digit) return std::nullopt;
    for (int p = places < 0 ? 0 : places; p < decimals; ++p) {
        if (value > limit) return std::nullopt;
        value *= 10;
    }
    return negative ? -value : value;
}

}  // namespace offersim
