#include "reports/waterfall_table.hpp"

#include "reports/number_format.hpp"

#include <fmt/format.h>

namespace offersim::reports {

namespace {

std::string_view bar_label(std::string_view key, const ComparisonText& ct) {
    if (key == "price") return ct.waterfall_price;
    if (key == "usage") return ct.waterfall_usage;
    if (key == "migration") return ct.waterfall_migration;
    if (key == "churn") return ct.waterfall_churn;
    if (key == "acquisition") return ct.waterfall_acquisition;
    return ct.waterfall_remainder;
}

std::string to_the_fen(double cny, Language language) {
    return format_grouped(cny, 2, language);
}

}  // namespace

std::vector<WaterfallRow> waterfall_rows(const sim::Waterfall& waterfall, const ReportText& text,
                                         Language language) {
    const ComparisonText& ct = text.comparison;
    std::vector<WaterfallRow> rows;
    const auto band = [&](const sim::Band& b) {
        return fmt::format("{} ~ {}", to_the_fen(b.p5, language), to_the_fen(b.p95, language));
    };
    for (const auto& bar : waterfall.bars)
        rows.push_back({std::string(bar_label(bar.key, ct)), to_the_fen(bar.delta_cny.mean, language),
                        bar.measured ? band(bar.delta_cny) : std::string(ct.waterfall_not_modelled), false});
    rows.push_back({std::string(ct.waterfall_total), to_the_fen(waterfall.total_cny.mean, language),
                    band(waterfall.total_cny), true});
    return rows;
}

}  // namespace offersim::reports
