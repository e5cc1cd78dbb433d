// The month's loop for customers who can hold offers, on a path that splits voice and
// rounds every line half up (engine/sim/bill_loop.hpp): no line loads its tier's rule or
// settles a tie, which were 6 of the loop's gathers by tier and a fifth of its arithmetic.
#include "engine/sim/bill_loop_impl.hpp"

namespace offersim::sim::detail {

void bill_with_offers_half_up(const BillPath& path, const SimulationPlan& plan, CustomerStore& store,
                              const Shard& shard, const Cohort& cohort, int month, PhiloxKey key,
                              ShardMonth& out, Scratch& scratch) {
    bill_at_rating<Terms::offers, Rating::split_half_up>(path, plan, store, shard, cohort, month, key, out,
                                                         scratch);
}

}  // namespace offersim::sim::detail
