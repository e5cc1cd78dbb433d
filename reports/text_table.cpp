#include "reports/text_table.hpp"

#include "reports/html_page.hpp"

#include <fmt/format.h>

namespace offersim::reports {

std::vector<std::string> headings_of(std::initializer_list<std::string_view> names) {
    return {names.begin(), names.end()};
}

void append_markdown(std::string& out, const TextTable& table) {
    for (const auto& h : table.headings) out += fmt::format("| {} ", h);
    out += "|\n";
    for (std::size_t i = 0; i < table.headings.size(); ++i) out += i < table.label_columns ? "|---" : "|---:";
    out += "|\n";
    for (const auto& row : table.rows) {
        for (const auto& cell : row) out += fmt::format("| {} ", cell);
        out += "|\n";
    }
    out += "\n";
}

void append_html(std::string& out, const TextTable& table, std::string_view css_class) {
    out += css_class.empty() ? std::string("<div class=\"table-wrap\"><table>\n<thead><tr>")
                             : fmt::format("<div class=\"table-wrap\"><table class=\"{}\">\n<thead><tr>",
                                           html::escape(css_class));
    // The style sheet right-aligns every column but the first: label columns say otherwise.
    const auto cell_class = [&](std::size_t i) {
        return i < table.label_columns ? " class=\"label\"" : " class=\"num\"";
    };
    for (std::size_t i = 0; i < table.headings.size(); ++i)
        out += fmt::format("<th{}>{}</th>", cell_class(i), html::escape(table.headings[i]));
    out += "</tr></thead>\n<tbody>\n";
    for (const auto& row : table.rows) {
        out += "<tr>";
        for (std::size_t i = 0; i < row.size(); ++i)
            out += fmt::format("<td{}>{}</td>", cell_class(i), html::escape(row[i]));
        out += "</tr>\n";
    }
    out += "</tbody>\n</table></div>\n";
}

}  // namespace offersim::reports
