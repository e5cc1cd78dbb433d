#pragma once
// The names of a workbook's sheets, made valid for Excel and LibreOffice.
#include <string>
#include <string_view>
#include <vector>

namespace offersim::reports {

// `name` made a valid sheet name that none of `taken` already holds: []:*?/\ and control
// characters become '_', as does an apostrophe at either end; at most 31 characters, counted
// as Excel does (UTF-16 units); "History" is reserved; an empty name becomes "Sheet". Excel
// takes "Promo" and "promo" for the same sheet, so a name is taken whatever its case; a
// taken name gets "~2", "~3", ... within the 31 characters.
std::string sheet_name(std::string_view name, const std::vector<std::string>& taken);

}  // namespace offersim::reports
