#include "reports/summary_json.hpp"

#include "engine/core/error.hpp"
#include "reports/band_json.hpp"
#include "reports/customer_views_json.hpp"
#include "reports/figure_format.hpp"
#include "reports/group_json.hpp"
#include "reports/uncertainty_report.hpp"
#include "reports/win_back_report.hpp"

#include <nlohmann/json.hpp>

namespace offersim::reports {

namespace {

nlohmann::ordered_json offer_json(const sim::OfferSummary& o) {
    nlohmann::ordered_json offer = {{"id", o.id},
                                    {"name", o.name},
                                    {"take_ups", band_json(o.take_ups)},
                                    {"holders_end", band_json(o.holders_end)},
                                    {"revenue_cny", band_json(o.revenue_cny)},
                                    {"cost_cny", band_json(o.cost_cny)},
                                    {"margin_cny", band_json(o.margin_cny)},
                                    {"payback_month", band_json(o.payback_month)},
                                    {"payback_share", o.payback_share}};
    const sim::OfferUnitEconomics& u = o.unit;
    offer["unit_economics"] = {{"outlay_per_taker_cny", u.outlay_per_taker_cny},
                               {"launch_cost_cny", u.launch_cost_cny},
                               {"spend_cny", band_json(u.spend_cny)},
                               {"npv_cny", band_json(u.npv_cny)},
                               {"margin_per_holder_month_cny", band_json(u.margin_per_holder_month_cny)},
                               {"payback_months_per_taker", band_json(u.payback_months_per_taker)},
                               {"break_even_take_ups", band_json(u.break_even_take_ups)},
                               {"npv_per_cny_spent", band_json(u.npv_per_cny_spent)}};
    offer["cohorts"] = nlohmann::ordered_json::array();
    for (std::size_t c = 0; c < o.cohort_months.size(); ++c)
        offer["cohorts"].push_back(
            {{"take_up_month", o.cohort_months[c]}, {"payback_month", band_json(o.cohort_payback_month[c])}});
    return offer;
}

nlohmann::ordered_json behaviour_json(const sim::BehaviourSummary& b) {
    nlohmann::ordered_json j;
    auto& totals = j["totals"];
    totals = nlohmann::ordered_json::object();
    for (const auto& t : b.totals) totals[t.key] = band_json(t.band);
    j["migrations"] = nlohmann::ordered_json::array();
    for (const auto& f : b.migrations)
        j["migrations"].push_back(
            {{"from", f.from_tier}, {"to", f.to_tier}, {"customers", band_json(f.customers)}});
    j["vip_levels"] = b.vip_levels;
    j["retention_campaigns"] = b.campaigns;
    return j;
}

}  // namespace

std::string summary_json(const sim::RunResults& r, const std::string& offersim_version) {
    nlohmann::ordered_json j;
    j["offersim_version"] = offersim_version;
    j["scenario"] = {{"name", r.scenario_name}, {"title", r.scenario_title}};
    j["horizon_months"] = r.horizon_months;
    j["replications"] = r.replications;
    j["seed"] = r.seed;
    auto& headlines = j["headline"];
    headlines = nlohmann::ordered_json::object();
    for (const auto& h : r.headlines) headlines[h.key] = band_json(h.band);
    j["offers"] = nlohmann::ordered_json::array();
    for (const auto& o : r.offers) j["offers"].push_back(offer_json(o));
    j["competitor_moves"] = nlohmann::ordered_json::array();
    for (const auto& e : r.events)
        j["competitor_moves"].push_back({{"id", e.id},
                                         {"name", e.name},
                                         {"kind", e.kind},
                                         {"start_month", e.start_month},
                                         {"end_month", e.end_month}});
    j["segments"] = r.segment_ids;
    // Each segment's horizon figures and the whole base's ("all"), keyed as the headlines.
    require(r.segments.size() == r.segment_ids.size(), "the results hold figures of {} segments, not {}",
            r.segments.size(), r.segment_ids.size());
    auto& segments = j["segment_figures"];
    segments = nlohmann::ordered_json::object();
    for (std::size_t row = 0; row < r.segments.size(); ++row) {
        auto& figures = segments[r.segment_ids[row]];
        figures = nlohmann::ordered_json::object();
        for (const auto& figure : sim::kSegmentFigures)
            figures[std::string(figure.key)] = band_json(r.segments[row].*figure.band);
    }
    // What the bands hold: the uncertain inputs, each band's two parts and the tornado.
    j["uncertainty"] = uncertainty_json(r.uncertainty);
    j["tiers"] = r.tier_ids;
    // In English, the language of the machine-readable files.
    j["warnings"] = nlohmann::ordered_json::array();
    for (const auto& warning : r.warnings) j["warnings"].push_back(warning_text(warning, Language::en));
    // Which segments' churn answers our prices (docs/models.md, "Price response").
    auto& price = j["price_response"];
    price["reference"] = r.price_response.reference.empty()
                             ? nlohmann::ordered_json()
                             : nlohmann::ordered_json(r.price_response.reference);
    price["segments"] = nlohmann::ordered_json::array();
    for (const auto& s : r.price_response.segments)
        price["segments"].push_back(
            {{"id", s.id},
             {"churn_elasticity", s.churn_elasticity},
             {"leave_per_cny", s.leave_per_cny},
             {"rivals", s.rivals},
             {"discount_point", s.discount_strength > 0.0
                                    ? nlohmann::ordered_json{{"threshold", s.discount_threshold},
                                                             {"strength", s.discount_strength}}
                                    : nlohmann::ordered_json()}});
    // Which offers' take-up is a fixed share, whatever their terms, and which are chosen
    // (docs/models.md, section 5).
    price["take_up"] = {{"fixed_share_offers", r.price_response.fixed_share_offers},
                        {"chosen_offers", r.price_response.chosen_offers}};
    if (r.behaviour) j["behaviour"] = behaviour_json(*r.behaviour);
    if (r.win_back) j["win_back"] = win_back_json(*r.win_back);
    if (r.groups) j["groups"] = group_results_json(*r.groups);
    if (r.customer_views) j["customer_views"] = customer_views_json(*r.customer_views);
    return j.dump(2) + "\n";
}

}  // namespace offersim::reports
