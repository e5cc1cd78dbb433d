// The one file that knows NLopt (docs/architecture.md, dependencies).
#include "engine/sim/optimise.hpp"

#include "engine/sim/run.hpp"
#include "engine/sim/solve.hpp"
#include "engine/sim/sweep.hpp"

#include <fmt/format.h>
#include <nlopt.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <exception>
#include <map>

namespace offersim::sim {

namespace {

constexpr std::string_view kCashPrefix = "cash_month_";
constexpr std::string_view kDelta = "_delta";

std::string_view without_delta(std::string_view metric) {
    return metric.ends_with(kDelta) ? metric.substr(0, metric.size() - kDelta.size()) : metric;
}

// N of "cash_month_N" or "cash_month_N_delta"; none for another metric.
std::optional<int> cash_month_of(std::string_view metric) {
    const std::string_view key = without_delta(metric);
    if (!key.starts_with(kCashPrefix)) return std::nullopt;
    const std::string_view digits = key.substr(kCashPrefix.size());
    int n = 0;
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), n);
    if (digits.empty() || ec != std::errc() || end != digits.data() + digits.size()) return std::nullopt;
    return n;
}

// A run's figures, with the whole base's cumulative margin to each month in `cash_months`.
FigureSamples figures_of(const ScenarioRun& run, const std::vector<int>& cash_months) {
    FigureSamples figures = figure_samples(run);
    const MetricCube& cube = run.cube;
    for (int n : cash_months) {
        std::vector<double> cash(static_cast<std::size_t>(cube.replications), 0.0);
        for (int rep = 0; rep < cube.replications; ++rep)
            for (int t = 0; t < n; ++t)
                cash[static_cast<std::size_t>(rep)] +=
                    cube.at(rep, t, cube.total_row(), Metric::margin) / 100.0;
        figures.emplace_back(fmt::format("{}{}", kCashPrefix, n), std::move(cash));
    }
    return figures;
}

// The constraint as NLopt takes it, fc <= 0 when it holds.
double violation(const OptimiseConstraint& c, double mean) {
    return c.sense == ConstraintSense::at_most ? mean - c.bound : c.bound - mean;
}

std::string stopped_by(nlopt_result r, bool out_of_runs) {
    if (out_of_runs) return "max_runs_reached";
    switch (r) {
        case NLOPT_XTOL_REACHED:
            return "xtol_reached";
        case NLOPT_FTOL_REACHED:
            return "ftol_reached";
        case NLOPT_MAXEVAL_REACHED:
            return "max_runs_reached";
        case NLOPT_ROUNDOFF_LIMITED:
            return "roundoff_limited";
        case NLOPT_SUCCESS:
        case NLOPT_STOPVAL_REACHED:
        case NLOPT_MAXTIME_REACHED:
            return "success";
        default:
            return "failure";
    }
}

// Runs the points, each distinct point (on the values' grids) once, and answers NLopt.
class Evaluator {
public:
    Evaluator(const scenario::Scenario& base,
              const std::function<scenario::Scenario(const std::vector<double>&)>& at,
              const OptimiseSpec& spec, const RunConfig& config, OptimiseResult& result)
        : at_(at), spec_(spec), config_(config), result_(result) {
        for (const auto* metric : metrics())
            if (const auto n = cash_month_of(*metric)) cash_months_.push_back(*n);
        std::sort(cash_months_.begin(), cash_months_.end());
        cash_months_.erase(std::unique(cash_months_.begin(), cash_months_.end()), cash_months_.end());
        if (needs_base()) {
            base_figures_ = figures_of(run_scenario(base, config_), cash_months_);
            result_.runs += 1;
        }
    }

    std::vector<const std::string*> metrics() const {
        std::vector<const std::string*> m{&spec_.objective};
        for (const auto& c : spec_.constraints) m.push_back(&c.metric);
        return m;
    }
    bool needs_base() const {
        const auto m = metrics();
        return std::any_of(m.begin(), m.end(), [](const std::string* s) { return s->ends_with(kDelta); });
    }

    // The values of a point of the unit cube, on each parameter's grid, within its bounds.
    std::vector<double> values_at(const double* unit) const {
        std::vector<double> x;
        for (std::size_t k = 0; k < spec_.parameters.size(); ++k) {
            const OptimiseBound& b = spec_.parameters[k];
            const double v = solve_grid_value(b.lo + unit[k] * (b.hi - b.lo), b.tolerance);
            x.push_back(std::clamp(v, b.lo, b.hi));
        }
        return x;
    }

    // The point's figures, run when new; none when the run limit is reached.
    const OptimisePoint* point(const std::vector<double>& x) {
        if (const auto found = index_.find(x); found != index_.end())
            return &result_.evaluations[found->second];
        if (distinct_runs_ >= spec_.max_runs) {
            out_of_runs_ = true;
            return nullptr;
        }
        result_.evaluations.push_back(evaluate(x, config_, base_figures_));
        distinct_runs_ += 1;
        result_.runs += 1;
        index_.emplace(x, result_.evaluations.size() - 1);
        return &result_.evaluations.back();
    }

    OptimisePoint evaluate(const std::vector<double>& x, const RunConfig& config,
                           const FigureSamples& base) const {
        const FigureSamples figures = figures_of(run_scenario(at_(x), config), cash_months_);
        const FigureSamples& against = base.empty() ? figures : base;
        OptimisePoint p;
        p.values = x;
        p.objective = summarise(metric_samples(figures, against, spec_.objective, spec_.objective_where));
        p.feasible = true;
        for (const auto& c : spec_.constraints) {
            p.constraints.push_back(summarise(metric_samples(figures, against, c.metric, c.where)));
            p.feasible = p.feasible && violation(c, p.constraints.back().mean) <= 0.0;
        }
        return p;
    }

    // The optimum on the next replications of the seed, with the base there too.
    OptimisePoint check(const std::vector<double>& x, const scenario::Scenario& base) {
        RunConfig fresh = config_;
        fresh.first_replication = config_.first_replication + config_.replications;
        FigureSamples fresh_base;
        if (needs_base()) {
            fresh_base = figures_of(run_scenario(base, fresh), cash_months_);
            result_.runs += 1;
        }
        result_.runs += 1;
        return evaluate(x, fresh, fresh_base);
    }

    bool out_of_runs() const { return out_of_runs_; }
    std::exception_ptr error;
    nlopt_opt opt = nullptr;

private:
    const std::function<scenario::Scenario(const std::vector<double>&)>& at_;
    const OptimiseSpec& spec_;
    const RunConfig& config_;
    OptimiseResult& result_;
    std::vector<int> cash_months_;
    FigureSamples base_figures_;
    std::map<std::vector<double>, std::size_t> index_;
    int distinct_runs_ = 0;
    bool out_of_runs_ = false;
};

// NLopt's callbacks: a C++ exception must not cross NLopt's C frames, so it is kept and the
// optimisation stopped; the caller rethrows it.
struct Callback {
    Evaluator* evaluator;
    const OptimiseSpec* spec;
    int constraint;  // -1: the objective
};

double answer(unsigned /*n*/, const double* unit, double* gradient, void* data) {
    const auto* cb = static_cast<const Callback*>(data);
    Evaluator& e = *cb->evaluator;
    (void)gradient;  // derivative-free algorithms only: NLopt passes none
    try {
        const OptimisePoint* p = e.point(e.values_at(unit));
        if (p == nullptr) {
            nlopt_force_stop(e.opt);
            return 0.0;
        }
        if (cb->constraint < 0) return p->objective.mean;
        const auto k = static_cast<std::size_t>(cb->constraint);
        return violation(cb->spec->constraints[k], p->constraints[k].mean);
    } catch (...) {
        e.error = std::current_exception();
        nlopt_force_stop(e.opt);
        return 0.0;
    }
}

std::string values_text(const OptimiseSpec& spec, const std::vector<double>& values) {
    std::string s;
    for (std::size_t k = 0; k < values.size(); ++k)
        s += fmt::format("{}{}={}", k ? ", " : "", spec.parameters[k].path, values[k]);
    return s;
}

// Refuses a cash month outside the horizon before anything runs.
void check_cash_months(const OptimiseSpec& spec, int horizon) {
    const auto check = [horizon](const std::string& metric, const SourcePos& where) {
        if (const auto n = cash_month_of(metric); n && (*n < 1 || *n > horizon))
            throw InputError({{where, fmt::format("{} names month {}, outside the horizon 1 .. {}", metric,
                                                  *n, horizon)}});
    };
    check(spec.objective, spec.objective_where);
    for (const auto& c : spec.constraints) check(c.metric, c.where);
}

}  // namespace

OptimiseConstraint parse_constraint(const std::string& text, const SourcePos& where) {
    OptimiseConstraint c;
    c.written = text;
    c.where = where;
    std::size_t op = text.find("<=");
    c.sense = ConstraintSense::at_most;
    if (op == std::string::npos) {
        op = text.find(">=");
        c.sense = ConstraintSense::at_least;
    }
    if (op == std::string::npos || op == 0)
        throw InputError({{where, fmt::format("expected METRIC<=VALUE or METRIC>=VALUE, e.g. "
                                              "churn_rate_monthly<=0.03, found '{}'",
                                              text)}});
    c.metric = text.substr(0, op);
    const std::string number = text.substr(op + 2);
    const auto [end, ec] = std::from_chars(number.data(), number.data() + number.size(), c.bound);
    if (number.empty() || ec != std::errc() || end != number.data() + number.size() ||
        !std::isfinite(c.bound))
        throw InputError({{where, fmt::format("expected a number after '{}', found '{}'",
                                              c.sense == ConstraintSense::at_most ? "<=" : ">=", number)}});
    if (without_delta(c.metric) == "payback_month") {
        // Payback is a step function of the values (a month, or none); its relaxation is the
        // cumulative incremental cash at that month, continuous in what drives it.
        const double months = std::floor(c.bound);
        if (c.sense != ConstraintSense::at_most || months < 1.0)
            throw InputError(
                {{where, fmt::format("a payback constraint reads payback_month<=N with N a month "
                                     "of at least 1, found '{}'",
                                     text)}});
        c.relaxed_from = text;
        c.metric = fmt::format("{}{}{}", kCashPrefix, static_cast<int>(months), kDelta);
        c.sense = ConstraintSense::at_least;
        c.bound = 0.0;
    }
    return c;
}

OptimiseResult optimise(const scenario::Scenario& base,
                        const std::function<scenario::Scenario(const std::vector<double>&)>& at,
                        const OptimiseSpec& spec, const RunConfig& config) {
    check_cash_months(spec, base.horizon_months);
    OptimiseResult result;
    Evaluator evaluator(base, at, spec, config, result);
    const auto n = static_cast<unsigned>(spec.parameters.size());
    nlopt_opt opt =
        nlopt_create(spec.algorithm == OptimiseAlgorithm::auglag ? NLOPT_AUGLAG : NLOPT_LN_COBYLA, n);
    nlopt_opt local = nullptr;
    evaluator.opt = opt;
    const std::vector<double> lower(n, 0.0), upper(n, 1.0), step(n, 0.25);
    std::vector<double> xtol, unit(n, 0.5);
    for (const auto& b : spec.parameters) xtol.push_back(b.tolerance / (b.hi - b.lo));
    nlopt_set_lower_bounds(opt, lower.data());
    nlopt_set_upper_bounds(opt, upper.data());
    nlopt_set_xtol_abs(opt, xtol.data());
    nlopt_set_initial_step(opt, step.data());
    nlopt_set_maxeval(opt, 20 * spec.max_runs);  // NLopt counts repeats, which cost no run
    if (spec.algorithm == OptimiseAlgorithm::auglag) {
        local = nlopt_create(NLOPT_LN_COBYLA, n);
        nlopt_set_xtol_abs(local, xtol.data());
        nlopt_set_initial_step(local, step.data());
        nlopt_set_local_optimizer(opt, local);
    }
    Callback objective{&evaluator, &spec, -1};
    std::vector<Callback> constraints;
    for (std::size_t k = 0; k < spec.constraints.size(); ++k)
        constraints.push_back({&evaluator, &spec, static_cast<int>(k)});
    if (spec.maximise)
        nlopt_set_max_objective(opt, answer, &objective);
    else
        nlopt_set_min_objective(opt, answer, &objective);
    for (auto& c : constraints) nlopt_add_inequality_constraint(opt, answer, &c, 0.0);
    double best = 0.0;
    const nlopt_result code = nlopt_optimize(opt, unit.data(), &best);
    if (local) nlopt_destroy(local);
    nlopt_destroy(opt);
    if (evaluator.error) std::rethrow_exception(evaluator.error);
    result.stopped_by = stopped_by(code, evaluator.out_of_runs());

    // The best point run that meets every constraint (first of equals, in the order run).
    std::optional<std::size_t> optimum;
    for (std::size_t i = 0; i < result.evaluations.size(); ++i) {
        const OptimisePoint& p = result.evaluations[i];
        if (!p.feasible) continue;
        const bool better =
            !optimum || (spec.maximise ? p.objective.mean > result.evaluations[*optimum].objective.mean
                                       : p.objective.mean < result.evaluations[*optimum].objective.mean);
        if (better) optimum = i;
    }
    if (!optimum) {
        const OptimiseConstraint& c = spec.constraints.front();
        std::string tried;
        for (const auto& p : result.evaluations) {
            tried += fmt::format("\n  {}:", values_text(spec, p.values));
            for (std::size_t k = 0; k < p.constraints.size(); ++k)
                tried += fmt::format(" {} = {}", spec.constraints[k].metric, p.constraints[k].mean);
        }
        throw InputError({{c.where, fmt::format("no values within the bounds meet every constraint; the {} "
                                                "points run:{}",
                                                result.evaluations.size(), tried)}});
    }
    result.optimum = *optimum;
    result.check = evaluator.check(result.evaluations[*optimum].values, base);
    return result;
}

}  // namespace offersim::sim
