#include "engine/sim/win_back.hpp"

#include "engine/core/error.hpp"
#include "engine/core/philox.hpp"
#include "engine/sim/plan_tables.hpp"
#include "engine/sim/thread_pool.hpp"
#include "models/win_back.hpp"

#include <algorithm>
#include <cmath>
#include <iterator>
#include <memory>

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
    pool_entry = 7,    // our churner: joins the pool?
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

}  // namespace

// The campaign frozen for the run: tables in place of distributions, and per network what
// its converts join with.
struct WinBackPlan {
    WinBackSpec spec;
    int horizon = 0;
    PhiloxKey key_salt{};
    std::vector<double> region_cumulative;
    std::vector<double> network_cumulative;
    std::vector<std::vector<float>> minutes_atoms;  // per network: mean monthly minutes to us
    std::vector<float> month_factor_atoms;          // mean 1, CV monthly_cv
    std::vector<double> contact_weight;             // per contact slot, summing to 1
    // Calls to a contact slot over the base period and over the fingerprint window.
    std::vector<const models::PoissonTable*> base_calls, window_calls;
    std::vector<models::PoissonTable> call_tables;  // one per distinct weight and period
    std::int64_t capacity = 0;
    // Per network: the tier converts join on, the device offer they take (index into the
    // plan's offers; -1: none) and the reward each is paid when it joins (fen).
    std::vector<int> join_tier, join_offer;
    std::vector<double> reward_fen;
    std::vector<std::uint8_t> fed_by;  // by segment of the plan: its churners feed the pool

    WinBackPlan(const scenario::Scenario& sc) : spec(*sc.win_back), horizon(sc.horizon_months) {
        fed_by.assign(sc.segments.size(), 0);
        if (spec.from_churners)
            for (std::size_t s = 0; s < sc.segments.size(); ++s)
                fed_by[s] =
                    std::find(spec.from_churners->segments.begin(), spec.from_churners->segments.end(),
                              sc.segments[s].id) != spec.from_churners->segments.end();
        key_salt = PhiloxKey{stable_hash(spec.id), 0x57494E42u};  // "WINB": apart from segment streams
        double total = 0.0;
        for (const auto& r : spec.regions) region_cumulative.push_back(total += r.share);
        total = 0.0;
        for (const auto& n : spec.networks) {
            network_cumulative.push_back(total += n.share);
            minutes_atoms.push_back(memo_atoms(n.outgoing_min_to_us, kAtoms));
            int tier = 0, offer = -1;
            for (std::size_t t = 0; t < sc.tiers.size(); ++t)
                if (sc.tiers[t].id == n.tier) tier = static_cast<int>(t);
            for (std::size_t o = 0; o < sc.offers.size(); ++o)
                if (!n.offer.empty() && sc.offers[o].id == n.offer) offer = static_cast<int>(o);
            join_tier.push_back(tier);
            join_offer.push_back(offer);
            reward_fen.push_back(static_cast<double>(n.reward.fen));
        }
        month_factor_atoms = memo_atoms(
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

    // The campaign's key within a replication's (section 17's streams).
    PhiloxKey key(PhiloxKey replication) const {
        return PhiloxKey{replication.k0 ^ key_salt.k0, replication.k1 ^ key_salt.k1};
    }
    PhiloxKey key(std::uint64_t seed, int replication) const {
        return key(replication_key(seed, static_cast<std::uint32_t>(replication)));
    }
    // The key of our churners of a segment within the campaign's: apart from the rival's
    // customers and from other segments' churners ("OWNC").
    static PhiloxKey churner_key(PhiloxKey campaign, std::uint32_t segment_stream) {
        return PhiloxKey{campaign.k0 ^ segment_stream, campaign.k1 ^ 0x4F574E43u};
    }
    // A churner's index among its segment's: cohort and index in the cohort.
    static std::int64_t churner_index(int join_month, std::int64_t index) {
        return (static_cast<std::int64_t>(join_month + 1) << 32) | index;
    }
};

namespace {

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

using Tally = WinBackTally;

// An eligible pool customer: the key and index its draws are keyed by (the rival's
// customers share the campaign's key; each of our churners its segment's, docs/models.md
// §30), its base-period minutes to us and, for our churners, what it used with us.
struct Target {
    double total_min = 0.0;
    std::int64_t customer = 0;
    PhiloxKey key{};
    Profile profile;
    bool ours = false;
    std::array<float, 3> usage{};  // voice, data, sms propensities with us
};

// Managers call the heaviest callers first; ties by key and index, a total order.
bool heavier(const Target& a, const Target& b) {
    if (a.total_min != b.total_min) return a.total_min > b.total_min;
    if (a.ours != b.ours) return b.ours;
    if (a.key.k0 != b.key.k0) return a.key.k0 < b.key.k0;
    return a.customer < b.customer;
}

// A convert's month after switching: the success test on simulated traffic and calls.
void judge_convert(const WinBackPlan& plan, const Target& t, int switch_month, bool second_sim,
                   Tally& tally) {
    const WinBackSpec& spec = plan.spec;
    const PhiloxKey key = t.key;
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

// Whether the pool customer meets its region's traffic rule: its base-period minutes to us
// into `minutes`, false when it falls short.
bool meets_rule(const WinBackPlan& plan, PhiloxKey key, std::int64_t customer, const Profile& p,
                std::vector<double>& minutes) {
    const models::TrafficRule& rule = plan.spec.regions[static_cast<std::size_t>(p.region)].rule;
    return base_minutes(plan, key, customer, p.mean_min, rule.min_each_month_min, minutes) &&
           models::meets_traffic_rule(minutes, rule);
}

double total_of(const std::vector<double>& minutes) {
    double total = 0.0;
    for (double m : minutes) total += m;
    return total;
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

// Each replication's win-back KPIs, for paired comparisons. The converts' money comes from
// their rows of the cube (add_won_back_money).
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
    if (spec.from_churners)
        samples.add_figure("win_back_churners_joined",
                           per_rep([](const Tally& t) { return t.churners_joined; }));
    for (std::size_t r = 0; r < spec.regions.size(); ++r) {
        const auto& region = spec.regions[r];
        samples.add_figure("win_back_confirmed_points." + region.id, per_rep([&](const Tally& t) {
                               return models::regional_score(t.confirmed[r],
                                                             static_cast<double>(region.target),
                                                             spec.full_points, spec.zero_points_below);
                           }));
    }
}

}  // namespace

struct WinBackReplication::State {
    const WinBackPlan* plan = nullptr;
    PhiloxKey key{};
    Tally tally;
    WinBackContacts contacts;
    std::vector<Target> queue;  // eligible, not yet contacted, heaviest first from `next`
    std::size_t next = 0;
    std::vector<std::vector<Target>> arriving;  // our eligible churners, by month they join the pool
    std::vector<double> minutes;                // scratch

    // Adds the targets joining in `month` to the queue, in the managers' order.
    void merge_arrivals(int month) {
        auto& joining = arriving[static_cast<std::size_t>(month)];
        if (joining.empty()) return;
        std::sort(joining.begin(), joining.end(), heavier);
        std::vector<Target> merged;
        merged.reserve(queue.size() - next + joining.size());
        std::merge(queue.begin() + static_cast<std::ptrdiff_t>(next), queue.end(), joining.begin(),
                   joining.end(), std::back_inserter(merged), heavier);
        queue = std::move(merged);
        next = 0;
        std::vector<Target>().swap(joining);
    }
};

WinBackReplication::WinBackReplication() : state_(std::make_unique<State>()) {}
WinBackReplication::~WinBackReplication() = default;
WinBackReplication::WinBackReplication(WinBackReplication&&) noexcept = default;
WinBackReplication& WinBackReplication::operator=(WinBackReplication&&) noexcept = default;

void WinBackReplication::begin(const WinBackPlan& plan, PhiloxKey replication_key) {
    State& st = *state_;
    const WinBackSpec& spec = plan.spec;
    st.plan = &plan;
    st.key = plan.key(replication_key);
    st.tally = Tally(spec.regions.size(), plan.horizon);
    st.queue.clear();
    st.next = 0;
    st.arriving.assign(static_cast<std::size_t>(plan.horizon) + 1, {});
    for (std::int64_t i = 0; i < spec.pool_size; ++i) {
        const Profile p = profile_of(plan, st.key, i);
        if (!meets_rule(plan, st.key, i, p, st.minutes)) continue;
        if (p.employee) {
            st.tally.employees[static_cast<std::size_t>(p.region)] += 1;
            continue;
        }
        st.queue.push_back(Target{total_of(st.minutes), i, st.key, p, false, {}});
        st.tally.eligible[static_cast<std::size_t>(p.region)] += 1;
    }
    // Of the rival's customers, only those the whole window's capacity reaches can ever be
    // contacted (our churners only add competition): only those need ordering.
    const int last_month = std::min(spec.end_month, plan.horizon);
    const std::int64_t reachable = plan.capacity * std::max(0, last_month - spec.start_month + 1);
    const auto reached =
        st.queue.begin() + std::min<std::ptrdiff_t>(static_cast<std::ptrdiff_t>(st.queue.size()), reachable);
    std::nth_element(st.queue.begin(), reached, st.queue.end(), heavier);
    std::sort(st.queue.begin(), reached, heavier);
    st.queue.erase(reached, st.queue.end());
    st.contacts.first_month = spec.start_month;
    st.contacts.by_month.assign(static_cast<std::size_t>(std::max(0, last_month - spec.start_month + 1)), {});
}

void WinBackReplication::add_churners(int month, const std::vector<WinBackChurner>& churners) {
    State& st = *state_;
    const WinBackPlan& plan = *st.plan;
    const int joins = month + plan.spec.from_churners->delay_months;
    if (joins > plan.horizon) return;
    for (const WinBackChurner& c : churners) {
        const PhiloxKey key = WinBackPlan::churner_key(st.key, c.segment_stream);
        const std::int64_t customer = WinBackPlan::churner_index(c.join_month, c.index);
        // Region and network as any pool customer's; its minutes to us are what it called
        // our network with while ours, and it is no rival's employee.
        Profile p = profile_of(plan, key, customer);
        p.employee = false;
        p.mean_min = c.min_to_us;
        st.tally.churners_joined += 1;
        if (!meets_rule(plan, key, customer, p, st.minutes)) continue;
        st.arriving[static_cast<std::size_t>(joins)].push_back(
            Target{total_of(st.minutes), customer, key, p, true, c.usage});
        st.tally.eligible[static_cast<std::size_t>(p.region)] += 1;
    }
}

void WinBackReplication::contact(int month) {
    State& st = *state_;
    const WinBackPlan& plan = *st.plan;
    const WinBackSpec& spec = plan.spec;
    st.merge_arrivals(month);
    if (month < spec.start_month || month > std::min(spec.end_month, plan.horizon)) return;
    auto& contacted = st.contacts.by_month[static_cast<std::size_t>(month - spec.start_month)];
    const std::size_t end = static_cast<std::size_t>(std::min<std::int64_t>(
        static_cast<std::int64_t>(st.queue.size()), static_cast<std::int64_t>(st.next) + plan.capacity));
    for (; st.next < end; ++st.next) {
        const Target& t = st.queue[st.next];
        const auto region = static_cast<std::size_t>(t.profile.region);
        const auto network = static_cast<std::size_t>(t.profile.network);
        st.tally.contacted[region] += 1;
        st.tally.contacted_monthly[static_cast<std::size_t>(month - 1)] += 1;
        const PhiloxCounter c = philox4x32(pool_counter(t.customer, 0, WinBackStream::decision), t.key);
        const bool converts = uniform(c.c0) < spec.networks[network].conversion;
        const bool second_sim = uniform(c.c1) < spec.second_sim_share;
        contacted.push_back(
            WinBackContact{t.customer, static_cast<float>(t.total_min / spec.base_months),
                           static_cast<std::uint8_t>(network),
                           !converts ? WinBackOutcome::stayed
                                     : (second_sim ? WinBackOutcome::second_sim : WinBackOutcome::switched),
                           t.ours, t.usage});
        if (!converts) continue;
        st.tally.reported[region] += 1;
        st.tally.reported_monthly[static_cast<std::size_t>(month - 1)] += 1;
        judge_convert(plan, t, month, second_sim, st.tally);
    }
}

const WinBackContacts& WinBackReplication::contacts() const {
    return state_->contacts;
}

const WinBackTally& WinBackReplication::tally() const {
    return state_->tally;
}

bool feeds_win_back_pool(const SimulationPlan& plan, int segment) {
    if (!plan.win_back) return false;
    const auto& fed_by = plan.win_back->fed_by;
    return segment >= 0 && static_cast<std::size_t>(segment) < fed_by.size() &&
           fed_by[static_cast<std::size_t>(segment)];
}

void collect_pool_churners(const SimulationPlan& plan, const CustomerStore& store, const Shard& shard,
                           const std::uint8_t* alive_before, PhiloxKey replication_key,
                           std::vector<WinBackChurner>& out) {
    const Cohort& cohort = store.cohorts()[static_cast<std::size_t>(shard.cohort)];
    const SegmentPlan& seg = plan.segments[static_cast<std::size_t>(cohort.segment)];
    const WinBackPlan& campaign = *plan.win_back;
    const PhiloxKey key = WinBackPlan::churner_key(campaign.key(replication_key), seg.stream_key);
    const double share = campaign.spec.from_churners->share;
    for (std::int64_t i = shard.begin; i < shard.end; ++i) {
        const auto u = static_cast<std::size_t>(i);
        if (!alive_before[i - shard.begin] || store.alive[u]) continue;
        const std::int64_t index = i - cohort.begin;
        const PhiloxCounter c = philox4x32(
            pool_counter(WinBackPlan::churner_index(cohort.join_month, index), 0, WinBackStream::pool_entry),
            key);
        if (!(uniform(c.c0) < share)) continue;
        // The minutes it called our network with: all but the off-net share of its tier.
        const double on_net = 1.0 - seg.off_net_fraction[store.tier[u]];
        out.push_back(
            WinBackChurner{seg.stream_key,
                           cohort.join_month,
                           index,
                           static_cast<float>(store.voice_propensity[u] * on_net),
                           {store.voice_propensity[u], store.data_propensity[u], store.sms_propensity[u]}});
    }
}

WinBackResults run_win_back(const scenario::Scenario& sc, const RunConfig& config, ModuleSamples* samples) {
    const WinBackPlan plan(sc);
    std::vector<Tally> tallies(static_cast<std::size_t>(config.replications));
    ThreadPool pool(std::max(1, std::min(config.threads, config.replications)));
    pool.parallel_for(tallies.size(), [&](std::size_t r) {
        stop_if_cancelled(config.cancel);
        WinBackReplication replication;
        replication.begin(plan, replication_key(config.seed, static_cast<std::uint32_t>(r)));
        for (int month = 1; month <= plan.horizon; ++month) replication.contact(month);
        tallies[r] = replication.tally();
    });
    if (config.on_progress) config.on_progress(1.0);
    return summarise_win_back(plan.spec, plan.horizon, tallies, samples);
}

WinBackResults summarise_win_back(const WinBackSpec& spec, int horizon,
                                  const std::vector<WinBackTally>& tallies, ModuleSamples* samples) {
    if (samples) add_win_back_samples(spec, tallies, *samples);
    WinBackResults out;
    out.id = spec.id;
    out.name = spec.name;
    out.start_month = spec.start_month;
    out.end_month = spec.end_month;
    out.pool_size = spec.pool_size;
    out.monthly_capacity = spec.account_managers * spec.contacts_per_manager_per_month;
    out.test_first_month = spec.success.first_quiet_month;
    out.test_last_month = spec.success.decision_month();
    out.full_points = spec.full_points;
    out.zero_points_below = spec.zero_points_below;
    out.fed_by_churners = spec.from_churners.has_value();
    out.churners_joined = band_of(tallies, [](const Tally& t) { return t.churners_joined; });
    for (std::size_t r = 0; r < spec.regions.size(); ++r)
        out.regions.push_back(region_result(spec, tallies, r));
    out.total = region_result(spec, tallies, std::string::npos);
    std::vector<double> reported_running(tallies.size()), confirmed_running(tallies.size());
    for (int m = 0; m < horizon; ++m) {
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
    return out;
}

const WinBackContact* WinBackContacts::at(int month, std::int64_t k) const {
    const int i = month - first_month;
    if (i < 0 || i >= static_cast<int>(by_month.size())) return nullptr;
    const auto& contacted = by_month[static_cast<std::size_t>(i)];
    return k < static_cast<std::int64_t>(contacted.size()) ? &contacted[static_cast<std::size_t>(k)]
                                                           : nullptr;
}

std::int64_t win_back_slots(const WinBackSpec& spec, int month, int horizon) {
    if (month < spec.start_month || month > std::min(spec.end_month, horizon)) return 0;
    const std::int64_t capacity = spec.account_managers * spec.contacts_per_manager_per_month;
    if (spec.from_churners) return capacity;  // our churners may fill any month's capacity
    const std::int64_t before = capacity * (month - spec.start_month);
    return std::max<std::int64_t>(0, std::min(capacity, spec.pool_size - before));
}

void append_won_back_segments(SimulationPlan& plan, const scenario::Scenario& sc) {
    if (!sc.win_back) return;
    auto campaign = std::make_shared<const WinBackPlan>(sc);
    const WinBackSpec& spec = campaign->spec;
    int like = 0;
    for (std::size_t s = 0; s < sc.segments.size(); ++s)
        if (sc.segments[s].id == spec.usage_of) like = static_cast<int>(s);
    const SegmentPlan usage = plan.segments[static_cast<std::size_t>(like)];
    // No churn in the assessment period (the months up to the decision), then the rebound.
    const int assessment = spec.success.decision_month();
    std::vector<float> hazard(kHazardMonths, static_cast<float>(spec.rebound_churn_monthly));
    std::fill_n(hazard.begin(), std::min(assessment, kHazardMonths), 0.0f);
    for (const Joiners joiners : {Joiners::won_back_switchers, Joiners::won_back_second_sims}) {
        const bool second = joiners == Joiners::won_back_second_sims;
        if (second && spec.second_sim_share <= 0.0) continue;  // nobody can fill its slots
        SegmentPlan s = usage;
        s.joiners = joiners;
        s.id =
            second ? std::string(scenario::kWonBackSecondSimSegment) : std::string(scenario::kWonBackSegment);
        s.name = second ? "回流副卡 (won-back second SIMs)" : "回流客户 (won back)";
        s.stream_key = stable_hash(s.id + "." + spec.id);
        s.initial_size = 0;
        s.gross_adds.assign(static_cast<std::size_t>(plan.horizon_months), 0);
        for (int month = spec.start_month; month < plan.horizon_months; ++month)
            s.gross_adds[static_cast<std::size_t>(month)] = win_back_slots(spec, month, plan.horizon_months);
        // A second SIM pays that share of the fee and uses that share of a switcher's usage.
        const double share = second ? spec.second_sim_spend_share : 1.0;
        for (double& fee : s.fee_fen) fee = std::round(fee * share);
        for (auto* atoms : {&s.voice_atoms, &s.data_atoms, &s.sms_atoms})
            for (float& a : *atoms) a = static_cast<float>(a * share);
        s.hazard = hazard;
        s.theta_atoms.clear();
        s.theta_row.clear();
        s.theta_driver = 1.0f;
        s.contract_share = 0.0;
        s.competitor_factor.assign(static_cast<std::size_t>(plan.horizon_months), 1.0f);
        s.choice = ChoicePlan{};
        s.vip_edges_fen.clear();
        s.price = PricePlan{};
        s.usage = UsagePlan{};
        plan.segments.push_back(std::move(s));
    }
    // Converts take the campaign's offer, not the base's offers or campaigns.
    for (auto& offer : plan.offers) offer.open_to_segment.resize(plan.segments.size(), 0);
    for (auto& campaign_plan : plan.behaviour.campaigns)
        campaign_plan.open_to_segment.resize(plan.segments.size(), 0);
    plan.win_back = std::move(campaign);
}

void join_won_back(const SimulationPlan& plan, CustomerStore& store, const Shard& shard,
                   const WinBackContacts& contacts, PhiloxKey replication_key, ShardMonth& out) {
    const Cohort& cohort = store.cohorts()[static_cast<std::size_t>(shard.cohort)];
    const SegmentPlan& seg = plan.segments[static_cast<std::size_t>(cohort.segment)];
    const WinBackPlan& campaign = *plan.win_back;
    const WinBackOutcome wanted =
        seg.joiners == Joiners::won_back_switchers ? WinBackOutcome::switched : WinBackOutcome::second_sim;
    // Usage is drawn by pool customer under one key for both kinds of convert, so what a
    // customer uses does not depend on how it converted or where its slot lies.
    const PhiloxKey key = segment_key(replication_key, stable_hash("won_back." + campaign.spec.id));
    constexpr int atom_shift = 32 - 12;  // kPropensityAtoms
    store.clear_customers(plan, shard);
    for (std::int64_t i = shard.begin; i < shard.end; ++i) {
        const WinBackContact* who = contacts.at(cohort.join_month - 1, i - cohort.begin);
        const auto u = static_cast<std::size_t>(i);
        // The convert's months draw by who it is, not by its slot: a variant that contacts
        // it in another order leaves them alone. A dormant slot keeps its place.
        store.won_back_place[u] = who ? who->customer : i - cohort.begin;
        if (!who || who->outcome != wanted) continue;
        if (who->ours) {
            // Our churner comes back with the usage it had with us (a second SIM with its share).
            const float share = seg.joiners == Joiners::won_back_second_sims
                                    ? static_cast<float>(campaign.spec.second_sim_spend_share)
                                    : 1.0f;
            store.voice_propensity[u] = who->usage[0] * share;
            store.data_propensity[u] = who->usage[1] * share;
            store.sms_propensity[u] = who->usage[2] * share;
        } else {
            const PhiloxCounter r =
                philox4x32(customer_counter(who->customer, 0, 0xFFFF, Stream::creation), key);
            store.voice_propensity[u] = seg.voice_atoms[r.c1 >> atom_shift];
            store.data_propensity[u] = seg.data_atoms[r.c2 >> atom_shift];
            store.sms_propensity[u] = seg.sms_atoms[r.c3 >> atom_shift];
        }
        store.alive[u] = 1;
        store.tier[u] = static_cast<std::uint8_t>(campaign.join_tier[who->network]);
        if (const int offer = campaign.join_offer[who->network]; offer >= 0)
            take_offer(plan, seg, store, u, offer, cohort.join_month, true, out);
        out.lines[static_cast<std::size_t>(Metric::cost_gift)] += campaign.reward_fen[who->network];
        out.lines[static_cast<std::size_t>(Metric::gross_adds)] += 1.0;
    }
}

double won_back_inbound_min_lost(const SimulationPlan& plan, const CustomerStore& store, const Shard& shard,
                                 const WinBackContacts& contacts) {
    const Cohort& cohort = store.cohorts()[static_cast<std::size_t>(shard.cohort)];
    const SegmentPlan& seg = plan.segments[static_cast<std::size_t>(cohort.segment)];
    const WinBackSpec& spec = plan.win_back->spec;
    const double kept = seg.joiners == Joiners::won_back_switchers ? spec.switcher_residual_share
                                                                   : spec.second_sim_keep_share;
    const double lost_share = std::max(0.0, 1.0 - kept);
    double minutes = 0.0;
    for (std::int64_t i = shard.begin; i < shard.end; ++i) {
        if (!store.alive[static_cast<std::size_t>(i)]) continue;
        const WinBackContact* who = contacts.at(cohort.join_month - 1, i - cohort.begin);
        if (who) minutes += std::round(static_cast<double>(who->base_average_min) * lost_share);
    }
    return minutes;
}

void add_won_back_money(const SimulationPlan& plan, const MetricCube& cube, ModuleSamples* samples,
                        WinBackResults& results) {
    std::vector<double> revenue(static_cast<std::size_t>(cube.replications)), rewards(revenue.size()),
        margin(revenue.size());
    for (int row = 0; row < cube.segments; ++row) {
        if (!plan.segments[static_cast<std::size_t>(row)].won_back()) continue;
        for (int rep = 0; rep < cube.replications; ++rep)
            for (int m = 0; m < cube.months; ++m) {
                const auto at = [&](Metric metric) { return cube.at(rep, m, row, metric) / 100.0; };
                const auto r = static_cast<std::size_t>(rep);
                revenue[r] += at(Metric::revenue_total);
                rewards[r] += at(Metric::cost_subsidy) + at(Metric::cost_gift);
                margin[r] += at(Metric::margin);
            }
    }
    results.revenue_cny = summarise(revenue);
    results.subsidy_cost_cny = summarise(rewards);
    if (!samples) return;
    samples->add_figure("win_back_revenue_cny", revenue);
    samples->add_figure("win_back_subsidy_cost_cny", rewards);
    samples->add_figure("win_back_margin_cny", std::move(margin));
}

}  // namespace offersim::sim
