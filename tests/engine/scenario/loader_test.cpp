// Unit tests of the scenario loader: typed values, exact money, defaults, `extends` merging,
// positions of problems, name suggestions. The bad-input corpus (bad_input_test.cpp) covers
// the messages for wrong files; these tests cover what a right file decodes to.
#include "engine/scenario/loader.hpp"
#include "tests/engine/scenario/compact_scenario.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace {

namespace fs = std::filesystem;
using namespace offersim;
using namespace offersim::scenario;

const std::string kCompact = offersim::test::compact_scenario();
using offersim::test::replaced;

std::string all_messages(const InputError& e) {
    std::string text;
    for (const auto& d : e.diagnostics()) text += "  " + format_diagnostic(d) + "\n";
    return text;
}

// Loads `text`, failing the test with every diagnostic and the input when it is rejected.
Scenario load(std::string_view text, const fs::path& file = "test.yaml") {
    try {
        return load_scenario_text(text, file);
    } catch (const InputError& e) {
        ADD_FAILURE() << "the loader rejected:\n" << text << "\nwith:\n" << all_messages(e);
        return {};
    }
}

// The diagnostics for `text`, which must be rejected.
std::vector<Diagnostic> problems(std::string_view text, const fs::path& file = "test.yaml") {
    try {
        load_scenario_text(text, file);
    } catch (const InputError& e) {
        return e.diagnostics();
    }
    ADD_FAILURE() << "the loader accepted:\n" << text;
    return {};
}

// A temporary folder for `extends` chains, removed afterwards.
class ScenarioFolder {
public:
    ScenarioFolder() {
        std::string pattern = (fs::temp_directory_path() / "offersim_loader_XXXXXX").string();
        if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
        path_ = pattern;
    }
    ~ScenarioFolder() {
        std::error_code ec;
        fs::remove_all(path_, ec);
    }
    ScenarioFolder(const ScenarioFolder&) = delete;
    ScenarioFolder& operator=(const ScenarioFolder&) = delete;

    fs::path write(const std::string& name, std::string_view text) const {
        std::ofstream out(path_ / name, std::ios::binary);
        out << text;
        return path_ / name;
    }
    const fs::path& path() const { return path_; }

private:
    fs::path path_;
};

// A base with two tiers and two segments, for `extends` tests.
constexpr std::string_view kTwoSegments = R"(name: base
title: "基线"
horizon_months: 24
replications: 50
tiers:
  - id: gotone_58
    monthly_fee_cny: 58
    overage: { voice_per_min_cny: 0.19, data_per_mb_cny: 1.00, sms_each_cny: 0.10 }
  - id: gotone_88
    monthly_fee_cny: 88
    overage: { voice_per_min_cny: 0.19, data_per_mb_cny: 1.00, sms_each_cny: 0.10 }
segments:
  - id: mass
    size: 1000
    tenure_months: { distribution: gamma, mean: 30, cv: 0.8 }
    tier_mix: { gotone_58: 0.7, gotone_88: 0.3 }
    usage:
      voice_min: { distribution: lognormal, mean: 200, cv: 0.9 }
      data_mb: { distribution: lognormal, mean: 18, cv: 1.5 }
      sms: { distribution: fixed, mean: 100 }
    churn: { model: sbg, alpha: 1.5, beta: 12 }
    acquisition:
      gross_adds_per_month: [100, 200, 300]
  - id: vip
    size: 200
    tenure_months: { distribution: fixed, mean: 60 }
    tier_mix: { gotone_88: 1.0 }
    usage:
      voice_min: { distribution: lognormal, mean: 600, cv: 0.5 }
      data_mb: { distribution: lognormal, mean: 40, cv: 1.2 }
      sms: { distribution: fixed, mean: 120 }
    churn: { model: constant, monthly_hazard: 0.01 }
)";

const Segment* segment_named(const Scenario& sc, std::string_view id) {
    const auto it =
        std::find_if(sc.segments.begin(), sc.segments.end(), [&](const Segment& s) { return s.id == id; });
    return it == sc.segments.end() ? nullptr : &*it;
}

// --- decoding ---

TEST(Loader, DecodesTheTopLevelAndItsDefaults) {
    const Scenario sc = load(kCompact);
    EXPECT_EQ(sc.name, "compact");
    EXPECT_EQ(sc.title, "compact") << "the title defaults to the name";
    EXPECT_EQ(sc.horizon_months, 12);
    EXPECT_EQ(sc.replications, 100) << "default replications";
    EXPECT_EQ(sc.seed, 1u) << "default seed";
    EXPECT_EQ(sc.currency, "CNY");
    EXPECT_EQ(sc.discount_rate_annual, 0.0);
    ASSERT_EQ(sc.tiers.size(), 1u);
    ASSERT_EQ(sc.segments.size(), 1u);
}

TEST(Loader, ReadsMoneyInFenAndRatesInCentiFenExactly) {
    const Scenario sc = load(kCompact);
    ASSERT_EQ(sc.tiers.size(), 1u);
    const Tier& t = sc.tiers[0];
    EXPECT_EQ(t.monthly_fee.fen, 5800) << "monthly_fee_cny: 58";
    EXPECT_EQ(t.voice_per_min.centifen, 1900) << "voice_per_min_cny: 0.19";
    EXPECT_EQ(t.data_per_mb.centifen, 10000) << "data_per_mb_cny: 1.00";
    EXPECT_EQ(t.sms_each.centifen, 1000) << "sms_each_cny: 0.10";
    EXPECT_EQ(t.included_voice_min, 260);
    EXPECT_EQ(t.included_data_mb, 30);
    EXPECT_EQ(t.included_sms, 60);
    EXPECT_EQ(t.name, "gotone_58") << "a tier's name defaults to its id";
}

TEST(Loader, ReadsAmountsThatBinaryFloatingPointCannotHoldWithoutRounding) {
    // 19.99, 0.29 and 1234567.89 have no exact double; read through a double and truncated
    // they would lose a fen. 0.0005 CNY is 5 centi-fen.
    std::string text = replaced(kCompact, "monthly_fee_cny: 58", "monthly_fee_cny: 19.99");
    text = replaced(text, "voice_per_min_cny: 0.19", "voice_per_min_cny: 0.29");
    text = replaced(text, "data_per_mb_cny: 1.00", "data_per_mb_cny: 0.0005");
    text +=
        "costs:\n  fixed_monthly_cny: 1234567.89\n  commission_per_gross_add_cny: 0.01\n"
        "  network_per_min_cny: 0.0401\n";
    const Scenario sc = load(text);
    ASSERT_EQ(sc.tiers.size(), 1u);
    EXPECT_EQ(sc.tiers[0].monthly_fee.fen, 1999) << "input:\n" << text;
    EXPECT_EQ(sc.tiers[0].voice_per_min.centifen, 2900);
    EXPECT_EQ(sc.tiers[0].data_per_mb.centifen, 5);
    EXPECT_EQ(sc.costs.fixed_monthly.fen, 123456789);
    EXPECT_EQ(sc.costs.commission_per_gross_add.fen, 1);
    EXPECT_EQ(sc.costs.network_per_min.centifen, 401);
    EXPECT_EQ(sc.costs.network_per_mb.centifen, 0) << "a cost left out is 0";
}

TEST(Loader, DecodesASegmentWithItsDefaults) {
    const Scenario sc = load(kCompact);
    ASSERT_EQ(sc.segments.size(), 1u);
    const Segment& s = sc.segments[0];
    EXPECT_EQ(s.id, "mass");
    EXPECT_EQ(s.name, "mass") << "a segment's name defaults to its id";
    EXPECT_EQ(s.kind, SegmentKind::mass_market) << "the default kind";
    EXPECT_EQ(s.size, 1000);
    EXPECT_EQ(s.tenure_months.kind, DistributionKind::gamma);
    EXPECT_EQ(s.tenure_months.mean, 30.0);
    EXPECT_EQ(s.tenure_months.cv, 0.8);
    EXPECT_EQ(s.usage.voice_min.kind, DistributionKind::lognormal);
    EXPECT_EQ(s.usage.voice_min.mean, 200.0);
    EXPECT_EQ(s.usage.sms.kind, DistributionKind::fixed);
    EXPECT_EQ(s.usage.sms.mean, 100.0);
    EXPECT_EQ(s.usage.monthly_cv, 0.25) << "the default month-to-month cv";
    EXPECT_EQ(s.price_sensitivity, 1.0) << "the default price sensitivity";
    ASSERT_EQ(s.tier_mix.size(), 1u);
    EXPECT_EQ(s.tier_mix[0].tier, "gotone_58");
    EXPECT_EQ(s.tier_mix[0].share, 1.0);
    EXPECT_EQ(s.churn.model, HazardModel::constant);
    EXPECT_EQ(s.churn.monthly_hazard, 0.03);
    EXPECT_TRUE(s.acquisition.gross_adds_per_month.empty()) << "no acquisition: no gross adds";
}

TEST(Loader, DecodesEveryChurnModelWithItsParameters) {
    const Scenario sbg = load(replaced(kCompact, "{ model: constant, monthly_hazard: 0.03 }",
                                       "{ model: sbg, alpha: 1.5, beta: 12 }"));
    ASSERT_EQ(sbg.segments.size(), 1u);
    EXPECT_EQ(sbg.segments[0].churn.model, HazardModel::sbg);
    EXPECT_EQ(sbg.segments[0].churn.sbg_alpha, 1.5);
    EXPECT_EQ(sbg.segments[0].churn.sbg_beta, 12.0);

    const Scenario weibull = load(replaced(kCompact, "{ model: constant, monthly_hazard: 0.03 }",
                                           "{ model: weibull, scale_months: 2500, shape: 0.8 }"));
    ASSERT_EQ(weibull.segments.size(), 1u);
    EXPECT_EQ(weibull.segments[0].churn.model, HazardModel::weibull);
    EXPECT_EQ(weibull.segments[0].churn.weibull_scale_months, 2500.0);
    EXPECT_EQ(weibull.segments[0].churn.weibull_shape, 0.8);

    const Scenario table = load(replaced(kCompact, "{ model: constant, monthly_hazard: 0.03 }",
                                         "{ model: table, bands: [{ from_month: 1, monthly_hazard: 0.02 }, "
                                         "{ from_month: 13, monthly_hazard: 0.01 }] }"));
    ASSERT_EQ(table.segments.size(), 1u);
    const auto& bands = table.segments[0].churn.bands;
    ASSERT_EQ(bands.size(), 2u);
    EXPECT_EQ(bands[0].from_month, 1);
    EXPECT_EQ(bands[0].monthly_hazard, 0.02);
    EXPECT_EQ(bands[1].from_month, 13);
    EXPECT_EQ(bands[1].monthly_hazard, 0.01);
}

TEST(Loader, ReadsGrossAddsAsOneNumberOrAListByMonth) {
    const Scenario one =
        load(std::string(kCompact) + "    acquisition:\n      gross_adds_per_month: 13000\n");
    ASSERT_EQ(one.segments.size(), 1u);
    EXPECT_EQ(one.segments[0].acquisition.gross_adds_per_month, (std::vector<std::int64_t>{13000}));
    EXPECT_TRUE(one.segments[0].acquisition.tier_mix.empty()) << "no acquisition tier mix: the segment's own";

    const Scenario list = load(std::string(kCompact) +
                               "    acquisition:\n      gross_adds_per_month: [100, 200, 300]\n"
                               "      tier_mix: { gotone_58: 1 }\n");
    ASSERT_EQ(list.segments.size(), 1u);
    EXPECT_EQ(list.segments[0].acquisition.gross_adds_per_month, (std::vector<std::int64_t>{100, 200, 300}));
    ASSERT_EQ(list.segments[0].acquisition.tier_mix.size(), 1u);
    EXPECT_EQ(list.segments[0].acquisition.tier_mix[0].share, 1.0);
}

TEST(Loader, AcceptsWholeNumbersWrittenWithAFractionOrExponent) {
    const Scenario sc = load(replaced(kCompact, "size: 1000", "size: 1.5e3"));
    ASSERT_EQ(sc.segments.size(), 1u);
    EXPECT_EQ(sc.segments[0].size, 1500);
}

TEST(Loader, KeepsQuotedNumbersAndChineseTextAsText) {
    const Scenario sc = load(replaced(kCompact, "name: compact", "name: \"2010\"\ntitle: 全球通 58 元套餐"));
    EXPECT_EQ(sc.name, "2010");
    EXPECT_EQ(sc.title, "全球通 58 元套餐");
}

TEST(Loader, RecordsTheScenarioAsRunWithoutExtends) {
    const Scenario sc = load(kCompact, "compact.yaml");
    ASSERT_FALSE(sc.resolved_yaml.empty());
    EXPECT_EQ(sc.source_files, (std::vector<std::string>{"compact.yaml"}));
    const Scenario again = load(sc.resolved_yaml, "resolved.yaml");
    EXPECT_EQ(again.name, sc.name) << "resolved YAML:\n" << sc.resolved_yaml;
    ASSERT_EQ(again.tiers.size(), 1u);
    EXPECT_EQ(again.tiers[0].voice_per_min.centifen, 1900) << "resolved YAML:\n" << sc.resolved_yaml;
    EXPECT_EQ(again.resolved_yaml, sc.resolved_yaml) << "resolving is idempotent";
}

// --- problems and their positions ---

TEST(Loader, ReportsEveryProblemAtOnceWithFileLineAndColumn) {
    std::string text = replaced(kCompact, "horizon_months: 12", "horizon_months: 0");
    text = replaced(text, "size: 1000", "size: -5");
    const auto found = problems(text, "场景.yaml");
    ASSERT_EQ(found.size(), 2u) << "input:\n" << text;
    EXPECT_EQ(found[0].pos.file, "场景.yaml");
    EXPECT_EQ(found[0].pos.line, 2);
    EXPECT_EQ(found[0].pos.column, 17) << found[0].message;
    EXPECT_EQ(found[1].pos.line, 10);
    EXPECT_EQ(found[1].pos.column, 11) << found[1].message;
    EXPECT_NE(found[1].message.find("segments[0].size"), std::string::npos) << found[1].message;
}

TEST(Loader, SuggestsTheNearestKeyForAMisspelling) {
    const auto found = problems(replaced(kCompact, "monthly_fee_cny: 58", "montly_fee_cny: 58"));
    ASSERT_FALSE(found.empty());
    EXPECT_NE(found[0].message.find("did you mean 'monthly_fee_cny'?"), std::string::npos)
        << found[0].message;
    EXPECT_EQ(found[0].pos.line, 5);
    EXPECT_EQ(found[0].pos.column, 5);
}

TEST(Loader, RejectsAnEmptyText) {
    const auto found = problems("", "empty.yaml");
    ASSERT_EQ(found.size(), 1u);
    EXPECT_EQ(found[0].pos.line, 1);
    EXPECT_NE(found[0].message.find("empty"), std::string::npos) << found[0].message;
}

// --- extends ---

TEST(Loader, ExtendsMergesMapsKeyByKey) {
    ScenarioFolder folder;
    folder.write("base.yaml", kTwoSegments);
    const fs::path variant =
        folder.write("variant.yaml", "extends: base.yaml\nname: variant\nhorizon_months: 36\n");
    const Scenario sc = load_scenario(variant);
    EXPECT_EQ(sc.name, "variant");
    EXPECT_EQ(sc.horizon_months, 36) << "overridden";
    EXPECT_EQ(sc.title, "基线") << "kept from the parent";
    EXPECT_EQ(sc.replications, 50) << "kept from the parent";
    EXPECT_EQ(sc.tiers.size(), 2u);
    EXPECT_EQ(sc.segments.size(), 2u);
    ASSERT_EQ(sc.source_files.size(), 2u);
    EXPECT_EQ(fs::path(sc.source_files[0]).filename(), "variant.yaml") << "the file itself first";
    EXPECT_EQ(fs::path(sc.source_files[1]).filename(), "base.yaml");
    EXPECT_EQ(sc.resolved_yaml.find("extends"), std::string::npos) << sc.resolved_yaml;
}

// --- include ---

TEST(Loader, IncludesMergeAfterTheParentInListOrderBeforeTheFileItself) {
    ScenarioFolder folder;
    folder.write("base.yaml", kTwoSegments);
    folder.write("churn_fit.yaml", R"(horizon_months: 30
replications: 60
segments:
  - id: mass
    churn: { model: sbg, alpha: 1.6, beta: 14 }
)");
    folder.write("later.yaml", "replications: 70\ntitle: later\n");
    const fs::path variant = folder.write("variant.yaml", R"(extends: base.yaml
include: [churn_fit.yaml, later.yaml]
name: variant
title: own
)");
    const Scenario sc = load_scenario(variant);
    EXPECT_EQ(sc.horizon_months, 30) << "the include over the parent";
    EXPECT_EQ(sc.replications, 70) << "the later include over the earlier";
    EXPECT_EQ(sc.title, "own") << "the file's own keys last";
    const Segment* mass = segment_named(sc, "mass");
    ASSERT_NE(mass, nullptr);
    EXPECT_EQ(mass->churn.sbg_alpha, 1.6) << "merged into the parent's segment by id";
    EXPECT_EQ(mass->churn.sbg_beta, 14.0);
    EXPECT_EQ(mass->size, 1000) << "the parent's other keys kept";
    EXPECT_EQ(sc.segments.size(), 2u);
    ASSERT_EQ(sc.source_files.size(), 2u) << "the extends chain, without includes";
    EXPECT_EQ(sc.resolved_yaml.find("include"), std::string::npos) << sc.resolved_yaml;
}

TEST(Loader, AnIncludedFileMayIncludeAnotherAndTheSameFileTwiceIsNoCycle) {
    ScenarioFolder folder;
    fs::create_directories(folder.path() / "fits");
    folder.write("fits/inner.yaml", "seed: 18\n");
    folder.write("fits/outer.yaml", "include: [inner.yaml]\nseed: 40\n");
    const fs::path file =
        folder.write("s.yaml", std::string(kTwoSegments) + "include: [fits/outer.yaml, fits/inner.yaml]\n");
    const Scenario sc = load_scenario(file);
    EXPECT_EQ(sc.seed, 18u) << "inner.yaml, found beside outer.yaml, merged again after it";
    EXPECT_EQ(sc.horizon_months, 24) << "the file's own keys win";
}

TEST(Loader, IncludeWithoutExtendsCompletesAScenarioFromFragments) {
    ScenarioFolder folder;
    const std::string whole(kTwoSegments);
    const std::size_t cut = whole.find("segments:");
    folder.write("segments.yaml", whole.substr(cut));
    const fs::path file = folder.write("top.yaml", "include: [segments.yaml]\n" + whole.substr(0, cut));
    const Scenario sc = load_scenario(file);
    EXPECT_EQ(sc.segments.size(), 2u);
    EXPECT_EQ(sc.name, "base");
}

TEST(Loader, IncludesCountTowardTheLimitOfFilesRead) {
    ScenarioFolder folder;
    std::string list;
    for (int i = 0; i < 32; ++i) {
        std::string name = "f";  // appended, not "f" + ...: GCC 12's false -Wrestrict (bug 105651)
        name += std::to_string(i);
        name += ".yaml";
        folder.write(name, "horizon_months: " + std::to_string(i + 1) + "\n");
        list += i == 0 ? name : ", " + name;
    }
    const fs::path file = folder.write("s.yaml", std::string(kTwoSegments) + "include: [" + list + "]\n");
    try {
        (void)load_scenario(file);
        FAIL() << "33 files were read";
    } catch (const InputError& e) {
        EXPECT_NE(std::string(e.what()).find("at most 32 files; 'f31.yaml' would be file 33"),
                  std::string::npos)
            << e.what();
    }
}

TEST(Loader, TheDocumentedIncludeExampleMergesItsFits) {
    const Scenario sc = load_scenario(OFFERSIM_SOURCE_DIR "/docs/examples/included_fit.yaml");
    const Segment* mass = segment_named(sc, "mass");
    ASSERT_NE(mass, nullptr);
    EXPECT_EQ(mass->churn.sbg_alpha, 1.6) << "fits/mass_churn_fit.yaml";
    EXPECT_EQ(mass->churn.sbg_beta, 14.0);
    EXPECT_EQ(mass->usage.voice_min.mean, 210.0) << "fits/mass_usage_fit.yaml";
    EXPECT_EQ(mass->usage.sms.mean, 100.0) << "the file's own key";
    EXPECT_EQ(mass->size, 310000) << "from the extends chain";
}

TEST(Loader, MergesSegmentsByIdKeepingTheOthers) {
    ScenarioFolder folder;
    folder.write("base.yaml", kTwoSegments);
    const fs::path variant = folder.write("variant.yaml", R"(extends: base.yaml
name: variant
segments:
  - id: mass
    churn: { alpha: 2.5 }
)");
    const Scenario sc = load_scenario(variant);
    ASSERT_EQ(sc.segments.size(), 2u);
    EXPECT_EQ(sc.segments[0].id, "mass") << "the parent's order is kept";
    EXPECT_EQ(sc.segments[1].id, "vip");
    const Segment& mass = sc.segments[0];
    EXPECT_EQ(mass.churn.model, HazardModel::sbg) << "kept: only alpha was overridden";
    EXPECT_EQ(mass.churn.sbg_alpha, 2.5) << "overridden";
    EXPECT_EQ(mass.churn.sbg_beta, 12.0) << "kept";
    EXPECT_EQ(mass.size, 1000) << "kept";
    EXPECT_EQ(mass.acquisition.gross_adds_per_month, (std::vector<std::int64_t>{100, 200, 300})) << "kept";
    const Segment& vip = sc.segments[1];
    EXPECT_EQ(vip.churn.model, HazardModel::constant) << "the other segment is untouched";
    EXPECT_EQ(vip.churn.monthly_hazard, 0.01);
    EXPECT_EQ(vip.size, 200);
}

TEST(Loader, AppendsSegmentsAndTiersWithNewIds) {
    ScenarioFolder folder;
    folder.write("base.yaml", kTwoSegments);
    const fs::path variant = folder.write("variant.yaml", R"(extends: base.yaml
name: variant
tiers:
  - id: gotone_128
    monthly_fee_cny: 128
    overage: { voice_per_min_cny: 0.15, data_per_mb_cny: 1.00, sms_each_cny: 0.10 }
segments:
  - id: vip
    size: 300
  - id: group
    size: 50
    tenure_months: { distribution: fixed, mean: 48 }
    tier_mix: { gotone_128: 1.0 }
    usage:
      voice_min: { distribution: fixed, mean: 400 }
      data_mb: { distribution: fixed, mean: 35 }
      sms: { distribution: fixed, mean: 100 }
    churn: { model: constant, monthly_hazard: 0.005 }
)");
    const Scenario sc = load_scenario(variant);
    ASSERT_EQ(sc.tiers.size(), 3u);
    EXPECT_EQ(sc.tiers[2].id, "gotone_128");
    EXPECT_EQ(sc.tiers[2].monthly_fee.fen, 12800);
    ASSERT_EQ(sc.segments.size(), 3u);
    EXPECT_EQ(sc.segments[1].id, "vip");
    EXPECT_EQ(sc.segments[1].size, 300) << "merged by id";
    EXPECT_EQ(sc.segments[2].id, "group") << "a new id is appended";
}

TEST(Loader, ReplacesListsWhoseItemsHaveNoId) {
    ScenarioFolder folder;
    folder.write("base.yaml", kTwoSegments);
    const fs::path variant = folder.write("variant.yaml", R"(extends: base.yaml
name: variant
segments:
  - id: mass
    acquisition: { gross_adds_per_month: [50] }
)");
    const Scenario sc = load_scenario(variant);
    const Segment* mass = segment_named(sc, "mass");
    ASSERT_NE(mass, nullptr);
    EXPECT_EQ(mass->acquisition.gross_adds_per_month, (std::vector<std::int64_t>{50}))
        << "a list of plain values is replaced, not merged";
}

TEST(Loader, AVariantChangingTheChurnModelReplacesTheParentsChurn) {
    // mass has { model: sbg, alpha, beta }; a variant writing a constant churn means that churn,
    // not a constant model still carrying alpha and beta (which the loader would reject).
    ScenarioFolder folder;
    folder.write("base.yaml", kTwoSegments);
    const fs::path variant = folder.write("variant.yaml", R"(extends: base.yaml
name: variant
segments:
  - id: mass
    churn: { model: constant, monthly_hazard: 0.02 }
)");
    try {
        const Scenario sc = load_scenario(variant);
        const Segment* mass = segment_named(sc, "mass");
        ASSERT_NE(mass, nullptr);
        EXPECT_EQ(mass->churn.model, HazardModel::constant);
        EXPECT_EQ(mass->churn.monthly_hazard, 0.02);
        const Segment* vip = segment_named(sc, "vip");
        ASSERT_NE(vip, nullptr);
        EXPECT_EQ(vip->churn.monthly_hazard, 0.01) << "the other segment keeps its churn";
    } catch (const InputError& e) {
        FAIL() << "a variant switching mass from sbg to constant churn was rejected:\n" << all_messages(e);
    }
}

TEST(Loader, AVariantChangingADistributionKindReplacesTheParentsDistribution) {
    // tenure_months is { gamma, mean 30, cv 0.8 }; a variant making it fixed must not keep cv.
    ScenarioFolder folder;
    folder.write("base.yaml", kTwoSegments);
    const fs::path variant = folder.write("variant.yaml", R"(extends: base.yaml
name: variant
segments:
  - id: mass
    tenure_months: { distribution: fixed, mean: 24 }
)");
    try {
        const Scenario sc = load_scenario(variant);
        const Segment* mass = segment_named(sc, "mass");
        ASSERT_NE(mass, nullptr);
        EXPECT_EQ(mass->tenure_months.kind, DistributionKind::fixed);
        EXPECT_EQ(mass->tenure_months.mean, 24.0);
    } catch (const InputError& e) {
        FAIL() << "a variant making a gamma tenure fixed was rejected:\n" << all_messages(e);
    }
}

TEST(Loader, AVariantTierMixReplacesTheParentsMix) {
    // mass is { gotone_58: 0.7, gotone_88: 0.3 }; a variant moving everyone to gotone_88
    // writes { gotone_88: 1.0 }. Merged key by key the shares would sum to 1.7.
    ScenarioFolder folder;
    folder.write("base.yaml", kTwoSegments);
    const fs::path variant = folder.write("variant.yaml", R"(extends: base.yaml
name: variant
segments:
  - id: mass
    tier_mix: { gotone_88: 1.0 }
)");
    try {
        const Scenario sc = load_scenario(variant);
        const Segment* mass = segment_named(sc, "mass");
        ASSERT_NE(mass, nullptr);
        ASSERT_EQ(mass->tier_mix.size(), 1u);
        EXPECT_EQ(mass->tier_mix[0].tier, "gotone_88");
        EXPECT_EQ(mass->tier_mix[0].share, 1.0);
    } catch (const InputError& e) {
        FAIL() << "a variant replacing a tier mix was rejected:\n" << all_messages(e);
    }
}

TEST(Loader, ReportsAProblemInTheParentAtItsPositionInTheParent) {
    ScenarioFolder folder;
    folder.write("base.yaml", replaced(kTwoSegments, "size: 200", "size: -200"));
    const fs::path variant = folder.write("variant.yaml", "extends: base.yaml\nname: variant\n");
    try {
        load_scenario(variant);
        ADD_FAILURE() << "a parent with a negative size was accepted";
    } catch (const InputError& e) {
        ASSERT_EQ(e.diagnostics().size(), 1u) << all_messages(e);
        const Diagnostic& d = e.diagnostics()[0];
        EXPECT_EQ(fs::path(d.pos.file).filename(), "base.yaml") << all_messages(e);
        EXPECT_EQ(d.pos.line, 25) << all_messages(e);
        EXPECT_EQ(d.pos.column, 11) << all_messages(e);
    }
}

TEST(Loader, LoadsTheShippedBaselineThroughItsExtendsChain) {
    const fs::path baseline = fs::path(OFFERSIM_SOURCE_DIR) / "scenarios" / "baseline.yaml";
    Scenario sc;
    try {
        sc = load_scenario(baseline);
    } catch (const InputError& e) {
        FAIL() << baseline << " was rejected:\n" << all_messages(e);
    }
    EXPECT_EQ(sc.name, "baseline");
    ASSERT_EQ(sc.source_files.size(), 2u);
    EXPECT_EQ(fs::path(sc.source_files[1]).filename(), "base.yaml");
    EXPECT_FALSE(sc.segments.empty());
    EXPECT_FALSE(sc.tiers.empty());
}

// --- names ---

TEST(NearestName, SuggestsTheClosestCandidate) {
    const std::vector<std::string_view> keys = {"monthly_fee_cny", "included", "overage", "name", "id"};
    EXPECT_EQ(nearest_name("montly_fee_cny", keys), "monthly_fee_cny");
    EXPECT_EQ(nearest_name("overages", keys), "overage");
    const std::vector<std::string_view> tiers = {"gotone_58", "gotone_88", "mzone_19"};
    EXPECT_EQ(nearest_name("gotone_85", tiers), "gotone_88") << "one substitution beats a swap";
    EXPECT_EQ(nearest_name("mzone19", tiers), "mzone_19");
}

TEST(NearestName, SuggestsNothingWhenNoCandidateIsClose) {
    const std::vector<std::string_view> keys = {"monthly_fee_cny", "included", "overage"};
    EXPECT_EQ(nearest_name("colour", keys), "");
    EXPECT_EQ(nearest_name("x", {}), "");
}

TEST(NearestName, SuggestsOnlyCloseSpellingsNotOtherConcepts) {
    EXPECT_EQ(nearest_name("member_growth_monthly", {"member_churn_monthly", "member_revenue_monthly_cny"}),
              "")
        << "growth is not churn";
    EXPECT_EQ(nearest_name("<<", {"id", "name"}), "") << "punctuation is no typo of a name";
    EXPECT_EQ(nearest_name("vipp", {"vip", "mass_market"}), "vip");
    EXPECT_EQ(nearest_name("network_per_minute_cny", {"network_per_min_cny"}), "network_per_min_cny");
    EXPECT_EQ(nearest_name(std::string(100, 'a'), {std::string_view("aaaa")}), "") << "too long to be a typo";
}

TEST(AcceptedKeys, ListEveryPlaceOnceWithItsKeys) {
    const auto& places = accepted_keys();
    ASSERT_FALSE(places.empty());
    std::set<std::string_view> seen;
    for (const auto& p : places) {
        EXPECT_TRUE(seen.insert(p.where).second) << "place listed twice: '" << p.where << "'";
        EXPECT_FALSE(p.keys.empty()) << "no keys at '" << p.where << "'";
        std::set<std::string_view> keys(p.keys.begin(), p.keys.end());
        EXPECT_EQ(keys.size(), p.keys.size()) << "a key listed twice at '" << p.where << "'";
    }
    const auto top =
        std::find_if(places.begin(), places.end(), [](const AcceptedKeys& p) { return p.where.empty(); });
    ASSERT_NE(top, places.end()) << "no entry for the top level";
    for (std::string_view key : {"extends", "name", "horizon_months", "segments", "tiers"})
        EXPECT_NE(std::find(top->keys.begin(), top->keys.end(), key), top->keys.end()) << key;
}

}  // namespace
