#pragma once
// Each month, the odds ratio of leaving of every customer of a segment that answers prices
// (docs/models.md, "Price response"): their usual bill against the same customer's usual
// bill at the reference prices. A scalar pass before the vectorised month, since exp does
// not vectorise under the project's exact-math flags.
#include "engine/sim/customer_store.hpp"
#include "engine/sim/plan.hpp"

#include <cstdint>
#include <span>

namespace offersim::sim {

// The usual bill a customer weighs when deciding whether to stay, in fen: the fee or
// bundle fee, overage at mean usage rated as billed, the tier's minimum spend and, while a
// contract runs, its floor less its device subsidy spread over the contract's months.
double held_bill_fen(const SimulationPlan& plan, const SegmentPlan& seg, int tier, int offer,
                     bool in_contract, float voice, float data, float sms);

// The rival alternative's bill, in fen, for a customer of mean usage (voice, data, sms):
// the lowest among `options` of `table`, each its fee and overage as billed and its
// minimum spend, less its handset deal's monthly worth. `price` gives the split of minutes.
double rival_bill_fen(const TierTable& table, const SegmentPlan& seg, const std::vector<RivalOption>& options,
                      float voice, float data, float sms);

// The table PricePlan::reference_rivals are rated in: the reference's own tiers at parity,
// else its rivals'.
const TierTable& reference_rival_table(const SimulationPlan& reference, const PricePlan& price);

// A customer's plan-choice event this month (docs/models.md, section 19, "At choice
// events"): how much more staying with us is worth than at the reference prices, in fen a
// month, from the log-sum over our menu against the reference's. The month's leaving weighs
// it in place of the held bill's change.
struct ChoiceEvent {
    std::int64_t customer = 0;
    double stay_gain_fen = 0.0;
};

// Brings CustomerStore::price_odds of each active customer of `shard` up to date for
// `month`: the odds ratio of the leave equation (docs/models.md, "Price response" and
// "Rivals"), recomputed only when the customer's tier, offer, contract state or the rivals'
// state differs from when it was last computed, and for the customers at a choice event
// (`events`, in customer order) from the gain in the value of staying; those are computed
// afresh the next month. `seg` must answer prices.
void update_leave_odds(const SimulationPlan& plan, CustomerStore& store, const Shard& shard,
                       const SegmentPlan& seg, int month, std::span<const ChoiceEvent> events = {});

// What a customer's leave odds were computed for (CustomerStore::price_odds_key): tier, offer,
// whether in contract and the rivals' state; never 0 (bit 24), so 0 marks odds computed at a
// choice event.
std::uint32_t leave_odds_key(std::uint32_t tier, std::uint32_t offer, bool in_contract,
                             std::uint32_t rival_state);

// The active customers of `shard` whose leave odds are stale in `month`, in customer order:
// their key differs from the one stored, or they are at a choice event (`events`, customers of
// `shard`). The list lives until the next call on this thread.
std::span<const std::int64_t> customers_with_stale_odds(const CustomerStore& store, const Shard& shard,
                                                        int month, std::uint32_t rival_state,
                                                        std::span<const ChoiceEvent> events);

}  // namespace offersim::sim
