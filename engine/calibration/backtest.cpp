#include "engine/calibration/backtest.hpp"
#include "engine/calibration/backtest_engine.hpp"

#include "engine/calibration/calibration_data.hpp"

#include "engine/core/philox.hpp"
#include "engine/data/csv_table.hpp"
#include "engine/sim/band.hpp"
#include "engine/sim/uncertainty.hpp"
#include "models/estimates.hpp"
#include "models/uncertain_quantity.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <cmath>

namespace offersim::calibration {

namespace {

struct CustomerLine {
    std::string segment;
    int line = 0;
};

// The records the fit sees: the history cut at `fit_months`, a customer still active then
// censored there.
std::vector<models::SurvivalRecord> records_to(const std::vector<HistoryCustomer>& customers,
                                               int fit_months) {
    std::vector<models::SurvivalRecord> records;
    for (const auto& c : customers) {
        if (c.churned && c.observed() <= fit_months)
            records.push_back({c.entry_months, c.exit_month, true, 1.0});
        else
            records.push_back({c.entry_months, c.entry_months + fit_months, false, 1.0});
    }
    return models::merge_survival_records(std::move(records));
}

bool active_at_end(const HistoryCustomer& c, int month) {
    return !(c.churned && c.observed() <= month);
}

// The fitted curve with parameters `p` (alpha, beta or scale, shape).
models::HazardCurve curve_of(bool sbg, double first, double second) {
    models::HazardCurve curve;
    curve.model = sbg ? models::HazardModel::sbg : models::HazardModel::weibull;
    if (sbg) {
        curve.sbg_alpha = first;
        curve.sbg_beta = second;
    } else {
        curve.weibull_scale_months = first;
        curve.weibull_shape = second;
    }
    return curve;
}

// Draw `draw`'s parameters: the estimates plus L z, L the Cholesky factor of their
// covariance, each z keyed by the segment and the parameter's name as an uncertain
// parameter is by its path (engine/sim/uncertainty.hpp). A draw at or below 0 (a tail
// several standard errors out) is held at a thousandth of the estimate.
std::pair<double, double> drawn_parameters(const ModelFit& fit, const std::vector<double>& lower,
                                           const std::string& segment, std::uint64_t seed, int draw) {
    const std::vector<double> mean = {fit.estimates[0].value, fit.estimates[1].value};
    if (lower.empty()) return {mean[0], mean[1]};
    models::UncertainQuantity standard;
    standard.kind = models::UncertainKind::normal;
    standard.sd = 1.0;
    std::vector<double> z;
    for (const auto& e : fit.estimates)
        z.push_back(models::quantile(
            standard, sim::parameter_uniform(seed, fmt::format("backtest:{}.{}", segment, e.name), draw)));
    const double first = models::correlated_normal(mean, lower, 0, z);
    const double second = models::correlated_normal(mean, lower, 1, z);
    return {first > 0.0 ? first : 1e-3 * mean[0], second > 0.0 ? second : 1e-3 * mean[1]};
}

BacktestError error_of(const std::vector<BacktestMonth>& months, BacktestFigure BacktestMonth::*figure) {
    BacktestError e;
    int n = 0;
    for (const auto& m : months) {
        const BacktestFigure& f = m.*figure;
        if (!(f.actual > 0.0)) continue;  // a percentage of nothing is undefined
        e.mape += std::abs(f.mean - f.actual) / f.actual;
        e.bias += (f.mean - f.actual) / f.actual;
        ++n;
    }
    if (n > 0) {
        e.mape /= n;
        e.bias /= n;
    }
    return e;
}

BacktestFigure figure_of(double actual, std::vector<double> draws) {
    const sim::Band band = sim::summarise(std::move(draws));
    return {actual, band.mean, band.p5, band.p95};
}

// The fit on months 1..cut and the customers then active. Throws when none churned by the cut.
CutFit fit_segment_at_cut(const std::string& id, const std::vector<HistoryCustomer>& customers, int cut) {
    const auto records = records_to(customers, cut);
    const bool any_churner = std::any_of(records.begin(), records.end(),
                                         [](const models::SurvivalRecord& r) { return r.churned; });
    if (!any_churner)
        throw InputError(
            {{SourcePos{},
              fmt::format("segment '{}': no customer churned in the first {} months, so there is "
                          "no churn to fit; give more --fit-months",
                          id, cut)}});
    const ChurnFit fit = fit_churn(id, records);
    CutFit out;
    out.segment = id;
    out.sbg = fit.sbg_is_better();
    out.fit = out.sbg ? fit.sbg : fit.weibull;
    for (const auto& c : customers)
        if (active_at_end(c, cut)) out.cohort.push_back(&c);
    return out;
}

// The prediction against what happened, month by month, and its errors.
BacktestSegment compare(const CutFit& fit, const PredictionDraws& predicted, int cut, int horizon,
                        int draws) {
    BacktestSegment out;
    out.segment = fit.segment;
    out.model = fit.sbg ? "sbg" : "weibull";
    out.fit = fit.fit;
    out.active_at_cut = static_cast<int>(fit.cohort.size());
    const auto& active = predicted.active;
    for (int j = 1; j <= horizon; ++j) {
        const int month = cut + j;
        double actual_active = 0.0, actual_before = 0.0, actual_revenue = 0.0;
        for (const auto* c : fit.cohort) {
            actual_before += active_at_end(*c, month - 1) ? 1.0 : 0.0;
            if (!active_at_end(*c, month)) continue;
            actual_active += 1.0;
            actual_revenue += c->bill_cny;
        }
        std::vector<double> churn(static_cast<std::size_t>(draws));
        for (int d = 0; d < draws; ++d) {
            const double before = active[static_cast<std::size_t>(j - 1)][static_cast<std::size_t>(d)];
            const double after = active[static_cast<std::size_t>(j)][static_cast<std::size_t>(d)];
            churn[static_cast<std::size_t>(d)] = before > 0.0 ? (before - after) / before : 0.0;
        }
        BacktestMonth m;
        m.month = month;
        m.active = figure_of(actual_active, active[static_cast<std::size_t>(j)]);
        m.churn_rate = figure_of(actual_before > 0.0 ? (actual_before - actual_active) / actual_before : 0.0,
                                 std::move(churn));
        m.revenue_cny = figure_of(actual_revenue, predicted.revenue_cny[static_cast<std::size_t>(j)]);
        out.active_inside += m.active.inside() ? 1 : 0;
        out.months.push_back(m);
    }
    out.active = error_of(out.months, &BacktestMonth::active);
    out.churn_rate = error_of(out.months, &BacktestMonth::churn_rate);
    out.revenue = error_of(out.months, &BacktestMonth::revenue_cny);
    return out;
}

}  // namespace

std::vector<CutFit> fit_at_cut(const BacktestHistory& history, int cut) {
    std::vector<CutFit> fits;
    for (const auto& [id, customers] : history.segments)
        fits.push_back(fit_segment_at_cut(id, customers, cut));
    return fits;
}

PredictionDraws curve_prediction(const CutFit& cut_fit, int cut, int horizon,
                                 const BacktestOptions& options) {
    const std::string& id = cut_fit.segment;
    const ModelFit& fit = cut_fit.fit;
    const models::CholeskyResult chol =
        fit.covariance.empty() ? models::CholeskyResult{} : models::cholesky(fit.covariance, 2);
    int longest = 0;
    for (const auto* c : cut_fit.cohort) longest = std::max(longest, tenure_at_cut(*c, cut));
    const auto zeros = [&] {
        return std::vector<std::vector<double>>(
            static_cast<std::size_t>(horizon) + 1,
            std::vector<double>(static_cast<std::size_t>(options.draws), 0.0));
    };
    PredictionDraws out{zeros(), zeros()};
    const PhiloxKey key = replication_key(options.seed, 0);
    const std::uint32_t segment_hash = stable_hash(id);
    std::vector<double> survival(static_cast<std::size_t>(longest + horizon) + 1);
    for (int d = 0; d < options.draws; ++d) {
        const auto [first, second] = drawn_parameters(fit, chol.lower, id, options.seed, d);
        const models::HazardCurve curve = curve_of(cut_fit.sbg, first, second);
        for (std::size_t t = 0; t < survival.size(); ++t)
            survival[t] = t == 0 ? 1.0 : models::survival_at(curve, static_cast<int>(t));
        for (std::size_t i = 0; i < cut_fit.cohort.size(); ++i) {
            const HistoryCustomer& c = *cut_fit.cohort[i];
            const int tenure = tenure_at_cut(c, cut);
            // Alive at the end of month cut + j while u <= S(tenure + j) / S(tenure).
            const double u = to_unit_open(philox4x32({segment_hash, static_cast<std::uint32_t>(i),
                                                      static_cast<std::uint32_t>(d), 0x62747374u},
                                                     key)
                                              .c0);
            for (int j = 0; j <= horizon; ++j) {
                if (u > survival[static_cast<std::size_t>(tenure + j)] /
                            survival[static_cast<std::size_t>(tenure)])
                    break;
                out.active[static_cast<std::size_t>(j)][static_cast<std::size_t>(d)] += 1.0;
                out.revenue_cny[static_cast<std::size_t>(j)][static_cast<std::size_t>(d)] += c.bill_cny;
            }
        }
    }
    return out;
}

const char* path_name(BacktestPath path) {
    return path == BacktestPath::engine ? "engine" : "curve";
}

BacktestHistory read_backtest_history(const std::filesystem::path& file) {
    const std::vector<std::string> header = csv_header(file);
    BacktestHistory history;
    history.has_bills = std::find(header.begin(), header.end(), "monthly_bill_cny") != header.end();
    std::vector<std::string> columns = {"segment", "entry_months", "exit_month", "churned"};
    if (history.has_bills) columns.push_back("monthly_bill_cny");
    std::vector<std::pair<CustomerLine, int>> censored;  // (where, months seen) of those not churned
    read_csv(file, columns, [&](CsvRow& row) {
        const CustomerHistoryRow h = read_customer_history_row(row);
        const double bill = history.has_bills ? row.number(4, "monthly_bill_cny", 0.0) : 0.0;
        check_customer_history_row(row, h);
        if (!row.ok()) return;
        HistoryCustomer c{static_cast<int>(h.entry), static_cast<int>(h.exit), h.churned == 1, bill};
        history.months = std::max(history.months, c.observed());
        if (!c.churned) censored.push_back({{h.segment, row.line()}, c.observed()});
        history.segments[h.segment].push_back(c);
    });
    // A customer who did not churn must be seen to the history's end: one seen for less is
    // neither active nor gone in the months after, and no month's actual count holds.
    std::vector<Diagnostic> problems;
    for (const auto& [where, seen] : censored)
        if (seen != history.months && problems.size() < kMaxReportedRows)
            problems.push_back({SourcePos{file.string(), where.line, 1},
                                fmt::format("a customer who did not churn must be seen to the history's end "
                                            "(exit_month - entry_months = {}), found {}",
                                            history.months, seen)});
    if (!problems.empty()) throw InputError(std::move(problems));
    return history;
}

double BacktestResult::active_inside_share() const {
    int inside = 0, total = 0;
    for (const auto& s : segments) {
        inside += s.active_inside;
        total += static_cast<int>(s.months.size());
    }
    return total > 0 ? static_cast<double>(inside) / total : 0.0;
}

BacktestResult run_backtest(const BacktestHistory& history, const BacktestOptions& options) {
    if (options.fit_months < 1 || options.fit_months >= history.months)
        throw InputError(
            {{SourcePos{}, fmt::format("--fit-months must be from 1 to {} (the history holds {} "
                                       "months and at least one must be left to predict), found {}",
                                       history.months - 1, history.months, options.fit_months)}});
    if (options.draws < 2)
        throw InputError({{SourcePos{}, fmt::format("--draws must be at least 2, found {}", options.draws)}});
    BacktestResult result;
    result.fit_months = options.fit_months;
    result.months = history.months;
    result.draws = options.draws;
    result.path = options.path;
    result.has_revenue = history.has_bills;
    const int cut = options.fit_months;
    const int horizon = history.months - cut;
    const std::vector<CutFit> fits = fit_at_cut(history, cut);
    std::vector<PredictionDraws> predicted;
    if (options.path == BacktestPath::engine) {
        predicted = engine_prediction(fits, cut, horizon, options);
    } else {
        for (const auto& fit : fits) predicted.push_back(curve_prediction(fit, cut, horizon, options));
    }
    for (std::size_t s = 0; s < fits.size(); ++s)
        result.segments.push_back(compare(fits[s], predicted[s], cut, horizon, options.draws));
    return result;
}

}  // namespace offersim::calibration
