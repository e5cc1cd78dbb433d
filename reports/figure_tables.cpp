#include "reports/figure_tables.hpp"

#include "reports/comparison_summary.hpp"
#include "reports/figure_format.hpp"

#include <fmt/format.h>

namespace offersim::reports {

namespace {

bool is_money_sum(std::string_view key) {
    return key == "revenue_total_cny" || key == "cost_total_cny" || key == "margin_total_cny";
}

constexpr std::array<double sim::Band::*, 5> kStats{&sim::Band::mean, &sim::Band::std_error, &sim::Band::p5,
                                                    &sim::Band::p50, &sim::Band::p95};

// The column of `value(headline)` over the rows.
template <typename Value>
FigureColumn column_of(const std::vector<const sim::Headline*>& rows, Value value, Language language) {
    std::vector<FigureCell> cells;
    cells.reserve(rows.size());
    for (const sim::Headline* h : rows) cells.push_back({h->key, value(*h)});
    return figure_column(cells, language);
}

Precision precision_of(double sim::Band::*stat) {
    return stat == &sim::Band::std_error ? Precision::std_error : Precision::figure;
}

}  // namespace

std::vector<SegmentCells> segment_cells(const MonthlyLines& lines, Language language) {
    std::vector<SegmentCells> rows(static_cast<std::size_t>(lines.rows()));
    for (std::size_t f = 0; f < sim::kSegmentFigures.size(); ++f) {
        const auto& figure = sim::kSegmentFigures[f];
        std::vector<FigureCell> cells;
        for (int row = 0; row < lines.rows(); ++row)
            cells.push_back({figure.key, (lines.segment(row).*figure.band).mean});
        const FigureColumn column = figure_column(cells, language);
        for (std::size_t row = 0; row < rows.size(); ++row)
            rows[row][f] = format_in_column(column, figure.key, cells[row].value, language);
    }
    return rows;
}

std::vector<HeadlineRow> headline_rows(const sim::RunResults& results, Language language) {
    std::vector<const sim::Headline*> shown;
    for (const auto& headline : results.headlines)
        if (!is_all_zero(headline.band)) shown.push_back(&headline);
    std::vector<HeadlineRow> rows;
    for (const sim::Headline* h : shown) rows.push_back({h->key, {}});
    for (std::size_t s = 0; s < kStats.size(); ++s) {
        const auto stat = kStats[s];
        const FigureColumn column = column_of(
            shown, [&](const sim::Headline& h) { return h.band.*stat; }, language);
        for (std::size_t r = 0; r < shown.size(); ++r) {
            const sim::Headline& h = *shown[r];
            rows[r].cells[s] =
                stat == &sim::Band::mean && is_money_sum(h.key)
                    ? format_summary_mean(results, h.key, language)
                    : format_in_column(column, h.key, h.band.*stat, language, precision_of(stat));
        }
    }
    return rows;
}

std::vector<DeltaRow> delta_rows(const sim::RunResults& baseline, const sim::RunResults& variant,
                                 const sim::VariantComparison& comparison, Language language) {
    std::vector<const sim::Headline*> shown;
    for (const auto& delta : comparison.deltas)
        if (!is_zero_row(baseline, variant, delta)) shown.push_back(&delta);
    std::vector<DeltaRow> rows;
    for (const sim::Headline* d : shown) rows.push_back({d->key, {}});
    // The two runs' means, each run's column in its own units.
    const std::array runs{&baseline, &variant};
    for (std::size_t s = 0; s < runs.size(); ++s) {
        const auto mean = [&](const sim::Headline& d) {
            const sim::Band* band = find_band(*runs[s], d.key);
            return band != nullptr ? band->mean : 0.0;
        };
        const FigureColumn column = column_of(shown, mean, language);
        for (std::size_t r = 0; r < shown.size(); ++r)
            rows[r].cells[s] = find_band(*runs[s], shown[r]->key) != nullptr
                                   ? format_in_column(column, shown[r]->key, mean(*shown[r]), language)
                                   : std::string("—");
    }
    // The change's mean and band.
    for (std::size_t s = 0; s < kStats.size(); ++s) {
        const auto stat = kStats[s];
        const FigureColumn column = column_of(
            shown, [&](const sim::Headline& d) { return d.band.*stat; }, language);
        for (std::size_t r = 0; r < shown.size(); ++r) {
            const sim::Headline& d = *shown[r];
            std::string& cell = rows[r].cells[2 + s];
            if (stat != &sim::Band::mean)
                cell = format_difference_in_column(column, d.key, d.band.*stat, language, precision_of(stat));
            else if (is_money_sum(d.key))
                cell = format_delta_change(comparison, d.key, language);
            else
                cell = format_change_in_column(column, d.key, d.band.mean, language);
        }
    }
    return rows;
}

std::vector<OfferCells> offer_cells(const sim::RunResults& results, Language language) {
    const auto& offers = results.offers;
    const auto unit = [&](auto value_of) {
        std::vector<double> values;
        for (const auto& offer : offers) value_of(offer, values);
        return column_unit(values, language);
    };
    const ColumnUnit take_ups = unit([](const auto& o, auto& v) { v.push_back(o.take_ups.mean); });
    const ColumnUnit holders = unit([](const auto& o, auto& v) { v.push_back(o.holders_end.mean); });
    const ColumnUnit revenue = unit([](const auto& o, auto& v) { v.push_back(o.revenue_cny.mean); });
    const ColumnUnit margin = unit([](const auto& o, auto& v) { v.push_back(o.margin_cny.mean); });
    const ColumnUnit band = unit([](const auto& o, auto& v) {
        v.insert(v.end(), {o.margin_cny.p5, o.margin_cny.p95});
    });
    std::vector<OfferCells> rows;
    for (const auto& offer : offers)
        rows.push_back({format_count_in(offer.take_ups.mean, take_ups, language),
                        format_count_in(offer.holders_end.mean, holders, language),
                        format_cny_in(offer.revenue_cny.mean, revenue, language),
                        format_cny_in(offer.margin_cny.mean, margin, language),
                        format_cny_range_in(offer.margin_cny, band, language, false),
                        offer_payback_text(offer, results.horizon_months, language),
                        format_percent(offer.payback_share, 0)});
    return rows;
}

std::string unit_ratio_text(const sim::Band& band, int replications, Language language,
                            const std::function<std::string(double)>& format) {
    const UnitEconomicsText& t = report_text(language).unit_economics;
    if (band.n == 0) return std::string(t.never);
    std::string cell = fmt::format("{} ({}{}{})", format(band.mean), format(band.p5),
                                   report_text(language).range_separator, format(band.p95));
    if (band.n < replications)
        cell += fmt::format(" {}", fill(t.defined_in, {{"n", fmt::format("{}", band.n)},
                                                       {"replications", fmt::format("{}", replications)}}));
    return cell;
}

std::vector<UnitEconomicsCells> unit_economics_cells(const sim::RunResults& results, Language language) {
    const int reps = results.replications;
    const auto cny = [language](double v) { return format_cny(v, language); };
    const auto months = [language](double v) {
        return format_grouped(v, 1, language) + std::string(report_text(language).months_unit);
    };
    const auto count = [language](double v) { return format_count(v, language); };
    const auto ratio = [language](double v) { return format_grouped(v, 2, language); };
    std::vector<UnitEconomicsCells> rows;
    for (const auto& offer : results.offers) {
        const sim::OfferUnitEconomics& u = offer.unit;
        rows.push_back(
            {cny(u.outlay_per_taker_cny), unit_ratio_text(u.margin_per_holder_month_cny, reps, language, cny),
             unit_ratio_text(u.payback_months_per_taker, reps, language, months), cny(u.launch_cost_cny),
             unit_ratio_text(u.break_even_take_ups, reps, language, count), count(offer.take_ups.mean),
             unit_ratio_text(u.npv_cny, reps, language, cny),
             // Nothing spent: no ratio, not "never" (the em dash of a non-finite number).
             u.npv_per_cny_spent.n == 0 ? format_grouped(u.npv_per_cny_spent.mean, 2, language)
                                        : unit_ratio_text(u.npv_per_cny_spent, reps, language, ratio)});
    }
    return rows;
}

namespace {

// The unit of the column of `key`: of its means and bands, and, for revenue, cost and margin,
// those of the three together.
ColumnUnit variant_column_unit(const std::vector<sim::VariantComparison>& comparisons, std::string_view key,
                               Language language) {
    std::vector<double> values;
    for (const auto& c : comparisons)
        for (const std::string_view k :
             {std::string_view("revenue_total_cny"), std::string_view("cost_total_cny"),
              std::string_view("margin_total_cny"), key}) {
            if (k != key && !(is_money_sum(key) && is_money_sum(k))) continue;
            const sim::Band& band = c.delta(k);
            values.insert(values.end(), {band.mean, band.p5, band.p95});
        }
    return column_unit(values, language);
}

}  // namespace

std::vector<std::vector<VariantCell>> variant_table_cells(
    const std::vector<sim::VariantComparison>& comparisons, std::span<const std::string_view> keys,
    Language language) {
    std::vector<ColumnUnit> units;
    for (const auto key : keys) units.push_back(variant_column_unit(comparisons, key, language));
    std::vector<std::vector<VariantCell>> rows;
    for (const auto& c : comparisons) {
        std::vector<VariantCell>& row = rows.emplace_back();
        for (std::size_t k = 0; k < keys.size(); ++k) {
            const std::string_view key = keys[k];
            const FigureKind kind = figure_kind(key);
            std::string change = format_change_in(c.delta(key).mean, kind, units[k], language);
            if (is_money_sum(key)) {
                const MoneySum sum =
                    format_change_sum_in(c.delta("revenue_total_cny").mean, c.delta("cost_total_cny").mean,
                                         c.delta("margin_total_cny").mean, units[k], language);
                change = key == "revenue_total_cny" ? sum.revenue
                         : key == "cost_total_cny"  ? sum.cost
                                                    : sum.margin;
            }
            row.push_back(
                {std::move(change), format_change_range_in(c.delta(key), kind, units[k], language)});
        }
    }
    return rows;
}

}  // namespace offersim::reports
