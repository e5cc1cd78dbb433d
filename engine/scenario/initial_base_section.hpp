#pragma once
// `initial_base: { extract, as_of, encoding, secret_file }`: the initial base of the segments an
// operator's customer extract names (docs/scenario-reference.md "Initial base from an
// extract"). The extract itself is read by engine/data/customer_extract.
#include "engine/scenario/document.hpp"
#include "engine/scenario/field_reader.hpp"
#include "engine/scenario/scenario.hpp"

#include <memory>
#include <optional>
#include <string>

namespace offersim::scenario {

extern const Keys kInitialBaseKeys;

std::optional<InitialBaseSpec> read_initial_base(FieldReader& in, const DocNode& node);

// An extract already read for a scenario's files, with what it was read against: a parameter
// draw or a sweep point decoded again takes it instead of reading the file again.
struct ExtractMemo {
    std::string key;  // the file, month, encoding and names it was read with
    std::shared_ptr<const data::CustomerExtract> customers;
};

// Reads the extract of `sc.initial_base` against the scenario's names (or takes it from
// `memo` when it was read there with the same) and gives each segment it names its row count
// as `size`. Throws InputError with every bad row.
void attach_initial_base(Scenario& sc, ExtractMemo* memo = nullptr);

}  // namespace offersim::scenario
