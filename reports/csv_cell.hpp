#pragma once
// Cells of the CSV files offersim writes (monthly.csv, offers.csv, comparison.csv), safe for
// every reader: RFC 4180 quoting, and text that a spreadsheet would take for a formula
// neutralised. Numbers are written as they are, never neutralised.
#include <string>
#include <string_view>

namespace offersim::reports {

// `text` as one CSV cell. A text starting with = + - @ (or a tab or carriage return), which
// spreadsheets read as a formula, gets a leading apostrophe, the mark spreadsheets hide and
// read as "this is text" ("=1+1" becomes "'=1+1"). A cell holding a comma, a double quote or a
// line break is then quoted, its double quotes doubled (RFC 4180).
std::string csv_text(std::string_view text);

}  // namespace offersim::reports
