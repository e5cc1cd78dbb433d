// The customer-extract reader (docs/models.md §33): every row into the store's fields, the
// order of the rows changes nothing, every bad row positioned, GBK read through iconv.
#include "engine/data/customer_extract.hpp"
#include "engine/data/sample_extract.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

namespace offersim::data {

namespace {

namespace fs = std::filesystem;

const ExtractNames kExtractTestNames{{"mass", "vip"}, {"basic_38", "plus_88"}, {"silver", "gold"}, {}};
const std::string kExtractHeader =
    "id,segment,tier,tenure_months,voice_min,data_mb,sms,contract_end,vip_level,group_id,region\n";

fs::path extract_file(const std::string& name, const std::string& text) {
    const fs::path p = fs::temp_directory_path() / ("offersim-extract-test-" + name + ".csv");
    std::ofstream(p, std::ios::binary) << text;
    return p;
}

// Every message of the InputError reading `text` throws, as "line: message".
std::vector<std::string> extract_problems(const std::string& name, const std::string& text,
                                          TextEncoding encoding = TextEncoding::detect) {
    const fs::path p = extract_file(name, text);
    std::vector<std::string> out;
    try {
        read_customer_extract(p, kExtractTestNames, kSampleAsOf, encoding);
    } catch (const InputError& e) {
        for (const auto& d : e.diagnostics())
            out.push_back(fmt::format("{}:{}: {}", d.pos.line, d.pos.column, d.message));
    }
    fs::remove(p);
    return out;
}

}  // namespace

TEST(CustomerExtract, ReadsEveryFieldOfARow) {
    const fs::path p =
        extract_file("fields", kExtractHeader +
                                   "13900000001,vip,plus_88,16,512.5,40,120,2010-03,gold,G001,长春\n"
                                   "13900000002,mass,basic_38,0,80,5.5,30,,,,吉林\n");
    const CustomerExtract x = read_customer_extract(p, kExtractTestNames, kSampleAsOf, TextEncoding::detect);
    fs::remove(p);
    ASSERT_EQ(x.rows, 2);
    ASSERT_EQ(x.by_segment[1].size(), 1u);
    const ExtractCustomer& v = x.by_segment[1][0];
    EXPECT_EQ(v.tier, 1);
    EXPECT_EQ(v.tenure_months, 16);
    EXPECT_FLOAT_EQ(v.voice_min, 512.5f);
    EXPECT_FLOAT_EQ(v.data_mb, 40.0f);
    EXPECT_FLOAT_EQ(v.sms, 120.0f);
    EXPECT_EQ(v.contract_months_left, 6);  // 2009-09 to 2010-03
    EXPECT_EQ(v.vip_level, 2);             // gold, level 1
    const ExtractCustomer& m = x.by_segment[0][0];
    EXPECT_EQ(m.contract_months_left, 0);
    EXPECT_EQ(m.vip_level, 0);
    EXPECT_EQ(x.encoding, TextEncoding::utf8);
}

TEST(CustomerExtract, TheOrderOfTheRowsChangesNothing) {
    const std::string sample = generate_customer_extract(500, 7);
    std::istringstream in(sample);
    std::string header;
    std::getline(in, header);
    std::vector<std::string> rows;
    for (std::string line; std::getline(in, line);) rows.push_back(line);
    std::shuffle(rows.begin(), rows.end(), std::mt19937(11));
    std::string shuffled = header + "\n";
    for (const auto& r : rows) shuffled += r + "\n";
    ASSERT_NE(shuffled, sample);
    const fs::path a = extract_file("ordered", sample);
    const fs::path b = extract_file("shuffled", shuffled);
    const CustomerExtract x = read_customer_extract(a, kExtractTestNames, kSampleAsOf, TextEncoding::detect);
    const CustomerExtract y = read_customer_extract(b, kExtractTestNames, kSampleAsOf, TextEncoding::detect);
    fs::remove(a);
    fs::remove(b);
    ASSERT_EQ(x.rows, 500);
    for (std::size_t s = 0; s < 2; ++s) {
        ASSERT_EQ(x.by_segment[s].size(), y.by_segment[s].size());
        for (std::size_t i = 0; i < x.by_segment[s].size(); ++i) {
            EXPECT_EQ(x.by_segment[s][i].key, y.by_segment[s][i].key);
            EXPECT_EQ(x.by_segment[s][i].voice_min, y.by_segment[s][i].voice_min);
        }
    }
}

TEST(CustomerExtract, AnotherExtractHasAnotherSecret) {
    // The same id in two extracts does not get the same key: the secret is the extract's.
    const fs::path a = extract_file("one", kExtractHeader + "139,mass,basic_38,1,1,1,1,,,,\n");
    const fs::path b = extract_file(
        "two", kExtractHeader + "139,mass,basic_38,1,1,1,1,,,,\n140,mass,basic_38,1,1,1,1,,,,\n");
    const auto x = read_customer_extract(a, kExtractTestNames, kSampleAsOf, TextEncoding::detect);
    const auto y = read_customer_extract(b, kExtractTestNames, kSampleAsOf, TextEncoding::detect);
    fs::remove(a);
    fs::remove(b);
    EXPECT_NE(x.by_segment[0][0].key, y.by_segment[0][0].key);
    EXPECT_NE(x.by_segment[0][0].key, y.by_segment[0][1].key);
}

TEST(CustomerExtract, WithTheOperatorsSecretAnIdKeepsItsKeyWhateverTheOtherRows) {
    // The secret file's key: the same id gets the same key in both extracts (the default
    // secret gave it another, test above), and another secret gives it another key.
    const fs::path a = extract_file("secret-one", kExtractHeader + "139,mass,basic_38,1,1,1,1,,,,\n");
    const fs::path b = extract_file(
        "secret-two", kExtractHeader + "140,mass,basic_38,1,1,1,1,,,,\n139,mass,basic_38,1,1,1,1,,,,\n");
    const SipKey secret = extract_secret("0123456789abcdef");
    const SipKey other = extract_secret("0123456789abcdeg");
    const auto x = read_customer_extract(a, kExtractTestNames, kSampleAsOf, TextEncoding::detect, &secret);
    const auto y = read_customer_extract(b, kExtractTestNames, kSampleAsOf, TextEncoding::detect, &secret);
    const auto z = read_customer_extract(a, kExtractTestNames, kSampleAsOf, TextEncoding::detect, &other);
    fs::remove(a);
    fs::remove(b);
    ASSERT_EQ(y.by_segment[0].size(), 2u);
    const std::uint64_t key = x.by_segment[0][0].key;
    EXPECT_TRUE(key == y.by_segment[0][0].key || key == y.by_segment[0][1].key);
    EXPECT_NE(key, z.by_segment[0][0].key);
}

TEST(CustomerExtract, ASecretIsEveryByteOfItsFile) {
    EXPECT_NE(extract_secret("0123456789abcdef").k0, extract_secret("0123456789abcdef\n").k0);
    EXPECT_NE(extract_secret("0123456789abcdef").k0, extract_secret("0123456789abcdef").k1);
}

TEST(CustomerExtract, AMissingColumnIsReportedAtTheHeader) {
    const auto p = extract_problems("missing",
                                    "id,segment,tier,voice_min,data_mb,sms,contract_end,vip_level,group_id,"
                                    "region\n1,mass,basic_38,1,1,1,,,,\n");
    ASSERT_EQ(p.size(), 1u);
    EXPECT_NE(p[0].find("1:1: missing column 'tenure_months'"), std::string::npos) << p[0];
}

TEST(CustomerExtract, EveryBadRowIsReportedWithItsLineAndColumn) {
    const auto p = extract_problems(
        "bad", kExtractHeader +
                   "1,mass,basic_38,-3,1,1,1,,,,\n"         // line 2: tenure below 0
                   "2,mass,basic_38,12,1,1,1,2008-03,,,\n"  // line 3: contract before activation
                   "3,mass,basci_38,1,1,1,1,,,,\n"          // line 4: tier, nearest name
                   "4,masss,basic_38,1,1,1,1,,,,\n"         // line 5: segment, nearest name
                   "5,mass,basic_38,1,1,1,1,,platinum,,\n"  // line 6: VIP level
                   "6,mass,basic_38,1,1,1,1,,,,\n"          // good
                   "6,mass,basic_38,1,1,1,1,,,,\n");        // line 8: the same id
    ASSERT_EQ(p.size(), 5u) << (p.empty() ? "" : p[0]);
    EXPECT_EQ(p[0], "2:17: tenure_months: must be at least 0, found -3");
    EXPECT_EQ(p[1].rfind("3:26: contract_end: 2008-03 is before the customer's activation in 2008-09", 0), 0u)
        << p[1];
    EXPECT_EQ(p[2], "4:8: tier: unknown tier 'basci_38'; did you mean 'basic_38'?");
    EXPECT_EQ(p[3], "5:3: segment: unknown segment 'masss'; did you mean 'mass'?");
    EXPECT_EQ(p[4].rfind("6:26: vip_level: unknown VIP level 'platinum'", 0), 0u) << p[4];
    // The duplicate id is found once the rows are in: a second read of a file with only it.
    const auto d = extract_problems(
        "dup", kExtractHeader + "6,mass,basic_38,1,1,1,1,,,,\n6,mass,basic_38,1,1,1,1,,,,\n");
    ASSERT_EQ(d.size(), 1u);
    EXPECT_EQ(d[0], "3:1: id: the same id as line 2; each customer appears once");
}

TEST(CustomerExtract, AnIdInTwoSegmentsIsRefusedAtItsLine) {
    const auto d = extract_problems("two-segments", kExtractHeader +
                                                        "6,mass,basic_38,1,1,1,1,,,,\n"
                                                        "7,mass,basic_38,1,1,1,1,,,,\n"
                                                        "6,vip,plus_88,1,1,1,1,,,,\n");
    ASSERT_EQ(d.size(), 1u);
    EXPECT_EQ(
        d[0],
        "4:1: id: the same id as line 2, in another segment; each customer appears once, in one segment");
}

TEST(CustomerExtract, BadRowsStopAtTheLimit) {
    std::string text = kExtractHeader;
    for (int i = 0; i < 30; ++i) text += fmt::format("{},mass,basic_38,-1,1,1,1,,,,\n", i);
    const auto p = extract_problems("many", text);
    ASSERT_EQ(p.size(), calibration::kMaxReportedRows + 1);
    EXPECT_NE(p.back().find("stopped after 20 bad rows"), std::string::npos);
}

TEST(CustomerExtract, AGbkFileIsDetectedAndConverted) {
    // 长春 in GBK is B3 A4 B4 BA; the file is not valid UTF-8, so it is read as GBK.
    const fs::path p = extract_file("gbk", kExtractHeader + "1,mass,basic_38,1,1,1,1,,,,\xB3\xA4\xB4\xBA\n");
    std::vector<std::string> regions;
    const TextEncoding e =
        read_extract_rows(p, kExtractTestNames, kSampleAsOf, TextEncoding::detect, {},
                          [&](const ExtractRow& r, calibration::CsvRow&) { regions.emplace_back(r.region); });
    fs::remove(p);
    EXPECT_EQ(e, TextEncoding::gbk);
    ASSERT_EQ(regions.size(), 1u);
    EXPECT_EQ(regions[0], "长春");
}

TEST(CustomerExtract, ARowInvalidInItsEncodingIsAnErrorAtItsLine) {
    // The byte 0xFF is neither UTF-8 nor GBK.
    const std::string bad =
        kExtractHeader + "1,mass,basic_38,1,1,1,1,,,,ok\n2,mass,basic_38,1,1,1,1,,,,\xFF\n";
    const auto as_utf8 = extract_problems("badutf8", bad, TextEncoding::utf8);
    ASSERT_EQ(as_utf8.size(), 1u);
    EXPECT_EQ(as_utf8[0].rfind("3:1: not valid UTF-8 at byte 28 of the row", 0), 0u) << as_utf8[0];
    const auto as_gbk = extract_problems("badgbk", bad, TextEncoding::detect);
    ASSERT_EQ(as_gbk.size(), 1u);
    EXPECT_EQ(as_gbk[0], "3:1: not valid GBK at byte 28 of the row");
}

}  // namespace offersim::data
