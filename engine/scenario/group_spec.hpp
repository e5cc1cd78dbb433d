#pragma once
// The `groups:` section as plain values: enterprise groups simulated as wholes beside the
// customer simulation (engine/sim/groups.hpp). Units are in the names; money is exact.
#include "engine/core/error.hpp"
#include "engine/core/money.hpp"
#include "models/distribution.hpp"
#include "models/group.hpp"

#include <optional>
#include <string>
#include <vector>

namespace offersim::scenario {

// Group levers (docs/models.md section 29). An agreement with a term (已签协议): while it
// runs a bid's switch probability is multiplied by bid_multiplier; a group that switches
// before its end pays the early-exit fee; at its end it renews with renewal_probability.
struct GroupAgreement {
    int term_months = 24;
    double signed_share = 1.0;  // of a class's groups at month 0, or of an adoption's adopters
    Money early_exit_fee;       // paid to us by a group that switches while under agreement
    double bid_multiplier = 1.0;
    double renewal_probability = 0.0;
};

// Groups that settle and become ours (招商引资): per_month a month over [from_month, to_month],
// drawn as groups of `class_id`, whole arrivals as models::arrivals_in_month gives them.
struct NewGroups {
    std::string id;
    std::string class_id;
    double per_month = 0.0;
    int from_month = 1;
    int to_month = 1;
    double purity = -1.0;  // on-net share at settling; negative: the class's purity
    SourcePos pos;
};

// Groups alike in industry and make-up, e.g. the government bodies of one district.
struct GroupClass {
    std::string id;
    std::string name;
    std::string industry;
    int count = 0;                          // groups of this class
    models::Distribution members;           // employees per group, rounded, at least 1
    double purity = 0.0;                    // share of members on our network at month 0
    int key_persons = 0;                    // leaders and decision makers (关键人) per group
    double leader_loyal_probability = 0.0;  // that the top leader (一把手) sides with us
    int bundles = 0;                        // group products held at month 0 (e.g. V-net)
    double bound_key_person_share = 0.0;    // of key persons bound by bundles at month 0
    Money member_revenue_monthly;           // per on-net member
    double member_churn_monthly = 0.0;      // each on-net member's own monthly churn, apart from bids
    double industry_score = 0.5;            // value-score factor of the industry, in [0, 1]
    double credit_score = 1.0;              // value-score factor of credit (信誉度), in [0, 1]
    int tenure_months = 0;                  // of the group on our network at month 0
    // Group levers (docs/models.md section 29).
    std::optional<GroupAgreement> agreement;        // signed at month 0 by signed_share of the groups
    double member_growth_monthly = 0.0;             // members hired per group per month
    double member_growth_on_net_share = -1.0;       // that a hire joins us; negative: the current purity
    double unified_payment_share = 0.0;             // of member revenue paid by the group (统一付费)
    double unified_payment_churn_multiplier = 1.0;  // on the churn of members under unified payment
    Money member_cost_monthly;                      // cost to serve per on-net member, for the margin
    double data_revenue_share = 0.0;                // of member revenue from data, for the data mix
    // Members in the customer store (docs/models.md §28): the segment whose initial base the
    // on-net members are taken from; empty: the group's members are counted beside the base.
    std::string members_from;
    // Groups from an extract's rows (docs/models.md §33, "Groups from the rows"): per group of
    // the class, in the order of its group id's keyed hash, its on-net members (its rows) and
    // its size; empty: drawn as in section 18. Set when the extract is read (count with it).
    struct RowsGroup {
        std::int64_t on_net = 0;
        std::int64_t members = 0;
    };
    std::vector<RowsGroup> rows_groups;
    SourcePos pos;
};

// A group product offered to groups: adopting it binds the group (one more bundle) and
// brings off-net members over (the V-net and enterprise-SMS case).
struct GroupAdoption {
    std::string id;
    std::string name;
    std::string offer;                 // an offers: id it stands for, or empty
    std::vector<std::string> classes;  // group class ids
    int month = 1;
    double probability = 1.0;               // that an intact group adopts in `month`
    double off_net_join_probability = 0.0;  // per off-net member of an adopting group
    double key_person_binding = 0.0;        // per unbound key person, bound by the product
    Money informatization_revenue_monthly;  // per adopting group while it stays (信息化收入)
    Money marketing_cost;                   // per adopting group, once
    SourcePos pos;
    // Group levers (docs/models.md section 29): an agreement the adopters sign, and whether
    // adopting adds a bundle (false for a signing that is not a product).
    std::optional<GroupAgreement> agreement;
    bool adds_bundle = true;
};

// A competitor's bid for whole groups (tender, building rewiring, switch agreement).
struct GroupBid {
    std::string id;
    std::string name;
    std::vector<std::string> classes;
    int start_month = 1;
    int end_month = 1;
    double monthly_probability = 0.0;  // that the bid reaches a given intact group in a month
    double strength = 1.0;             // 1 = a standard bid; scales the switch probability
    // The rival's quote: this share off our members' price (member_revenue_monthly_cny); 0.5
    // is half price. Used by an answer that matches it (GroupPriceMatch).
    double quote_discount = 0.0;
    SourcePos pos;
};

// Matching the price (docs/models.md §29): when `bid` reaches an intact group, we set its
// members' price to the rival's quote for `term_months` months (the reaching month first).
// The switch odds move by the price response's equation; the discount is revenue we forgo.
struct GroupPriceMatch {
    std::string id;
    std::string name;
    std::string bid;  // a groups.bids id with a quote_discount
    int term_months = 12;
    SourcePos pos;
};

struct GroupValueTier {
    std::string id;
    std::string name;
    double min_score = 0.0;  // the last tier takes every lower score
    // Rewards by value tier (贡献度大优惠多, section 29): a monthly cost per intact group in the
    // tier, and a factor on a bid's switch probability.
    Money reward_monthly;
    double bid_multiplier = 1.0;
};

struct GroupValueSpec {
    double weights[models::kValueFactorCount] = {};
    Money revenue_full_score_monthly;       // group revenue that scores 1 on revenue
    Money new_business_full_score_monthly;  // informatization revenue that scores 1
    double growth_full_score = 0.2;         // revenue growth between scores that scores 1
    int tenure_full_score_months = 120;
    int rescore_months = 3;
    std::vector<GroupValueTier> tiers;  // highest first
    Money margin_full_score_monthly;    // group margin that scores 1 on margin (section 29)
    double data_mix_target = 0.5;       // data share of revenue that scores 1 on data_mix
};

struct GroupsSpec {
    std::vector<GroupClass> classes;
    std::vector<GroupAdoption> adoptions;
    std::vector<GroupBid> bids;
    models::SwitchTerms switching;
    double follow_share = 1.0;  // of a switched group's on-net members who follow it
    // Offers (offers: ids) that bind a member in the store to its group: the share of on-net
    // members holding one scales the switch probability (switching.member_bundle_multiplier).
    std::vector<std::string> binding_offers;
    GroupValueSpec value;
    std::vector<NewGroups> new_groups;           // section 29
    std::vector<GroupPriceMatch> price_matches;  // section 29, "Matching the price"

    bool members_in_store() const {
        for (const auto& c : classes)
            if (!c.members_from.empty()) return true;
        return false;
    }
};

}  // namespace offersim::scenario
