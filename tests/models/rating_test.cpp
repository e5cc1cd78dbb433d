#include "models/rating.hpp"

#include <gtest/gtest.h>

namespace offersim::models {

namespace {

// GoTone 58 (Chengdu): 58 CNY with 260 minutes, 30 MB and 60 SMS; 0.19 CNY/min,
// 1.00 CNY/MB and 0.10 CNY/SMS beyond.
TierTerms gotone_58() {
    return TierTerms{Money{5800}, 260, 30, 60, Rate{1900}, Rate{10000}, Rate{1000}};
}

}  // namespace

TEST(Rating, UseWithinTheAllowancesPaysTheFeeOnly) {
    const Bill bill = rate_bill(gotone_58(), UsageUnits{260, 30, 60});
    EXPECT_EQ(bill.fee.fen, 5800);
    EXPECT_EQ(bill.total().fen, 5800);
}

TEST(Rating, OverageIsChargedPerUnitBeyondEachAllowance) {
    // 300 min: 40 x 0.19 = 7.60; 45 MB: 15 x 1.00 = 15.00; 75 SMS: 15 x 0.10 = 1.50.
    const Bill bill = rate_bill(gotone_58(), UsageUnits{300, 45, 75});
    EXPECT_EQ(bill.overage_voice.fen, 760);
    EXPECT_EQ(bill.overage_data.fen, 1500);
    EXPECT_EQ(bill.overage_sms.fen, 150);
    EXPECT_EQ(bill.total().fen, 5800 + 760 + 1500 + 150);
}

TEST(Rating, OneUnitPastTheAllowanceCostsOneUnit) {
    EXPECT_EQ(rate_bill(gotone_58(), UsageUnits{261, 0, 0}).overage_voice.fen, 19);
}

TEST(Rating, SubFenRatesRoundEachLineHalfUp) {
    // 0.0005 CNY/MB (0.05 fen): 1,000 MB over = 0.50 CNY; 1,010 MB over = 0.505 -> 0.51.
    TierTerms tier{Money{1000}, 0, 0, 0, Rate{0}, Rate{5}, Rate{0}};
    EXPECT_EQ(rate_bill(tier, UsageUnits{0, 1000, 0}).overage_data.fen, 50);
    EXPECT_EQ(rate_bill(tier, UsageUnits{0, 1010, 0}).overage_data.fen, 51);
    EXPECT_EQ(rate_bill(tier, UsageUnits{0, 1009, 0}).overage_data.fen, 50);  // 0.5045
}

TEST(Rating, TheVectorisedFormEqualsTheIntegerReference) {
    const std::int64_t rates[] = {0, 1, 5, 49, 50, 51, 1900, 2300, 10000, 123457};
    const std::int64_t units[] = {0, 1, 59, 60, 61, 259, 260, 261, 1000, 99999, 10000000};
    for (std::int64_t rate : rates)
        for (std::int64_t use : units)
            for (std::int64_t included : {std::int64_t{0}, std::int64_t{60}, std::int64_t{260}}) {
                const Money exact = overage(use, included, Rate{rate});
                const double fast = overage_fen(static_cast<double>(use), static_cast<double>(included),
                                                static_cast<double>(rate));
                EXPECT_EQ(static_cast<double>(exact.fen), fast)
                    << "units " << use << ", included " << included << ", rate " << rate << " centi-fen";
            }
}

TEST(Rating, UsageDrawsRoundToTheNearestBillableUnit) {
    EXPECT_EQ(billable_units(260.49f), 260.0);
    EXPECT_EQ(billable_units(260.5f), 261.0);
    EXPECT_EQ(billable_units(0.2f), 0.0);
}

}  // namespace offersim::models
