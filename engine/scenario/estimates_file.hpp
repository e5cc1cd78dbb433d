#pragma once
// The files of estimation tools read as uncertain inputs (docs/models.md §36,
// docs/scenario-reference.md "Estimates from estimation tools"): a coefficient table
// `name,value,std_err` with an optional covariance matrix (Biogeme's export), or posterior
// draws with a column per parameter (ArviZ's `to_dataframe().to_csv()`).
#include "engine/scenario/field_reader.hpp"
#include "engine/scenario/uncertain_input.hpp"

#include <filesystem>
#include <optional>
#include <string>

namespace offersim::scenario {

// Where a law names its estimate: the files (already resolved against the scenario file)
// and the name, each with the position to report a problem at.
struct EstimateRef {
    std::filesystem::path file;
    SourcePos file_pos;
    std::optional<std::filesystem::path> covariance;
    SourcePos covariance_pos;
    std::string name;
    SourcePos name_pos;
    std::string path;  // the parameter's path, for messages
};

// Coefficient `ref.name` of a coefficient table, with the table's joint normal: the
// covariance when given (it must name every coefficient of the table and be positive
// definite), else independent normals of sd std_err. Its marginal goes to `quantity`.
// Problems go to `reader`, positioned in the CSV file or at the law; nullopt then.
std::optional<JointEstimate> read_coefficient(FieldReader& reader, const EstimateRef& ref,
                                              models::UncertainQuantity& quantity);

// Column `ref.name` of a posterior draws file, drawn a row at a time with the file's other
// columns. Its marginal (the column's draws) goes to `quantity`.
std::optional<JointEstimate> read_posterior(FieldReader& reader, const EstimateRef& ref,
                                            models::UncertainQuantity& quantity);

}  // namespace offersim::scenario
