#include "engine/cli/number_arg.hpp"

#include <fmt/format.h>
#include <charconv>
#include <cmath>

namespace offersim::cli {

double number_arg(std::string_view text, const SourcePos& where, std::string_view expected) {
    double v = 0.0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (text.empty() || ec != std::errc() || end != text.data() + text.size() || !std::isfinite(v))
        throw InputError({{where, fmt::format("expected {}, found '{}'", expected, text)}});
    return v;
}

}  // namespace offersim::cli
