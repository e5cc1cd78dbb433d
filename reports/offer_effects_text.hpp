#pragma once
// Internal to the report writers: a comparison's offer effects, cash and horizon figures as
// the HTML, Markdown and XLSX reports show them, worded once (docs/models.md, "Offer effects"
// and "Cash and horizon").
#include "engine/sim/comparison.hpp"
#include "engine/sim/results.hpp"
#include "reports/report_text.hpp"

#include <string>
#include <vector>

namespace offersim::reports {

// One offer of a variant: its incremental figures first, then the holders' gross ones.
struct OfferEffectRow {
    std::string offer;
    std::string take_ups;
    std::string incremental_margin;       // the mean change, or the "not measured" text
    std::string incremental_margin_band;  // P5 – P95; empty when not measured
    std::string cannibalised;
    std::string cannibalised_band;
    std::string incremental_payback;
    std::string gross_margin;
    std::string gross_payback;
    std::string basis;
    std::string npv_per_cny_spent;  // incremental, mean and P5 – P95; "not measured" when not
    std::string break_even_take_ups;
};

// One row per offer of the variant (comparison.offers against variant.offers, by index).
std::vector<OfferEffectRow> offer_effect_rows(const sim::VariantComparison& comparison,
                                              const sim::RunResults& variant, Language language);

// The incremental payback of an offer: the median month, the one "not paid back" wording when
// fewer than half the replications pay back, "no difference" when nothing differs, or "not
// measured".
std::string offer_effect_payback_text(const sim::OfferEffect& effect, int horizon_months, Language language);

// "8%": the annual discount rate as the reports state it.
std::string discount_rate_text(double annual_rate);

// The cash chart's story in sentences: the trough, the payback of the mean line, the rate and
// where the discounted line ends.
std::string cash_summary_text(const sim::VariantComparison& comparison, int horizon_months,
                              Language language);

// What the horizon leaves out: the contracts still running after it, against the baseline.
std::string horizon_tail_text(const sim::VariantComparison& comparison, int horizon_months,
                              Language language);

// The cost of the variant's leave-one-out runs (one per offer measured so), or empty when
// there were none.
std::string leave_one_out_text(const sim::VariantComparison& comparison, Language language);

}  // namespace offersim::reports
