// The command reports' tables: label columns left-aligned, figures right-aligned, in HTML
// and in Markdown, every cell escaped.
#include "reports/text_table.hpp"

#include <gtest/gtest.h>

namespace offersim::reports {

namespace {

TextTable two_label_columns() {
    return {headings_of({"Segment", "Figure", "MAPE"}), {{"mass", "<Active>", "2.40%"}}, 2};
}

}  // namespace

TEST(TextTable, HtmlMarksLabelColumnsLeftAndFiguresRight) {
    std::string html;
    append_html(html, two_label_columns());
    EXPECT_NE(html.find("<th class=\"label\">Segment</th><th class=\"label\">Figure</th>"
                        "<th class=\"num\">MAPE</th>"),
              std::string::npos)
        << html;
    EXPECT_NE(html.find("<td class=\"label\">mass</td><td class=\"label\">&lt;Active&gt;</td>"
                        "<td class=\"num\">2.40%</td>"),
              std::string::npos)
        << html;
    EXPECT_EQ(html.find("<Active>"), std::string::npos);
}

TEST(TextTable, MarkdownAlignsOnlyTheFiguresRight) {
    std::string md;
    append_markdown(md, two_label_columns());
    EXPECT_NE(md.find("|---|---|---:|"), std::string::npos) << md;
}

}  // namespace offersim::reports
