// The two language tables hold the same keys, each filled, and the Chinese one is Chinese:
// no zh-CN text equals its English text unless it is language-neutral (a symbol, a
// percentile's name, an abbreviation both languages use).
#include "reports/report_text.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstring>
#include <string_view>
#include <type_traits>
#include <vector>

namespace offersim::reports {
namespace {

// Texts the same in both languages by design.
constexpr std::array<std::string_view, 7> kLanguageNeutral = {"P5",  "P95",  "P5–P95", "ARPU",
                                                              "MOU", "MAPE", " · "};

// Every text of a table, in declaration order: html_lang, then every string_view after the
// number conventions (the sub-tables hold nothing but string_views, so the table from
// report_kind on is an array of them). Adding a field of another type after `numbers`
// breaks the static_asserts below before it can hide a text from this test.
constexpr std::size_t kTextsBegin = offsetof(ReportText, report_kind);
static_assert(std::is_trivially_copyable_v<ReportText>);
static_assert(kTextsBegin == offsetof(ReportText, numbers) + sizeof(NumberConventions),
              "report_kind must follow the number conventions");
static_assert((sizeof(ReportText) - kTextsBegin) % sizeof(std::string_view) == 0);

std::vector<std::string_view> all_texts(const ReportText& table) {
    constexpr std::size_t count = (sizeof(ReportText) - kTextsBegin) / sizeof(std::string_view);
    std::vector<std::string_view> texts(count + 1);
    texts[0] = table.html_lang;
    std::memcpy(static_cast<void*>(texts.data() + 1),
                reinterpret_cast<const std::byte*>(&table) + kTextsBegin, count * sizeof(std::string_view));
    return texts;
}

TEST(ReportText, EveryKeyHasATextInBothLanguages) {
    const auto zh = all_texts(text_zh_cn());
    const auto en = all_texts(text_en());
    ASSERT_EQ(zh.size(), en.size());
    ASSERT_GT(zh.size(), 300u) << "the tables hold some 400 texts";
    for (std::size_t i = 0; i < zh.size(); ++i) {
        EXPECT_FALSE(zh[i].empty()) << "zh-CN text #" << i << " is missing; in English: '" << en[i] << "'";
        EXPECT_FALSE(en[i].empty()) << "English text #" << i << " is missing; in zh-CN: '" << zh[i] << "'";
    }
    for (const auto* table : {&text_zh_cn(), &text_en()}) {
        EXPECT_FALSE(table->numbers.currency_symbol.empty());
        for (const auto& scale : table->numbers.scales) EXPECT_FALSE(scale.suffix.empty());
    }
}

TEST(ReportText, NoChineseTextIsTheEnglishOneUnlessLanguageNeutral) {
    const auto zh = all_texts(text_zh_cn());
    const auto en = all_texts(text_en());
    for (std::size_t i = 0; i < zh.size() && i < en.size(); ++i) {
        if (zh[i] != en[i]) continue;
        const bool neutral =
            std::find(kLanguageNeutral.begin(), kLanguageNeutral.end(), zh[i]) != kLanguageNeutral.end();
        EXPECT_TRUE(neutral) << "zh-CN text #" << i << " is the English '" << en[i]
                             << "'; translate it or list it as language-neutral";
    }
}

}  // namespace
}  // namespace offersim::reports
