// The month's loop for customers with only their segment's contracts (engine/sim/bill_loop.hpp).
#include "engine/sim/bill_loop_impl.hpp"

namespace offersim::sim::detail {

void bill_with_contracts(const BillPath& path, const SimulationPlan& plan, CustomerStore& store,
                         const Shard& shard, const Cohort& cohort, int month, PhiloxKey key, ShardMonth& out,
                         Scratch& scratch) {
    bill_on_path<Terms::contracts>(path, plan, store, shard, cohort, month, key, out, scratch);
}

}  // namespace offersim::sim::detail
