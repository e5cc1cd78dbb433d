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
    const Bill bill = rate_bill(gotone_58(), UsageUnits{260 * 60, 30 * 1024, 60});
    EXPECT_EQ(bill.fee.fen, 5800);
    EXPECT_EQ(bill.total().fen, 5800);
}

TEST(Rating, OverageIsChargedPerUnitBeyondEachAllowance) {
    // 300 min: 40 x 0.19 = 7.60; 45 MB: 15 x 1.00 = 15.00; 75 SMS: 15 x 0.10 = 1.50.
    const Bill bill = rate_bill(gotone_58(), UsageUnits{300 * 60, 45 * 1024, 75});
    EXPECT_EQ(bill.overage_voice.fen, 760);
    EXPECT_EQ(bill.overage_data.fen, 1500);
    EXPECT_EQ(bill.overage_sms.fen, 150);
    EXPECT_EQ(bill.total().fen, 5800 + 760 + 1500 + 150);
}

TEST(Rating, OneUnitPastTheAllowanceCostsOneUnit) {
    EXPECT_EQ(rate_bill(gotone_58(), UsageUnits{261 * 60, 0, 0}).overage_voice.fen, 19);
}

TEST(Rating, SubFenRatesRoundEachLineHalfUp) {
    // 0.0005 CNY/MB (0.05 fen): 1,000 MB over = 0.50 CNY; 1,010 MB over = 0.505 -> 0.51.
    TierTerms tier{Money{1000}, 0, 0, 0, Rate{0}, Rate{5}, Rate{0}};
    EXPECT_EQ(rate_bill(tier, UsageUnits{0, 1000 * 1024, 0}).overage_data.fen, 50);
    EXPECT_EQ(rate_bill(tier, UsageUnits{0, 1010 * 1024, 0}).overage_data.fen, 51);
    EXPECT_EQ(rate_bill(tier, UsageUnits{0, 1009 * 1024, 0}).overage_data.fen, 50);  // 0.5045
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

// --- sub-units and the rounding rules, each against a hand computation ---

// The integer reference and the vectorised line for `sub_units` beyond nothing at `rate`.
struct Rated {
    std::int64_t exact;
    double fast;
};

Rated rate_line(std::int64_t sub_units, std::int64_t per_unit, std::int64_t rate, Rounding rule) {
    const double divisor = 100.0 * static_cast<double>(per_unit);
    return {rate_sub_units(sub_units, per_unit, Rate{rate}, rule).fen,
            rated_fen(static_cast<double>(sub_units), static_cast<double>(rate), divisor, 1.0 / divisor,
                      LineRounding::of(rule, divisor))};
}

void expect_rated(std::int64_t sub_units, std::int64_t per_unit, std::int64_t rate, Rounding rule,
                  std::int64_t by_hand) {
    const Rated r = rate_line(sub_units, per_unit, rate, rule);
    EXPECT_EQ(r.exact, by_hand) << sub_units << " sub-units, rule " << static_cast<int>(rule);
    EXPECT_EQ(r.fast, static_cast<double>(by_hand))
        << sub_units << " sub-units, rule " << static_cast<int>(rule);
}

TEST(Rating, FractionalMinutesAreBilledBySecond) {
    // 265.1 min = 15,906 s at 0.17 CNY/min: 15906 x 17 / 60 = 4506.7 fen, so 45.07 CNY
    // (whole minutes gave 265 x 0.17 = 45.05).
    expect_rated(15906, 60, 1700, Rounding::half_up, 4507);
    expect_rated(15906, 60, 1700, Rounding::half_even, 4507);
    expect_rated(15906, 60, 1700, Rounding::truncate, 4506);
}

TEST(Rating, EachRuleOnExactHalfFen) {
    // 2 s at 0.15 CNY/min = 0.5 fen; 6 s = 1.5 fen; 30 s at 0.19 = 9.5 fen.
    expect_rated(2, 60, 1500, Rounding::half_up, 1);
    expect_rated(2, 60, 1500, Rounding::half_even, 0);
    expect_rated(2, 60, 1500, Rounding::truncate, 0);
    expect_rated(6, 60, 1500, Rounding::half_up, 2);
    expect_rated(6, 60, 1500, Rounding::half_even, 2);
    expect_rated(6, 60, 1500, Rounding::truncate, 1);
    expect_rated(30, 60, 1900, Rounding::half_up, 10);
    expect_rated(30, 60, 1900, Rounding::half_even, 10);
    expect_rated(30, 60, 1900, Rounding::truncate, 9);
    // 1,010 MB = 1,034,240 KB at 0.0005 CNY/MB = 50.5 fen; 1,030 MB = 51.5 fen.
    expect_rated(1010 * 1024, 1024, 5, Rounding::half_up, 51);
    expect_rated(1010 * 1024, 1024, 5, Rounding::half_even, 50);
    expect_rated(1010 * 1024, 1024, 5, Rounding::truncate, 50);
    expect_rated(1030 * 1024, 1024, 5, Rounding::half_even, 52);
    // 1,000 KB at 1.00 CNY/MB = 1000 x 100 / 1024 = 97.65625 fen; 3 messages at 0.005 CNY = 1.5 fen.
    expect_rated(1000, 1024, 10000, Rounding::half_up, 98);
    expect_rated(1000, 1024, 10000, Rounding::truncate, 97);
    expect_rated(3, 1, 50, Rounding::half_up, 2);
    expect_rated(3, 1, 50, Rounding::half_even, 2);
    expect_rated(3, 1, 50, Rounding::truncate, 1);
}

TEST(Rating, MinuteBoundariesAreWholeFenUnderEveryRule) {
    // 60 s at 0.19 = 19 fen exactly; 59 s = 18.683; 61 s = 19.317.
    for (const Rounding rule : {Rounding::half_up, Rounding::half_even, Rounding::truncate}) {
        expect_rated(60, 60, 1900, rule, 19);
        expect_rated(61, 60, 1900, rule, 19);
        expect_rated(120, 60, 1900, rule, 38);
    }
    expect_rated(59, 60, 1900, Rounding::half_up, 19);
    expect_rated(59, 60, 1900, Rounding::truncate, 18);
}

TEST(Rating, TheAllowanceIsCountedInSeconds) {
    TierTerms tier = gotone_58();  // 260 min included, 0.19 beyond
    tier.voice_rounding = Rounding::truncate;
    EXPECT_EQ(rate_bill(tier, UsageUnits{260 * 60, 0, 0}).overage_voice.fen, 0);
    EXPECT_EQ(rate_bill(tier, UsageUnits{260 * 60 + 30, 0, 0}).overage_voice.fen, 9);  // 9.5 fen
    tier.voice_rounding = Rounding::half_even;
    EXPECT_EQ(rate_bill(tier, UsageUnits{260 * 60 + 30, 0, 0}).overage_voice.fen, 10);
}

TEST(Rating, TheVectorisedLineEqualsTheIntegerReferenceUnderEveryRule) {
    const std::int64_t rates[] = {0, 1, 5, 49, 50, 51, 1500, 1700, 1900, 2300, 10000, 123457, 1000000};
    const std::int64_t uses[] = {0,  1,  2,     6,       29,    30,       31,       59,
                                 60, 61, 15906, 1034240, 99999, 10000000, 123456789};
    for (const std::int64_t per_unit : {std::int64_t{1}, std::int64_t{60}, std::int64_t{1024}})
        for (const Rounding rule : {Rounding::half_up, Rounding::half_even, Rounding::truncate})
            for (std::int64_t rate : rates)
                for (std::int64_t use : uses) {
                    const Rated r = rate_line(use, per_unit, rate, rule);
                    EXPECT_EQ(static_cast<double>(r.exact), r.fast)
                        << use << " sub-units of " << per_unit << " at " << rate << " centi-fen, rule "
                        << static_cast<int>(rule);
                }
}

TEST(Rating, UsageDrawsRoundToTheNearestSecondAndKb) {
    EXPECT_EQ(billable_sub_units(265.1f, 60.0), 15906.0);
    EXPECT_EQ(billable_sub_units(0.5f, 1024.0), 512.0);
    EXPECT_EQ(billable_sub_units(0.0f, 60.0), 0.0);
}

TEST(Rating, UsageDrawsRoundToTheNearestBillableUnit) {
    EXPECT_EQ(billable_units(260.49f), 260.0);
    EXPECT_EQ(billable_units(260.5f), 261.0);
    EXPECT_EQ(billable_units(0.2f), 0.0);
}

}  // namespace offersim::models
