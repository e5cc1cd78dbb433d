#include "reports/comparison_summary.hpp"

#include "engine/core/error.hpp"
#include "reports/figure_format.hpp"
#include "reports/number_format.hpp"

#include <fmt/format.h>
#include <algorithm>

namespace offersim::reports {

namespace {

const sim::Band& npv(const sim::VariantComparison& comparison) {
    return comparison.delta("npv_margin_cny");
}

std::string cost_phrase(const sim::VariantComparison& comparison, const ComparisonText& text,
                        Language language) {
    const double cost = comparison.delta("cost_total_cny").mean;
    if (cost >= 0.0) return fill(text.cost_increase, {{"cost", format_cny(cost, language)}});
    return fill(text.cost_decrease, {{"cost", format_cny(-cost, language)}});
}

std::string payback_phrase(const sim::VariantComparison& comparison, int horizon_months,
                           const ComparisonText& text, Language language) {
    if (!margin_differs(comparison)) return std::string(report_text(language).no_difference);
    if (comparison.payback_share < 0.5) return payback_never_text(horizon_months, language);
    return fill(text.payback_within, {{"month", fmt::format("{:.0f}", comparison.payback_month.p50)}});
}

}  // namespace

void check_comparison_shape(const sim::RunResults& baseline,
                            const std::vector<const sim::RunResults*>& variants,
                            const std::vector<sim::VariantComparison>& comparisons) {
    require(!comparisons.empty(), "a comparison report needs at least one variant");
    require(variants.size() == comparisons.size(), "{} variant runs for {} comparisons", variants.size(),
            comparisons.size());
    const auto months = static_cast<std::size_t>(baseline.horizon_months);
    for (std::size_t i = 0; i < comparisons.size(); ++i) {
        require(variants[i] != nullptr, "variant {} has no results", i);
        require(comparisons[i].cumulative_margin_delta_cny.size() == months &&
                    comparisons[i].monthly_margin_delta_cny.size() == months,
                "variant '{}' has {} months of margin changes, the horizon is {}", comparisons[i].name,
                comparisons[i].cumulative_margin_delta_cny.size(), months);
    }
}

BandSide band_side(const sim::Band& band) {
    if (band.p5 > 0.0) return BandSide::above_zero;
    if (band.p95 < 0.0) return BandSide::below_zero;
    return BandSide::includes_zero;
}

Decision decide(const std::vector<sim::VariantComparison>& comparisons) {
    require(!comparisons.empty(), "a comparison report needs at least one variant");
    std::optional<std::size_t> best_above;
    std::size_t best = 0;
    for (std::size_t i = 0; i < comparisons.size(); ++i) {
        const sim::Band& band = npv(comparisons[i]);
        if (band.mean > npv(comparisons[best]).mean) best = i;
        if (band_side(band) == BandSide::above_zero &&
            (!best_above || band.mean > npv(comparisons[*best_above]).mean))
            best_above = i;
    }
    Decision decision;
    decision.recommended = best_above.has_value();
    decision.lead = best_above.value_or(best);
    if (decision.recommended && best != decision.lead) decision.higher_mean = best;
    return decision;
}

std::string_view variant_label(const sim::VariantComparison& comparison) {
    return comparison.title.empty() ? std::string_view(comparison.name) : std::string_view(comparison.title);
}

std::string_view band_side_text(BandSide side, const ComparisonText& text) {
    switch (side) {
        case BandSide::above_zero:
            return text.band_above_zero;
        case BandSide::below_zero:
            return text.band_below_zero;
        case BandSide::includes_zero:
            break;
    }
    return text.band_includes_zero;
}

std::string comparison_title(const sim::RunResults& baseline,
                             const std::vector<sim::VariantComparison>& comparisons, Language language) {
    const ComparisonText& text = report_text(language).comparison;
    if (comparisons.size() == 1)
        return fill(text.title_one, {{"variant", variant_label(comparisons.front())},
                                     {"baseline", scenario_label(baseline)}});
    return fill(text.title_many,
                {{"count", fmt::format("{}", comparisons.size())}, {"baseline", scenario_label(baseline)}});
}

std::vector<std::string> comparison_warnings(const sim::RunResults& baseline,
                                             const std::vector<const sim::RunResults*>& variants,
                                             const std::vector<sim::VariantComparison>& comparisons,
                                             Language language) {
    std::vector<std::string> warnings;
    for (const auto& warning : baseline.warnings) warnings.push_back(warning_text(warning, language));
    for (std::size_t i = 0; i < variants.size() && i < comparisons.size(); ++i)
        for (const auto& warning : variants[i]->warnings)
            if (std::find(baseline.warnings.begin(), baseline.warnings.end(), warning) ==
                baseline.warnings.end())
                warnings.push_back(
                    fmt::format("{}: {}", variant_label(comparisons[i]), warning_text(warning, language)));
    return warnings;
}

bool is_zero_row(const sim::RunResults& baseline, const sim::RunResults& variant,
                 const sim::Headline& delta) {
    const auto zero = [](const sim::Band* b) { return b == nullptr || is_all_zero(*b); };
    return zero(&delta.band) && zero(find_band(baseline, delta.key)) && zero(find_band(variant, delta.key));
}

bool margin_differs(const sim::VariantComparison& comparison) {
    return std::any_of(comparison.monthly_margin_delta_cny.begin(), comparison.monthly_margin_delta_cny.end(),
                       [](const sim::Band& b) { return b.p5 != 0.0 || b.p95 != 0.0 || b.mean != 0.0; });
}

std::string not_like_for_like_text(const sim::VariantComparison& comparison, Language language) {
    const ReportText& t = report_text(language);
    bool base = false, costs = false;
    for (const auto& change : comparison.changes) {
        base = base || change.area == scenario::ChangeArea::customer_base;
        costs = costs || change.area == scenario::ChangeArea::costs;
    }
    if (!base && !costs) return {};
    std::string areas;
    if (base) areas += t.comparison.area_customer_base;
    if (base && costs) areas += t.meta_separator;
    if (costs) areas += t.comparison.area_costs;
    return fill(t.comparison.not_like_for_like, {{"areas", areas}});
}

std::string question_sentence(const sim::RunResults& baseline,
                              const std::vector<sim::VariantComparison>& comparisons, Language language) {
    const ComparisonText& text = report_text(language).comparison;
    const std::string count = fmt::format("{}", comparisons.size());
    if (comparisons.size() == 1)
        return fill(text.question_one, {{"variant", variant_label(comparisons.front())},
                                        {"baseline", scenario_label(baseline)}});
    return fill(text.question_many, {{"count", count}, {"baseline", scenario_label(baseline)}});
}

std::string recommendation_sentence(const Decision& decision,
                                    const std::vector<sim::VariantComparison>& comparisons,
                                    int horizon_months, Language language) {
    const ComparisonText& text = report_text(language).comparison;
    const sim::VariantComparison& lead = comparisons.at(decision.lead);
    const sim::Band& band = npv(lead);
    // A recommended variant adds value, so its change reads without a sign.
    const std::string change = decision.recommended ? format_cny(band.mean, language)
                                                    : format_change(band.mean, FigureKind::cny, language);
    return fill(decision.recommended ? text.recommend : text.none_recommended,
                {{"variant", variant_label(lead)},
                 {"npv", change},
                 {"npv_p5", format_cny(band.p5, language)},
                 {"npv_p95", format_cny(band.p95, language)},
                 {"band_state", band_side_text(band_side(band), text)},
                 {"cost_phrase", cost_phrase(lead, text, language)},
                 {"payback_phrase", payback_phrase(lead, horizon_months, text, language)}});
}

std::string caveat_sentence(const Decision& decision, const std::vector<sim::VariantComparison>& comparisons,
                            Language language) {
    if (!decision.higher_mean) return {};
    const sim::VariantComparison& other = comparisons.at(*decision.higher_mean);
    const sim::Band& band = npv(other);
    return fill(report_text(language).comparison.caveat_higher_mean,
                {{"variant", variant_label(other)},
                 {"npv", format_change(band.mean, FigureKind::cny, language)},
                 {"npv_p5", format_cny(band.p5, language)},
                 {"npv_p95", format_cny(band.p95, language)}});
}

std::string payback_range_text(const sim::VariantComparison& comparison, int horizon_months,
                               Language language) {
    const ReportText& t = report_text(language);
    if (!margin_differs(comparison)) return std::string(t.no_difference);
    const sim::Band& band = comparison.payback_month;
    const std::string low = format_payback_month(band.p5, horizon_months, language);
    const std::string high = format_payback_month(band.p95, horizon_months, language);
    return low == high ? low : low + std::string(t.range_separator) + high;
}

std::string incremental_payback_text(const sim::VariantComparison& comparison, int horizon_months,
                                     Language language) {
    if (!margin_differs(comparison)) return std::string(report_text(language).no_difference);
    const double month = comparison.payback_share < 0.5 ? horizon_months + 1.0 : comparison.payback_month.p50;
    return format_payback_month(month, horizon_months, language);
}

}  // namespace offersim::reports
