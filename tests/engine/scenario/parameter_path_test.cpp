// Parameter paths: their syntax, the value they name in a document, and loading a scenario
// with values overridden, which must decode exactly as the value written in the file.
#include "engine/scenario/parameter_path.hpp"

#include "engine/scenario/loader.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

namespace {

namespace fs = std::filesystem;
using namespace offersim;
using namespace offersim::scenario;

constexpr std::string_view kScenario = R"(name: compact
horizon_months: 12
tiers:
  - id: gotone_58
    monthly_fee_cny: 58
    included: { voice_min: 260, data_mb: 30, sms: 60 }
  - id: gotone_88
    monthly_fee_cny: 88
segments:
  - id: mass
    size: 1000
    tier_mix: { gotone_58: 0.5, gotone_88: 0.5 }
    usage:
      voice_min: { distribution: fixed, mean: 200 }
      data_mb: { distribution: fixed, mean: 18 }
      sms: { distribution: fixed, mean: 100 }
    churn: { model: constant, monthly_hazard: 0.03 }
    price_response: { churn_elasticity: 0.5 }
)";

// The one message of an InputError thrown by `f`.
template <typename F>
std::string message_of(F&& f) {
    try {
        f();
    } catch (const InputError& e) {
        EXPECT_EQ(e.diagnostics().size(), 1u);
        return format_diagnostic(e.diagnostics().front());
    }
    ADD_FAILURE() << "expected an InputError";
    return {};
}

DocNode parsed(std::string_view text) {
    std::vector<Diagnostic> problems;
    DocNode root = parse_document(text, "test.yaml", problems);
    EXPECT_TRUE(problems.empty());
    return root;
}

// The scenario text in a file of its own, removed with its folder.
class ScenarioFile {
public:
    explicit ScenarioFile(std::string_view text, std::string_view name = "scenario.yaml") {
        std::string pattern = (fs::temp_directory_path() / "offersim_parameter_path_XXXXXX").string();
        if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
        dir_ = pattern;
        add(name, text);
    }
    ~ScenarioFile() {
        std::error_code ec;
        fs::remove_all(dir_, ec);
    }
    ScenarioFile(const ScenarioFile&) = delete;
    ScenarioFile& operator=(const ScenarioFile&) = delete;

    fs::path add(std::string_view name, std::string_view text) {
        std::ofstream(dir_ / name) << text;
        return dir_ / name;
    }
    fs::path path(std::string_view name = "scenario.yaml") const { return dir_ / name; }

private:
    fs::path dir_;
};

TEST(ParameterPath, ParsesKeysAndItemsAndFormatsThemBack) {
    const ParameterPath p = parse_parameter_path("tiers[gotone_58].included.voice_min");
    const std::vector<PathStep> expected = {
        {"tiers", false}, {"gotone_58", true}, {"included", false}, {"voice_min", false}};
    EXPECT_EQ(p.steps, expected);
    EXPECT_EQ(format_parameter_path(p.steps), "tiers[gotone_58].included.voice_min");
    EXPECT_EQ(parse_parameter_path("horizon_months").steps,
              (std::vector<PathStep>{{"horizon_months", false}}));
    EXPECT_EQ(parse_parameter_path("a[x][1]").steps,
              (std::vector<PathStep>{{"a", false}, {"x", true}, {"1", true}}));
}

TEST(ParameterPath, BadSyntaxSaysWhereAndWhatAPathLooksLike) {
    const SourcePos pos{"--set", 0, 0};
    for (const std::string_view bad : {"", "[x].a", ".a", "a..b", "a[x", "a[]", "a]b", "a[x]b", "a.b c"}) {
        const std::string m = message_of([&] { parse_parameter_path(bad, pos); });
        EXPECT_NE(m.find("--set: parameter path '" + std::string(bad) + "'"), std::string::npos) << m;
        EXPECT_NE(m.find("e.g. tiers[gotone_58].monthly_fee_cny"), std::string::npos) << m;
    }
    EXPECT_NE(message_of([] { parse_parameter_path("a[x"); }).find("'[' is not closed at character 2"),
              std::string::npos);
}

TEST(ParameterPath, ItemStepsAreIdsOrIndexes) {
    const DocNode root = parsed("tiers: [{id: a}, {id: b}]\nbands: [{upto: 1}, {upto: 2}]\n");
    EXPECT_EQ(item_step(*root.find("tiers"), 1), (PathStep{"b", true}));
    EXPECT_EQ(item_step(*root.find("bands"), 1), (PathStep{"1", true}));
    EXPECT_EQ(find_parameter(root, parse_parameter_path("bands[1].upto")).scalar, "2");
    EXPECT_EQ(find_parameter(root, parse_parameter_path("tiers[b].id")).scalar, "b");
}

TEST(ParameterPath, SetsTheValueAsTheShortestExactTextKeepingItsPosition) {
    DocNode root = parsed(kScenario);
    const ParameterPath fee = parse_parameter_path("tiers[gotone_88].monthly_fee_cny");
    const SourcePos before = find_parameter(root, fee).pos;
    set_parameter(root, fee, 68.5);
    const DocNode& node = find_parameter(root, fee);
    EXPECT_EQ(node.scalar, "68.5");
    EXPECT_EQ(node.pos.line, before.line);
    EXPECT_EQ(node.pos.line, 8);
    set_parameter(root, parse_parameter_path("segments[mass].churn.monthly_hazard"), 0.1 + 0.2);
    EXPECT_EQ(find_parameter(root, parse_parameter_path("segments[mass].churn.monthly_hazard")).scalar,
              "0.30000000000000004");
    set_parameter(root, parse_parameter_path("horizon_months"), 24);
    EXPECT_EQ(root.find("horizon_months")->scalar, "24");
}

TEST(ParameterPath, APathThatNamesNoValueGetsTheNearestName) {
    DocNode root = parsed(kScenario);
    const SourcePos pos{"--set", 0, 0};
    auto set = [&](std::string_view path) { set_parameter(root, parse_parameter_path(path, pos), 1.0); };
    EXPECT_EQ(message_of([&] { set("tiers[gotone_85].monthly_fee_cny"); }),
              "--set: parameter path 'tiers[gotone_85].monthly_fee_cny': tiers has no item with id "
              "'gotone_85'; did you mean 'gotone_58'?");
    EXPECT_EQ(
        message_of([&] { set("tiers[gotone_58].monthly_fee"); }),
        "--set: parameter path 'tiers[gotone_58].monthly_fee': the scenario has no key 'monthly_fee' at "
        "tiers[gotone_58]; did you mean 'monthly_fee_cny'?");
    EXPECT_EQ(message_of([&] { set("horizon"); }),
              "--set: parameter path 'horizon': the scenario has no key 'horizon' at the top level; expected "
              "one of 'name', 'horizon_months', 'tiers', 'segments'");
    EXPECT_EQ(message_of([&] { set("tiers.monthly_fee_cny"); }),
              "--set: parameter path 'tiers.monthly_fee_cny': tiers is a list; select one of its items in "
              "brackets before 'monthly_fee_cny', e.g. tiers[gotone_58].monthly_fee_cny");
    EXPECT_EQ(message_of([&] { set("tiers[gotone_58].included"); }),
              "--set: parameter path 'tiers[gotone_58].included': names a mapping, not a single value; a "
              "parameter is one number, e.g. tiers[gotone_58].included.voice_min");
    EXPECT_EQ(message_of([&] { set("name[x]"); }),
              "--set: parameter path 'name[x]': name is not a list; '[x]' selects an item of a list");
    EXPECT_EQ(message_of([&] { set("name.x"); }),
              "--set: parameter path 'name.x': name is a single value; it has no key 'x'");
}

TEST(ParameterPath, AnOverriddenScenarioDecodesAsTheValueWrittenInTheFile) {
    ScenarioFile file(kScenario);
    std::string written(kScenario);
    written.replace(written.find("monthly_hazard: 0.03"), 20, "monthly_hazard: 0.045");
    written.replace(written.find("horizon_months: 12"), 18, "horizon_months: 18");
    const fs::path edited = file.add("edited.yaml", written);
    const Scenario overridden =
        load_scenario(file.path(), {{parse_parameter_path("segments[mass].churn.monthly_hazard"), 0.045},
                                    {parse_parameter_path("horizon_months"), 18}});
    const Scenario direct = load_scenario(edited);
    EXPECT_EQ(overridden.horizon_months, 18);
    EXPECT_EQ(overridden.resolved_yaml, direct.resolved_yaml);
    EXPECT_EQ(overridden.segments.front().churn.monthly_hazard, direct.segments.front().churn.monthly_hazard);
}

TEST(ParameterPath, OverridesApplyToTheMergedExtendsChain) {
    ScenarioFile file(kScenario);
    const fs::path variant = file.add("variant.yaml",
                                      "extends: scenario.yaml\nname: variant\n"
                                      "tiers:\n  - { id: gotone_58, monthly_fee_cny: 48 }\n");
    const Scenario sc =
        load_scenario(variant, {{parse_parameter_path("tiers[gotone_58].monthly_fee_cny"), 38}});
    EXPECT_EQ(sc.tiers.front().monthly_fee.fen, 3800);
    EXPECT_EQ(sc.name, "variant");
}

TEST(ParameterPath, TheLoadersChecksApplyToAnOverriddenValueAtItsPosition) {
    ScenarioFile file(kScenario);
    const std::string at = file.path().string();
    EXPECT_EQ(message_of([&] {
                  load_scenario(file.path(), {{parse_parameter_path("horizon_months"), 12.5}});
              }),
              at + ":2:17: expected a whole number at horizon_months, found '12.5'");
    EXPECT_EQ(
        message_of([&] {
            load_scenario(file.path(), {{parse_parameter_path("tiers[gotone_58].monthly_fee_cny"), 58.001}});
        }),
        at + ":5:22: expected an amount in CNY with at most 2 decimals at tiers[0].monthly_fee_cny, found "
             "'58.001'");
}

TEST(ParameterPath, TheReferencePricesOfAnOverriddenScenarioAreTheFilesOwn) {
    ScenarioFile file(kScenario);
    EXPECT_EQ(load_scenario(file.path()).price_reference, nullptr);  // its own reference
    const Scenario sc =
        load_scenario(file.path(), {{parse_parameter_path("tiers[gotone_58].monthly_fee_cny"), 68}});
    ASSERT_NE(sc.price_reference, nullptr);
    EXPECT_EQ(sc.tiers.front().monthly_fee.fen, 6800);
    EXPECT_EQ(sc.price_reference->tiers.front().monthly_fee.fen, 5800);
}

}  // namespace
