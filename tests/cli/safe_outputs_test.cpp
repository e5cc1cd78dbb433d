// What offersim writes is safe for every reader: CSV cells quoted as RFC 4180 says, text
// that a spreadsheet would take for a formula neutralised, numbers left as numbers, and
// workbook sheets with valid, distinct names.
#include "tests/cli/small_scenario.hpp"

#include <gtest/gtest.h>
#include <string>
#include <vector>

using namespace offersim::cli_test;

namespace {

// The rows of an RFC 4180 file, each as its cells.
std::vector<std::vector<std::string>> parse_csv(const std::string& text) {
    std::vector<std::vector<std::string>> rows(1, std::vector<std::string>(1));
    bool quoted = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (quoted) {
            if (c == '"' && i + 1 < text.size() && text[i + 1] == '"')
                rows.back().back() += text[++i];
            else if (c == '"')
                quoted = false;
            else
                rows.back().back() += c;
        } else if (c == '"') {
            quoted = true;
        } else if (c == ',') {
            rows.back().emplace_back();
        } else if (c == '\n') {
            rows.emplace_back(1);
        } else {
            rows.back().back() += c;
        }
    }
    if (rows.back().size() == 1 && rows.back().front().empty()) rows.pop_back();
    return rows;
}

// Every row of `file` has the header's cells, column `text_column` holds `expected` and
// the figures after it are numbers.
void expect_rows(const fs::path& file, std::size_t text_column, const std::string& expected) {
    const auto rows = parse_csv(read(file));
    ASSERT_GT(rows.size(), 1u) << file;
    for (std::size_t r = 1; r < rows.size(); ++r) {
        ASSERT_EQ(rows[r].size(), rows[0].size()) << file << " row " << r;
        EXPECT_EQ(rows[r][text_column], expected) << file << " row " << r;
        for (std::size_t c = rows[0].size() - 5; c < rows[0].size(); ++c) {
            std::size_t used = 0;
            (void)std::stod(rows[r][c], &used);
            EXPECT_EQ(used, rows[r][c].size()) << file << " row " << r << ": " << rows[r][c];
        }
    }
}

}  // namespace

TEST(SafeOutputs, CsvTextCellsNeverBecomeFormulasOrShiftColumns) {
    const fs::path dir = fresh_dir("csv-injection");
    // Ids may start with '-', which a spreadsheet reads as a formula; names hold anything.
    const fs::path base = write_small_scenario(dir, "base.yaml", "base", "-mass", "-1");
    write(dir / "variant.yaml", "extends: base.yaml\nname: '=HYPERLINK(\"http://x\",\"a, b\")'\n");
    const Outcome r = sh(kOffersim + " compare " + base.string() + " " + (dir / "variant.yaml").string() +
                         " --out " + (dir / "out").string());
    ASSERT_EQ(r.exit_code, 0) << r.err;
    expect_rows(dir / "out" / "comparison.csv", 0, "'=HYPERLINK(\"http://x\",\"a, b\")");
    EXPECT_NE(read(dir / "out" / "comparison.csv").find("\"'=HYPERLINK(\"\"http://x\"\",\"\"a, b\"\")\","),
              std::string::npos);
    const auto monthly = parse_csv(read(dir / "out" / "base" / "monthly.csv"));
    EXPECT_EQ(monthly[1][1], "'-mass");
    EXPECT_EQ(monthly[1][3], "2100");  // active in month 1: a number, never neutralised
    expect_rows(dir / "out" / "base" / "offers.csv", 1, "'-1");
    fs::remove_all(dir);
}

TEST(SafeOutputs, CompareWritesAWorkbookWhenNamesDifferOnlyInCaseFromASheet) {
    const fs::path dir = fresh_dir("sheet-names");
    const fs::path base = write_small_scenario(dir);
    // "baseline" is the English "Baseline" sheet to Excel, which ignores case.
    write(dir / "variant.yaml", "extends: small.yaml\nname: baseline\n");
    const Outcome r = sh(kOffersim + " compare " + base.string() + " " + (dir / "variant.yaml").string() +
                         " " + base.string() + " --lang en --out " + (dir / "out").string());
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_TRUE(fs::is_regular_file(dir / "out" / "report.xlsx"));
    fs::remove_all(dir);
}
