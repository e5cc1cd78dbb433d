// scenarios/scenario.schema.json against the loader: every shipped scenario validates, the
// schema names exactly the keys the loader accepts at each place, and `offersim schema`
// prints the file. YAML reaches JSON through the engine's own parse_document tree.

// GCC 12 reports a false -Wrestrict inside std::string::replace as inlined into valijson's
// JSON-pointer code (GCC bug 105651); the pragma must precede <string> to take effect.
#if defined(__GNUC__) && !defined(__clang__) && __GNUC__ == 12
#pragma GCC diagnostic ignored "-Wrestrict"
#endif

#include "scenarios/schema.hpp"
#include "engine/scenario/document.hpp"
#include "engine/scenario/loader.hpp"
#include "engine/scenario/uncertain_inputs.hpp"
#include "tests/engine/scenario/compact_scenario.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validator.hpp>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using offersim::Diagnostic;
using offersim::InputError;
using offersim::scenario::DocNode;

const fs::path kSourceDir = OFFERSIM_SOURCE_DIR;
const fs::path kSchemaFile = kSourceDir / "scenarios" / "scenario.schema.json";

std::string read_text(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    std::ostringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
}

// A plain scalar as YAML's core schema reads it: integers and finite decimals become JSON
// numbers (whole values as integers, as JSON Schema counts 1.0 an integer), true/false
// booleans; a quoted scalar and anything else stays a string.
json scalar_to_json(const DocNode& node) {
    const std::string& v = node.scalar;
    if (node.quoted) return v;
    if (v == "true" || v == "True" || v == "TRUE") return true;
    if (v == "false" || v == "False" || v == "FALSE") return false;
    const char* end = v.data() + v.size();
    std::int64_t i = 0;
    if (auto [p, ec] = std::from_chars(v.data(), end, i); ec == std::errc() && p == end) return i;
    double d = 0.0;
    if (auto [p, ec] = std::from_chars(v.data(), end, d); ec == std::errc() && p == end && std::isfinite(d)) {
        if (d == std::floor(d) && std::fabs(d) < 9.0e15) return static_cast<std::int64_t>(d);
        return d;
    }
    return v;
}

json to_json(const DocNode& node) {
    switch (node.kind) {
        case DocNode::Kind::null:
            return nullptr;
        case DocNode::Kind::scalar:
            return scalar_to_json(node);
        case DocNode::Kind::sequence: {
            json out = json::array();
            for (const auto& item : node.items) out.push_back(to_json(item));
            return out;
        }
        case DocNode::Kind::map: {
            json out = json::object();
            for (const auto& e : node.entries) out[e.key] = to_json(e.value.front());
            return out;
        }
    }
    return nullptr;
}

// YAML text as JSON; parse problems fail the test.
json yaml_to_json(const std::string& text, const std::string& name) {
    std::vector<Diagnostic> diagnostics;
    const DocNode root = offersim::scenario::parse_document(text, name, diagnostics);
    for (const auto& d : diagnostics) ADD_FAILURE() << offersim::format_diagnostic(d);
    return to_json(root);
}

// The schema `offersim schema` prints: the file plus the generated variant definitions.
const json& schema_json() {
    static const json schema = json::parse(offersim::scenarios::scenario_schema_json());
    return schema;
}

// The schema compiled for valijson once.
class SchemaValidator {
public:
    SchemaValidator() {
        valijson::SchemaParser parser(valijson::SchemaParser::kDraft7);
        valijson::adapters::NlohmannJsonAdapter adapter(schema_json());
        parser.populateSchema(adapter, schema_);
    }

    // Empty when `document` is valid, else one line per problem: "/json/path: description".
    std::string problems(const json& document) const {
        valijson::Validator validator;
        valijson::ValidationResults results;
        valijson::adapters::NlohmannJsonAdapter adapter(document);
        if (validator.validate(schema_, adapter, &results)) return {};
        std::string text;
        valijson::ValidationResults::Error error;
        while (results.popError(error)) {
            std::string path;
            for (const auto& c : error.context) path += c == "<root>" ? "" : c;
            text += "  " + (path.empty() ? "/" : path) + ": " + error.description + "\n";
        }
        return text.empty() ? "  (invalid, no detail)\n" : text;
    }

private:
    valijson::Schema schema_;
};

const SchemaValidator& validator() {
    static const SchemaValidator v;
    return v;
}

std::vector<fs::path> shipped_scenarios() {
    std::vector<fs::path> files;
    for (const auto& entry : fs::recursive_directory_iterator(kSourceDir / "scenarios"))
        if (entry.is_regular_file() && entry.path().extension() == ".yaml") files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    return files;
}

// --- (a) the shipped scenarios ---

TEST(ScenarioSchema, IsDraft07Json) {
    const json& schema = schema_json();
    ASSERT_TRUE(schema.is_object());
    EXPECT_EQ(schema.value("$schema", ""), "http://json-schema.org/draft-07/schema#");
    EXPECT_EQ(schema.value("type", ""), "object");
    EXPECT_TRUE(schema.contains("$defs"));
    for (const char* def : {"distribution", "tier_mix", "money_cny", "rate_cny", "churn"})
        EXPECT_TRUE(schema["$defs"].contains(def)) << "$defs lacks " << def;
}

TEST(ScenarioSchema, AcceptsEveryShippedScenarioAsWritten) {
    const auto files = shipped_scenarios();
    ASSERT_FALSE(files.empty());
    for (const auto& file : files) {
        const std::string text = read_text(file);
        const json document = yaml_to_json(text, file.string());
        EXPECT_EQ(validator().problems(document), "") << file << " as written does not match the schema";
    }
}

TEST(ScenarioSchema, AcceptsEveryShippedScenarioAfterExtendsIsResolved) {
    for (const auto& file : shipped_scenarios()) {
        offersim::scenario::Scenario sc;
        try {
            sc = offersim::scenario::load_scenario(file);
        } catch (const InputError& e) {
            ADD_FAILURE() << file << " is rejected by the loader:\n" << e.what();
            continue;
        }
        const json document = yaml_to_json(sc.resolved_yaml, file.string() + " (resolved)");
        EXPECT_EQ(validator().problems(document), "")
            << file << " resolved does not match the schema; resolved YAML:\n"
            << sc.resolved_yaml;
    }
}

TEST(ScenarioSchema, AcceptsTheCompactScenarioOfTheBadInputCorpus) {
    const fs::path file = kSourceDir / "tests" / "engine" / "scenario" / "bad_input" / "_valid.yaml";
    EXPECT_EQ(validator().problems(yaml_to_json(read_text(file), file.string())), "") << file;
}

// --- what the schema rejects, as the loader does ---

const std::string kCompact = offersim::test::compact_scenario();

std::string with(std::string_view from, std::string_view to, std::string text = kCompact) {
    return offersim::test::replaced(text, from, to);
}

void expect_valid(const std::string& yaml) {
    EXPECT_EQ(validator().problems(yaml_to_json(yaml, "test.yaml")), "") << "input:\n" << yaml;
}

void expect_invalid(const std::string& yaml) {
    EXPECT_NE(validator().problems(yaml_to_json(yaml, "test.yaml")), "") << "the schema accepts:\n" << yaml;
}

TEST(ScenarioSchema, AcceptsTheCompactScenario) {
    expect_valid(kCompact);
}

TEST(ScenarioSchema, RejectsAMisspeltKey) {
    expect_invalid(with("monthly_fee_cny", "montly_fee_cny"));
}

TEST(ScenarioSchema, RejectsAQuotedAmount) {
    expect_invalid(with("monthly_fee_cny: 58", "monthly_fee_cny: \"58\""));
}

TEST(ScenarioSchema, RejectsNegativeSizesAndPrices) {
    expect_invalid(with("size: 1000", "size: -1"));
    expect_invalid(with("monthly_fee_cny: 58", "monthly_fee_cny: -58"));
    expect_invalid(with("sms_each_cny: 0.10", "sms_each_cny: -0.10"));
}

TEST(ScenarioSchema, RejectsAProbabilityAboveOne) {
    expect_invalid(with("monthly_hazard: 0.03", "monthly_hazard: 3"));
    expect_invalid(with("gotone_58: 1.0", "gotone_58: 1.5"));
}

TEST(ScenarioSchema, RejectsAWholeNumberWithAFraction) {
    expect_invalid(with("size: 1000", "size: 1000.5"));
}

TEST(ScenarioSchema, RejectsUnknownEnumValues) {
    expect_invalid(with("model: constant", "model: weibul"));
    expect_invalid(with("distribution: gamma", "distribution: normal"));
    expect_invalid(with("    size: 1000", "    kind: vipp\n    size: 1000"));
}

TEST(ScenarioSchema, RejectsAKeyOfAnotherChurnModel) {
    expect_invalid(with("monthly_hazard: 0.03 }", "monthly_hazard: 0.03, alpha: 1.5 }"));
    expect_invalid(
        with("{ model: constant, monthly_hazard: 0.03 }", "{ model: sbg, alpha: 1.5, beta: 12, shape: 1 }"));
    expect_valid(with("{ model: constant, monthly_hazard: 0.03 }",
                      "{ model: weibull, scale_months: 250, shape: 0.8 }"));
    expect_valid(with("{ model: constant, monthly_hazard: 0.03 }",
                      "{ model: table, bands: [{ from_month: 1, monthly_hazard: 0.02 }] }"));
}

TEST(ScenarioSchema, RequiresTheParametersOfTheChurnModel) {
    expect_invalid(with("{ model: constant, monthly_hazard: 0.03 }", "{ model: sbg, alpha: 1.5 }"));
    expect_invalid(with("{ model: constant, monthly_hazard: 0.03 }", "{ model: table }"));
}

TEST(ScenarioSchema, RejectsACvOnAFixedDistributionAndRequiresItOtherwise) {
    expect_invalid(with("{ distribution: fixed, mean: 100 }", "{ distribution: fixed, mean: 100, cv: 0.5 }"));
    expect_invalid(with("{ distribution: gamma, mean: 30, cv: 0.8 }", "{ distribution: gamma, mean: 30 }"));
}

TEST(ScenarioSchema, RequiresAFullScenarioInAFileWithoutExtends) {
    expect_invalid(with("name: compact\n", ""));
    expect_invalid(with("    size: 1000\n", ""));
    expect_invalid(with("    churn: { model: constant, monthly_hazard: 0.03 }\n", ""));
}

TEST(ScenarioSchema, AcceptsAVariantHoldingOnlyWhatItChanges) {
    expect_valid("extends: baseline.yaml\nname: variant\nsegments:\n  - id: mass\n    churn: { alpha: 2 }\n");
    expect_valid("extends: baseline.yaml\ntiers:\n  - id: gotone_58\n    monthly_fee_cny: 48\n");
    expect_invalid("extends: baseline.yaml\nsegments:\n  - size: 5\n");  // merged by id: an id is needed
    expect_invalid("extends: baseline.yaml\nhorizon_months: 0\n");
}

// --- the schema agrees with the loader ---

// Every scenario a planner starts from: the shipped ones and the documentation's examples.
std::vector<fs::path> scenarios_and_examples() {
    auto files = shipped_scenarios();
    for (const auto& entry : fs::directory_iterator(kSourceDir / "docs" / "examples"))
        if (entry.path().extension() == ".yaml") files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    return files;
}

// The loader's verdict on `text` as if it were `file`: empty when it loads, else its errors.
std::string loader_problems(const std::string& text, const fs::path& file) {
    try {
        (void)offersim::scenario::load_scenario_text(text, file);
        return {};
    } catch (const InputError& e) {
        return e.what();
    }
}

TEST(ScenarioSchema, AcceptsEveryScenarioAndExampleTheLoaderAccepts) {
    for (const auto& file : scenarios_and_examples()) {
        const std::string text = read_text(file);
        ASSERT_EQ(loader_problems(text, file), "") << file;
        EXPECT_EQ(validator().problems(yaml_to_json(text, file.string())), "") << file;
    }
}

// The shape of a value, to tell the variants worth checking apart: its type, and for a map
// its keys (a churn block of another model, a distribution of another kind).
std::string shape(const json& value) {
    std::string text = value.type_name();
    if (value.is_object())
        for (const auto& [key, sub] : value.items()) text += " " + key;
    return text;
}

// Variants that restate one field of one list item by its id (`{id, field}`), for every
// field of every item of every list with ids in `node`, nested lists included, once per
// place, field and shape of value (`seen`). `wrap` puts a fragment at `where` in a whole
// document.
void one_field_variants(const json& node, const std::string& where, const std::function<json(json)>& wrap,
                        std::set<std::string>& seen, std::vector<json>& out) {
    for (const auto& [key, value] : node.items()) {
        const std::string here = where + "/" + key;
        const std::string name = key;  // clang 14 cannot capture a structured binding
        const auto place = [&](json fragment) { return wrap(json{{name, std::move(fragment)}}); };
        if (value.is_object()) one_field_variants(value, here, place, seen, out);
        const bool listed_by_id = value.is_array() && !value.empty() &&
                                  std::all_of(value.begin(), value.end(), [](const json& item) {
                                      return item.is_object() && item.contains("id");
                                  });
        if (!listed_by_id) continue;
        for (const auto& item : value) {
            const json& id = item["id"];
            for (const auto& [field, field_value] : item.items())
                if (field != "id" && seen.insert(here + "/*/" + field + ": " + shape(field_value)).second)
                    out.push_back(place(json::array({{{"id", id}, {field, field_value}}})));
            const auto in_item = [&](json fragment) {
                fragment["id"] = id;
                return place(json::array({std::move(fragment)}));
            };
            one_field_variants(item, here + "/*", in_item, seen, out);
        }
    }
}

// `value` as flow-style YAML the loader reads as it read the original: a word such as
// `unlimited` or an id stays plain (quoted, a name would be refused), other text is
// double-quoted with JSON's escapes, which YAML shares.
std::string to_flow_yaml(const json& value) {
    if (value.is_object()) {
        std::string text;
        for (const auto& [key, sub] : value.items())
            text += (text.empty() ? "" : ", ") + to_flow_yaml(json(key)) + ": " + to_flow_yaml(sub);
        return "{" + text + "}";
    }
    if (value.is_array()) {
        std::string text;
        for (const auto& sub : value) text += (text.empty() ? "" : ", ") + to_flow_yaml(sub);
        return "[" + text + "]";
    }
    if (!value.is_string()) return value.dump();
    const std::string& s = value.get_ref<const std::string&>();
    const bool word = !s.empty() && (std::isalpha(static_cast<unsigned char>(s[0])) || s[0] == '_') &&
                      std::all_of(s.begin(), s.end(), [](char c) {
                          return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-';
                      });
    const bool keyword = s == "true" || s == "false" || s == "null" || s == "True" || s == "False";
    return word && !keyword ? s : value.dump();
}

// Paths to the first number in each map of `node` (one per map is enough: the schema's
// definitions are shared within a map's fields), as JSON pointers.
void numbers_in(const json& node, const json::json_pointer& at, std::vector<json::json_pointer>& out) {
    bool first = true;
    for (const auto& [key, value] : node.items()) {
        const json::json_pointer here = at / key;  // a list's keys are its indices
        if (value.is_number() && first) {
            out.push_back(here);
            first = false;
        } else if (value.is_structured()) {
            numbers_in(value, here, out);
        }
    }
}

TEST(ScenarioSchema, RefusesALawWhereTheLoaderDoes) {
    // The parameter draws do not reach win-back, groups or the discount rate: a law there is an
    // error for the loader, and the schema agrees, number by number.
    std::size_t checked = 0;
    for (const auto& file : scenarios_and_examples()) {
        const json document = yaml_to_json(read_text(file), file.string());
        for (const char* section : {"win_back", "groups", "discount_rate_annual"}) {
            if (!document.contains(section)) continue;
            std::vector<json::json_pointer> numbers;
            const json::json_pointer top("/" + std::string(section));
            if (document[section].is_number())
                numbers.push_back(top);
            else
                numbers_in(document[section], top, numbers);
            for (const auto& at : numbers) {
                json changed = document;
                const double value = changed[at].get<double>();
                changed[at] = {{"distribution", "uniform"}, {"low", value}, {"high", value}};
                const std::string text = to_flow_yaml(changed);
                EXPECT_NE(loader_problems(text, file), "") << file << " " << at.to_string();
                EXPECT_NE(validator().problems(changed), "") << file << " " << at.to_string();
                ++checked;
            }
        }
    }
    EXPECT_GT(checked, 20u);
    // Elsewhere the same law is a parameter both accept.
    const std::string drawn =
        with("monthly_hazard: 0.03", "monthly_hazard: {distribution: uniform, low: 0.02, high: 0.04}");
    EXPECT_EQ(loader_problems(drawn + "replications: 4\n", "drawn.yaml"), "");
    expect_valid(drawn);
}

TEST(ScenarioSchema, AcceptsEveryVariantThatRestatesOneFieldOfAnItemById) {
    std::size_t checked = 0;
    std::set<std::string> seen;
    for (const auto& parent : scenarios_and_examples()) {
        const json document = yaml_to_json(read_text(parent), parent.string());
        std::vector<json> variants;
        const auto whole = [&](json fragment) {
            json variant = {{"extends", parent.filename().string()}};
            variant.update(fragment);
            return variant;
        };
        one_field_variants(document, "", whole, seen, variants);
        const fs::path file = parent.parent_path() / "one_field_variant.yaml";
        for (const auto& variant : variants) {
            const std::string text = to_flow_yaml(variant);
            ASSERT_EQ(loader_problems(text, file), "") << "from " << parent << ":\n" << text;
            EXPECT_EQ(validator().problems(yaml_to_json(text, file.string())), "")
                << "the loader accepts this variant of " << parent << ":\n"
                << text;
            ++checked;
        }
    }
    EXPECT_GT(checked, 100U);
}

// Bad inputs whose problem is not one of structure (a key, a type, a range) but of meaning:
// references between ids, sums and orders, values checked against each other or the
// horizon, and the text and files the loader reads. A schema cannot see these.
const std::set<std::string> kCheckedOnlyByTheLoader = {
    // orders and sums
    "bands_not_increasing",
    "bands_not_starting_at_one",
    "bands_repeated_month",
    "shares_sum_below_one",
    "vip_levels_not_rising",
    "reporting_arpu_bands_not_rising",
    // references to ids, and unique ids
    "competitors_move_on_unreached_segment",
    "competitors_unknown_segment",
    "duplicate_segment_id",
    "duplicate_tier_id",
    "extends_variant_unknown_tier",
    "retention_unknown_segment",
    "unknown_tier_acquisition",
    "unknown_tier_far",
    "unknown_tier_nearest",
    "win_back_converts_unknown_segment",
    "win_back_from_churners_unknown_segment",
    "win_back_segment_id_taken",
    // group members in the store (docs/models.md §28): a segment's size against its groups
    "groups_members_from_unknown_segment",
    "groups_larger_than_segment",
    "groups_joiner_slots_past_cap",  // §28.2: the joiners' slots against their cap
    // keys that exclude each other across sections
    "plan_choice_and_arrival_tier_mix",
    // a key required where a variant's parent may hold it: pool.size unless from_churners
    "win_back_pool_without_size_or_churners",
    // a price match needs its bid's quote and the switching's price coefficient: cross-field
    "groups_price_match_without_quote",
    // a new item in a variant: the schema cannot tell it from a change to the parent's
    "competitors_tier_without_fee",
    // an amount's decimals: JSON Schema's multipleOf is inexact in binary floating point
    "type_fee_three_decimals",
    // the files that `extends` and `price_reference` name
    "extends_cycle_a",
    "extends_cycle_b",
    "extends_directory",
    "extends_empty_parent",
    "extends_etc_passwd",
    "extends_missing_file",
    "extends_parent_has_error",
    "extends_parent_list",
    "extends_parent_scalar",
    "extends_self",
    "include_cycle_a",
    "include_extends",
    "include_list_file",
    "include_missing_file",
    "include_self",
    "price_reference_missing",
    // the contents of the estimates files that a law names (docs/models.md §36)
    "estimate_covariance_not_positive_definite",
    "estimate_ragged_row",
    "estimate_unknown_name",
    "posterior_unknown_column",
    // groups from an extract's rows, against the rows (docs/models.md §33)
    "groups_extract_count_contradicts_rows",
    "groups_extract_group_larger_than_class",
    // the text itself, checked before it is parsed
    "escaped_control_characters",
    "escaped_nul",
    "full_width_quotes",
};

TEST(ScenarioSchema, RejectsEveryStructuralCaseOfTheBadInputCorpus) {
    const fs::path corpus = kSourceDir / "tests" / "engine" / "scenario" / "bad_input";
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(corpus))
        if (entry.path().extension() == ".yaml" && entry.path().filename().string()[0] != '_')
            files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    ASSERT_GT(files.size(), 100U);
    for (const auto& file : files) {
        const std::string name = file.stem().string();
        const std::string text = read_text(file);
        std::vector<Diagnostic> diagnostics;
        const DocNode root = offersim::scenario::parse_document(text, file.string(), diagnostics);
        if (!diagnostics.empty()) continue;  // not YAML the engine reads: no document to check
        const bool rejected = !validator().problems(to_json(root)).empty();
        if (kCheckedOnlyByTheLoader.count(name))
            EXPECT_FALSE(rejected) << name
                                   << " is listed as beyond the schema, which now rejects it: unlist it";
        else
            EXPECT_TRUE(rejected) << "the schema accepts " << file << "; the loader says:\n"
                                  << read_text(corpus / (name + ".expected"));
    }
}

// --- (b) the schema's keys against the loader's ---

// Walks the schema by place ("segments/*/usage"), following $ref and the branches of
// allOf / anyOf / oneOf / then / else, so keys allowed in a branch count at their place.
class SchemaPlaces {
public:
    explicit SchemaPlaces(const json& root) : root_(root) {}

    // The schema objects that apply at `where` ("" for the top level).
    std::vector<const json*> at(std::string_view where) const {
        std::vector<const json*> nodes;
        expand(root_, nodes, 0);
        while (!where.empty()) {
            const auto slash = where.find('/');
            const std::string step(where.substr(0, slash));
            where = slash == std::string_view::npos ? std::string_view{} : where.substr(slash + 1);
            std::vector<const json*> next;
            for (const json* n : nodes) {
                for (const json* child : children(*n, step)) expand(*child, next, 0);
            }
            nodes = std::move(next);
        }
        return nodes;
    }

    // Keys described at a place; a key whose schema is `false` is forbidden, not described.
    static std::set<std::string> keys(const std::vector<const json*>& nodes) {
        std::set<std::string> out;
        for (const json* n : nodes) {
            if (!n->contains("properties")) continue;
            for (const auto& [key, value] : (*n)["properties"].items())
                if (!(value.is_boolean() && !value.get<bool>())) out.insert(key);
        }
        return out;
    }

    static bool closed(const std::vector<const json*>& nodes) {
        return std::any_of(nodes.begin(), nodes.end(), [](const json* n) {
            return n->contains("additionalProperties") && (*n)["additionalProperties"] == false;
        });
    }

    // Every place holding keys, found by walking the whole schema.
    std::map<std::string, std::set<std::string>> all() const {
        std::map<std::string, std::set<std::string>> places;
        collect("", places, 0);
        return places;
    }

private:
    const json& resolve(const json& node) const {
        const json* n = &node;
        for (int hops = 0; n->is_object() && n->contains("$ref") && hops < 32; ++hops) {
            const std::string ref = (*n)["$ref"].get<std::string>();
            if (ref.rfind("#", 0) != 0) throw std::runtime_error("external $ref " + ref);
            n = &root_.at(json::json_pointer(ref.substr(1)));
        }
        return *n;
    }

    void expand(const json& node, std::vector<const json*>& out, int depth) const {
        if (depth > 32) throw std::runtime_error("schema nests too deep");
        const json& n = resolve(node);
        if (!n.is_object()) return;
        out.push_back(&n);
        for (const char* key : {"allOf", "anyOf", "oneOf"})
            if (n.contains(key))
                for (const auto& sub : n[key]) expand(sub, out, depth + 1);
        for (const char* key : {"then", "else"})
            if (n.contains(key)) expand(n[key], out, depth + 1);
    }

    static std::vector<const json*> children(const json& n, const std::string& step) {
        std::vector<const json*> out;
        if (step == "*") {
            if (n.contains("items") && n["items"].is_object()) out.push_back(&n["items"]);
            if (n.contains("additionalProperties") && n["additionalProperties"].is_object())
                out.push_back(&n["additionalProperties"]);
        } else if (n.contains("properties") && n["properties"].contains(step) &&
                   n["properties"][step].is_object()) {
            out.push_back(&n["properties"][step]);
        }
        return out;
    }

    void collect(const std::string& where, std::map<std::string, std::set<std::string>>& places,
                 int depth) const {
        if (depth > 16) return;
        const auto nodes = at(where);
        const auto here = keys(nodes);
        if (!here.empty()) places[where] = here;
        const auto join = [&](const std::string& step) { return where.empty() ? step : where + "/" + step; };
        for (const auto& key : here) collect(join(key), places, depth + 1);
        bool has_star = false;
        for (const json* n : nodes) has_star = has_star || !children(*n, "*").empty();
        if (has_star) collect(join("*"), places, depth + 1);
    }

    const json& root_;
};

std::string listed(const std::set<std::string>& keys) {
    std::string text;
    for (const auto& k : keys) text += (text.empty() ? "" : ", ") + k;
    return text;
}

TEST(ScenarioSchema, DescribesEveryKeyTheLoaderAcceptsWhereItAcceptsIt) {
    const SchemaPlaces places(schema_json());
    for (const auto& accepted : offersim::scenario::accepted_keys()) {
        const auto nodes = places.at(accepted.where);
        const auto in_schema = SchemaPlaces::keys(nodes);
        for (const auto key : accepted.keys)
            EXPECT_TRUE(in_schema.count(std::string(key)))
                << "the loader accepts '" << key << "' at '" << accepted.where
                << "' but the schema has no such key; "
                << "schema keys there: " << listed(in_schema);
        EXPECT_TRUE(SchemaPlaces::closed(nodes))
            << "the loader rejects unknown keys at '" << accepted.where
            << "' but the schema does not say additionalProperties: false there";
    }
}

TEST(ScenarioSchema, HasNoKeyTheLoaderRejects) {
    std::map<std::string, std::set<std::string>> loader;
    for (const auto& accepted : offersim::scenario::accepted_keys())
        loader[std::string(accepted.where)].insert(accepted.keys.begin(), accepted.keys.end());
    // An uncertain quantity may stand wherever one value is expected: the loader finds it
    // there (engine/scenario/uncertain_inputs.cpp) rather than listing every such place.
    const std::set<std::string> uncertain(offersim::scenario::kUncertainKeys.begin(),
                                          offersim::scenario::kUncertainKeys.end());
    for (const auto& [where, keys] : SchemaPlaces(schema_json()).all()) {
        if (keys == uncertain) continue;
        const auto it = loader.find(where);
        if (it == loader.end()) {
            ADD_FAILURE() << "the schema describes keys at '" << where << "' (" << listed(keys)
                          << ") where the loader lists none in accepted_keys()";
            continue;
        }
        for (const auto& key : keys)
            EXPECT_TRUE(it->second.count(key))
                << "the schema allows '" << key << "' at '" << where
                << "' but the loader rejects it; loader keys: " << listed(it->second);
    }
}

TEST(ScenarioSchema, DescribesEveryKeyForTheEditor) {
    const SchemaPlaces places(schema_json());
    for (const auto& [where, keys] : places.all()) {
        const auto nodes = places.at(where);
        for (const auto& key : keys) {
            bool described = false;
            for (const json* n : nodes) {
                if (!n->contains("properties") || !(*n)["properties"].contains(key)) continue;
                const json& p = (*n)["properties"][key];
                if (p.is_object() && p.contains("description")) described = true;
                if (p.is_object() && p.contains("$ref")) {
                    const std::string ref = p["$ref"].get<std::string>();
                    const json& target = schema_json().at(json::json_pointer(ref.substr(1)));
                    if (target.contains("description")) described = true;
                }
            }
            EXPECT_TRUE(described) << "'" << key << "' at '" << where << "' has no description";
        }
    }
}

// --- (c) the schema built into the binary ---

TEST(ScenarioSchema, SchemaCommandPrintsTheSchemaFile) {
    const std::string command = std::string("'") + OFFERSIM_BINARY + "' schema";
    FILE* pipe = ::popen(command.c_str(), "r");
    ASSERT_NE(pipe, nullptr) << command;
    std::string output;
    char buffer[4096];
    for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0;) output.append(buffer, n);
    const int status = ::pclose(pipe);
    EXPECT_EQ(status, 0) << command;
    const std::string file = read_text(kSchemaFile);
    EXPECT_EQ(std::string(offersim::scenarios::scenario_schema_source()), file)
        << "the embedded schema differs from " << kSchemaFile << "; re-run cmake to embed the current file";
    EXPECT_EQ(output, offersim::scenarios::schema_with_variants(file))
        << "`offersim schema` is not " << kSchemaFile << " with its variant definitions";
}

}  // namespace
