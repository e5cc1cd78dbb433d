#pragma once
// The tables of the command reports (calibrate, backtest, optimise): headings and rows of
// cell texts, printed in Markdown and in escaped HTML. The leading columns name a row; the
// rest hold figures and are right-aligned, as in the run and comparison reports.
#include <cstddef>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace offersim::reports {

struct TextTable {
    std::vector<std::string> headings;
    std::vector<std::vector<std::string>> rows;
    std::size_t label_columns = 1;  // the leading columns that name the row, left-aligned
};

// Headings from the text tables' names.
std::vector<std::string> headings_of(std::initializer_list<std::string_view> names);

void append_markdown(std::string& out, const TextTable& table);

// Wrapped so that a phone scrolls a wide table rather than the page.
void append_html(std::string& out, const TextTable& table, std::string_view css_class = {});

}  // namespace offersim::reports
