#include "reports/assets/embedded_assets.hpp"

#include <gtest/gtest.h>
#include <algorithm>
#include <array>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <string_view>

namespace offersim::reports::assets {
namespace {

std::string source_file(std::string_view name) {
    const std::string path = std::string(OFFERSIM_SOURCE_DIR) + "/reports/web/" + std::string(name);
    std::ifstream in(path, std::ios::binary);
    EXPECT_TRUE(in) << "cannot read " << path;
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

struct PageFile {
    std::string_view name;
    std::string_view (*embedded)() noexcept;
};

constexpr std::array kPageFiles = {
    PageFile{"report.css", report_css},
    PageFile{"report.js", report_js},
    PageFile{"comparison.css", comparison_css},
    PageFile{"comparison.js", comparison_js},
};

TEST(EmbeddedAssets, ThePagesFilesAreTheBytesOfReportsWeb) {
    for (const auto& file : kPageFiles) {
        const std::string expected = source_file(file.name);
        const std::string_view actual = file.embedded();
        EXPECT_FALSE(actual.empty()) << file.name;
        // Compared whole, but reported by size and first difference: the files are long.
        EXPECT_EQ(actual.size(), expected.size()) << file.name;
        const auto [at, _] = std::mismatch(actual.begin(), actual.end(), expected.begin(), expected.end());
        EXPECT_TRUE(actual == expected)
            << file.name << " differs from reports/web/" << file.name << " at byte " << (at - actual.begin());
    }
}

TEST(EmbeddedAssets, EachBlobEndsBeforeTheNulThatFollowsIt) {
    for (const auto& file : kPageFiles) {
        const std::string_view blob = file.embedded();
        EXPECT_EQ(blob.find('\0'), std::string_view::npos) << file.name;
        EXPECT_EQ(blob.data()[blob.size()], '\0') << file.name;
    }
}

TEST(EmbeddedAssets, TheRuntimeHoldsOnePageScriptLine) {
    constexpr std::string_view slot = "\n  /* offersim:page-script */\n";
    const std::string_view js = report_js();
    const std::size_t at = js.find(slot);
    ASSERT_NE(at, std::string_view::npos) << "report.js has no line \"  /* offersim:page-script */\"";
    EXPECT_EQ(js.find(slot, at + 1), std::string_view::npos) << "report.js has the line twice";
}

}  // namespace
}  // namespace offersim::reports::assets
