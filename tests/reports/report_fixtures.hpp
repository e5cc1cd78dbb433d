#pragma once
// Hand-built results for the report tests: small, of the documented shape, with figures
// chosen so that the expected text can be worked out by hand.
#include "engine/sim/comparison.hpp"
#include "engine/sim/results.hpp"
#include "reports/report_context.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <string_view>
#include <vector>

namespace offersim::reports::fixtures {

inline constexpr int kMonths = 3;

// mean, standard error spread / 10, P5 = mean - spread, P50 = mean, P95 = mean + spread, n = 5.
inline sim::Band band(double mean, double spread) {
    return {.mean = mean,
            .std_error = spread / 10.0,
            .p5 = mean - spread,
            .p50 = mean,
            .p95 = mean + spread,
            .n = 5};
}

inline const std::vector<std::string>& cost_line_keys() {
    static const std::vector<std::string> keys = [] {
        std::vector<std::string> k;
        for (const sim::Metric line : sim::kCostLines) k.push_back(sim::output_name(line));
        return k;
    }();
    return keys;
}

// A segment's figures: start, end, revenue, ARPU and churn rate, each band(mean, spread / 50).
inline sim::SegmentSummary segment(double start, double end, double revenue, double arpu, double churn) {
    return {.subscribers_start = band(start, 0.0),
            .subscribers_end = band(end, end / 50.0),
            .revenue_total_cny = band(revenue, revenue / 50.0),
            .arpu_cny = band(arpu, arpu / 50.0),
            .churn_rate_monthly = band(churn, churn / 50.0)};
}

// The monthly line `metric` of `row` in `month`: the churn rate is 1% + 0.1% per row,
// survival its product to the month, and every other line (month + row + 1) x 1000 x `scale`.
inline sim::Band monthly_band(std::string_view metric, int month, int row, double scale = 1.0) {
    const double churn = 0.01 + 0.001 * row;
    if (metric == "churn_rate") return band(churn, churn / 20.0);
    if (metric == "survival") return band(std::pow(1.0 - churn, month), 0.005);
    const double value = (month + row + 1) * 1000.0 * scale;
    return band(value, value / 20.0);
}

// One segment ("mass") and the whole base over three months, monthly lines as monthly_band.
// The headline figures are those of html_report_test, times `scale`, then the cost lines;
// the whole base's segment figures are the headlines'.
inline sim::RunResults run_results(std::string name, std::string title, double scale = 1.0) {
    sim::RunResults r;
    r.scenario_name = std::move(name);
    r.scenario_title = std::move(title);
    r.horizon_months = kMonths;
    r.replications = 5;
    r.seed = 424242;
    r.segment_ids = {"mass", "all"};
    r.segment_names = {"公众客户", "all"};
    r.tier_ids = {"t19"};
    r.tier_names = {"动感地带 19"};
    r.headlines = {{"subscribers_start", band(400000.0, 1000.0)},
                   {"subscribers_end", band(456000.0 * scale, 4000.0)},
                   {"gross_adds", band(120000.0, 900.0)},
                   {"churners", band(64000.0, 800.0)},
                   {"churn_rate_monthly", band(0.0345, 0.001)},
                   {"revenue_total_cny", band(123456789.0 * scale, 3000000.0)},
                   {"cost_total_cny", band(80000000.0 * scale, 1000000.0)},
                   {"margin_total_cny", band(43456789.0 * scale, 2000000.0)},
                   {"npv_margin_cny", band(40000000.0 * scale, 1900000.0)},
                   {"arpu_cny", band(68.4, 0.5)},
                   {"mou_min", band(412.0, 3.0)}};
    for (const auto& key : cost_line_keys()) r.headlines.push_back({key, band(1000000.0 * scale, 10000.0)});
    r.segments = {segment(300000.0, 310000.0 * scale, 9000000.0 * scale, 28.5, 0.021),
                  {.subscribers_start = band(400000.0, 1000.0),
                   .subscribers_end = band(456000.0 * scale, 4000.0),
                   .revenue_total_cny = band(123456789.0 * scale, 3000000.0),
                   .arpu_cny = band(68.4, 0.5),
                   .churn_rate_monthly = band(0.0345, 0.001)}};
    for (int month = 1; month <= kMonths; ++month)
        for (int row = 0; row < 2; ++row)
            for (const auto& metric : sim::monthly_metric_names())
                r.monthly.push_back({month, row, metric, monthly_band(metric, month, row, scale)});
    for (int month = 0; month < kMonths; ++month) r.tier_mix.push_back({band(3000.0, 10.0)});
    return r;
}

inline sim::OfferSummary phone_offer() {
    sim::OfferSummary phone;
    phone.id = "phone_1999";
    phone.name = "合约机 <1999>";
    phone.take_ups = band(9600.0, 0.0);
    phone.holders_end = band(5809.0, 40.0);
    phone.revenue_cny = band(59308074.0, 150000.0);
    phone.cost_cny = band(33518931.0, 30000.0);
    phone.margin_cny = band(25789142.0, 200000.0);
    phone.payback_month = band(2.0, 1.0);
    phone.payback_share = 1.0;
    return phone;
}

// phone_offer()'s effect against the baseline: 2M CNY of margin, 1.5M cannibalised.
inline sim::OfferEffect phone_offer_effect() {
    sim::OfferEffect e;
    e.id = "phone_1999";
    e.name = "合约机 <1999>";
    e.basis = sim::EffectBasis::variant;
    e.cannibalised_cny = band(1.5e6, 1e5);
    e.incremental_margin_cny = band(2e6, 5e5);
    e.incremental_payback_month = band(3.0, 1.0);
    e.payback_share = 1.0;
    return e;
}

// run_results("tiny", title) holding phone_offer().
inline sim::RunResults run_with_offer(std::string title) {
    sim::RunResults r = run_results("tiny", std::move(title));
    r.offers = {phone_offer()};
    return r;
}

// A variant's paired differences: the NPV change `npv` +- `npv_spread`, the cost change
// `cost` (on the subsidy line), revenue and margin following from them, and a cumulative
// margin change that crosses zero in `payback_month` (paid back in `payback_share`).
struct VariantSpec {
    std::string name = {};
    std::string title = {};  // empty: the report shows the name
    double npv = 0.0;
    double npv_spread = 0.0;
    double cost = 0.0;
    double payback_month = 2.0;
    double payback_share = 1.0;
};

inline sim::VariantComparison comparison(const VariantSpec& spec) {
    sim::VariantComparison c;
    c.name = spec.name;
    c.title = spec.title;
    const double margin = spec.npv * 1.1;
    c.deltas = {{"subscribers_start", band(0.0, 0.0)},
                {"subscribers_end", band(1200.0, 100.0)},
                {"gross_adds", band(1500.0, 0.0)},
                {"churners", band(300.0, 50.0)},
                {"churn_rate_monthly", band(-0.001, 0.0002)},
                {"revenue_total_cny", band(margin + spec.cost, 500000.0)},
                {"cost_total_cny", band(spec.cost, 10000.0)},
                {"margin_total_cny", band(margin, spec.npv_spread * 1.1)},
                {"npv_margin_cny", band(spec.npv, spec.npv_spread)},
                {"arpu_cny", band(1.5, 0.1)},
                {"mou_min", band(4.0, 0.5)}};
    for (const auto& key : cost_line_keys())
        c.deltas.push_back({key, band(key == "cost_subsidy_cny" ? spec.cost : 0.0, 0.0)});
    c.payback_month = band(spec.payback_month, 1.0);
    c.payback_share = spec.payback_share;
    double cumulative = 0.0;
    for (int month = 1; month <= kMonths; ++month) {
        // Negative before the payback month, positive from it on.
        const double monthly = month < spec.payback_month ? -1000.0 : 2000.0 * month;
        cumulative += monthly;
        c.monthly_margin_delta_cny.push_back(band(monthly, 100.0));
        c.cumulative_margin_delta_cny.push_back(band(cumulative, 200.0));
    }
    return c;
}

// A variant that changes nothing: every paired difference exactly zero, and its payback as
// compare_runs gives it (never: nothing differs).
inline sim::VariantComparison identical_comparison(std::string name) {
    sim::VariantComparison c;
    c.name = std::move(name);
    for (const auto& key :
         {"subscribers_start", "subscribers_end", "gross_adds", "churners", "churn_rate_monthly",
          "revenue_total_cny", "cost_total_cny", "margin_total_cny", "npv_margin_cny", "arpu_cny", "mou_min"})
        c.deltas.push_back({key, band(0.0, 0.0)});
    for (const auto& key : cost_line_keys()) c.deltas.push_back({key, band(0.0, 0.0)});
    c.payback_month = band(kMonths + 1.0, 0.0);
    c.payback_share = 0.0;
    c.monthly_margin_delta_cny.assign(kMonths, band(0.0, 0.0));
    c.cumulative_margin_delta_cny.assign(kMonths, band(0.0, 0.0));
    return c;
}

// What a variant that is not like for like changes: a segment added, an interconnect cost
// charged, a tier's fee cut.
inline std::vector<scenario::ScenarioChange> base_and_cost_changes() {
    return {{.path = "segments[key_person]",
             .baseline = "",
             .variant = "{id: key_person, size: 1800}",
             .area = scenario::ChangeArea::customer_base},
            {.path = "costs.interconnect_per_off_net_min_cny",
             .baseline = "",
             .variant = "0.06",
             .area = scenario::ChangeArea::costs},
            {.path = "tiers[gotone_58].monthly_fee_cny",
             .baseline = "58",
             .variant = "48",
             .area = scenario::ChangeArea::other}};
}

// A baseline and its variants (each run_results(name, title, 1.1)), kept alive together
// as the comparison reports read them.
struct ComparisonRuns {
    sim::RunResults baseline;
    std::vector<sim::RunResults> runs;
    std::vector<sim::VariantComparison> comparisons;

    explicit ComparisonRuns(const std::vector<VariantSpec>& specs, std::string baseline_title = "Baseline")
        : baseline(run_results("baseline", std::move(baseline_title))) {
        for (const auto& spec : specs) {
            runs.push_back(run_results(spec.name, spec.title, 1.1));
            comparisons.push_back(comparison(spec));
        }
    }
    std::vector<const sim::RunResults*> variants() const {
        std::vector<const sim::RunResults*> out;
        for (const auto& run : runs) out.push_back(&run);
        return out;
    }
};

// The opening of the HTML pages' inline chart data, and that data.
inline constexpr std::string_view kDataOpen = R"(<script type="application/json" id="offersim-report-data">)";

inline std::string inline_json(const std::string& html) {
    const std::size_t open = html.find(kDataOpen);
    EXPECT_NE(open, std::string::npos) << "no inline chart data";
    const std::size_t begin = open + kDataOpen.size();
    return html.substr(begin, html.find("</script>", begin) - begin);
}

inline bool contains(const std::string& text, std::string_view what) {
    return text.find(what) != std::string::npos;
}

inline ReportContext context(Language language) {
    ReportContext c;
    c.language = language;
    c.offersim_version = "offersim 9.9.9 (abcdef0)";
    c.generated_at = "2025-01-02T03:04:05Z";
    c.resolved_scenario_yaml = "name: tiny\ntitle: \"a </script><script>alert(1)</script> & <b>\"\n";
    return c;
}

inline sim::CustomerViewRow view_row(std::string id, double heads, double revenue, double lower = 0,
                                     double upper = 0) {
    sim::CustomerViewRow row;
    row.id = std::move(id);
    row.lower_cny = lower;
    row.upper_cny = upper;
    for (int m = 0; m < fixtures::kMonths; ++m) {
        row.headcount.push_back(band(heads, heads * 0.01));
        row.revenue_cny.push_back(band(revenue / fixtures::kMonths, revenue * 0.01));
    }
    row.headcount_mean = band(heads, heads * 0.01);
    row.revenue_total_cny = band(revenue, revenue * 0.01);
    row.arpu_cny = band(heads > 0 ? revenue / heads / fixtures::kMonths : 0.0, 0.1);
    return row;
}

// run_results("views") with per-customer views (a level and a band without customers) and
// 25 groups in the score list, the 7th the most likely to switch.
inline sim::RunResults run_with_views() {
    sim::RunResults r = fixtures::run_results("views", "Views");
    sim::CustomerViewResults v;
    v.vip_levels = {view_row("none", 9000, 1.5e6), view_row("silver", 800, 3e5), view_row("gold", 0, 0)};
    v.arpu_bands = {view_row("0-50", 5000, 4e5, 0, 50), view_row("50-100", 0, 0, 50, 100),
                    view_row("100+", 4800, 1.4e6, 100, 0)};
    for (int m = 0; m < fixtures::kMonths; ++m)
        v.top_fifth_margin_share.push_back(band(0.55 + 0.01 * m, 0.02));
    v.top_fifth_margin_share_last_12 = band(0.56, 0.02);
    v.last_months = fixtures::kMonths;
    r.customer_views = v;
    sim::GroupResults g;
    g.tier_ids = {"A", "B"};
    g.tier_names = {"A 类", "B 类"};
    for (int i = 1; i <= 25; ++i)
        g.scores.push_back({"park", i, band(50.0 + i, 5.0), band(i % 2 ? 1.0 : 2.0, 0.0), band(0.1 * i, 0.1),
                            band(i == 7 ? 0.6 : 0.0, 0.0)});
    r.groups = g;
    return r;
}

}  // namespace offersim::reports::fixtures
