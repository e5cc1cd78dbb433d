// The calibration files as read: both history forms, choices, usage, and every bad row
// reported with file:line:column.
#include "engine/calibration/calibration_data.hpp"

#include "engine/data/csv_table.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace offersim::calibration {
namespace {

namespace fs = std::filesystem;

fs::path write_data_file(const std::string& name, const std::string& text) {
    const fs::path p =
        fs::temp_directory_path() / ("offersim-calib-" + std::to_string(::getpid()) + "-" + name);
    std::ofstream(p, std::ios::binary) << text;
    return p;
}

std::vector<std::string> problems_of(const std::function<void()>& read) {
    std::vector<std::string> messages;
    try {
        read();
    } catch (const InputError& e) {
        for (const auto& d : e.diagnostics()) messages.push_back(format_diagnostic(d));
    }
    return messages;
}

TEST(CalibrationData, ReadsCustomerRecordsMergedBySegment) {
    const auto file = write_data_file("h.csv",
                                      "segment,entry_months,exit_month,churned\n"
                                      "mass,0,3,1\nmass,0,3,1\nvip,12,36,0\n");
    const auto histories = read_history(file);
    ASSERT_EQ(histories.at("mass").size(), 1u);
    EXPECT_DOUBLE_EQ(histories.at("mass")[0].count, 2.0);
    EXPECT_EQ(histories.at("vip")[0].entry_months, 12);
    EXPECT_FALSE(histories.at("vip")[0].churned);
}

// A cohort of 100: 10 lost in month 1, 5 in month 2, 85 censored at month 2 (records in
// (entry, exit, churned) order).
TEST(CalibrationData, ReadsCohortTablesAsRecords) {
    const auto file = write_data_file("c.csv",
                                      "segment,cohort,month,active\n"
                                      "mass,2009-01,0,100\nmass,2009-01,1,90\nmass,2009-01,2,85\n");
    const auto records = read_history(file).at("mass");
    ASSERT_EQ(records.size(), 3u);
    EXPECT_EQ(records[0].exit_month, 1);
    EXPECT_DOUBLE_EQ(records[0].count, 10.0);
    EXPECT_FALSE(records[1].churned);
    EXPECT_DOUBLE_EQ(records[1].count, 85.0);
    EXPECT_TRUE(records[2].churned);
    EXPECT_DOUBLE_EQ(records[2].count, 5.0);
}

TEST(CalibrationData, MissingColumnIsNamedWithTheHeader) {
    const auto file = write_data_file("m.csv", "segment,entry_months,churned\nmass,0,1\n");
    const auto problems = problems_of([&] { read_history(file); });
    ASSERT_EQ(problems.size(), 1u);
    EXPECT_NE(problems[0].find(":1:1: missing column 'exit_month'"), std::string::npos) << problems[0];
}

TEST(CalibrationData, EveryBadRowIsReportedWithItsLineAndColumn) {
    const auto file = write_data_file("b.csv",
                                      "segment,entry_months,exit_month,churned\n"
                                      "mass,-1,3,1\n"  // a tenure below 0
                                      "mass,5,3,1\n"   // leaves before the history saw them
                                      "mass,0,3,2\n"   // churned not 0/1
                                      "mass,0,x,0\n"   // not a number
                                      "mass,0,3\n");   // short row
    const auto problems = problems_of([&] { read_history(file); });
    ASSERT_EQ(problems.size(), 5u);
    EXPECT_NE(problems[0].find("b.csv:2:6: entry_months: must be at least 0, found -1"), std::string::npos)
        << problems[0];
    EXPECT_NE(problems[1].find("b.csv:3:8: exit_month: a churner leaves after entry (5), found 3"),
              std::string::npos)
        << problems[1];
    EXPECT_NE(problems[2].find("b.csv:4:10: churned: expected 0 or 1"), std::string::npos) << problems[2];
    EXPECT_NE(problems[3].find("b.csv:5:8: exit_month: expected a whole number"), std::string::npos)
        << problems[3];
    EXPECT_NE(problems[4].find("b.csv:6:1: expected 4 fields"), std::string::npos) << problems[4];
}

TEST(CalibrationData, BadRowsStopAtTheLimit) {
    std::string text = "segment,entry_months,exit_month,churned\n";
    for (int i = 0; i < 50; ++i) text += "mass,-1,3,1\n";
    const auto problems = problems_of([&] { read_history(write_data_file("l.csv", text)); });
    EXPECT_EQ(problems.size(), kMaxReportedRows + 1);
    EXPECT_NE(problems.back().find("stopped after 20 bad rows"), std::string::npos);
}

TEST(CalibrationData, CohortThatGrowsIsAnError) {
    const auto file = write_data_file("g.csv", "segment,cohort,month,active\nmass,a,0,100\nmass,a,1,120\n");
    const auto problems = problems_of([&] { read_history(file); });
    ASSERT_EQ(problems.size(), 1u);
    EXPECT_NE(problems[0].find("g.csv:3:10: active: a cohort cannot grow"), std::string::npos) << problems[0];
}

TEST(CalibrationData, ReadsChoicesAndRefusesTwoChosen) {
    const std::string header = "situation,segment,chosen,bill_cny,overage_risk,subsidy_cny,is_current\n";
    const auto good = write_data_file("ch.csv", header +
                                                    "s1,mass,0,38,0.1,0,1\ns1,mass,1,88,0,200,0\n"
                                                    "s2,mass,1,38,0.2,0,0\ns2,mass,0,88,0,0,1\n");
    const auto choices = read_choices(good);
    const models::ChoiceData& d = choices.at("mass");
    EXPECT_EQ(d.situations(), 2);
    EXPECT_EQ(d.rows(), 4);
    EXPECT_EQ(d.chosen[0], 1);
    EXPECT_EQ(d.chosen[1], 2);
    const auto bad = write_data_file("ch2.csv", header + "s1,mass,1,38,0.1,0,1\ns1,mass,1,88,0,200,0\n");
    const auto problems = problems_of([&] { read_choices(bad); });
    ASSERT_EQ(problems.size(), 1u);
    EXPECT_NE(problems[0].find("expected exactly one chosen alternative, found 2"), std::string::npos);
}

// A situation whose rows are split by another's would be fitted as two situations.
TEST(CalibrationData, ASituationWhoseRowsAreNotTogetherIsAPositionedError) {
    const std::string header = "situation,segment,chosen,bill_cny,overage_risk,subsidy_cny,is_current\n";
    const auto file = write_data_file("ch3.csv", header +
                                                     "s1,mass,0,38,0.1,0,1\n"
                                                     "s2,mass,1,38,0.2,0,0\ns2,mass,0,88,0,0,1\n"
                                                     "s1,mass,1,88,0,200,0\n");
    const auto problems = problems_of([&] { read_choices(file); });
    ASSERT_GE(problems.size(), 1u);
    EXPECT_NE(problems[0].find("ch3.csv:5:1: situation 's1' began at line 2 and its rows must be together"),
              std::string::npos)
        << problems[0];
}

TEST(CalibrationData, UsageMustBeAboveZero) {
    const auto file = write_data_file("u.csv", "segment,voice_min,sms\nmass,120.5,30\nmass,0,12\n");
    const auto problems = problems_of([&] { read_usage(file); });
    ASSERT_EQ(problems.size(), 1u);
    EXPECT_NE(problems[0].find("u.csv:3:6: voice_min: must be above 0"), std::string::npos) << problems[0];
    const auto ok = read_usage(write_data_file("u2.csv", "segment,voice_min,sms\nmass,120.5,30\n"));
    EXPECT_DOUBLE_EQ(ok.at("mass").at("voice_min")[0], 120.5);
    EXPECT_EQ(ok.at("mass").count("data_mb"), 0u);
}

}  // namespace
}  // namespace offersim::calibration
