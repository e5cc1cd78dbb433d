// A value's note: the comment beside or above it in its file, inherited by the values in it,
// kept through `extends` and through the resolved YAML written back; and whether it marks
// an assumption.
#include "engine/scenario/value_notes.hpp"

#include "engine/scenario/document.hpp"
#include "engine/scenario/loader.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace offersim::scenario {
namespace {

DocNode parsed_notes(const std::string& text) {
    std::vector<Diagnostic> problems;
    DocNode root = parse_document(text, "notes.yaml", problems);
    EXPECT_TRUE(problems.empty()) << (problems.empty() ? "" : problems[0].message);
    return root;
}

TEST(ValueNotes, AValueTakesTheCommentBesideItThenThoseDirectlyAbove) {
    const DocNode root = parsed_notes(
        "# The file's own comment, no value's.\n"
        "name: x\n"
        "\n"
        "# cited: 2009 report\n"
        "# second line\n"
        "fee_cny: 58  # beside\n"
        "rate: 0.1\n");
    EXPECT_EQ(root.find("name")->note, "");
    EXPECT_EQ(root.find("fee_cny")->note, "beside cited: 2009 report second line");
    EXPECT_EQ(root.find("rate")->note, "");
}

TEST(ValueNotes, ValuesInAValueInheritItsNoteUnlessTheyHaveTheirOwnOrSayNoNote) {
    const DocNode root = parsed_notes(
        "a: 1\n"
        "# about the tiers\n"
        "tiers:\n"
        "  - id: t1\n"
        "    fee_cny: 19\n"
        "    overage: { voice_per_min_cny: 0.2, sms_each_cny: 0.1 }  # assumption: beside a line\n"
        "  - id: t2  # own\n"
        "    fee_cny: 58  # no note\n"
        "    mix: [\"a # not a comment\", b]\n");
    const DocNode& tiers = *root.find("tiers");
    EXPECT_EQ(tiers.note, "about the tiers");
    EXPECT_EQ(tiers.items[0].find("fee_cny")->note, "about the tiers");
    // Of values written on one line, the outermost takes the comment; the others inherit it.
    EXPECT_EQ(tiers.items[0].find("overage")->note, "assumption: beside a line");
    EXPECT_EQ(tiers.items[0].find("overage")->find("sms_each_cny")->note, "assumption: beside a line");
    EXPECT_EQ(tiers.items[1].note, "own");
    EXPECT_EQ(tiers.items[1].find("fee_cny")->note, "");
    EXPECT_EQ(tiers.items[1].find("mix")->items[0].scalar, "a # not a comment");
    EXPECT_EQ(tiers.items[1].find("mix")->note, "own");
}

TEST(ValueNotes, AnAssumptionIsANoteThatBeginsWithTheWord) {
    EXPECT_EQ(source_of("assumption: to sweep"), ValueSource::assumption);
    EXPECT_EQ(source_of("Assumption, as silver"), ValueSource::assumption);
    EXPECT_EQ(source_of("assumed: 2,000 more a month"), ValueSource::assumption);
    EXPECT_EQ(source_of("Chengdu tariffs; an assumption only for data"), ValueSource::data);
    EXPECT_EQ(source_of(""), ValueSource::not_stated);
}

TEST(ValueNotes, AVariantsValueKeepsTheNoteOfTheFileThatWroteIt) {
    const MergeRules rules;
    const DocNode base = parsed_notes(
        "horizon_months: 36\n"
        "# the segment's source\n"
        "segment:\n"
        "  size: 100\n"
        "  churn: 0.03\n");
    const DocNode variant = parsed_notes(
        "segment:\n"
        "  size: 150  # assumption: 50 more\n"
        "  churn: 0.02\n");
    const DocNode merged = merge_documents(base, variant, rules);
    const DocNode& segment = *merged.find("segment");
    EXPECT_EQ(segment.note, "the segment's source");
    EXPECT_EQ(segment.find("size")->note, "assumption: 50 more");
    EXPECT_EQ(segment.find("churn")->note, "") << "the variant's 0.02 is not the base's cited value";
    // Written back and read again, every value has the same note.
    const std::string text = emit_document(merged);
    const std::vector<ScenarioValue> values = scenario_values(text);
    ASSERT_EQ(values.size(), 3u) << text;
    EXPECT_EQ(path_text(values[1].path), "segment.size");
    EXPECT_EQ(values[1].source, ValueSource::assumption);
    EXPECT_EQ(values[2].note, "") << text;
    EXPECT_EQ(values[2].source, ValueSource::not_stated);
}

// Every shipped scenario's values keep their notes through scenario.resolved.yaml, so a run
// re-made from the record prints the same table of assumptions.
TEST(ValueNotes, TheResolvedYamlOfEveryShippedScenarioKeepsEveryNote) {
    namespace fs = std::filesystem;
    std::vector<fs::path> files{OFFERSIM_SOURCE_DIR "/scenarios/baseline.yaml"};
    for (const auto& entry : fs::directory_iterator(OFFERSIM_SOURCE_DIR "/scenarios/examples"))
        if (entry.path().extension() == ".yaml") files.push_back(entry.path());
    for (const auto& file : files) {
        const Scenario sc = load_scenario(file);
        const std::vector<ScenarioValue> once = scenario_values(sc.resolved_yaml);
        std::vector<Diagnostic> problems;
        const std::string again = emit_document(parse_document(sc.resolved_yaml, "again", problems));
        EXPECT_EQ(again, sc.resolved_yaml) << file;
        const std::vector<ScenarioValue> twice = scenario_values(again);
        ASSERT_EQ(once.size(), twice.size()) << file;
        for (std::size_t i = 0; i < once.size(); ++i) EXPECT_EQ(once[i].note, twice[i].note) << file;
    }
}

TEST(ValueNotes, TheBaselineMarksItsAssumptionsAndCitesItsData) {
    const Scenario sc = load_scenario(OFFERSIM_SOURCE_DIR "/scenarios/baseline.yaml");
    const std::vector<ScenarioValue> values = scenario_values(sc.resolved_yaml);
    const auto find = [&](const std::string& path) -> const ScenarioValue* {
        for (const auto& v : values)
            if (path_text(v.path) == path) return &v;
        return nullptr;
    };
    for (const char* assumed :
         {"discount_rate_annual", "costs.network_per_min_cny", "tiers[gotone_58].overage.data_per_mb_cny",
          "segments[mass].price_response.churn_elasticity", "segments[mass].churn.alpha"}) {
        const ScenarioValue* v = find(assumed);
        ASSERT_NE(v, nullptr) << assumed;
        EXPECT_EQ(v->source, ValueSource::assumption) << assumed << ": " << v->note;
    }
    // The mass market's churn is fitted to the cited whole-base figure: an assumption by itself.
    for (const char* cited : {"tiers[gotone_58].monthly_fee_cny"}) {
        const ScenarioValue* v = find(cited);
        ASSERT_NE(v, nullptr) << cited;
        EXPECT_EQ(v->source, ValueSource::data) << cited;
    }
    EXPECT_EQ(find("name"), nullptr) << "labels are left out";
}

// The example of docs/scenario-reference.md, "Notes: data or assumption".
TEST(ValueNotes, TheDocumentedExampleMarksWhatItSays) {
    const Scenario sc = load_scenario(OFFERSIM_SOURCE_DIR "/docs/examples/assumption_notes.yaml");
    std::vector<std::pair<std::string, ValueSource>> marks;
    for (const auto& v : scenario_values(sc.resolved_yaml)) marks.emplace_back(path_text(v.path), v.source);
    const auto source = [&](const std::string& path) {
        const auto found =
            std::find_if(marks.begin(), marks.end(), [&](const auto& m) { return m.first == path; });
        return found == marks.end() ? std::optional<ValueSource>() : found->second;
    };
    EXPECT_EQ(source("tiers[gotone_58].monthly_fee_cny"), ValueSource::data);
    EXPECT_EQ(source("tiers[gotone_58].included.voice_min"), ValueSource::assumption);
    EXPECT_EQ(source("tiers[gotone_58].included.data_mb"), ValueSource::data) << "the baseline's, cited";
    EXPECT_EQ(source("segments[mass].acquisition.gross_adds_per_month"), ValueSource::assumption);
    EXPECT_EQ(source("horizon_months"), ValueSource::not_stated);
}

}  // namespace
}  // namespace offersim::scenario
