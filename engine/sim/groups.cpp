#include "engine/sim/groups.hpp"

#include "engine/core/error.hpp"
#include "engine/core/philox.hpp"
#include "models/distribution.hpp"
#include "models/group.hpp"
#include "models/group_levers.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <memory>

namespace offersim::sim {

namespace {

using scenario::GroupsSpec;

// What a draw is for: the third counter word, so no two purposes share a number.
enum class Purpose : std::uint32_t {
    setup = 1,
    member_churn,
    adoption,
    join,
    bind,
    bid,
    follow,
    // The levers of docs/models.md section 29.
    agreement,
    renewal,
    growth,
};

struct Draws {
    PhiloxKey key;
    std::uint32_t group;

    // Four uniforms on (0, 1) for (month, purpose, item, block).
    std::array<double, 4> uniforms(int month, Purpose purpose, std::uint32_t item,
                                   std::uint32_t block) const {
        const PhiloxCounter c =
            philox4x32(PhiloxCounter{group, static_cast<std::uint32_t>(month),
                                     (static_cast<std::uint32_t>(purpose) << 16) | (item & 0xFFFFu), block},
                       key);
        return {to_unit_open(c.c0), to_unit_open(c.c1), to_unit_open(c.c2), to_unit_open(c.c3)};
    }

    // How many of `n` independent trials of probability `p` succeed (member by member).
    std::int64_t count(std::int64_t n, double p, int month, Purpose purpose, std::uint32_t item) const {
        if (n <= 0 || p <= 0.0) return 0;
        if (p >= 1.0) return n;
        std::int64_t hits = 0;
        for (std::int64_t i = 0; i < n; i += 4) {
            const auto u = uniforms(month, purpose, item, static_cast<std::uint32_t>(i / 4));
            for (std::int64_t lane = 0; lane < 4 && i + lane < n; ++lane)
                hits += u[static_cast<std::size_t>(lane)] < p;
        }
        return hits;
    }
};

struct GroupState {
    std::int64_t members = 0;
    std::int64_t on_original = 0;  // on net at month 0 and still on net
    std::int64_t on_joined = 0;    // joined since month 0 and still on net
    int key_persons = 0;
    int bound_key_persons = 0;
    int bundles = 0;
    bool leader_loyal = false;
    bool intact = true;
    std::int64_t informatization_fen = 0;  // monthly, from the products adopted
    int tenure_months = 0;
    int tier = 0;
    double score = 0.0;  // at the last score
    int warnings = 0;    // tier drops
    double revenue_at_last_score = 0.0;
    // Section 29: the agreement in force, if any, and its months left.
    const scenario::GroupAgreement* agreement = nullptr;
    int agreement_months_left = 0;
    // Section 29: the bid whose quote we match (its index), if any, and the match's months left.
    int matched_bid = -1;
    int match_months_left = 0;
    // In the store (§29.1): the bills still to cut, from the month after the match began, and
    // the cut a member a month in fen.
    int match_bills_left = 0;
    std::int64_t match_cut_fen = 0;

    std::int64_t on_net() const { return on_original + on_joined; }
    bool under_agreement() const { return agreement != nullptr && agreement_months_left > 0; }
    bool matching() const { return matched_bid >= 0 && match_months_left > 0; }
};

bool targets(const std::vector<std::string>& classes, const std::string& id) {
    return std::find(classes.begin(), classes.end(), id) != classes.end();
}

double group_revenue_cny(const GroupState& g, const scenario::GroupClass& c) {
    return Money::from_fen(g.on_net() * c.member_revenue_monthly.fen + g.informatization_fen).cny();
}

// The monthly reward of an intact group's value tier (section 29), in fen.
std::int64_t tier_reward_fen(const GroupState& g, const scenario::GroupValueSpec& v) {
    if (!g.intact || v.tiers.empty()) return 0;
    return v.tiers[static_cast<std::size_t>(g.tier)].reward_monthly.fen;
}

// A group's monthly margin (section 29): its revenue less its tier's reward and the cost to
// serve its on-net members.
double group_margin_cny(const GroupState& g, const scenario::GroupClass& c,
                        const scenario::GroupValueSpec& v) {
    return Money::from_fen(g.on_net() * (c.member_revenue_monthly.fen - c.member_cost_monthly.fen) +
                           g.informatization_fen - tier_reward_fen(g, v))
        .cny();
}

// The data share of a group's revenue (section 29): its members' data revenue plus its
// informatization revenue.
double group_data_revenue_cny(const GroupState& g, const scenario::GroupClass& c) {
    return static_cast<double>(g.on_net()) * c.member_revenue_monthly.cny() * c.data_revenue_share +
           Money::from_fen(g.informatization_fen).cny();
}

// The value score's factors for a group now (docs/models.md, "Enterprise groups").
models::ValueFactors value_factors(const GroupState& g, const scenario::GroupClass& c,
                                   const scenario::GroupValueSpec& v) {
    using models::ValueFactor;
    models::ValueFactors x;
    const double revenue = group_revenue_cny(g, c);
    x[ValueFactor::revenue] = models::scaled_factor(revenue, v.revenue_full_score_monthly.cny());
    x[ValueFactor::stickiness] =
        g.key_persons > 0 ? static_cast<double>(g.bound_key_persons) / g.key_persons : 0.0;
    x[ValueFactor::new_business] = models::scaled_factor(Money::from_fen(g.informatization_fen).cny(),
                                                         v.new_business_full_score_monthly.cny());
    x[ValueFactor::growth] = models::growth_factor(revenue, g.revenue_at_last_score, v.growth_full_score);
    x[ValueFactor::industry] = c.industry_score;
    x[ValueFactor::purity] = g.members > 0 ? static_cast<double>(g.on_net()) / g.members : 0.0;
    x[ValueFactor::tenure] = models::scaled_factor(g.tenure_months, v.tenure_full_score_months);
    x[ValueFactor::credit] = c.credit_score;
    x[ValueFactor::margin] =
        models::scaled_factor(group_margin_cny(g, c, v), v.margin_full_score_monthly.cny());
    x[ValueFactor::data_mix] =
        models::data_mix_factor(group_data_revenue_cny(g, c), revenue, v.data_mix_target);
    return x;
}

}  // namespace

namespace {

std::size_t class_position(const GroupsSpec& spec, const std::string& id) {
    for (std::size_t ci = 0; ci < spec.classes.size(); ++ci)
        if (spec.classes[ci].id == id) return ci;
    throw Error(fmt::format("no group class '{}'", id));  // the loader checks every reference
}

double bound_share(const GroupState& g) {
    return g.key_persons > 0 ? static_cast<double>(g.bound_key_persons) / g.key_persons : 0.0;
}

double value_score(const GroupState& g, const scenario::GroupClass& c, const scenario::GroupValueSpec& v) {
    return models::group_value_score(value_factors(g, c, v), v.weights);
}

// One group's life over the horizon, adding its figures to a replication's totals.
class GroupRun {
public:
    // `link`: the store's side of the group when its class takes its members from a segment,
    // `store_group` its place among such groups (docs/models.md §28); null otherwise.
    GroupRun(const GroupsSpec& spec, std::size_t class_index, const Draws& draws,
             const std::vector<double>& min_scores, GroupReplication& totals, GroupMemberLink* link = nullptr,
             std::size_t store_group = 0)
        : spec_(spec),
          c_(spec.classes[class_index]),
          class_index_(class_index),
          draws_(draws),
          min_scores_(min_scores),
          r_(totals),
          link_(link),
          store_group_(store_group) {}

    // A group that settles in `month` (section 29's new groups) with on-net share `purity`,
    // rather than one of the class's groups at month 0.
    GroupRun& settling(int month, double purity) {
        settle_month_ = month;
        settle_purity_ = purity;
        return *this;
    }

    void run(int horizon_months) {
        set_up();
        for (int month = std::max(1, settle_month_); month <= horizon_months; ++month) step(month);
        finish();
    }

    // Month 0 of the group: its size, purity, key persons and leader.
    void set_up_group() { set_up(); }
    std::int64_t on_net() const { return g_.on_net(); }
    int key_persons() const { return g_.key_persons; }

    // Before the customers' month (§29.1): the cut on each member's bill of `month`, in fen; 0
    // unless a match runs. A match begun in month a cuts the bills of months a + 1 .. a + T
    // (its arrival month's bills are out); a switch ends it.
    std::int64_t bill_cut_fen(int month) {
        if (month < settle_month_ || !g_.intact || g_.match_bills_left <= 0) return 0;
        --g_.match_bills_left;
        return g_.match_cut_fen;
    }

    // A month of the group; before a new group settles, nothing.
    void step(int month) {
        if (month < settle_month_) return;
        if (month == settle_month_) r_.members_joined += static_cast<double>(g_.on_joined);  // a new group's
        churn(month);
        grow(month);
        adopt(month);
        take_bids(month);
        count_down_agreement(month);
        if (g_.intact) g_.tenure_months += 1;
        if (g_.intact && month % spec_.value.rescore_months == 0) rescore(month);
        record(month);
        count_down_match();
    }

    void finish() {
        auto& t = r_.classes[class_index_];
        t.on_net_end += static_cast<double>(g_.on_net());
        t.total_end += static_cast<double>(g_.members);
        t.retained_end += static_cast<double>(g_.on_original);
        r_.groups.push_back({g_.score, static_cast<double>(g_.tier), static_cast<double>(g_.warnings),
                             g_.intact ? 0.0 : 1.0});
    }

private:
    // Month 0: size drawn, purity as given (rounded to whole members), key persons bound as
    // given, the leader's leaning drawn once.
    void set_up() {
        const auto u = draws_.uniforms(0, Purpose::setup, 0, 0);
        g_.members = std::max<std::int64_t>(1, std::llround(models::quantile(c_.members, u[0])));
        if (settle_month_ > 0) {  // a new group: its members are joiners, not month-0 members
            g_.on_joined = std::llround(static_cast<double>(g_.members) * settle_purity_);
            g_.tenure_months = 0;
        } else if (!c_.rows_groups.empty()) {  // an extract's group: its rows and its size (§33)
            const auto& rows = c_.rows_groups[draws_.group];
            g_.members = rows.members;
            g_.on_original = rows.on_net;
            g_.tenure_months = c_.tenure_months;
        } else {
            g_.on_original = std::llround(static_cast<double>(g_.members) * c_.purity);
            g_.tenure_months = c_.tenure_months;
        }
        g_.key_persons = static_cast<int>(std::min<std::int64_t>(c_.key_persons, g_.members));
        g_.bound_key_persons = static_cast<int>(std::lround(g_.key_persons * c_.bound_key_person_share));
        g_.leader_loyal = u[1] < c_.leader_loyal_probability;
        g_.bundles = c_.bundles;
        if (c_.agreement) sign(*c_.agreement, 0, 0);
        g_.score = value_score(g_, c_, spec_.value);
        g_.tier = models::group_value_tier(g_.score, min_scores_);
        g_.revenue_at_last_score = group_revenue_cny(g_, c_);
        if (settle_month_ > 0) return;  // month-0 figures count the groups there at month 0
        auto& t = r_.classes[class_index_];
        r_.members_on_net_start += static_cast<double>(g_.on_net());
        r_.members_total_start += static_cast<double>(g_.members);
        t.on_net_start += static_cast<double>(g_.on_net());
        t.total_start += static_cast<double>(g_.members);
    }

    // Members' own churn, apart from any bid: in the store, who of them is still alive;
    // otherwise drawn, members of an intact group under unified payment churning less
    // (section 29).
    void churn(int month) {
        if (link_) {
            take_standing();
            return;
        }
        const double h =
            g_.intact ? models::unified_payment_churn(c_.member_churn_monthly, c_.unified_payment_share,
                                                      c_.unified_payment_churn_multiplier)
                      : c_.member_churn_monthly;
        g_.on_original -= draws_.count(g_.on_original, h, month, Purpose::member_churn, 0);
        g_.on_joined -= draws_.count(g_.on_joined, h, month, Purpose::member_churn, 1);
    }

    // New hires (section 29): whole hires a month from member_growth_monthly, each joining
    // our network with the stated share or, without one, the group's purity before they come.
    void grow(int month) {
        const int hires =
            models::arrivals_in_month(c_.member_growth_monthly, month - std::max(1, settle_month_) + 1);
        if (hires <= 0) return;
        const double join = c_.member_growth_on_net_share >= 0.0
                                ? c_.member_growth_on_net_share
                                : static_cast<double>(g_.on_net()) / static_cast<double>(g_.members);
        g_.members += hires;
        const std::int64_t joiners = draws_.count(hires, join, month, Purpose::growth, 0);
        g_.on_joined += joiners;
        r_.members_joined += static_cast<double>(joiners);
        if (link_) link_->join(store_group_, scenario::JoinKind::growth, 0, month, joiners);
    }

    // In the store, who of the members is still with us (§28, §28.2).
    void take_standing() {
        const GroupMemberLink::Standing s = link_->standing(store_group_);
        g_.on_original = s.on_net - s.joined;
        g_.on_joined = s.joined;
    }

    // The group signs `a` with probability signed_share (item: 0 for the class's own
    // agreement, 1 + the adoption's position for an adoption's).
    void sign(const scenario::GroupAgreement& a, int month, std::uint32_t item) {
        if (draws_.uniforms(month, Purpose::agreement, item, 0)[0] >= a.signed_share) return;
        g_.agreement = &a;
        g_.agreement_months_left = a.term_months;
    }

    // At the end of each month of an agreement; at its term's end it renews or lapses.
    void count_down_agreement(int month) {
        if (!g_.under_agreement() || !g_.intact) return;
        if (--g_.agreement_months_left > 0) return;
        if (draws_.uniforms(month, Purpose::renewal, 0, 0)[0] < g_.agreement->renewal_probability) {
            g_.agreement_months_left = g_.agreement->term_months;
            r_.renewals[static_cast<std::size_t>(month - 1)] += 1.0;
        } else {
            g_.agreement = nullptr;
        }
    }

    // A bid's strength times the agreement's and the value tier's factors (section 29).
    double lever_multiplier() const {
        double m = g_.under_agreement() ? g_.agreement->bid_multiplier : 1.0;
        if (!spec_.value.tiers.empty())
            m *= spec_.value.tiers[static_cast<std::size_t>(g_.tier)].bid_multiplier;
        return m;
    }

    void adopt(int month) {
        for (std::size_t ai = 0; ai < spec_.adoptions.size(); ++ai) {
            const scenario::GroupAdoption& a = spec_.adoptions[ai];
            const auto item = static_cast<std::uint32_t>(ai);
            if (a.month != month || !g_.intact || !targets(a.classes, c_.id)) continue;
            if (draws_.uniforms(month, Purpose::adoption, item, 0)[0] >= a.probability) continue;
            if (a.adds_bundle) g_.bundles += 1;
            if (a.agreement) sign(*a.agreement, month, item + 1);
            g_.informatization_fen += a.informatization_revenue_monthly.fen;
            r_.marketing_cost_cny += a.marketing_cost.cny();
            r_.marketing_cost_monthly_cny[static_cast<std::size_t>(month - 1)] += a.marketing_cost.cny();
            const std::int64_t joiners = draws_.count(g_.members - g_.on_net(), a.off_net_join_probability,
                                                      month, Purpose::join, item);
            g_.on_joined += joiners;
            r_.members_joined += static_cast<double>(joiners);
            if (link_) link_->join(store_group_, scenario::JoinKind::adoption, item, month, joiners);
            g_.bound_key_persons += static_cast<int>(draws_.count(
                g_.key_persons - g_.bound_key_persons, a.key_person_binding, month, Purpose::bind, item));
        }
    }

    void take_bids(int month) {
        const auto m = static_cast<std::size_t>(month - 1);
        for (std::size_t bi = 0; bi < spec_.bids.size(); ++bi) {
            const scenario::GroupBid& b = spec_.bids[bi];
            if (!g_.intact || month < b.start_month || month > b.end_month || !targets(b.classes, c_.id))
                continue;
            const auto u = draws_.uniforms(month, Purpose::bid, static_cast<std::uint32_t>(bi), 0);
            if (u[0] >= b.monthly_probability) continue;
            r_.bids[m] += 1.0;
            start_match(bi);
            double p = models::group_switch_probability(spec_.switching, standing(),
                                                        b.strength * lever_multiplier());
            if (g_.matching() && g_.matched_bid == static_cast<int>(bi))
                p = models::matched_switch_probability(p, spec_.switching.leave_per_cny, quote_cut_cny(b));
            r_.switches_expected += p;
            r_.switches_variance += p * (1.0 - p);
            if (u[1] < p) switch_away(month);
        }
    }

    // Our members' price cut to bid b's quote, a member a month: the quoted share of the
    // class's member price, to the fen.
    std::int64_t quote_cut_fen(const scenario::GroupBid& b) const {
        return std::llround(b.quote_discount * static_cast<double>(c_.member_revenue_monthly.fen));
    }
    double quote_cut_cny(const scenario::GroupBid& b) const {
        return Money::from_fen(quote_cut_fen(b)).cny();
    }

    // A bid reaches the group: a price match that names it begins, unless one is running.
    void start_match(std::size_t bid) {
        if (g_.matching()) return;
        for (const auto& match : spec_.price_matches)
            if (match.bid == spec_.bids[bid].id) {
                g_.matched_bid = static_cast<int>(bid);
                g_.match_months_left = match.term_months;
                g_.match_bills_left = match.term_months;
                g_.match_cut_fen = quote_cut_fen(spec_.bids[bid]);
                r_.price_matches += 1.0;
            }
    }

    // At the end of each month of a match; at its term's end the price returns.
    void count_down_match() {
        if (g_.matching() && --g_.match_months_left == 0) g_.matched_bid = -1;
    }

    // The group goes as a whole: its products and bindings go with it, and each on-net
    // member follows with the scenario's share; the others stay ours as individuals.
    void switch_away(int month) {
        if (g_.under_agreement()) {  // leaving early pays the fee (section 29)
            r_.early_exit_fee_cny[static_cast<std::size_t>(month - 1)] += g_.agreement->early_exit_fee.cny();
            r_.early_exits += 1.0;
        }
        g_.agreement = nullptr;
        g_.agreement_months_left = 0;
        g_.matched_bid = -1;
        g_.match_months_left = 0;
        g_.match_bills_left = 0;
        g_.intact = false;
        g_.informatization_fen = 0;
        g_.bundles = 0;
        g_.bound_key_persons = 0;
        r_.switches[static_cast<std::size_t>(month - 1)] += 1.0;
        r_.classes[class_index_].switched += 1.0;
        if (link_) {  // the very members in the store follow, each by its own draw
            link_->follow(store_group_, month, spec_.follow_share);
            take_standing();
            return;
        }
        g_.on_original -= draws_.count(g_.on_original, spec_.follow_share, month, Purpose::follow, 0);
        g_.on_joined -= draws_.count(g_.on_joined, spec_.follow_share, month, Purpose::follow, 1);
    }

    // The group's side of a bid. In the store, key persons holding a binding offer bind
    // apart from the products (k = 1 - (1 - k_products)(1 - k_store)), and the members'
    // binding-offer share enters (docs/models.md §28).
    models::GroupStanding standing() const {
        models::GroupStanding s{g_.bundles, bound_share(g_), g_.leader_loyal};
        if (link_) {
            const GroupMemberLink::Standing m = link_->standing(store_group_);
            const double k_store = g_.key_persons > 0 ? m.bound_key_persons / g_.key_persons : 0.0;
            s.bound_key_person_share = 1.0 - (1.0 - s.bound_key_person_share) * (1.0 - k_store);
            s.member_bundle_share = m.bundle_share;
        }
        return s;
    }

    // A lower tier (a higher index) than at the last score raises a warning.
    void rescore(int month) {
        g_.score = value_score(g_, c_, spec_.value);
        const int tier = models::group_value_tier(g_.score, min_scores_);
        if (tier > g_.tier) {
            r_.tier_drops[static_cast<std::size_t>(month - 1)] += 1.0;
            r_.classes[class_index_].tier_drops += 1.0;
            g_.warnings += 1;
        }
        g_.tier = tier;
        g_.revenue_at_last_score = group_revenue_cny(g_, c_);
    }

    void record(int month) {
        const auto m = static_cast<std::size_t>(month - 1);
        record_levers(m);
        const double informatization_cny = Money::from_fen(g_.informatization_fen).cny();
        // Members in the store bring their own bills into the customer base's revenue.
        if (!link_)
            r_.member_revenue_cny[m] += Money::from_fen(g_.on_net() * c_.member_revenue_monthly.fen).cny();
        r_.informatization_revenue_cny[m] += informatization_cny;
        r_.classes[class_index_].informatization_cny += informatization_cny;
        r_.members_on_net[m] += static_cast<double>(g_.on_net());
        r_.members_total[m] += static_cast<double>(g_.members);
        r_.retained_original[m] += static_cast<double>(g_.on_original);
        r_.on_net_by_class[m][class_index_] += static_cast<double>(g_.on_net());
        r_.total_by_class[m][class_index_] += static_cast<double>(g_.members);
        if (g_.intact) {
            r_.groups_intact[m] += 1.0;
            r_.groups_by_tier[m][static_cast<std::size_t>(g_.tier)] += 1.0;
        }
    }

    // Section 29's monthly figures: tier rewards, cost to serve, unified payment, agreements.
    void record_levers(std::size_t m) {
        const std::int64_t member_fen = g_.on_net() * c_.member_revenue_monthly.fen;
        r_.reward_cost_cny[m] += Money::from_fen(tier_reward_fen(g_, spec_.value)).cny();
        r_.member_cost_cny[m] += Money::from_fen(g_.on_net() * c_.member_cost_monthly.fen).cny();
        // In the store the members' own bills give the unified-payment share and the cut (§28.1,
        // §29.1): GroupsInStore adds them.
        if (g_.intact && !link_)
            r_.unified_revenue_cny[m] += Money::from_fen(member_fen).cny() * c_.unified_payment_share;
        if (g_.intact && g_.under_agreement()) r_.groups_under_agreement[m] += 1.0;
        if (g_.intact && g_.matching() && !link_)
            r_.price_match_cost_cny[m] +=
                Money::from_fen(g_.on_net() *
                                quote_cut_fen(spec_.bids[static_cast<std::size_t>(g_.matched_bid)]))
                    .cny();
    }

    const GroupsSpec& spec_;
    const scenario::GroupClass& c_;
    std::size_t class_index_;
    Draws draws_;
    const std::vector<double>& min_scores_;
    GroupReplication& r_;
    GroupMemberLink* link_;
    std::size_t store_group_;
    GroupState g_;
    int settle_month_ = 0;  // 0: one of the class's groups at month 0
    double settle_purity_ = 0.0;
};

}  // namespace

namespace {

// A replication's totals, sized for `spec` and the horizon, all zero.
GroupReplication empty_replication(const GroupsSpec& spec, int horizon_months) {
    const auto months = static_cast<std::size_t>(horizon_months);
    const std::size_t tiers = std::max<std::size_t>(1, spec.value.tiers.size());
    GroupReplication r;
    for (auto* line : {&r.groups_intact, &r.members_on_net, &r.members_total, &r.retained_original, &r.bids,
                       &r.switches, &r.member_revenue_cny, &r.informatization_revenue_cny, &r.tier_drops,
                       &r.marketing_cost_monthly_cny})
        line->assign(months, 0.0);
    for (auto* line :
         {&r.early_exit_fee_cny, &r.reward_cost_cny, &r.member_cost_cny, &r.unified_revenue_cny,
          &r.groups_under_agreement, &r.renewals, &r.price_match_cost_cny, &r.price_match_in_bills_cny,
          &r.store_member_bills_cny, &r.store_unified_bills_cny, &r.joiners_revenue_cny})
        line->assign(months, 0.0);
    r.groups_by_tier.assign(months, std::vector<double>(tiers, 0.0));
    r.classes.resize(spec.classes.size());
    r.on_net_by_class.assign(months, std::vector<double>(spec.classes.size(), 0.0));
    r.total_by_class.assign(months, std::vector<double>(spec.classes.size(), 0.0));
    return r;
}

std::vector<double> min_scores_of(const GroupsSpec& spec) {
    std::vector<double> min_scores;
    for (const auto& t : spec.value.tiers) min_scores.push_back(t.min_score);
    return min_scores;
}

// Calls f(class index, draws, settling month, purity) for each of section 29's new groups of
// a replication, and returns how many settle. They are keyed by their entry's id and arrival
// index, not by position, so a variant that adds or changes an entry leaves every other
// group's draws unchanged.
template <class F>
double each_new_group(const GroupsSpec& spec, PhiloxKey run_key, F&& f) {
    double settled = 0.0;
    for (const auto& n : spec.new_groups) {
        const std::size_t ci = class_position(spec, n.class_id);
        const PhiloxKey key{run_key.k0 ^ stable_hash("new_groups/" + n.id), run_key.k1};
        const double purity = n.purity >= 0.0 ? n.purity : spec.classes[ci].purity;
        const std::vector<int> months_settling = settling_months(n);
        for (std::size_t k = 0; k < months_settling.size(); ++k)
            f(ci, Draws{key, static_cast<std::uint32_t>(k)}, months_settling[k], purity);
        settled += static_cast<double>(months_settling.size());
    }
    return settled;
}

// The key of class `ci`'s groups within a replication.
PhiloxKey class_key(const GroupsSpec& spec, std::size_t ci, PhiloxKey run_key) {
    return PhiloxKey{run_key.k0 ^ stable_hash(spec.classes[ci].id), run_key.k1};
}

}  // namespace

GroupReplication simulate_groups_replication(const GroupsSpec& spec, int horizon_months, std::uint64_t seed,
                                             std::uint32_t replication) {
    GroupReplication r = empty_replication(spec, horizon_months);
    const std::vector<double> min_scores = min_scores_of(spec);
    const PhiloxKey run_key = replication_key(seed, replication);
    for (std::size_t ci = 0; ci < spec.classes.size(); ++ci) {
        const PhiloxKey key = class_key(spec, ci, run_key);
        for (int index = 0; index < spec.classes[ci].count; ++index)
            GroupRun(spec, ci, Draws{key, static_cast<std::uint32_t>(index)}, min_scores, r)
                .run(horizon_months);
    }
    r.groups_new =
        each_new_group(spec, run_key, [&](std::size_t ci, const Draws& draws, int month, double purity) {
            GroupRun(spec, ci, draws, min_scores, r).settling(month, purity).run(horizon_months);
        });
    return r;
}

std::vector<int> settling_months(const scenario::NewGroups& n) {
    return scenario::new_group_settling_months(n);
}

// Every group of a replication stepped month by month (docs/models.md §28): the same draws
// and steps as simulate_groups_replication, months outermost.
struct GroupsStepper::Impl {
    const GroupsSpec& spec;
    std::vector<double> min_scores;
    GroupReplication totals;
    std::vector<GroupRun> runs;         // class by class, group by group
    std::vector<std::size_t> in_store;  // of runs, those whose members are customers, in order

    Impl(const GroupsSpec& s, int horizon_months, PhiloxKey run_key, GroupMemberLink* link)
        : spec(s), min_scores(min_scores_of(s)), totals(empty_replication(s, horizon_months)) {
        std::size_t count = 0;
        for (const auto& c : spec.classes) count += static_cast<std::size_t>(c.count);
        runs.reserve(count);
        for (std::size_t ci = 0; ci < spec.classes.size(); ++ci) {
            const PhiloxKey key = class_key(spec, ci, run_key);
            const bool stored = !spec.classes[ci].members_from.empty();
            for (int index = 0; index < spec.classes[ci].count; ++index) {
                if (stored) in_store.push_back(runs.size());
                runs.emplace_back(spec, ci, Draws{key, static_cast<std::uint32_t>(index)}, min_scores, totals,
                                  stored ? link : nullptr, stored ? in_store.size() - 1 : 0);
                runs.back().set_up_group();
            }
        }
        // New groups of a class whose members are customers are in the store too (§28.2),
        // placed after the classes' own groups, as scenario::joiner_layout places them.
        totals.groups_new =
            each_new_group(spec, run_key, [&](std::size_t ci, const Draws& draws, int month, double purity) {
                const bool stored = !spec.classes[ci].members_from.empty();
                if (stored) in_store.push_back(runs.size());
                runs.emplace_back(spec, ci, draws, min_scores, totals, stored ? link : nullptr,
                                  stored ? in_store.size() - 1 : 0);
                runs.back().settling(month, purity).set_up_group();
            });
    }
};

GroupsStepper::GroupsStepper(const GroupsSpec& spec, int horizon_months, PhiloxKey replication_key,
                             GroupMemberLink* link)
    : impl_(std::make_unique<Impl>(spec, horizon_months, replication_key, link)) {}

GroupsStepper::~GroupsStepper() = default;

std::vector<GroupsStepper::StoreGroup> GroupsStepper::store_groups() const {
    std::vector<StoreGroup> out;
    for (const std::size_t i : impl_->in_store)
        out.push_back(StoreGroup{impl_->runs[i].on_net(), impl_->runs[i].key_persons()});
    return out;
}

std::vector<std::int64_t> GroupsStepper::bill_cuts_fen(int month) {
    std::vector<std::int64_t> out;
    out.reserve(impl_->in_store.size());
    for (const std::size_t i : impl_->in_store) out.push_back(impl_->runs[i].bill_cut_fen(month));
    return out;
}

void GroupsStepper::step(int month) {
    for (auto& run : impl_->runs) run.step(month);
}

GroupReplication GroupsStepper::finish() {
    for (auto& run : impl_->runs) run.finish();
    return std::move(impl_->totals);
}

const Band& GroupResults::headline(std::string_view key) const {
    for (const auto& h : headlines)
        if (h.key == key) return h.band;
    throw Error(fmt::format("no group headline figure '{}'", key));
}

namespace {

double ratio_or_zero(double a, double b) {
    return b > 0.0 ? a / b : 0.0;
}

double line_total(const std::vector<double>& v) {
    double s = 0.0;
    for (double x : v) s += x;
    return s;
}

// Section 29's figures of one replication, as the headline and the comparisons show them.
// Beside the base u times the member revenue assumption; in the store the bills of the
// members their intact group pays (§28.1).
double unified_payment_share(const GroupReplication& r) {
    return ratio_or_zero(line_total(r.unified_revenue_cny) + line_total(r.store_unified_bills_cny),
                         line_total(r.member_revenue_cny) + line_total(r.store_member_bills_cny));
}

// The cut booked at the group: beside the base; the cut on members' bills in the store is out
// of the customer base's revenue already, as their bills are not in the group's (§29.1).
double price_match_at_group_cny(const GroupReplication& r, std::size_t m) {
    return r.price_match_cost_cny[m] - r.price_match_in_bills_cny[m];
}

double group_margin_cny(const GroupReplication& r) {
    double match = 0.0;
    for (std::size_t m = 0; m < r.price_match_cost_cny.size(); ++m) match += price_match_at_group_cny(r, m);
    return line_total(r.member_revenue_cny) + line_total(r.informatization_revenue_cny) +
           line_total(r.early_exit_fee_cny) - r.marketing_cost_cny - line_total(r.reward_cost_cny) -
           line_total(r.member_cost_cny) - match;
}

void add_lever_figures(const std::vector<GroupReplication>& runs, int horizon_months,
                       ModuleSamples& samples) {
    const auto last = static_cast<std::size_t>(horizon_months - 1);
    const auto per_rep = [&](const auto& value) {
        std::vector<double> v;
        v.reserve(runs.size());
        for (const auto& r : runs) v.push_back(value(r));
        return v;
    };
    samples.add_figure("group_new_groups", per_rep([](const GroupReplication& r) { return r.groups_new; }));
    samples.add_figure("group_members_joined",
                       per_rep([](const GroupReplication& r) { return r.members_joined; }));
    samples.add_figure("group_joiners_revenue_cny",
                       per_rep([](const GroupReplication& r) { return line_total(r.joiners_revenue_cny); }));
    samples.add_figure("group_under_agreement_end",
                       per_rep([&](const GroupReplication& r) { return r.groups_under_agreement[last]; }));
    samples.add_figure("group_early_exit_fees_cny",
                       per_rep([](const GroupReplication& r) { return line_total(r.early_exit_fee_cny); }));
    samples.add_figure("group_reward_cost_cny",
                       per_rep([](const GroupReplication& r) { return line_total(r.reward_cost_cny); }));
    samples.add_figure("group_member_cost_cny",
                       per_rep([](const GroupReplication& r) { return line_total(r.member_cost_cny); }));
    samples.add_figure("group_unified_payment_share", per_rep(unified_payment_share));
    samples.add_figure("group_price_match_cost_cny",
                       per_rep([](const GroupReplication& r) { return line_total(r.price_match_cost_cny); }));
    samples.add_figure("group_margin_cny",
                       per_rep([](const GroupReplication& r) { return group_margin_cny(r); }));
}

// The group KPIs of each replication, for paired comparisons, and the money the groups
// bring: member and informatization revenue and early-exit fees, less the adoptions'
// marketing cost, the tier rewards and the cost to serve members.
void add_group_samples(const std::vector<GroupReplication>& runs, int horizon_months,
                       ModuleSamples& samples) {
    const auto last = static_cast<std::size_t>(horizon_months - 1);
    const auto per_rep = [&](const auto& value) {
        std::vector<double> v;
        v.reserve(runs.size());
        for (const auto& r : runs) v.push_back(value(r));
        return v;
    };
    const auto total = [](const std::vector<double>& v) {
        double s = 0.0;
        for (double x : v) s += x;
        return s;
    };
    samples.add_figure("group_switches",
                       per_rep([&](const GroupReplication& r) { return total(r.switches); }));
    samples.add_figure("group_purity_end", per_rep([&](const GroupReplication& r) {
                           return ratio_or_zero(r.members_on_net[last], r.members_total[last]);
                       }));
    samples.add_figure("group_target_market_retention_end", per_rep([&](const GroupReplication& r) {
                           return ratio_or_zero(r.retained_original[last], r.members_on_net_start);
                       }));
    samples.add_figure("group_informatization_revenue_cny", per_rep([&](const GroupReplication& r) {
                           return total(r.informatization_revenue_cny);
                       }));
    samples.add_figure("group_member_revenue_cny",
                       per_rep([&](const GroupReplication& r) { return total(r.member_revenue_cny); }));
    samples.add_figure("group_marketing_cost_cny",
                       per_rep([](const GroupReplication& r) { return r.marketing_cost_cny; }));
    add_lever_figures(runs, horizon_months, samples);
    std::vector<std::vector<double>> revenue, cost;
    for (const auto& r : runs) {
        std::vector<double> month_revenue(r.member_revenue_cny.size());
        std::vector<double> month_cost(r.member_revenue_cny.size());
        for (std::size_t m = 0; m < month_revenue.size(); ++m) {
            // A matched price is revenue forgone: it lowers the revenue, not a cost line.
            month_revenue[m] = r.member_revenue_cny[m] + r.informatization_revenue_cny[m] +
                               r.early_exit_fee_cny[m] - price_match_at_group_cny(r, m);
            month_cost[m] = r.marketing_cost_monthly_cny[m] + r.reward_cost_cny[m] + r.member_cost_cny[m];
        }
        revenue.push_back(std::move(month_revenue));
        cost.push_back(std::move(month_cost));
    }
    samples.add_money(revenue, cost);
}

}  // namespace

GroupResults run_groups(const GroupsSpec& spec, int horizon_months, const RunConfig& config,
                        ModuleSamples* samples) {
    std::vector<GroupReplication> runs;
    runs.reserve(static_cast<std::size_t>(config.replications));
    for (int rep = 0; rep < config.replications; ++rep) {
        stop_if_cancelled(config.cancel);
        runs.push_back(
            simulate_groups_replication(spec, horizon_months, config.seed, static_cast<std::uint32_t>(rep)));
        if (config.on_progress) config.on_progress(static_cast<double>(rep + 1) / config.replications);
    }
    return summarise_groups(spec, horizon_months, runs, samples);
}

GroupResults summarise_groups(const GroupsSpec& spec, int horizon_months,
                              const std::vector<GroupReplication>& runs, ModuleSamples* samples) {
    const auto over = [&](const auto& value) {
        std::vector<double> values;
        values.reserve(runs.size());
        for (const auto& run : runs) values.push_back(value(run));
        return summarise(std::move(values));
    };
    if (samples) add_group_samples(runs, horizon_months, *samples);
    const auto ratio = ratio_or_zero;
    const auto last = static_cast<std::size_t>(horizon_months - 1);

    GroupResults out;
    for (const auto& t : spec.value.tiers) {
        out.tier_ids.push_back(t.id);
        out.tier_names.push_back(t.name);
    }
    int groups_total = 0;
    for (const auto& c : spec.classes) groups_total += c.count;
    for (const auto& n : spec.new_groups) groups_total += static_cast<int>(settling_months(n).size());
    const auto sum = [](const std::vector<double>& v) {
        double s = 0.0;
        for (double x : v) s += x;
        return s;
    };
    out.headlines = {
        {"groups_total", over([&](const auto&) { return static_cast<double>(groups_total); })},
        {"groups_switched", over([&](const auto& r) { return sum(r.switches); })},
        {"switches_expected", over([](const auto& r) { return r.switches_expected; })},
        {"bids_received", over([&](const auto& r) { return sum(r.bids); })},
        {"purity_start",
         over([&](const auto& r) { return ratio(r.members_on_net_start, r.members_total_start); })},
        {"purity_end",
         over([&](const auto& r) { return ratio(r.members_on_net[last], r.members_total[last]); })},
        {"target_market_retention_end",
         over([&](const auto& r) { return ratio(r.retained_original[last], r.members_on_net_start); })},
        {"member_revenue_total_cny", over([&](const auto& r) { return sum(r.member_revenue_cny); })},
        {"informatization_revenue_total_cny",
         over([&](const auto& r) { return sum(r.informatization_revenue_cny); })},
        {"marketing_cost_total_cny", over([](const auto& r) { return r.marketing_cost_cny; })},
        {"tier_drop_warnings", over([&](const auto& r) { return sum(r.tier_drops); })},
        // Section 29's levers.
        {"groups_new", over([](const auto& r) { return r.groups_new; })},
        {"groups_under_agreement_end", over([&](const auto& r) { return r.groups_under_agreement[last]; })},
        {"agreement_renewals", over([&](const auto& r) { return sum(r.renewals); })},
        {"early_exits", over([](const auto& r) { return r.early_exits; })},
        {"early_exit_fees_total_cny", over([&](const auto& r) { return sum(r.early_exit_fee_cny); })},
        {"reward_cost_total_cny", over([&](const auto& r) { return sum(r.reward_cost_cny); })},
        {"member_cost_total_cny", over([&](const auto& r) { return sum(r.member_cost_cny); })},
        {"unified_payment_share", over([](const auto& r) { return unified_payment_share(r); })},
        {"price_matches", over([](const auto& r) { return r.price_matches; })},
        {"price_match_cost_total_cny", over([&](const auto& r) { return sum(r.price_match_cost_cny); })},
        {"margin_total_cny", over([](const auto& r) { return group_margin_cny(r); })},
        {"members_joined", over([](const auto& r) { return r.members_joined; })},
        {"joiners_revenue_total_cny", over([&](const auto& r) { return sum(r.joiners_revenue_cny); })},
    };
    for (std::size_t m = 0; m < static_cast<std::size_t>(horizon_months); ++m) {
        GroupMonth row;
        row.month = static_cast<int>(m) + 1;
        row.groups_intact = over([&](const auto& r) { return r.groups_intact[m]; });
        row.members_on_net = over([&](const auto& r) { return r.members_on_net[m]; });
        row.purity = over([&](const auto& r) { return ratio(r.members_on_net[m], r.members_total[m]); });
        row.target_market_retention =
            over([&](const auto& r) { return ratio(r.retained_original[m], r.members_on_net_start); });
        row.bids = over([&](const auto& r) { return r.bids[m]; });
        row.switches = over([&](const auto& r) { return r.switches[m]; });
        row.member_revenue_cny = over([&](const auto& r) { return r.member_revenue_cny[m]; });
        row.informatization_revenue_cny =
            over([&](const auto& r) { return r.informatization_revenue_cny[m]; });
        row.tier_drops = over([&](const auto& r) { return r.tier_drops[m]; });
        for (std::size_t t = 0; t < out.tier_ids.size(); ++t)
            row.groups_by_tier.push_back(over([&](const auto& r) { return r.groups_by_tier[m][t]; }));
        for (std::size_t ci = 0; ci < spec.classes.size(); ++ci)
            row.purity_by_class.push_back(over(
                [&](const auto& r) { return ratio(r.on_net_by_class[m][ci], r.total_by_class[m][ci]); }));
        out.monthly.push_back(std::move(row));
    }
    for (std::size_t ci = 0; ci < spec.classes.size(); ++ci) {
        const auto& c = spec.classes[ci];
        const auto cls = [&](const auto& value) {
            return over([&](const GroupReplication& r) { return value(r.classes[ci]); });
        };
        using Totals = GroupReplication::ClassTotals;
        out.classes.push_back(
            GroupClassSummary{c.id, c.name, c.industry, c.count,
                              cls([&](const Totals& t) { return ratio(t.on_net_start, t.total_start); }),
                              cls([&](const Totals& t) { return ratio(t.on_net_end, t.total_end); }),
                              cls([&](const Totals& t) { return ratio(t.retained_end, t.on_net_start); }),
                              cls([](const Totals& t) { return t.switched; }),
                              cls([](const Totals& t) { return t.informatization_cny; }),
                              cls([](const Totals& t) { return t.tier_drops; })});
    }
    // The groups in the order they ran: each class's own, then the new groups (section 29),
    // numbered on after their class's own.
    std::vector<std::pair<std::string, int>> labels;
    std::vector<int> last_index;
    for (const auto& c : spec.classes) {
        for (int index = 1; index <= c.count; ++index) labels.emplace_back(c.id, index);
        last_index.push_back(c.count);
    }
    for (const auto& n : spec.new_groups) {
        const std::size_t ci = class_position(spec, n.class_id);
        for (std::size_t k = 0; k < settling_months(n).size(); ++k)
            labels.emplace_back(n.class_id, ++last_index[ci]);
    }
    for (std::size_t group = 0; group < labels.size(); ++group) {
        const auto end = [&](double GroupReplication::GroupEnd::*figure) {
            return over([&](const GroupReplication& r) { return r.groups[group].*figure; });
        };
        using End = GroupReplication::GroupEnd;
        GroupScore g{labels[group].first, labels[group].second, end(&End::score),
                     end(&End::tier),     end(&End::warnings),  end(&End::switched)};
        for (double* x : {&g.tier.mean, &g.tier.p5, &g.tier.p50, &g.tier.p95}) *x += 1.0;
        out.scores.push_back(std::move(g));
    }
    return out;
}

}  // namespace offersim::sim
