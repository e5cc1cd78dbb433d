#include "reports/csv_cell.hpp"

namespace offersim::reports {

namespace {

// Characters that make a spreadsheet read a cell as a formula when they come first (OWASP's
// list for CSV injection).
bool starts_a_formula(std::string_view text) {
    return !text.empty() && std::string_view("=+-@\t\r").find(text.front()) != std::string_view::npos;
}

}  // namespace

std::string csv_text(std::string_view text) {
    std::string cell;
    cell.reserve(text.size() + 3);
    if (starts_a_formula(text)) cell += '\'';
    cell += text;
    if (cell.find_first_of(",\"\r\n") == std::string::npos) return cell;
    std::string quoted = "\"";
    for (const char c : cell) {
        if (c == '"') quoted += '"';
        quoted += c;
    }
    return quoted + '"';
}

}  // namespace offersim::reports
