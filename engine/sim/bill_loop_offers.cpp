// The month's loop for customers who can hold offers (engine/sim/bill_loop.hpp).
#include "engine/sim/bill_loop_impl.hpp"

namespace offersim::sim::detail {

void bill_with_offers(const BillPath& path, const SimulationPlan& plan, CustomerStore& store,
                      const Shard& shard, const Cohort& cohort, int month, PhiloxKey key, ShardMonth& out,
                      Scratch& scratch) {
    if (path.rating == Rating::split_half_up)
        bill_with_offers_half_up(path, plan, store, shard, cohort, month, key, out, scratch);
    else
        bill_on_path<Terms::offers>(path, plan, store, shard, cohort, month, key, out, scratch);
}

}  // namespace offersim::sim::detail
