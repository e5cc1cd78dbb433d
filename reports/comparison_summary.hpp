#pragma once
// Internal to the report writers: the decision a comparison report opens with, derived
// from the figures alone, shared by the HTML and Markdown reports so both say the same.
//
// The recommended variant is, among those whose incremental NPV of margin has its whole
// P5-P95 band above zero, the one with the highest mean; when no band lies above zero,
// none is recommended and the report names the variant with the highest mean instead.
#include "engine/sim/comparison.hpp"
#include "engine/sim/results.hpp"
#include "reports/report_text.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace offersim::reports {

// Throws RunError unless there is at least one variant, `variants[i]` is the run compared in
// `comparisons[i]` and every comparison covers the baseline's horizon month by month: a
// bug upstream, and the reports would show wrong figures.
void check_comparison_shape(const sim::RunResults& baseline,
                            const std::vector<const sim::RunResults*>& variants,
                            const std::vector<sim::VariantComparison>& comparisons);

enum class BandSide { above_zero, includes_zero, below_zero };

BandSide band_side(const sim::Band& band);

struct Decision {
    std::size_t lead = 0;      // the recommended variant, or the best mean when none is
    bool recommended = false;  // the lead's NPV band lies above zero
    // A variant with a higher mean than the recommended one, whose band is not above zero.
    std::optional<std::size_t> higher_mean;
};

// Throws RunError when there is no variant.
Decision decide(const std::vector<sim::VariantComparison>& comparisons);

// The variant's title, or its name when it has none.
std::string_view variant_label(const sim::VariantComparison& comparison);

std::string_view band_side_text(BandSide side, const ComparisonText& text);

// "<variant> vs <baseline>", or "<n> variants vs <baseline>".
std::string comparison_title(const sim::RunResults& baseline,
                             const std::vector<sim::VariantComparison>& comparisons, Language language);

// The warnings of every run in the language, each variant's prefixed with its label; a
// warning the baseline has too is said once.
std::vector<std::string> comparison_warnings(const sim::RunResults& baseline,
                                             const std::vector<const sim::RunResults*>& variants,
                                             const std::vector<sim::VariantComparison>& comparisons,
                                             Language language);

// False when the variant's margin equals the baseline's in every month of every replication
// (it changes nothing that pays): its payback reads "no difference", never "month 1".
bool margin_differs(const sim::VariantComparison& comparison);

// True when a figure is zero in the baseline, in the variant and in every paired change: a
// row that says nothing, left out of the tables.
bool is_zero_row(const sim::RunResults& baseline, const sim::RunResults& variant, const sim::Headline& delta);

// The warning beside the figures of a variant that is not like for like ("Not like for like:
// changes the customer base"); empty for one that is.
std::string not_like_for_like_text(const sim::VariantComparison& comparison, Language language);

// "launch <variant> vs <baseline>?", as one question.
std::string question_sentence(const sim::RunResults& baseline,
                              const std::vector<sim::VariantComparison>& comparisons, Language language);

// The recommendation in one sentence with the NPV change, its band, the incremental cost
// and the payback month (the "none recommended" text when no band lies above zero).
std::string recommendation_sentence(const Decision& decision,
                                    const std::vector<sim::VariantComparison>& comparisons,
                                    int horizon_months, Language language);

// A caveat when a variant with a higher mean was passed over; empty when there is none.
std::string caveat_sentence(const Decision& decision, const std::vector<sim::VariantComparison>& comparisons,
                            Language language);

// "month 11 – month 16": the P5-P95 band of the incremental payback month, an end past the
// horizon in the one "not paid back" wording; "no difference" when the margin does not differ.
std::string payback_range_text(const sim::VariantComparison& comparison, int horizon_months,
                               Language language);

// The median payback month of the cumulative incremental margin ("month 13"), or the
// "beyond the horizon" text when fewer than half the replications pay back.
std::string incremental_payback_text(const sim::VariantComparison& comparison, int horizon_months,
                                     Language language);

}  // namespace offersim::reports
