#include "reports/xlsx_sheet_name.hpp"

#include <fmt/format.h>
#include <algorithm>

namespace offersim::reports {

namespace {

// Excel's limit on a sheet name, in UTF-16 units.
constexpr std::size_t kSheetNameLength = 31;

bool forbidden(char c) {
    const auto byte = static_cast<unsigned char>(c);
    return byte < 0x20 || byte == 0x7F || std::string_view("[]:*?/\\").find(c) != std::string_view::npos;
}

// The longest prefix of `text` within `units` UTF-16 units, never cutting a character.
std::string truncate(const std::string& text, std::size_t units) {
    std::size_t used = 0, at = 0;
    while (at < text.size()) {
        const auto lead = static_cast<unsigned char>(text[at]);
        const std::size_t bytes = lead < 0x80    ? 1
                                  : lead >= 0xF0 ? 4
                                  : lead >= 0xE0 ? 3
                                  : lead >= 0xC0 ? 2
                                                 : 1;
        const std::size_t width = bytes == 4 ? 2 : 1;  // beyond U+FFFF: a surrogate pair
        if (used + width > units) break;
        used += width;
        at += bytes;
    }
    return text.substr(0, std::min(at, text.size()));
}

std::string folded(std::string_view text) {
    std::string out(text);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

bool is_taken(const std::string& candidate, const std::vector<std::string>& taken) {
    const std::string key = folded(candidate);
    return key == "history" ||
           std::any_of(taken.begin(), taken.end(), [&](const std::string& t) { return folded(t) == key; });
}

}  // namespace

std::string sheet_name(std::string_view name, const std::vector<std::string>& taken) {
    std::string clean;
    for (const char c : name) clean += forbidden(c) ? '_' : c;
    if (clean.empty()) clean = "Sheet";
    if (clean.front() == '\'') clean.front() = '_';
    std::string candidate = truncate(clean, kSheetNameLength);
    if (candidate.back() == '\'') candidate.back() = '_';
    for (int n = 2; is_taken(candidate, taken); ++n) {
        const std::string suffix = fmt::format("~{}", n);
        candidate = truncate(clean, kSheetNameLength - suffix.size()) + suffix;
    }
    return candidate;
}

}  // namespace offersim::reports
