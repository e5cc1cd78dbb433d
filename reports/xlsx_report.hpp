#pragma once
// report.xlsx: every figure the reports show, one sheet per table, numbers stored as
// numbers (money in CNY, rates as fractions) with number formats, headings in the report's
// language (libxlsxwriter). No formulas: each cell holds its computed value. The workbook's
// creation time is fixed and it leaves out the generation time and run time, so the same
// results, language and version give byte-identical files.
#include "engine/sim/comparison.hpp"
#include "engine/sim/results.hpp"
#include "reports/report_context.hpp"
#include "reports/sweep_report.hpp"

#include <string>
#include <vector>

namespace offersim::reports {

// The workbook's bytes, for OutputFolder to stage like any other file. Sheets: headline
// figures, notes (the reports' statements in words: warnings, what answers prices, what the
// bands hold), segments, monthly lines of the whole base, offers (when there are any), run.
// Throws RunError when `results` is not of the documented shape or the file cannot be built.
//   folder.add("report.xlsx", xlsx_report(results, context));
std::string xlsx_report(const sim::RunResults& results, const ReportContext& context);

// The comparison's workbook: every variant's headline changes, the notes (every run's
// warnings, what answers prices, what the bands hold), the baseline's figures, each
// variant's changes and monthly incremental margin, the variants' offers, and the run with
// the question and recommendation. Arguments as html_comparison_report's.
std::string xlsx_comparison_report(const sim::RunResults& baseline,
                                   const std::vector<const sim::RunResults*>& variants,
                                   const std::vector<sim::VariantComparison>& comparisons,
                                   const ReportContext& context);

// sweep.xlsx: one sheet with a row per point (the values swept, then each figure's mean, P5
// and P95 as numbers, as sweep.csv) and the run's facts, headings in the report's language.
std::string xlsx_sweep_report(const SweepTable& table, const ReportContext& context);

}  // namespace offersim::reports
