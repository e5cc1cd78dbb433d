#pragma once
// Decodes one merged scenario document into a Scenario, collecting every problem found on
// the way. One class, its parts beside the sections they read: the skeleton in loader.cpp,
// segments_section.cpp, tiers_section.cpp, offers_section.cpp, and references.cpp for ids
// and the references between sections.
#include "engine/scenario/field_reader.hpp"
#include "engine/scenario/scenario.hpp"

#include <string>
#include <vector>

namespace offersim::scenario {

// The keys of each place in the format (accepted_keys() lists them for the schema test).
extern const Keys kSegmentKeys;
extern const Keys kContractKeys;
extern const Keys kUsageKeys;
extern const Keys kChurnKeys;
extern const Keys kBandKeys;
extern const Keys kAcquisitionKeys;
extern const Keys kTierKeys;
extern const Keys kIncludedKeys;
extern const Keys kOverageKeys;
extern const Keys kRoundingKeys;
extern const Keys kOfferKeys;
extern const Keys kComponentKeys;
extern const Keys kDeviceKeys;
extern const Keys kPrepayKeys;
extern const Keys kGiftKeys;
extern const Keys kMoveKeys;
extern const Keys kTakeUpKeys;

class Decoder : public FieldReader {
public:
    using FieldReader::FieldReader;

    Scenario scenario(const DocNode& root);

    Segment segment(const DocNode& node, const std::string& path);
    std::vector<TierShare> tier_mix(const DocNode* node, const std::string& path);
    HazardCurve churn(const DocNode* node, const std::string& path);

    Tier tier(const DocNode& node, const std::string& path);

    Offer offer(const DocNode& node, const std::string& path, int horizon);
    CompetitorMove competitor_move(const DocNode& node, const std::string& path, int horizon);

    // Ids are unique plain names, and every reference names something that exists.
    void check_references(const DocNode& root, const Scenario& sc);

private:
    // With `initial_base:` a segment the extract names takes its size from the extract.
    bool sizes_from_extract_ = false;
};

}  // namespace offersim::scenario
