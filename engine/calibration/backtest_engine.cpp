// The back-test through the simulation's month step (docs/models.md §35): at the cut, the
// customers then active are written as a customer extract, the fit as the churn fragment
// calibrate would write (each parameter an estimate over the fit's covariance), and a
// scenario that includes it; the scenario is loaded as any other and its parameter draws run
// with run_simulation, as `offersim run` runs an uncertain scenario. The files live in a
// temporary folder removed when the prediction is done.
#include "engine/calibration/backtest_engine.hpp"

#include "engine/core/error.hpp"
#include "engine/core/scratch_folder.hpp"
#include "engine/scenario/loader.hpp"
#include "engine/sim/plan.hpp"
#include "engine/sim/run.hpp"
#include "engine/sim/simulation.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <filesystem>

namespace offersim::calibration {

namespace {

namespace fs = std::filesystem;

// The one tier of the snapshot: no fee, one fen a minute, so a customer whose voice
// propensity is its bill in fen (whole minutes, no month-to-month variation) is billed its
// bill to the fen by the engine's own rating.
constexpr const char* kBillTier = "backtest_bill";

// A YAML double-quoted scalar: a segment id as the history spells it.
std::string yaml_quoted(const std::string& text) {
    std::string out = "\"";
    for (char c : text) {
        if (c == '"' || c == '\\') out += '\\';
        out += c;
    }
    return out + "\"";
}

// A CSV field, quoted when it holds a comma or a quote.
std::string csv_field(const std::string& text) {
    if (text.find_first_of(",\"\n") == std::string::npos) return text;
    std::string out = "\"";
    for (char c : text) out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

// The parameters' names in the scenario's `churn`, in the fit's order.
std::pair<const char*, const char*> churn_keys(bool sbg) {
    return sbg ? std::pair{"alpha", "beta"} : std::pair{"scale_months", "shape"};
}

// The customers active at the cut, one extract row each: a made-up id (the draws are keyed
// by it), the tenure then, and the bill as whole minutes of the one-fen tier.
std::string snapshot_csv(const std::vector<CutFit>& fits, int cut) {
    std::string out =
        "id,segment,tier,tenure_months,voice_min,data_mb,sms,contract_end,vip_level,group_id,region\n";
    for (std::size_t s = 0; s < fits.size(); ++s) {
        const std::string segment = csv_field(fits[s].segment);
        for (std::size_t i = 0; i < fits[s].cohort.size(); ++i) {
            const HistoryCustomer& c = *fits[s].cohort[i];
            out += fmt::format("s{}c{},{},{},{},{:.0f},0,0,,,,\n", s, i, segment, kBillTier,
                               tenure_at_cut(c, cut), std::round(c.bill_cny * 100.0));
        }
    }
    return out;
}

// The fit's coefficient table and covariance, as Biogeme exports them (docs/models.md §36).
std::string coefficients_csv(const CutFit& fit) {
    std::string out = "name,value,std_err\n";
    for (const auto& e : fit.fit.estimates)
        out += fmt::format("{},{:.17g},{:.17g}\n", e.name, e.value, e.std_error);
    return out;
}

std::string covariance_csv(const CutFit& fit) {
    const auto& e = fit.fit.estimates;
    std::string out = fmt::format(",{},{}\n", e[0].name, e[1].name);
    for (std::size_t r = 0; r < 2; ++r)
        out += fmt::format("{},{:.17g},{:.17g}\n", e[r].name, fit.fit.covariance[r * 2],
                           fit.fit.covariance[r * 2 + 1]);
    return out;
}

// The churn of each segment as calibrate writes it, each parameter drawn from the fit's
// joint normal when the fit has a covariance, else at its estimate.
std::string fit_yaml(const std::vector<CutFit>& fits, const ScratchFolder& folder) {
    std::string out = "segments:\n";
    for (std::size_t s = 0; s < fits.size(); ++s) {
        const CutFit& fit = fits[s];
        const auto [first, second] = churn_keys(fit.sbg);
        out += fmt::format("  - id: {}\n    churn:\n      model: {}\n", yaml_quoted(fit.segment),
                           fit.sbg ? "sbg" : "weibull");
        const auto& e = fit.fit.estimates;
        const auto& cov = fit.fit.covariance;
        if (cov.size() != 4 ||
            !std::all_of(cov.begin(), cov.end(), [](double v) { return std::isfinite(v); })) {
            out +=
                fmt::format("      {}: {:.17g}\n      {}: {:.17g}\n", first, e[0].value, second, e[1].value);
            continue;
        }
        const std::string table = fmt::format("fit_{}.csv", s),
                          covariance = fmt::format("covariance_{}.csv", s);
        folder.write(table, coefficients_csv(fit));
        folder.write(covariance, covariance_csv(fit));
        for (const auto& [key, name] : {std::pair{first, e[0].name}, std::pair{second, e[1].name}})
            out += fmt::format("      {}: {{ distribution: estimate, file: {}, covariance: {}, name: {} }}\n",
                               key, table, covariance, name);
    }
    return out;
}

// The scenario: the snapshot as its initial base, no gross adds, one tier, the fit included.
// One month past the horizon: a month's revenue is billed to those active at its start, so
// month j + 1's revenue is the bills of those active at the end of month j.
std::string scenario_yaml(const std::vector<CutFit>& fits, int horizon, const BacktestOptions& options) {
    std::string out = fmt::format(
        "name: backtest\nhorizon_months: {}\nreplications: {}\nseed: {}\ninclude: [fit.yaml]\n"
        "uncertainty: {{ n_inner: {} }}\n"
        "initial_base: {{ extract: snapshot.csv, as_of: 2000-01 }}\n"
        "tiers:\n  - id: {}\n    monthly_fee_cny: 0\n    included: {{ voice_min: 0, data_mb: 0, sms: 0 }}\n"
        "    overage: {{ voice_per_min_cny: 0.01, data_per_mb_cny: 0, sms_each_cny: 0 }}\nsegments:\n",
        horizon + 1, options.draws, options.seed, kEngineReplicationsPerDraw, kBillTier);
    for (const auto& fit : fits)
        out += fmt::format(
            "  - id: {}\n    tenure_months: {{ distribution: fixed, mean: 1 }}\n    tier_mix: {{ {}: 1.0 }}\n"
            "    usage:\n      voice_min: {{ distribution: fixed, mean: 0 }}\n"
            "      data_mb: {{ distribution: fixed, mean: 0 }}\n      sms: {{ distribution: fixed, mean: 0 "
            "}}\n"
            "      monthly_cv: 0\n",
            yaml_quoted(fit.segment), kBillTier);
    return out;
}

}  // namespace

std::vector<PredictionDraws> engine_prediction(const std::vector<CutFit>& fits, int cut, int horizon,
                                               const BacktestOptions& options) {
    if (options.draws < 2 * kEngineReplicationsPerDraw || options.draws % kEngineReplicationsPerDraw != 0)
        throw InputError(
            {{SourcePos{}, fmt::format("--draws must be an even number of at least 4 with --path "
                                       "engine (two replications a parameter draw), found {}",
                                       options.draws)}});
    const ScratchFolder folder("backtest");
    folder.write("snapshot.csv", snapshot_csv(fits, cut));
    folder.write("fit.yaml", fit_yaml(fits, folder));
    const scenario::Scenario sc =
        scenario::load_scenario(folder.write("scenario.yaml", scenario_yaml(fits, horizon, options)));
    // Each parameter draw as `offersim run` runs an uncertain scenario, without its tornado;
    // a fit without a covariance is a point estimate.
    const sim::SimulationPlan plan = sim::compile_plan(sc);
    const sim::RunConfig config = sim::RunConfig::of(options.draws, options.seed);
    const sim::MetricCube cube =
        sc.uncertain.empty() ? sim::run_simulation(plan, config) : sim::run_parameter_draws(sc, plan, config);

    std::vector<PredictionDraws> out;
    for (std::size_t s = 0; s < fits.size(); ++s) {
        const auto rows = static_cast<std::size_t>(horizon) + 1;
        const auto draws = static_cast<std::size_t>(options.draws);
        PredictionDraws p{std::vector<std::vector<double>>(rows, std::vector<double>(draws)),
                          std::vector<std::vector<double>>(rows, std::vector<double>(draws))};
        const int segment = static_cast<int>(s);
        for (int d = 0; d < options.draws; ++d)
            for (int j = 0; j <= horizon; ++j) {
                // Month index j - 1 is month j; month j + 1's bills are those active at j's end.
                p.active[static_cast<std::size_t>(j)][static_cast<std::size_t>(d)] =
                    j == 0 ? static_cast<double>(fits[s].cohort.size())
                           : cube.at(d, j - 1, segment, sim::Metric::active_end);
                p.revenue_cny[static_cast<std::size_t>(j)][static_cast<std::size_t>(d)] =
                    cube.at(d, j, segment, sim::Metric::revenue_total) / 100.0;
            }
        out.push_back(std::move(p));
    }
    return out;
}

}  // namespace offersim::calibration
