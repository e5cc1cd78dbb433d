#include "reports/customer_views_json.hpp"

#include "reports/band_json.hpp"

namespace offersim::reports {

namespace {

using Json = nlohmann::ordered_json;

Json row_json(const sim::CustomerViewRow& row, bool with_edges) {
    Json j = {{"id", row.id}};
    if (with_edges) {
        j["lower_cny"] = row.lower_cny;
        j["upper_cny"] = row.upper_cny > 0.0 ? Json(row.upper_cny) : Json();
    }
    j["headcount_mean"] = band_json(row.headcount_mean);
    j["revenue_total_cny"] = band_json(row.revenue_total_cny);
    j["arpu_cny"] = band_json(row.arpu_cny);
    j["headcount_monthly"] = bands_json(row.headcount);
    j["revenue_monthly_cny"] = bands_json(row.revenue_cny);
    return j;
}

}  // namespace

Json customer_views_json(const sim::CustomerViewResults& v) {
    Json j;
    j["vip_levels"] = Json::array();
    for (const auto& row : v.vip_levels) j["vip_levels"].push_back(row_json(row, false));
    j["arpu_bands"] = Json::array();
    for (const auto& row : v.arpu_bands) j["arpu_bands"].push_back(row_json(row, true));
    j["top_fifth_margin_share"] = {{"last_months", v.last_months},
                                   {"last_months_mean", band_json(v.top_fifth_margin_share_last_12)},
                                   {"monthly", bands_json(v.top_fifth_margin_share)}};
    return j;
}

}  // namespace offersim::reports
