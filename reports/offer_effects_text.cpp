#include "reports/offer_effects_text.hpp"

#include "reports/figure_format.hpp"
#include "reports/figure_tables.hpp"
#include "reports/number_format.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace offersim::reports {

namespace {

std::string_view basis_text(sim::EffectBasis basis, const OfferEffectText& t) {
    switch (basis) {
        case sim::EffectBasis::variant:
            return t.basis_variant;
        case sim::EffectBasis::leave_one_out:
            return t.basis_leave_one_out;
        case sim::EffectBasis::not_measured:
            break;
    }
    return t.basis_not_measured;
}

}  // namespace

std::string offer_effect_payback_text(const sim::OfferEffect& effect, int horizon_months, Language language) {
    const ReportText& t = report_text(language);
    if (effect.basis == sim::EffectBasis::not_measured) return std::string(t.offer_effects.not_measured);
    if (!effect.differs) return std::string(t.no_difference);
    const double month =
        effect.payback_share < 0.5 ? horizon_months + 1.0 : effect.incremental_payback_month.p50;
    return format_payback_month(month, horizon_months, language);
}

std::vector<OfferEffectRow> offer_effect_rows(const sim::VariantComparison& comparison,
                                              const sim::RunResults& variant, Language language) {
    const OfferEffectText& t = report_text(language).offer_effects;
    const std::size_t count = std::min(comparison.offers.size(), variant.offers.size());
    // Each column of counts or amounts in one unit, the unit of its largest value.
    const auto unit = [&](auto value_of) {
        std::vector<double> values;
        for (std::size_t k = 0; k < count; ++k) value_of(comparison.offers[k], variant.offers[k], values);
        return column_unit(values, language);
    };
    const auto measured = [](const sim::OfferEffect& e) { return e.basis != sim::EffectBasis::not_measured; };
    const ColumnUnit take_ups =
        unit([](const auto&, const auto& g, auto& v) { v.push_back(g.take_ups.mean); });
    const ColumnUnit margin = unit([&](const auto& e, const auto&, auto& v) {
        if (measured(e)) v.push_back(e.incremental_margin_cny.mean);
    });
    const ColumnUnit margin_band = unit([&](const auto& e, const auto&, auto& v) {
        if (measured(e)) v.insert(v.end(), {e.incremental_margin_cny.p5, e.incremental_margin_cny.p95});
    });
    const ColumnUnit cannibalised =
        unit([](const auto& e, const auto&, auto& v) { v.push_back(e.cannibalised_cny.mean); });
    const ColumnUnit cannibalised_band = unit([](const auto& e, const auto&, auto& v) {
        v.insert(v.end(), {e.cannibalised_cny.p5, e.cannibalised_cny.p95});
    });
    const ColumnUnit gross =
        unit([](const auto&, const auto& g, auto& v) { v.push_back(g.margin_cny.mean); });
    std::vector<OfferEffectRow> rows;
    for (std::size_t k = 0; k < count; ++k) {
        const sim::OfferEffect& e = comparison.offers[k];
        const sim::OfferSummary& g = variant.offers[k];
        rows.push_back(
            {std::string(offer_name(g)), format_count_in(g.take_ups.mean, take_ups, language),
             measured(e) ? format_cny_change_in(e.incremental_margin_cny.mean, margin, language)
                         : std::string(t.not_measured),
             measured(e) ? format_cny_range_in(e.incremental_margin_cny, margin_band, language, true)
                         : std::string(),
             format_cny_in(e.cannibalised_cny.mean, cannibalised, language),
             format_cny_range_in(e.cannibalised_cny, cannibalised_band, language, false),
             offer_effect_payback_text(e, variant.horizon_months, language),
             format_cny_in(g.margin_cny.mean, gross, language),
             offer_payback_text(g, variant.horizon_months, language), std::string(basis_text(e.basis, t)),
             !measured(e) ? std::string(t.not_measured)
             : e.incremental_npv_per_cny_spent.n == 0  // nothing spent: the em dash of no number
                 ? format_grouped(e.incremental_npv_per_cny_spent.mean, 2, language)
                 : unit_ratio_text(e.incremental_npv_per_cny_spent, variant.replications, language,
                                   [language](double v) { return format_grouped(v, 2, language); }),
             measured(e) ? unit_ratio_text(e.incremental_break_even_take_ups, variant.replications, language,
                                           [language](double v) { return format_count(v, language); })
                         : std::string(t.not_measured)});
    }
    return rows;
}

std::string discount_rate_text(double annual_rate) {
    return format_percent(annual_rate,
                          std::fabs(annual_rate * 100.0 - std::round(annual_rate * 100.0)) < 1e-9 ? 0 : 1);
}

std::string cash_summary_text(const sim::VariantComparison& comparison, int horizon_months,
                              Language language) {
    const ReportText& text = report_text(language);
    const OfferEffectText& t = text.offer_effects;
    const sim::CashCurve& cash = comparison.cash;
    bool differs = false;
    for (const auto& month : comparison.monthly_margin_delta_cny) differs = differs || !is_all_zero(month);
    if (!differs || cash.cumulative_cny.empty()) return std::string(t.no_cash_difference);
    const std::string trough =
        cash.trough_month > 0 ? fill(t.trough_sentence, {{"month", fmt::format("{}", cash.trough_month)},
                                                         {"depth", format_cny(cash.trough_cny, language)}})
                              : std::string(t.no_trough);
    const std::string payback =
        cash.payback_month ? fill(t.payback_sentence, {{"month", fmt::format("{}", *cash.payback_month)}})
                           : fill(t.no_payback, {{"horizon", fmt::format("{}", horizon_months)}});
    return fill(t.cash_summary,
                {{"trough", trough},
                 {"payback", payback},
                 {"rate", discount_rate_text(cash.discount_rate_annual)},
                 {"npv", format_change(cash.cumulative_discounted_cny.back(), FigureKind::cny, language)}});
}

std::string horizon_tail_text(const sim::VariantComparison& comparison, int horizon_months,
                              Language language) {
    const OfferEffectText& t = report_text(language).offer_effects;
    const std::string horizon = fmt::format("{}", horizon_months);
    std::string out = fill(t.horizon_left_out, {{"horizon", horizon}});
    if (!comparison.horizon_tail) return out;
    const sim::HorizonTail& tail = *comparison.horizon_tail;
    out += ' ';
    if (tail.customers.mean <= 0.0) return out + fill(t.horizon_no_contracts, {{"horizon", horizon}});
    return out +
           fill(t.horizon_contracts,
                {{"horizon", horizon},
                 {"customers", format_count(tail.customers.mean, language)},
                 {"delta", format_change(tail.customers_delta.mean, FigureKind::count, language)},
                 {"months", format_count(tail.months_left.mean, language)},
                 {"average", format_grouped(tail.months_left.mean / tail.customers.mean, 1, language)}});
}

std::string leave_one_out_text(const sim::VariantComparison& comparison, Language language) {
    const auto runs =
        std::count_if(comparison.offers.begin(), comparison.offers.end(),
                      [](const sim::OfferEffect& e) { return e.basis == sim::EffectBasis::leave_one_out; });
    if (runs == 0) return {};
    return fill(report_text(language).offer_effects.leave_one_out_cost, {{"runs", fmt::format("{}", runs)}});
}

}  // namespace offersim::reports
