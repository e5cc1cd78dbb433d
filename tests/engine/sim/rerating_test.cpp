// Re-rating usage records: each compared bill against a hand computation, the two record
// forms, and every kind of bad row reported with its line and column.
#include "engine/sim/rerating.hpp"

#include <gtest/gtest.h>

#include <unistd.h>
#include <filesystem>
#include <fstream>
#include <string>

namespace offersim::sim {

namespace {

namespace fs = std::filesystem;

// GoTone 58 (260 min, 30 MB, 60 SMS; 0.19 / 1.00 / 0.10 CNY) rated half up with each call
// rounded to started minutes; M-Zone 19 (60 min at 0.23 CNY) half even by the second; a
// 10 CNY tier with a 30 CNY floor.
RatingTariff sample_tariff() {
    scenario::Tier g58;
    g58.id = "gotone_58";
    g58.monthly_fee = Money{5800};
    g58.included_voice_min = 260;
    g58.included_data_mb = 30;
    g58.included_sms = 60;
    g58.voice_per_min = Rate{1900};
    g58.data_per_mb = Rate{10000};
    g58.sms_each = Rate{1000};
    g58.per_started_minute = true;
    scenario::Tier m19;
    m19.id = "mzone_19";
    m19.monthly_fee = Money{1900};
    m19.included_voice_min = 60;
    m19.voice_per_min = Rate{2300};
    m19.voice_rounding = Rounding::half_even;
    scenario::Tier floor;
    floor.id = "floor_30";
    floor.monthly_fee = Money{1000};
    floor.voice_per_min = Rate{1000};
    floor.min_monthly_spend = Money{3000};
    return RatingTariff::of({g58, m19, floor});
}

class UsageFile {
public:
    explicit UsageFile(const std::string& text)
        : path_(fs::temp_directory_path() / ("offersim-rerating-" + std::to_string(::getpid()) + ".csv")) {
        std::ofstream(path_, std::ios::binary) << text;
    }
    ~UsageFile() { fs::remove(path_); }
    UsageFile(const UsageFile&) = delete;
    UsageFile& operator=(const UsageFile&) = delete;
    const fs::path& path() const { return path_; }

private:
    fs::path path_;
};

std::string problems_of(const std::string& text) {
    const UsageFile file(text);
    try {
        (void)rate_records(file.path(), sample_tariff());
        return "";
    } catch (const InputError& e) {
        const std::string name = file.path().string();
        std::string out = e.what();
        for (std::size_t at = out.find(name); at != std::string::npos; at = out.find(name))
            out.replace(at, name.size(), "usage.csv");
        return out;
    }
}

}  // namespace

TEST(Rerating, MonthlyTotalsMatchHandComputedBills) {
    // 265.1 min: 306 s over x 0.19 = 96.9 fen -> 58.97; 30 s over = 9.5 fen -> 58.10;
    // 1.5 MB over = 1.50 -> 59.50; M-Zone 90 s over x 0.23 = 34.5 fen, half even -> 19.34;
    // 100 s at 0.10 = 16.67 fen -> 10.17, below the 30.00 floor.
    const UsageFile file(R"(id,tier,voice_sec,data_kb,sms,billed_cny
a,gotone_58,15906,0,0,58.97
b,gotone_58,15630,0,0,58.09
c,gotone_58,0,32256,0,60.00
d,mzone_19,3690,0,0,19.35
e,floor_30,100,0,0,30.00
)");
    const RatedRecords r = rate_records(file.path(), sample_tariff());
    EXPECT_EQ(r.form, RecordForm::monthly_totals);
    EXPECT_EQ(r.records, 5);
    EXPECT_EQ(r.compared, 5);
    EXPECT_EQ(r.mismatches, 3);
    EXPECT_EQ(r.rated.fen, 5897 + 5810 + 5950 + 1934 + 3000);
    EXPECT_EQ(r.difference().fen, 1 - 50 - 1);
    EXPECT_EQ(r.csv, R"(line,tier,voice_sec,data_kb,sms,rated_cny,billed_cny,difference_cny
2,gotone_58,15906,0,0,58.97,58.97,0.00
3,gotone_58,15630,0,0,58.10,58.09,0.01
4,gotone_58,0,32256,0,59.50,60.00,-0.50
5,mzone_19,3690,0,0,19.34,19.35,-0.01
6,floor_30,100,0,0,30.00,30.00,0.00
)");
    EXPECT_EQ(r.csv.find("a,"), std::string::npos) << "ids are never written";
}

TEST(Rerating, CallRecordsRoundEachCallToStartedMinutesWhereTheTierSays) {
    // a, month 1 on GoTone 58: 15,590 s -> 260 min and 61 s -> 2 min: 2 min over = 0.38;
    // 31 MB: 1 MB over = 1.00. b on M-Zone 19 by the second: 3,630 s, 30 s over x 0.23 =
    // 11.5 fen, half even -> 12 fen.
    const UsageFile file(R"(service,id,month,tier,quantity,billed_cny,note
voice,a,1,gotone_58,15590,0.00,x
voice,a,1,gotone_58,61,0.38,x
data,a,1,gotone_58,31744,1.00,x
voice,b,1,mzone_19,3630,0.11,x
sms,a,2,gotone_58,61,0.10,x
)");
    const RatedRecords r = rate_records(file.path(), sample_tariff());
    EXPECT_EQ(r.form, RecordForm::call_level);
    EXPECT_EQ(r.records, 5);
    EXPECT_EQ(r.compared, 3);
    EXPECT_EQ(r.mismatches, 1);
    EXPECT_EQ(r.csv, R"(line,month,tier,voice_sec,data_kb,sms,rated_cny,billed_cny,difference_cny
2,1,gotone_58,15720,31744,0,1.38,1.38,0.00
5,1,mzone_19,3630,0,0,0.12,0.11,0.01
6,2,gotone_58,0,0,61,0.10,0.10,0.00
)");
}

TEST(Rerating, EveryBadRowIsReportedWithItsLineAndColumn) {
    const std::string out = problems_of(R"(id,tier,voice_sec,data_kb,sms,billed_cny
a,gotone_85,1,0,0,58.00
b,gotone_58,-1,0,0,58.00
c,gotone_58,1,0,0,58.001
d,gotone_58,1,0
e,gotone_58,1.5,0,0,58.00
)");
    EXPECT_NE(out.find("usage.csv:2: tier: unknown tier 'gotone_85'; the scenario's tiers are 'gotone_58'"),
              std::string::npos)
        << out;
    EXPECT_NE(out.find("usage.csv:3: voice_sec: expected a whole number from 0 to"), std::string::npos)
        << out;
    EXPECT_NE(out.find("usage.csv:4: billed_cny: expected an amount in CNY with at most 2 decimals"),
              std::string::npos)
        << out;
    EXPECT_NE(out.find("usage.csv:5: row: expected 6 fields as in the header, found 4"), std::string::npos)
        << out;
    EXPECT_NE(out.find("usage.csv:6: voice_sec: expected a whole number"), std::string::npos) << out;
}

TEST(Rerating, AMissingColumnIsAHeaderProblem) {
    EXPECT_NE(
        problems_of("id,tier,voice_sec,sms,billed_cny\n")
            .find("usage.csv:1: header: missing column 'data_kb'; a monthly-totals file has the columns"),
        std::string::npos);
    EXPECT_NE(problems_of("").find("usage.csv:1: header: the file is empty"), std::string::npos);
}

TEST(Rerating, CallRecordsRefuseAnUnknownServiceAndTwoTiersInOneMonth) {
    const std::string out = problems_of(R"(id,month,tier,service,quantity,billed_cny
a,1,gotone_58,video,10,0.00
a,1,gotone_58,voice,10,0.00
a,1,mzone_19,voice,10,0.00
a,0,gotone_58,voice,10,0.00
)");
    EXPECT_NE(out.find("usage.csv:2: service: expected voice, data or sms, found 'video'"), std::string::npos)
        << out;
    EXPECT_NE(out.find("usage.csv:4: tier: tier 'mzone_19' differs from 'gotone_58' on line 3"),
              std::string::npos)
        << out;
    EXPECT_NE(out.find("usage.csv:5: month: expected a whole number from 1 to"), std::string::npos) << out;
}

TEST(Rerating, ReportsTheFirstTwentyBadRowsThenCountsTheRest) {
    std::string text = "id,tier,voice_sec,data_kb,sms,billed_cny\n";
    for (int i = 0; i < 25; ++i) text += "a,nowhere,1,0,0,1.00\n";
    const std::string out = problems_of(text);
    EXPECT_NE(out.find("usage.csv:21: tier"), std::string::npos) << out;
    EXPECT_EQ(out.find("usage.csv:22: tier"), std::string::npos) << out;
    EXPECT_NE(out.find("usage.csv: 5 more bad rows not listed"), std::string::npos) << out;
}

}  // namespace offersim::sim
