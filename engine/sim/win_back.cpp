#include "engine/sim/win_back.hpp"

#include "engine/core/error.hpp"
#include "engine/core/philox.hpp"
#include "engine/sim/thread_pool.hpp"
#include "models/win_back.hpp"

#include <algorithm>
#include <cmath>

namespace offersim::sim {

namespace {

using scenario::WinBackSpec;

// The purposes a pool customer draws numbers for; the third counter word.
enum class WinBackStream : std::uint32_t {
    profile = 0,       // region, network, staff flag, mean minutes
    base_minutes = 1,  // one word per base month
    decision = 2,      // converts? second SIM?
    after_switch = 3,  // old number's minutes, one block per month after the switch
    base_calls = 4,    // calls to each contact in the base period, one word per contact
    new_calls = 5,     // the new number's calls over the fingerprint window
    retention = 6,     // which contacts the new number keeps
};

constexpr int kAtoms = 1024;

PhiloxCounter pool_counter(std::int64_t customer, std::uint32_t block, WinBackStream stream) {
    return PhiloxCounter{static_cast<std::uint32_t>(customer), block, static_cast<std::uint32_t>(stream),
                         static_cast<std::uint32_t>(customer >> 32)};
}

double uniform(std::uint32_t bits) {
    return to_unit_open(bits);
}

std::uint32_t word(const PhiloxCounter& c, int k) {
    switch (k) {
        case 0:
            return c.c0;
        case 1:
            return c.c1;
        case 2:
            return c.c2;
        default:
            return c.c3;
    }
}

int pick(const std::vector<double>& cumulative, double u) {
    const auto it = std::upper_bound(cumulative.begin(), cumulative.end(), u);
    return static_cast<int>(std::min<std::ptrdiff_t>(it - cumulative.begin(),
                                                     static_cast<std::ptrdiff_t>(cumulative.size()) - 1));
}

// The campaign frozen for the run: tables in place of distributions, fees in fen.
struct WinBackPlan {
    const WinBackSpec& spec;
    int horizon = 0;
    PhiloxKey key_salt{};
    std::vector<double> region_cumulative;
    std::vector<double> network_cumulative;
    std::vector<std::vector<float>> minutes_atoms;  // per network: mean monthly minutes to us
    std::vector<float> month_factor_atoms;          // mean 1, CV monthly_cv
    std::vector<std::int64_t> fee_fen;              // per network: the monthly fee of the tier won to
    std::vector<std::int64_t> subsidy_fen;          // per network: handset subsidy, 0 for a tariff
    std::vector<double> contact_weight;             // per contact slot, summing to 1
    // Calls to a contact slot over the base period and over the fingerprint window.
    std::vector<const models::PoissonTable*> base_calls, window_calls;
    std::vector<models::PoissonTable> call_tables;  // one per distinct weight and period
    std::int64_t capacity = 0;

    WinBackPlan(const scenario::Scenario& sc) : spec(*sc.win_back), horizon(sc.horizon_months) {
        key_salt = PhiloxKey{stable_hash(spec.id), 0x57494E42u};  // "WINB": apart from segment streams
        double total = 0.0;
        for (const auto& r : spec.regions) region_cumulative.push_back(total += r.share);
        total = 0.0;
        for (const auto& n : spec.networks) {
            network_cumulative.push_back(total += n.share);
            minutes_atoms.push_back(models::equal_probability_atoms(n.outgoing_min_to_us, kAtoms));
            std::int64_t fee = 0, subsidy = 0;
            for (const auto& t : sc.tiers)
                if (t.id == n.tier) fee = t.monthly_fee.fen;
            for (const auto& o : sc.offers)
                if (!n.offer.empty() && o.id == n.offer && o.has_device) {
                    fee = std::max(fee, o.device.min_monthly_spend.fen);
                    subsidy = o.device.subsidy.fen;
                }
            fee_fen.push_back(fee);
            subsidy_fen.push_back(subsidy);
        }
        month_factor_atoms = models::equal_probability_atoms(
            models::Distribution{models::DistributionKind::lognormal, 1.0, spec.monthly_cv}, kAtoms);
        const int others = spec.contacts - 5;
        for (int j = 0; j < spec.contacts; ++j)
            contact_weight.push_back(j < 5 ? spec.top5_share / 5.0
                                           : (others > 0 ? (1.0 - spec.top5_share) / others : 0.0));
        capacity = spec.account_managers * spec.contacts_per_manager_per_month;
        // Two weights (the top five, the rest) in two periods: four tables serve every draw.
        const double top = spec.top5_share / 5.0;
        const double rest = contact_weight.back();
        const double window = spec.success.decision_month();
        for (double months : {static_cast<double>(spec.base_months), window})
            for (double weight : {top, rest})
                call_tables.emplace_back(months * spec.calls_per_month * weight);
        for (std::size_t j = 0; j < contact_weight.size(); ++j) {
            const std::size_t rest_offset = j < 5 ? 0 : 1;
            base_calls.push_back(&call_tables[rest_offset]);
            window_calls.push_back(&call_tables[2 + rest_offset]);
        }
    }
    WinBackPlan(const WinBackPlan&) = delete;

    PhiloxKey key(std::uint64_t seed, int replication) const {
        const PhiloxKey r = replication_key(seed, static_cast<std::uint32_t>(replication));
        return PhiloxKey{r.k0 ^ key_salt.k0, r.k1 ^ key_salt.k1};
    }
};

struct Profile {
    int region = 0;
    int network = 0;
    bool employee = false;
    double mean_min = 0.0;
};

Profile profile_of(const WinBackPlan& plan, PhiloxKey key, std::int64_t customer) {
    const PhiloxCounter c = philox4x32(pool_counter(customer, 0, WinBackStream::profile), key);
    Profile p;
    p.region = pick(plan.region_cumulative, uniform(c.c0));
    p.network = pick(plan.network_cumulative, uniform(c.c1));
    p.employee = uniform(c.c2) < plan.spec.employee_share;
    const auto& atoms = plan.minutes_atoms[static_cast<std::size_t>(p.network)];
    p.mean_min =
        atoms[std::min<std::size_t>(atoms.size() - 1, static_cast<std::size_t>(uniform(c.c3) * kAtoms))];
    return p;
}

// The customer's outgoing minutes to us in each base month. Stops early, returning false,
// at the first month at or below `month_floor_min` (the rule rejects the customer then).
bool base_minutes(const WinBackPlan& plan, PhiloxKey key, std::int64_t customer, double mean_min,
                  double month_floor_min, std::vector<double>& out) {
    out.resize(static_cast<std::size_t>(plan.spec.base_months));
    PhiloxCounter c{};
    for (int j = 0; j < plan.spec.base_months; ++j) {
        if (j % 4 == 0)
            c = philox4x32(
                pool_counter(customer, static_cast<std::uint32_t>(j / 4), WinBackStream::base_minutes), key);
        const auto atom = static_cast<std::size_t>(uniform(word(c, j % 4)) * kAtoms);
        out[static_cast<std::size_t>(j)] =
            mean_min * plan.month_factor_atoms[std::min<std::size_t>(atom, kAtoms - 1)];
        if (!(out[static_cast<std::size_t>(j)] > month_floor_min)) return false;
    }
    return true;
}

// Calls to each contact slot, one Poisson draw per slot from `tables`.
void circle_calls(PhiloxKey key, std::int64_t customer,
                  const std::vector<const models::PoissonTable*>& tables, WinBackStream stream,
                  std::vector<int>& out) {
    out.resize(tables.size());
    PhiloxCounter c{};
    for (std::size_t j = 0; j < out.size(); ++j) {
        if (j % 4 == 0)
            c = philox4x32(pool_counter(customer, static_cast<std::uint32_t>(j / 4), stream), key);
        out[j] = tables[j]->quantile(uniform(word(c, static_cast<int>(j % 4))));
    }
}

// One replication's counts; vectors by region or by month (index month - 1).
struct Tally {
    std::vector<double> eligible, employees, contacted, reported, confirmed, pending;
    std::vector<double> contacted_monthly, reported_monthly, confirmed_monthly;
    double judged_switchers = 0, judged_second_sims = 0, confirmed_switchers = 0, confirmed_second_sims = 0;
    std::int64_t revenue_fen = 0;
    std::int64_t subsidy_fen = 0;
    // By month: the monthly fees converts start paying that month, and subsidies paid.
    std::vector<std::int64_t> fees_starting_fen, subsidy_monthly_fen;

    Tally(std::size_t regions, int horizon)
        : eligible(regions),
          employees(regions),
          contacted(regions),
          reported(regions),
          confirmed(regions),
          pending(regions),
          contacted_monthly(static_cast<std::size_t>(horizon)),
          reported_monthly(static_cast<std::size_t>(horizon)),
          confirmed_monthly(static_cast<std::size_t>(horizon)),
          fees_starting_fen(static_cast<std::size_t>(horizon)),
          subsidy_monthly_fen(static_cast<std::size_t>(horizon)) {}
};

struct Target {
    double total_min = 0.0;
    std::int64_t customer = 0;
    Profile profile;
};

// A convert's month after switching: the success test on simulated traffic and calls.
void judge_convert(const WinBackPlan& plan, PhiloxKey key, const Target& t, int switch_month, bool second_sim,
                   Tally& tally) {
    const WinBackSpec& spec = plan.spec;
    const int decision = spec.success.decision_month();
    const auto region = static_cast<std::size_t>(t.profile.region);
    if (switch_month + decision > plan.horizon) {
        tally.pending[region] += 1;
        return;
    }
    const double base_average = t.total_min / spec.base_months;
    const double share = second_sim ? spec.second_sim_keep_share : spec.switcher_residual_share;
    const models::Distribution noise{models::DistributionKind::lognormal, 1.0, spec.post_switch_cv};
    std::vector<double> old_minutes(static_cast<std::size_t>(decision));
    for (int k = 1; k <= decision; ++k) {
        const PhiloxCounter c = philox4x32(
            pool_counter(t.customer, static_cast<std::uint32_t>(k), WinBackStream::after_switch), key);
        old_minutes[static_cast<std::size_t>(k - 1)] =
            base_average * share * models::quantile(noise, uniform(c.c0));
    }
    std::vector<int> calls;
    circle_calls(key, t.customer, plan.base_calls, WinBackStream::base_calls, calls);
    const std::vector<int> old_top = models::top_contacts(calls, spec.success.fingerprint_size);
    circle_calls(key, t.customer, plan.window_calls, WinBackStream::new_calls, calls);
    std::vector<int> new_top = models::top_contacts(calls, spec.success.fingerprint_size);
    // A contact the new number does not keep is a different person: number contacts + slot.
    const double keep = second_sim ? spec.second_sim_contact_retention : spec.contact_retention;
    for (int& slot : new_top) {
        const PhiloxCounter c = philox4x32(
            pool_counter(t.customer, static_cast<std::uint32_t>(slot / 4), WinBackStream::retention), key);
        if (!(uniform(word(c, slot % 4)) < keep)) slot += spec.contacts;
    }
    const models::WinBackVerdict v =
        models::judge_win_back(base_average, old_minutes, old_top, new_top, spec.success);
    (second_sim ? tally.judged_second_sims : tally.judged_switchers) += 1;
    if (!v.confirmed) return;
    (second_sim ? tally.confirmed_second_sims : tally.confirmed_switchers) += 1;
    tally.confirmed[region] += 1;
    tally.confirmed_monthly[static_cast<std::size_t>(switch_month + decision - 1)] += 1;
}

Tally run_replication(const WinBackPlan& plan, std::uint64_t seed, int replication) {
    const WinBackSpec& spec = plan.spec;
    const PhiloxKey key = plan.key(seed, replication);
    Tally tally(spec.regions.size(), plan.horizon);
    std::vector<Target> targets;
    std::vector<double> minutes;
    for (std::int64_t i = 0; i < spec.pool_size; ++i) {
        const Profile p = profile_of(plan, key, i);
        const models::TrafficRule& rule = spec.regions[static_cast<std::size_t>(p.region)].rule;
        if (!base_minutes(plan, key, i, p.mean_min, rule.min_each_month_min, minutes) ||
            !models::meets_traffic_rule(minutes, rule))
            continue;
        if (p.employee) {
            tally.employees[static_cast<std::size_t>(p.region)] += 1;
            continue;
        }
        double total = 0.0;
        for (double m : minutes) total += m;
        targets.push_back(Target{total, i, p});
        tally.eligible[static_cast<std::size_t>(p.region)] += 1;
    }
    // Managers call the heaviest callers first; only those capacity reaches need ordering.
    const auto heavier = [](const Target& a, const Target& b) {
        return a.total_min != b.total_min ? a.total_min > b.total_min : a.customer < b.customer;
    };
    const int last_month = std::min(spec.end_month, plan.horizon);
    const std::int64_t reachable = plan.capacity * std::max(0, last_month - spec.start_month + 1);
    const auto reached =
        targets.begin() + std::min<std::ptrdiff_t>(static_cast<std::ptrdiff_t>(targets.size()), reachable);
    std::nth_element(targets.begin(), reached, targets.end(), heavier);
    std::sort(targets.begin(), reached, heavier);
    std::size_t next = 0;
    for (int month = spec.start_month; month <= last_month && next < targets.size(); ++month) {
        const std::size_t end = static_cast<std::size_t>(std::min<std::int64_t>(
            static_cast<std::int64_t>(targets.size()), static_cast<std::int64_t>(next) + plan.capacity));
        for (; next < end; ++next) {
            const Target& t = targets[next];
            const auto region = static_cast<std::size_t>(t.profile.region);
            const auto network = static_cast<std::size_t>(t.profile.network);
            tally.contacted[region] += 1;
            tally.contacted_monthly[static_cast<std::size_t>(month - 1)] += 1;
            const PhiloxCounter c = philox4x32(pool_counter(t.customer, 0, WinBackStream::decision), key);
            if (!(uniform(c.c0) < spec.networks[network].conversion)) continue;
            const bool second_sim = uniform(c.c1) < spec.second_sim_share;
            tally.reported[region] += 1;
            tally.reported_monthly[static_cast<std::size_t>(month - 1)] += 1;
            const double spend = second_sim ? spec.second_sim_spend_share : 1.0;
            const std::int64_t fee = std::llround(static_cast<double>(plan.fee_fen[network]) * spend);
            tally.revenue_fen += fee * (plan.horizon - month);
            // The fee is paid from the month after the switch (index `month`, 0-based).
            if (month < plan.horizon) tally.fees_starting_fen[static_cast<std::size_t>(month)] += fee;
            tally.subsidy_fen += plan.subsidy_fen[network];
            tally.subsidy_monthly_fen[static_cast<std::size_t>(month - 1)] += plan.subsidy_fen[network];
            judge_convert(plan, key, t, month, second_sim, tally);
        }
    }
    return tally;
}

Band band_of(const std::vector<Tally>& tallies, const auto& value) {
    std::vector<double> v;
    v.reserve(tallies.size());
    for (const auto& t : tallies) v.push_back(value(t));
    return summarise(std::move(v));
}

double sum(const std::vector<double>& v) {
    double s = 0.0;
    for (double x : v) s += x;
    return s;
}

// Figures of region `r`, or of all regions when r is npos.
WinBackRegionResult region_result(const WinBackSpec& spec, const std::vector<Tally>& tallies, std::size_t r) {
    const bool all = r == std::string::npos;
    WinBackRegionResult out;
    if (all) {
        out.id = "all";
        for (const auto& region : spec.regions) out.target += region.target;
    } else {
        out.id = spec.regions[r].id;
        out.name = spec.regions[r].name;
        out.target = spec.regions[r].target;
    }
    const auto pick_of = [&](std::vector<double> Tally::*field) {
        return [&, field](const Tally& t) { return all ? sum(t.*field) : (t.*field)[r]; };
    };
    out.eligible = band_of(tallies, pick_of(&Tally::eligible));
    out.excluded_employees = band_of(tallies, pick_of(&Tally::employees));
    out.contacted = band_of(tallies, pick_of(&Tally::contacted));
    out.reported = band_of(tallies, pick_of(&Tally::reported));
    out.confirmed = band_of(tallies, pick_of(&Tally::confirmed));
    out.pending = band_of(tallies, pick_of(&Tally::pending));
    const auto target = static_cast<double>(out.target);
    out.reported_points = band_of(tallies, [&](const Tally& t) {
        return models::regional_score(pick_of(&Tally::reported)(t), target, spec.full_points,
                                      spec.zero_points_below);
    });
    out.confirmed_points = band_of(tallies, [&](const Tally& t) {
        return models::regional_score(pick_of(&Tally::confirmed)(t), target, spec.full_points,
                                      spec.zero_points_below);
    });
    return out;
}

// Each replication's win-back KPIs, for paired comparisons, and the money the converts
// bring: their fees from the month after the switch, less the handset subsidies.
void add_win_back_samples(const WinBackSpec& spec, const std::vector<Tally>& tallies,
                          ModuleSamples& samples) {
    const auto per_rep = [&](const auto& value) {
        std::vector<double> v;
        v.reserve(tallies.size());
        for (const auto& t : tallies) v.push_back(value(t));
        return v;
    };
    samples.add_figure("win_back_reported", per_rep([](const Tally& t) { return sum(t.reported); }));
    samples.add_figure("win_back_confirmed", per_rep([](const Tally& t) { return sum(t.confirmed); }));
    for (std::size_t r = 0; r < spec.regions.size(); ++r) {
        const auto& region = spec.regions[r];
        samples.add_figure("win_back_confirmed_points." + region.id, per_rep([&](const Tally& t) {
                               return models::regional_score(t.confirmed[r],
                                                             static_cast<double>(region.target),
                                                             spec.full_points, spec.zero_points_below);
                           }));
    }
    samples.add_figure("win_back_revenue_cny",
                       per_rep([](const Tally& t) { return static_cast<double>(t.revenue_fen) / 100.0; }));
    samples.add_figure("win_back_subsidy_cost_cny",
                       per_rep([](const Tally& t) { return static_cast<double>(t.subsidy_fen) / 100.0; }));
    samples.add_figure("win_back_margin_cny", per_rep([](const Tally& t) {
                           return static_cast<double>(t.revenue_fen - t.subsidy_fen) / 100.0;
                       }));
    std::vector<std::vector<double>> revenue, cost;
    for (const auto& t : tallies) {
        std::vector<double> month_revenue, month_cost;
        std::int64_t paying = 0;
        for (std::size_t m = 0; m < t.fees_starting_fen.size(); ++m) {
            paying += t.fees_starting_fen[m];
            month_revenue.push_back(static_cast<double>(paying) / 100.0);
            month_cost.push_back(static_cast<double>(t.subsidy_monthly_fen[m]) / 100.0);
        }
        revenue.push_back(std::move(month_revenue));
        cost.push_back(std::move(month_cost));
    }
    samples.add_money(revenue, cost);
}

}  // namespace

WinBackResults run_win_back(const scenario::Scenario& sc, const RunConfig& config, ModuleSamples* samples) {
    const WinBackPlan plan(sc);
    const WinBackSpec& spec = plan.spec;
    std::vector<Tally> tallies(static_cast<std::size_t>(config.replications),
                               Tally(spec.regions.size(), plan.horizon));
    ThreadPool pool(std::max(1, std::min(config.threads, config.replications)));
    pool.parallel_for(tallies.size(), [&](std::size_t r) {
        stop_if_cancelled(config.cancel);
        tallies[r] = run_replication(plan, config.seed, static_cast<int>(r));
    });
    if (config.on_progress) config.on_progress(1.0);
    if (samples) add_win_back_samples(spec, tallies, *samples);

    WinBackResults out;
    out.id = spec.id;
    out.name = spec.name;
    out.start_month = spec.start_month;
    out.end_month = spec.end_month;
    out.pool_size = spec.pool_size;
    out.monthly_capacity = plan.capacity;
    out.test_first_month = spec.success.first_quiet_month;
    out.test_last_month = spec.success.decision_month();
    out.full_points = spec.full_points;
    out.zero_points_below = spec.zero_points_below;
    for (std::size_t r = 0; r < spec.regions.size(); ++r)
        out.regions.push_back(region_result(spec, tallies, r));
    out.total = region_result(spec, tallies, std::string::npos);
    std::vector<double> reported_running(tallies.size()), confirmed_running(tallies.size());
    for (int m = 0; m < plan.horizon; ++m) {
        const auto month = static_cast<std::size_t>(m);
        out.contacted_monthly.push_back(
            band_of(tallies, [&](const Tally& t) { return t.contacted_monthly[month]; }));
        out.reported_monthly.push_back(
            band_of(tallies, [&](const Tally& t) { return t.reported_monthly[month]; }));
        out.confirmed_monthly.push_back(
            band_of(tallies, [&](const Tally& t) { return t.confirmed_monthly[month]; }));
        for (std::size_t r = 0; r < tallies.size(); ++r) {
            reported_running[r] += tallies[r].reported_monthly[month];
            confirmed_running[r] += tallies[r].confirmed_monthly[month];
        }
        out.reported_cumulative.push_back(summarise(reported_running));
        out.confirmed_cumulative.push_back(summarise(confirmed_running));
    }
    out.confirmed_by_replication = confirmed_running;
    out.judged_switchers = band_of(tallies, [](const Tally& t) { return t.judged_switchers; });
    out.judged_second_sims = band_of(tallies, [](const Tally& t) { return t.judged_second_sims; });
    out.confirmed_switchers = band_of(tallies, [](const Tally& t) { return t.confirmed_switchers; });
    out.confirmed_second_sims = band_of(tallies, [](const Tally& t) { return t.confirmed_second_sims; });
    out.revenue_cny =
        band_of(tallies, [](const Tally& t) { return static_cast<double>(t.revenue_fen) / 100.0; });
    out.subsidy_cost_cny =
        band_of(tallies, [](const Tally& t) { return static_cast<double>(t.subsidy_fen) / 100.0; });
    return out;
}

}  // namespace offersim::sim
