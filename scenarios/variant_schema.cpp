// The variant form of the scenario schema, generated from the complete one so that the two
// cannot drift apart: see schema.hpp for the merge rules it follows.
#include "scenarios/schema.hpp"

#include <nlohmann/json.hpp>

#include <map>
#include <stdexcept>

namespace offersim::scenarios {
namespace {

using Json = nlohmann::ordered_json;

constexpr std::string_view kDefsRef = "#/$defs/";
constexpr std::string_view kVariantPrefix = "variant_";

class VariantDefs {
public:
    explicit VariantDefs(const Json& defs) : defs_(defs) {}

    // `node` as it applies inside a variant; `list_item`: an item of a list merged by id.
    Json relax(const Json& node, bool list_item) {
        if (!node.is_object()) return node;
        Json out = Json::object();
        for (const auto& [key, value] : node.items()) {
            if (key == "$ref") {
                out[key] = relaxed_ref(value.get<std::string>(), list_item);
            } else if (key == "required") {
                // Only a list item's id stays required: the merge finds the item by it.
                for (const auto& name : value)
                    if (list_item && name == "id") out[key] = Json::array({"id"});
            } else if (key == "properties") {
                out[key] = Json::object();
                for (const auto& [name, sub] : value.items()) out[key][name] = relax(sub, false);
            } else if (key == "additionalProperties") {
                out[key] = relax(value, false);
            } else if (key == "then" || key == "else") {
                out[key] = relax(value, list_item);
            } else if (key == "items") {
                // A list of items with ids merges item by item; any other list is replaced whole.
                out[key] = has_id(value) ? relax(value, true) : value;
            } else if (key == "allOf" || key == "anyOf" || key == "oneOf") {
                Json branches = Json::array();
                bool one_always_holds = false;
                for (const auto& sub : value) {
                    branches.push_back(relax(sub, list_item));
                    one_always_holds = one_always_holds || branches.back().empty();
                }
                if (key == "allOf" || !one_always_holds) {
                    out[key] = std::move(branches);
                } else if (key == "oneOf") {
                    // "Exactly one of these keys" becomes "at most one": the parent may hold it.
                    out[key] = value;
                    out[key].push_back({{"not", {{"anyOf", value}}}});
                }  // "at least one of these keys" says nothing: the parent may hold it
            } else {
                out[key] = value;  // if, not and the value constraints are the same in a variant
            }
        }
        return out;
    }

    // The variant definitions made so far, by name.
    const std::map<std::string, Json>& made() const { return made_; }

private:
    const Json& def(const std::string& ref) const {
        if (ref.rfind(kDefsRef, 0) != 0) throw std::logic_error("scenario schema: unexpected $ref " + ref);
        return defs_.at(ref.substr(kDefsRef.size()));
    }

    // Whether list items of this schema have an id, in it, its definition or its allOf.
    bool has_id(const Json& item) const {
        if (item.contains("$ref")) return has_id(def(item["$ref"].get<std::string>()));
        if (item.contains("properties") && item["properties"].contains("id")) return true;
        if (item.contains("allOf"))
            for (const auto& sub : item["allOf"])
                if (has_id(sub)) return true;
        return false;
    }

    // A reference to the variant form of a definition, made on first use; a definition
    // that a variant uses unchanged keeps its own name.
    std::string relaxed_ref(const std::string& ref, bool list_item) {
        const std::string name = ref.substr(kDefsRef.size());
        const std::string variant = std::string(kVariantPrefix) + name;
        if (const auto it = as_list_item_.emplace(name, list_item).first; it->second != list_item)
            throw std::logic_error("scenario schema: $defs/" + name + " is both a list item and a map");
        if (const auto it = same_.find(name); it != same_.end())
            return it->second ? ref : std::string(kDefsRef) + variant;
        same_[name] = false;  // a definition that refers to itself is taken to change
        Json relaxed = relax(def(ref), list_item);
        const bool same = relaxed == def(ref);
        same_[name] = same;
        if (same) return ref;
        made_[variant] = std::move(relaxed);
        return std::string(kDefsRef) + variant;
    }

    const Json& defs_;
    std::map<std::string, bool> same_;
    std::map<std::string, bool> as_list_item_;
    std::map<std::string, Json> made_;
};

// Sections the parameter draws do not reach (engine/scenario/uncertain_inputs.cpp, which
// refuses a law there): their numbers take one value. A test holds the two lists together.
constexpr std::string_view kUndrawnSections[] = {"win_back", "groups", "discount_rate_annual", "uncertainty"};

// The definitions as they apply in an undrawn section: a number that elsewhere may be a law
// (type number or object, then $defs/uncertain) is a number only.
class FixedDefs {
public:
    explicit FixedDefs(Json& defs) : defs_(defs) {}

    Json fix(const Json& node) {
        if (node.is_array()) {
            Json out = Json::array();
            for (const auto& item : node) out.push_back(fix(item));
            return out;
        }
        if (!node.is_object()) return node;
        const bool may_be_a_law = node.contains("then") && node["then"] == Json{{"$ref", kUncertainRef}};
        Json out = Json::object();
        for (const auto& [key, value] : node.items()) {
            if (may_be_a_law && (key == "if" || key == "then")) continue;
            if (may_be_a_law && key == "type")
                out[key] = value.is_array() ? value.front() : value;  // ["number", "object"]: number
            else if (key == "$ref")
                out[key] = fixed_ref(value.get<std::string>());
            else
                out[key] = fix(value);
        }
        return out;
    }

private:
    static constexpr const char* kUncertainRef = "#/$defs/uncertain";

    // A reference to the fixed form of a definition, made on first use.
    std::string fixed_ref(const std::string& ref) {
        const std::string name = ref.substr(kDefsRef.size());
        const std::string fixed = "fixed_" + name;
        if (const auto it = same_.find(name); it != same_.end())
            return it->second ? ref : std::string(kDefsRef) + fixed;
        same_[name] = true;                    // a definition that refers to itself is taken to stay the same
        const Json original = defs_.at(name);  // a copy: adding a definition moves the others
        Json made = fix(original);
        const bool same = made == original;
        same_[name] = same;
        if (!same) defs_[fixed] = std::move(made);
        return same ? ref : std::string(kDefsRef) + fixed;
    }

    Json& defs_;
    std::map<std::string, bool> same_;
};

// `complete` with every undrawn section's numbers fixed.
Json refuse_laws_in_undrawn_sections(Json complete) {
    FixedDefs fixed(complete["$defs"]);
    for (const std::string_view section : kUndrawnSections) {
        Json& property = complete["properties"][std::string(section)];
        property = fixed.fix(property);
    }
    return complete;
}

}  // namespace

std::string schema_with_variants(std::string_view source) {
    const Json complete = refuse_laws_in_undrawn_sections(Json::parse(source));
    // The scenario's own keys move into $defs/scenario, so that a complete file meets them
    // as written and a variant meets their relaxed form.
    Json scenario = Json::object();
    Json root = Json::object();
    for (const auto& [key, value] : complete.items()) {
        const bool scenario_key = key == "properties" || key == "additionalProperties" || key == "required";
        (scenario_key ? scenario : root)[key] = value;
    }
    Json& defs = root["$defs"];
    defs["scenario"] = scenario;
    VariantDefs variants(complete.at("$defs"));
    Json variant_scenario = variants.relax(scenario, false);
    for (const auto& [name, def] : variants.made()) defs[name] = def;
    defs["variant_scenario"] = std::move(variant_scenario);
    root["then"] = {{"$ref", "#/$defs/variant_scenario"}};
    root["else"] = {{"allOf", Json::array({{{"$ref", "#/$defs/scenario"}}, complete.at("else")})}};
    return root.dump(2) + "\n";
}

std::string_view scenario_schema_json() {
    static const std::string schema = schema_with_variants(scenario_schema_source());
    return schema;
}

}  // namespace offersim::scenarios
