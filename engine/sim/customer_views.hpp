#pragma once
// The per-customer views (docs/models.md, "Per-customer views"): while the customers are
// stepped, each shard tallies its billed customers' headcount and revenue by VIP level and
// by ARPU band and keeps their margins; after the month the tallies are added in shard order
// and the margins of the whole base are summed and ranked exactly (engine/sim/margin_sums.hpp),
// so every figure is the same for any thread count, and for any ranks of a job that share
// the shards.
#include "engine/sim/customer_store.hpp"
#include "engine/sim/customer_view_cube.hpp"
#include "engine/sim/customer_view_results.hpp"
#include "engine/sim/margin_sums.hpp"
#include "engine/sim/module_samples.hpp"
#include "engine/sim/plan.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

namespace offersim::sim {

// What the views hold per customer when on: the month's margin of each billed customer, for
// the ranking (a double, so that the ranking and its sums are exact); 0 when off. Where the
// ranks of a job share the shards, each holds its own customers' only.
std::size_t customer_view_bytes_per_customer(const SimulationPlan& plan);

// What the views' figures hold beside the customers: the cube, each shard's tallies and the
// margins' selection (engine/sim/margin_sums.hpp); 0 when off.
double customer_view_figure_bytes(const SimulationPlan& plan, int replications);

// The views' cube for `plan`: empty when its views are off.
CustomerViewCube make_customer_view_cube(const SimulationPlan& plan, int replications);

// One shard's customers of one month as the views read them, one value each.
struct ShardCustomers {
    const std::uint8_t* billed;  // 1: active in the month
    const std::uint8_t* level;   // VIP level held in the month (0: none)
    const double* revenue;       // fen: bill, top-up, termination fee, forfeited prepay
    const double* cost;          // fen: what the customer's own use and terms cost
};

class CustomerViewRecorder {
public:
    // With `touched`, only those shards are recorded here and only their customers' margins
    // held: the other shards are other ranks' (engine/sim/rank_split.hpp).
    CustomerViewRecorder(const SimulationPlan& plan, const CustomerStore& store,
                         std::optional<ShardRange> touched = std::nullopt);

    // Tallies shard `s` of the month. Safe to call for different shards from different threads.
    void record(std::size_t s, const Shard& shard, const ShardCustomers& customers);
    // After every shard of the month: adds the joined shards' tallies into `cube` in shard
    // order and sums and ranks the base's margins for the top fifth's share. With `share`,
    // the ranks of a job that share the shards first exchange their shards' tallies, then
    // sum and rank their margins together (MarginSelection), so that every rank fills its
    // cube as one process does.
    void finish_month(int rep, int month, const CustomerStore& store, CustomerViewCube& cube,
                      const ShardShare* share = nullptr);

private:
    // Gives every rank the other ranks' shards' tallies of the month.
    void share_tallies(const ShardShare& share);
    // Moves the month's margins of this process's joined shards to the front of margins_, in
    // store order; how many there are.
    std::size_t gather_margins(int month, const CustomerStore& store);

    std::vector<double> edges_fen_;
    int levels_ = 1;
    int bands_ = 1;
    ShardRange touched_;                        // the shards recorded here
    std::int64_t first_customer_ = 0;           // the first customer of those shards
    std::vector<std::vector<double>> tallies_;  // [shard][level rows, then band rows][Figure]
    std::vector<std::int64_t> billed_;          // [shard]: margins kept from the shard's begin
    std::vector<double> margins_;               // [customer of the touched shards]
    MarginSelection selection_;
};

// Each replication's view figures for paired comparisons (docs/models.md §26): revenue to
// the horizon per VIP level ("view_revenue_vip.<id>_cny") and per ARPU band
// ("view_revenue_arpu.<id>_cny"), in CNY, and the top fifth's share of margin over the last
// months ("view_top_fifth_margin_share"; 0 in a replication with no month of positive
// margin). Nothing when the views are off.
void add_customer_view_samples(const SimulationPlan& plan, const CustomerViewCube& cube,
                               ModuleSamples& samples);

// The views' bands over replications; nothing when the views are off.
CustomerViewResults summarise_customer_views(const SimulationPlan& plan, const CustomerViewCube& cube);

// The ARPU band of a revenue: how many of the rising `edges` it reaches.
int arpu_band(const std::vector<double>& edges_fen, double revenue_fen);

}  // namespace offersim::sim
