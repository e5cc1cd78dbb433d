#include "reports/group_json.hpp"

#include "reports/band_json.hpp"

namespace offersim::reports {

nlohmann::ordered_json group_results_json(const sim::GroupResults& g) {
    using Json = nlohmann::ordered_json;
    Json j;
    j["headline"] = Json::object();
    for (const auto& h : g.headlines) j["headline"][h.key] = band_json(h.band);
    j["tiers"] = Json::array();
    for (std::size_t t = 0; t < g.tier_ids.size(); ++t)
        j["tiers"].push_back({{"id", g.tier_ids[t]}, {"name", g.tier_names[t]}});
    j["classes"] = Json::array();
    for (const auto& c : g.classes)
        j["classes"].push_back({{"id", c.id},
                                {"name", c.name},
                                {"industry", c.industry},
                                {"groups", c.groups},
                                {"purity_start", band_json(c.purity_start)},
                                {"purity_end", band_json(c.purity_end)},
                                {"target_market_retention_end", band_json(c.target_market_retention_end)},
                                {"switched", band_json(c.switched)},
                                {"informatization_revenue_cny", band_json(c.informatization_revenue_cny)},
                                {"tier_drops", band_json(c.tier_drops)}});
    j["scores"] = Json::array();
    for (const auto& s : g.scores)
        j["scores"].push_back({{"class", s.class_id},
                               {"index", s.index},
                               {"score", band_json(s.score)},
                               {"tier", band_json(s.tier)},
                               {"warnings", band_json(s.warnings)},
                               {"switched", band_json(s.switched)}});
    j["monthly"] = Json::array();
    for (const auto& m : g.monthly) {
        Json row = {{"month", m.month},
                    {"groups_intact", band_json(m.groups_intact)},
                    {"members_on_net", band_json(m.members_on_net)},
                    {"purity", band_json(m.purity)},
                    {"target_market_retention", band_json(m.target_market_retention)},
                    {"bids", band_json(m.bids)},
                    {"switches", band_json(m.switches)},
                    {"member_revenue_cny", band_json(m.member_revenue_cny)},
                    {"informatization_revenue_cny", band_json(m.informatization_revenue_cny)},
                    {"tier_drops", band_json(m.tier_drops)}};
        row["groups_by_tier"] = Json::array();
        for (const auto& b : m.groups_by_tier) row["groups_by_tier"].push_back(band_json(b));
        row["purity_by_class"] = Json::array();
        for (const auto& b : m.purity_by_class) row["purity_by_class"].push_back(band_json(b));
        j["monthly"].push_back(std::move(row));
    }
    return j;
}

}  // namespace offersim::reports
