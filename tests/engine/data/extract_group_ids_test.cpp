// The extract reader's group ids (docs/models.md §33, "Groups from the rows"): the rows of a
// segment that feeds groups are sorted by group (in the order of the ids' keyed hash) and key,
// each group counted; elsewhere the ids are ignored; too many ids is a positioned error.
#include "engine/data/customer_extract.hpp"
#include "engine/data/sample_extract.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace offersim::data {

namespace {

namespace fs = std::filesystem;

// Segment mass feeds groups; vip does not.
const ExtractNames kGroupIdNames{{"mass", "vip"}, {"basic_38", "plus_88"}, {"silver", "gold"}, {1, 0}};

CustomerExtract read_group_id_rows(const std::string& name, const std::string& rows) {
    const fs::path p = fs::temp_directory_path() / ("offersim-extract-group-ids-" + name + ".csv");
    std::ofstream(p, std::ios::binary)
        << "id,segment,tier,tenure_months,voice_min,data_mb,sms,contract_end,vip_level,group_id,region\n" +
               rows;
    struct Remove {
        fs::path p;
        ~Remove() { fs::remove(p); }
    } remove{p};
    return read_customer_extract(p, kGroupIdNames, kSampleAsOf, TextEncoding::detect);
}

const std::string kGroupIdRows =
    "1,mass,basic_38,1,100,1,1,,,G-A,\n"
    "2,mass,basic_38,2,200,1,1,,,G-B,\n"
    "3,mass,basic_38,3,100,1,1,,,G-A,\n"
    "4,mass,basic_38,4,0,1,1,,,,\n"
    "5,mass,basic_38,5,100,1,1,,,G-A,\n"
    "6,vip,plus_88,6,0,1,1,,,G-A,\n"
    "7,mass,basic_38,7,0,1,1,,,,\n";

}  // namespace

TEST(ExtractGroupIds, AFeedingSegmentsRowsComeGroupByGroupThenTheRowsOfNoGroup) {
    const CustomerExtract x = read_group_id_rows("order", kGroupIdRows);
    ASSERT_EQ(x.groups_by_segment.size(), 2u);
    const auto& groups = x.groups_by_segment[0];
    ASSERT_EQ(groups.size(), 2u);
    const auto& mass = x.by_segment[0];
    ASSERT_EQ(mass.size(), 6u);
    // Group g's rows (voice 100 for G-A, 200 for G-B) hold places before g + 1's, in key order.
    std::size_t at = 0;
    for (std::uint16_t g = 1; g <= 2; ++g) {
        const ExtractGroup& group = groups[g - 1u];
        const float voice = group.rows == 3 ? 100.0f : 200.0f;
        EXPECT_EQ(group.rows, voice == 100.0f ? 3u : 1u);
        EXPECT_EQ(group.first_line, voice == 100.0f ? 2u : 3u);  // the line of its first row
        for (std::uint32_t k = 0; k < group.rows; ++k, ++at) {
            EXPECT_EQ(mass[at].group, g);
            EXPECT_EQ(mass[at].voice_min, voice);
            if (k > 0) {
                EXPECT_LT(mass[at - 1].key, mass[at].key);
            }
        }
    }
    for (; at < mass.size(); ++at) EXPECT_EQ(mass[at].group, 0) << "a row of no group";
    // vip feeds no group: its id is ignored and its rows keep the key order.
    EXPECT_TRUE(x.groups_by_segment[1].empty());
    ASSERT_EQ(x.by_segment[1].size(), 1u);
    EXPECT_EQ(x.by_segment[1][0].group, 0);
}

TEST(ExtractGroupIds, TheGroupsOrderIsTheOrderOfTheirKeyedHashNotOfTheRows) {
    const CustomerExtract forward = read_group_id_rows("forward", kGroupIdRows);
    std::string reversed;
    for (std::size_t end = kGroupIdRows.size(); end > 0;) {
        const std::size_t begin = kGroupIdRows.rfind('\n', end - 2) == std::string::npos
                                      ? 0
                                      : kGroupIdRows.rfind('\n', end - 2) + 1;
        reversed += kGroupIdRows.substr(begin, end - begin);
        end = begin;
    }
    const CustomerExtract backward = read_group_id_rows("backward", reversed);
    ASSERT_EQ(forward.by_segment[0].size(), backward.by_segment[0].size());
    for (std::size_t i = 0; i < forward.by_segment[0].size(); ++i) {
        EXPECT_EQ(forward.by_segment[0][i].key, backward.by_segment[0][i].key);
        EXPECT_EQ(forward.by_segment[0][i].group, backward.by_segment[0][i].group);
    }
    ASSERT_EQ(forward.groups_by_segment[0].size(), backward.groups_by_segment[0].size());
    for (std::size_t g = 0; g < forward.groups_by_segment[0].size(); ++g)
        EXPECT_EQ(forward.groups_by_segment[0][g].rows, backward.groups_by_segment[0][g].rows);
}

TEST(ExtractGroupIds, MoreGroupIdsThanTheStoreHoldsIsAnErrorAtTheFirstRowPastThem) {
    std::string rows;
    for (std::size_t i = 0; i <= kMaxExtractGroupsPerSegment; ++i)
        rows += std::to_string(i) + ",mass,basic_38,1,1,1,1,,,G" + std::to_string(i) + ",\n";
    try {
        read_group_id_rows("too-many", rows);
        FAIL() << "65,536 group ids were read";
    } catch (const InputError& e) {
        ASSERT_EQ(e.diagnostics().size(), 1u);
        EXPECT_EQ(e.diagnostics()[0].pos.line, static_cast<int>(kMaxExtractGroupsPerSegment) + 2);
        EXPECT_EQ(e.diagnostics()[0].pos.column, 31);  // the group_id field
        EXPECT_NE(
            e.diagnostics()[0].message.find("group_id: the segment's rows carry more than 65535 group ids"),
            std::string::npos)
            << e.diagnostics()[0].message;
    }
}

}  // namespace offersim::data
