#pragma once
// Finds the uncertain quantities of a merged scenario document (docs/models.md, "Uncertain
// parameters"): a map with `distribution:` or `draws:` where the format expects one value.
#include "engine/scenario/document.hpp"
#include "engine/scenario/field_reader.hpp"
#include "engine/scenario/loader.hpp"

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace offersim::scenario {

// The laws read from estimate files (docs/models.md §36), by file, covariance and name: a
// scenario decoded again for a parameter draw or a sweep point takes them from here instead
// of reading its files again.
using EstimateMemo = std::map<std::string, std::pair<JointEstimate, models::UncertainQuantity>>;

// The keys of an uncertain quantity, for the schema test and the reference.
extern const Keys kUncertainKeys;
extern const Keys kUncertainKinds;

// Every uncertain quantity in `root`, in document order, each replaced there by its value in
// `values` or else its median (a scalar at the quantity's position whose `uncertain` names
// it). Problems (low above high, a shape that is not positive, a place that cannot be
// uncertain) go to `reader`; such a quantity stays in `root` as it was, and its position goes
// to `invalid` (when given), so that the decoder's complaint about it can be left out.
std::vector<UncertainInput> take_uncertain_inputs(DocNode& root, FieldReader& reader,
                                                  const std::vector<DrawnValue>& values = {},
                                                  std::vector<SourcePos>* invalid = nullptr,
                                                  EstimateMemo* estimates = nullptr);

// Gives every input drawn from a coefficient table the bounds of each of the table's
// coefficients that `inputs` hold, so that their joint draw keeps all of them within their
// fields' bounds (docs/models.md §36). Call once the decoder has recorded the bounds.
void share_estimate_bounds(std::vector<UncertainInput>& inputs);

}  // namespace offersim::scenario
