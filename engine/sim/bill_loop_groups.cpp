// The month's loop for a segment whose group members may be under unified payment
// (engine/sim/bill_loop.hpp, docs/models.md §28.1).
#include "engine/sim/bill_loop_impl.hpp"

namespace offersim::sim::detail {

void bill_group_members(const BillPath& path, const SimulationPlan& plan, CustomerStore& store,
                        const Shard& shard, const Cohort& cohort, int month, PhiloxKey key, ShardMonth& out,
                        Scratch& scratch) {
    bill_on_path<Terms::offers, true>(path, plan, store, shard, cohort, month, key, out, scratch);
}

}  // namespace offersim::sim::detail
