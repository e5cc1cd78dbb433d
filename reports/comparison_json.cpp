#include "reports/comparison_json.hpp"

#include "reports/band_json.hpp"
#include "reports/csv_cell.hpp"
#include "reports/uncertainty_report.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace offersim::reports {

namespace {

std::string_view area_name(scenario::ChangeArea area) {
    switch (area) {
        case scenario::ChangeArea::customer_base:
            return "customer_base";
        case scenario::ChangeArea::costs:
            return "costs";
        case scenario::ChangeArea::other:
            break;
    }
    return "other";
}

std::string_view basis_name(sim::EffectBasis basis) {
    switch (basis) {
        case sim::EffectBasis::variant:
            return "variant";
        case sim::EffectBasis::leave_one_out:
            return "leave_one_out";
        case sim::EffectBasis::not_measured:
            break;
    }
    return "not_measured";
}

}  // namespace

std::string comparison_json(const sim::RunResults& baseline,
                            const std::vector<sim::VariantComparison>& variants,
                            const std::string& offersim_version) {
    nlohmann::ordered_json j;
    j["offersim_version"] = offersim_version;
    j["baseline"] = {{"name", baseline.scenario_name}, {"title", baseline.scenario_title}};
    j["horizon_months"] = baseline.horizon_months;
    j["replications"] = baseline.replications;
    j["seed"] = baseline.seed;
    j["baseline_headline"] = nlohmann::ordered_json::object();
    for (const auto& h : baseline.headlines) j["baseline_headline"][h.key] = band_json(h.band);
    j["variants"] = nlohmann::ordered_json::array();
    for (const auto& v : variants) {
        nlohmann::ordered_json item = {{"name", v.name}, {"title", v.title}};
        item["delta"] = nlohmann::ordered_json::object();
        for (const auto& d : v.deltas) item["delta"][d.key] = band_json(d.band);
        // The group and win-back KPIs, paired by replication (docs/models.md, section 23).
        item["module_delta"] = nlohmann::ordered_json::object();
        for (const auto& d : v.module_deltas) item["module_delta"][d.key] = band_json(d.band);
        // What the variant's scenario changes against the baseline's, and whether it is like
        // for like (no change to the customer base or the cost assumptions).
        item["like_for_like"] = v.like_for_like();
        item["changes"] = nlohmann::ordered_json::array();
        for (const auto& change : v.changes)
            item["changes"].push_back(
                {{"path", change.path},
                 {"baseline", change.baseline.empty() ? nlohmann::ordered_json()
                                                      : nlohmann::ordered_json(change.baseline)},
                 {"variant",
                  change.variant.empty() ? nlohmann::ordered_json() : nlohmann::ordered_json(change.variant)},
                 {"area", area_name(change.area)}});
        item["incremental_payback_month"] = band_json(v.payback_month);
        item["incremental_payback_share"] = v.payback_share;
        item["cumulative_margin_delta_cny"] = nlohmann::ordered_json::array();
        for (const auto& b : v.cumulative_margin_delta_cny)
            item["cumulative_margin_delta_cny"].push_back(band_json(b));
        // The mean cumulative incremental margin, undiscounted and discounted, with the trough
        // and payback the cash chart marks (docs/models.md, "Cash and horizon").
        item["cash"] = {{"discount_rate_annual", v.cash.discount_rate_annual},
                        {"cumulative_cny", v.cash.cumulative_cny},
                        {"cumulative_discounted_cny", v.cash.cumulative_discounted_cny},
                        {"trough_month", v.cash.trough_month > 0 ? nlohmann::ordered_json(v.cash.trough_month)
                                                                 : nlohmann::ordered_json()},
                        {"trough_cny", v.cash.trough_cny},
                        {"payback_month", v.cash.payback_month ? nlohmann::ordered_json(*v.cash.payback_month)
                                                               : nlohmann::ordered_json()}};
        if (v.horizon_tail)
            item["horizon_tail"] = {
                {"contract_customers", band_json(v.horizon_tail->customers)},
                {"contract_months_left", band_json(v.horizon_tail->months_left)},
                {"contract_customers_delta", band_json(v.horizon_tail->customers_delta)},
                {"contract_months_left_delta", band_json(v.horizon_tail->months_left_delta)}};
        // Each offer against the world without it (docs/models.md, "Offer effects").
        item["offers"] = nlohmann::ordered_json::array();
        for (const auto& e : v.offers) {
            nlohmann::ordered_json offer = {{"id", e.id},
                                            {"launch_month", e.launch_month},
                                            {"basis", basis_name(e.basis)},
                                            {"cannibalised_revenue_cny", band_json(e.cannibalised_cny)}};
            if (e.basis != sim::EffectBasis::not_measured) {
                offer["incremental_margin_cny"] = band_json(e.incremental_margin_cny);
                offer["incremental_payback_month"] = band_json(e.incremental_payback_month);
                offer["incremental_payback_share"] = e.payback_share;
                offer["differs"] = e.differs;
                offer["incremental_npv_cny"] = band_json(e.incremental_npv_cny);
                offer["incremental_npv_per_cny_spent"] = band_json(e.incremental_npv_per_cny_spent);
                offer["incremental_break_even_take_ups"] = band_json(e.incremental_break_even_take_ups);
            }
            item["offers"].push_back(std::move(offer));
        }
        // The paired revenue change by mechanism (docs/models.md, "Revenue waterfall"):
        // the bars' means are to the fen and add up to the total's.
        if (v.waterfall) {
            auto& w = item["revenue_waterfall"];
            w["total_cny"] = band_json(v.waterfall->total_cny);
            w["extra_runs"] = v.waterfall->extra_runs;
            w["bars"] = nlohmann::ordered_json::array();
            for (const auto& bar : v.waterfall->bars)
                w["bars"].push_back({{"mechanism", bar.key},
                                     {"measured", bar.measured},
                                     {"delta_cny", band_json(bar.delta_cny)}});
        }
        // The paired differences' band split over the parameter draws, and the tornado.
        item["uncertainty"] = uncertainty_json(v.uncertainty);
        j["variants"].push_back(std::move(item));
    }
    return j.dump(2) + "\n";
}

std::string comparison_csv(const std::vector<sim::VariantComparison>& variants) {
    std::string out = "variant,figure,mean,std_error,p5,p50,p95\n";
    for (const auto& v : variants)
        for (const auto* deltas : {&v.deltas, &v.module_deltas})
            for (const auto& d : *deltas)
                fmt::format_to(std::back_inserter(out), "{},{},{},{},{},{},{}\n", csv_text(v.name),
                               csv_text(d.key), d.band.mean, d.band.std_error, d.band.p5, d.band.p50,
                               d.band.p95);
    return out;
}

}  // namespace offersim::reports
