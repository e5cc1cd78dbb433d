// Parameter recovery and honest standard errors: data drawn from known parameters by the
// sample generator, fitted back. Recovery: within 4 standard errors. Coverage: over 100
// data sets, the 95% interval estimate +- 1.96 SE covers the truth in 90-99% of them (the
// band the issue sets; the binomial sd of the rate at 95% is 2.2 points). The seeds are
// fixed, so the verdict is the same on every run.
#include "engine/calibration/fits.hpp"

#include "engine/calibration/sample_data.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <sstream>

namespace offersim::calibration {
namespace {

const std::string kFitsSegment = "fitted";

SampleSegment sbg_segment(int customers) {
    SampleSegment s;
    s.id = kFitsSegment;
    s.churn.model = models::HazardModel::sbg;
    s.churn.sbg_alpha = 1.5;
    s.churn.sbg_beta = 12.0;
    s.customers = customers;
    s.in_base_share = 0.5;  // half left-truncated
    s.max_entry_months = 36;
    s.observed_months = 24;  // most are right-censored
    s.voice_min = {models::DistributionKind::lognormal, 200.0, 0.9};
    s.data_mb = {models::DistributionKind::lognormal, 18.0, 1.5};
    s.sms = {models::DistributionKind::gamma, 110.0, 1.0};
    s.choice_weights = {-0.05, -1.0, 0.004, 0.8};
    return s;
}

SampleSegment weibull_segment(int customers) {
    SampleSegment s = sbg_segment(customers);
    s.churn = {};
    s.churn.model = models::HazardModel::weibull;
    s.churn.weibull_scale_months = 60.0;
    s.churn.weibull_shape = 0.8;
    return s;
}

// The data files the generator writes, read back as calibrate reads them.
CalibrationData sample_data(const SampleSegment& segment, std::uint64_t seed) {
    const SampleFiles files = generate_sample({segment}, seed);
    CalibrationData data;
    std::istringstream history(files.history_csv);
    std::string line;
    std::getline(history, line);
    std::vector<models::SurvivalRecord> records;
    while (std::getline(history, line)) {
        models::SurvivalRecord r;
        char segment_end[64];
        int churned = 0;
        std::sscanf(line.c_str(), "%63[^,],%d,%d,%d", segment_end, &r.entry_months, &r.exit_month, &churned);
        r.churned = churned == 1;
        records.push_back(r);
    }
    data.histories[kFitsSegment] = models::merge_survival_records(records);
    models::ChoiceData& choices = data.choices[kFitsSegment];
    choices.features = 4;
    std::istringstream choice_rows(files.choices_csv);
    std::getline(choice_rows, line);
    int row = 0;
    while (std::getline(choice_rows, line)) {
        char situation[64], seg[64];
        int chosen = 0;
        double x[4];
        std::sscanf(line.c_str(), "%63[^,],%63[^,],%d,%lf,%lf,%lf,%lf", situation, seg, &chosen, &x[0], &x[1],
                    &x[2], &x[3]);
        choices.attributes.insert(choices.attributes.end(), x, x + 4);
        if (chosen == 1) choices.chosen.push_back(row);
        if (++row % 4 == 0) choices.starts.push_back(row);
    }
    std::istringstream usage_rows(files.usage_csv);
    std::getline(usage_rows, line);
    while (std::getline(usage_rows, line)) {
        char seg[64];
        double v[3];
        std::sscanf(line.c_str(), "%63[^,],%lf,%lf,%lf", seg, &v[0], &v[1], &v[2]);
        data.usage[kFitsSegment]["voice_min"].push_back(v[0]);
        data.usage[kFitsSegment]["sms"].push_back(v[2]);
    }
    return data;
}

const std::map<std::string, std::map<std::string, models::DistributionKind>> kKinds{
    {kFitsSegment,
     {{"voice_min", models::DistributionKind::lognormal}, {"sms", models::DistributionKind::gamma}}}};

void expect_within_4_se(const Estimate& e, double truth) {
    ASSERT_TRUE(std::isfinite(e.std_error)) << e.name;
    EXPECT_GT(e.std_error, 0.0) << e.name;
    EXPECT_LT(std::abs(e.value - truth), 4.0 * e.std_error)
        << e.name << " " << e.value << " SE " << e.std_error;
}

TEST(CalibrationFits, RecoversSbgWithCensoringAndLeftTruncation) {
    const CalibrationData data = sample_data(sbg_segment(20000), 11);
    const ChurnFit fit = fit_churn(kFitsSegment, data.histories.at(kFitsSegment));
    ASSERT_TRUE(fit.sbg.converged) << fit.sbg.note;
    expect_within_4_se(fit.sbg.estimates[0], 1.5);
    expect_within_4_se(fit.sbg.estimates[1], 12.0);
    EXPECT_TRUE(fit.sbg_is_better());
}

TEST(CalibrationFits, RecoversWeibull) {
    const CalibrationData data = sample_data(weibull_segment(20000), 12);
    const ChurnFit fit = fit_churn(kFitsSegment, data.histories.at(kFitsSegment));
    ASSERT_TRUE(fit.weibull.converged) << fit.weibull.note;
    expect_within_4_se(fit.weibull.estimates[0], 60.0);
    expect_within_4_se(fit.weibull.estimates[1], 0.8);
}

TEST(CalibrationFits, RecoversLogitWeightsAndUsage) {
    SampleSegment segment = sbg_segment(10);
    segment.choice_situations = 3000;
    segment.usage_customers = 5000;
    const CalibrationData data = sample_data(segment, 13);
    const CalibrationResult result = calibrate(data, kKinds);
    ASSERT_EQ(result.choices.size(), 1u);
    const ChoiceFit& choice = result.choices[0];
    ASSERT_TRUE(choice.logit.converged) << choice.logit.note;
    for (std::size_t i = 0; i < 4; ++i)
        expect_within_4_se(choice.logit.estimates[i], segment.choice_weights[i]);
    EXPECT_GT(choice.rho_squared, 0.0);
    EXPECT_LT(choice.rho_squared, 1.0);
    ASSERT_EQ(result.usage.size(), 2u);
    for (const auto& u : result.usage) {
        const models::Distribution& truth = u.service == "sms" ? segment.sms : segment.voice_min;
        EXPECT_EQ(u.fit.kind, truth.kind);
        expect_within_4_se({"mean", u.fit.mean, u.fit.mean_se}, truth.mean);
        expect_within_4_se({"cv", u.fit.cv, u.fit.cv_se}, truth.cv);
    }
}

// Coverage of the 95% interval over many small data sets, per parameter.
struct Coverage {
    int covered = 0;
    int total = 0;
    void add(const Estimate& e, double truth) {
        ++total;
        if (std::abs(e.value - truth) <= 1.96 * e.std_error) ++covered;
    }
    double rate() const { return static_cast<double>(covered) / total; }
};

constexpr int kCoverageSets = 100;

TEST(CalibrationFits, ChurnStandardErrorsCoverTheTruth) {
    Coverage alpha, beta, scale, shape;
    for (int set = 0; set < kCoverageSets; ++set) {
        const CalibrationData sbg = sample_data(sbg_segment(1000), 1000 + static_cast<std::uint64_t>(set));
        const ModelFit s = fit_sbg(sbg.histories.at(kFitsSegment));
        alpha.add(s.estimates[0], 1.5);
        beta.add(s.estimates[1], 12.0);
        const CalibrationData wb = sample_data(weibull_segment(1500), 5000 + static_cast<std::uint64_t>(set));
        const ModelFit w = fit_weibull(wb.histories.at(kFitsSegment));
        scale.add(w.estimates[0], 60.0);
        shape.add(w.estimates[1], 0.8);
    }
    for (const auto* c : {&alpha, &beta, &scale, &shape}) {
        EXPECT_GE(c->rate(), 0.90);
        EXPECT_LE(c->rate(), 0.99);
    }
    std::printf("coverage over %d sets: sBG alpha %.3f beta %.3f, Weibull scale %.3f shape %.3f\n",
                kCoverageSets, alpha.rate(), beta.rate(), scale.rate(), shape.rate());
}

TEST(CalibrationFits, LogitAndUsageStandardErrorsCoverTheTruth) {
    std::array<Coverage, 4> weights;
    Coverage voice_mean, voice_cv, sms_mean, sms_cv;
    for (int set = 0; set < kCoverageSets; ++set) {
        SampleSegment segment = sbg_segment(1);
        segment.choice_situations = 400;
        segment.usage_customers = 200;
        const CalibrationResult r =
            calibrate(sample_data(segment, 9000 + static_cast<std::uint64_t>(set)), kKinds);
        for (std::size_t i = 0; i < 4; ++i)
            weights[i].add(r.choices[0].logit.estimates[i], segment.choice_weights[i]);
        for (const auto& u : r.usage) {
            const bool sms = u.service == "sms";
            (sms ? sms_mean : voice_mean).add({"mean", u.fit.mean, u.fit.mean_se}, sms ? 110.0 : 200.0);
            (sms ? sms_cv : voice_cv).add({"cv", u.fit.cv, u.fit.cv_se}, sms ? 1.0 : 0.9);
        }
    }
    for (const auto* c :
         {&weights[0], &weights[1], &weights[2], &weights[3], &voice_mean, &voice_cv, &sms_mean, &sms_cv}) {
        EXPECT_GE(c->rate(), 0.90);
        EXPECT_LE(c->rate(), 0.99);
    }
    std::printf(
        "coverage over %d sets: logit %.3f %.3f %.3f %.3f; voice mean %.3f cv %.3f; sms mean %.3f cv %.3f\n",
        kCoverageSets, weights[0].rate(), weights[1].rate(), weights[2].rate(), weights[3].rate(),
        voice_mean.rate(), voice_cv.rate(), sms_mean.rate(), sms_cv.rate());
}

}  // namespace
}  // namespace offersim::calibration
