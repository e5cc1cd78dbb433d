#include "engine/sim/customer_views.hpp"

#include "engine/core/error.hpp"
#include "engine/sim/cube_bytes.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <bit>
#include <optional>
#include <span>

namespace offersim::sim {

namespace {

// The views' share of the margin averages the last this many months of the horizon.
constexpr int kLastMonths = 12;

int level_rows(const SimulationPlan& plan) {
    return static_cast<int>(plan.behaviour.level_ids.size()) + 1;
}

int band_rows(const SimulationPlan& plan) {
    return static_cast<int>(plan.views.arpu_edges_fen.size()) + 1;
}

std::string band_id(double lower_cny, double upper_cny, bool last) {
    return last ? fmt::format("{}+", lower_cny) : fmt::format("{}-{}", lower_cny, upper_cny);
}

// A row's bands over replications, from its figure `at(rep, month, figure)`.
template <typename At>
CustomerViewRow summarise_row(const CustomerViewCube& cube, At&& at) {
    using F = CustomerViewCube::Figure;
    CustomerViewRow row;
    const auto reps = static_cast<std::size_t>(cube.replications);
    std::vector<double> headcount_sum(reps, 0.0), revenue_sum(reps, 0.0);
    for (int m = 0; m < cube.months; ++m) {
        std::vector<double> heads(reps), revenue(reps);
        for (std::size_t r = 0; r < reps; ++r) {
            heads[r] = at(static_cast<int>(r), m, F::headcount);
            revenue[r] = at(static_cast<int>(r), m, F::revenue) / 100.0;
            headcount_sum[r] += heads[r];
            revenue_sum[r] += at(static_cast<int>(r), m, F::revenue);
        }
        row.headcount.push_back(summarise(std::move(heads)));
        row.revenue_cny.push_back(summarise(std::move(revenue)));
    }
    std::vector<double> mean_heads(reps), total_revenue(reps);
    std::vector<std::optional<double>> arpu(reps);
    for (std::size_t r = 0; r < reps; ++r) {
        mean_heads[r] = headcount_sum[r] / cube.months;
        total_revenue[r] = revenue_sum[r] / 100.0;
        if (headcount_sum[r] > 0.0) arpu[r] = revenue_sum[r] / headcount_sum[r] / 100.0;
    }
    row.headcount_mean = summarise(std::move(mean_heads));
    row.revenue_total_cny = summarise(std::move(total_revenue));
    row.arpu_cny = summarise_defined(arpu);
    return row;
}

}  // namespace

std::size_t customer_view_bytes_per_customer(const SimulationPlan& plan) {
    return plan.views.enabled ? sizeof(double) : 0;
}

double customer_view_figure_bytes(const SimulationPlan& plan, int replications) {
    if (!plan.views.enabled) return 0.0;
    constexpr int kFigures = CustomerViewCube::figure_count;
    constexpr int kMarginFigures = CustomerViewCube::margin_figure_count;
    const double rows = level_rows(plan) + band_rows(plan);
    const double per_month = rows * kFigures + kMarginFigures;
    const auto shards = static_cast<double>(CustomerStore::layout(plan).shards.size());
    return 8.0 * (static_cast<double>(replications) * plan.horizon_months * per_month +
                  shards * (rows * kFigures + 1.0)) +
           MarginSelection::bytes();
}

CustomerViewCube make_customer_view_cube(const SimulationPlan& plan, int replications) {
    if (!plan.views.enabled) return {};
    return CustomerViewCube(replications, plan.horizon_months, level_rows(plan), band_rows(plan));
}

int arpu_band(const std::vector<double>& edges_fen, double revenue_fen) {
    return static_cast<int>(std::upper_bound(edges_fen.begin(), edges_fen.end(), revenue_fen) -
                            edges_fen.begin());
}

CustomerViewRecorder::CustomerViewRecorder(const SimulationPlan& plan, const CustomerStore& store,
                                           std::optional<ShardRange> touched)
    : edges_fen_(plan.views.arpu_edges_fen),
      levels_(level_rows(plan)),
      bands_(band_rows(plan)),
      touched_(touched.value_or(ShardRange{0, store.shards().size()})),
      first_customer_(customers_of(store.shards(), touched_).first),
      tallies_(store.shards().size(),
               std::vector<double>(static_cast<std::size_t>(level_rows(plan) + band_rows(plan)) *
                                       CustomerViewCube::figure_count,
                                   0.0)),
      billed_(store.shards().size(), 0),
      margins_(static_cast<std::size_t>(customers_of(store.shards(), touched_).last - first_customer_), 0.0) {
}

void CustomerViewRecorder::record(std::size_t s, const Shard& shard, const ShardCustomers& c) {
    constexpr int kFigures = CustomerViewCube::figure_count;
    std::vector<double>& t = tallies_[s];
    std::fill(t.begin(), t.end(), 0.0);
    double* const margins = margins_.data() + (shard.begin - first_customer_);
    std::int64_t kept = 0;
    for (std::int64_t j = 0; j < shard.end - shard.begin; ++j) {
        if (!c.billed[j]) continue;
        const double revenue = c.revenue[j];
        const auto level_row = static_cast<std::size_t>(c.level[j]) * kFigures;
        const auto band_row = static_cast<std::size_t>(levels_ + arpu_band(edges_fen_, revenue)) * kFigures;
        t[level_row + CustomerViewCube::headcount] += 1.0;
        t[level_row + CustomerViewCube::revenue] += revenue;
        t[band_row + CustomerViewCube::headcount] += 1.0;
        t[band_row + CustomerViewCube::revenue] += revenue;
        margins[kept++] = revenue - c.cost[j];
    }
    billed_[s] = kept;
}

void CustomerViewRecorder::share_tallies(const ShardShare& share) {
    // Each rank's shards' tallies, bit for bit (doubles as their bits), after their range.
    const std::vector<std::string> parts = share.exchange([&] {
        std::vector<std::int64_t> words{static_cast<std::int64_t>(share.mine.first),
                                        static_cast<std::int64_t>(share.mine.count)};
        for (std::size_t s = share.mine.first; s < share.mine.first + share.mine.count; ++s)
            for (const double x : tallies_[s]) words.push_back(std::bit_cast<std::int64_t>(x));
        return counts_bytes(words);
    });
    const std::size_t width = tallies_.front().size();
    for (const std::string& bytes : parts) {
        const std::vector<std::int64_t> words = read_counts(bytes);
        require(words.size() >= 2, "a rank's view tallies are cut ({} words)", words.size());
        const auto first = static_cast<std::size_t>(words[0]);
        const auto count = static_cast<std::size_t>(words[1]);
        require(words[0] >= 0 && words[1] >= 0 && first <= tallies_.size() &&
                    count <= tallies_.size() - first && words.size() == 2 + count * width,
                "a rank's view tallies name shards {} to {} of {} in {} words", words[0], words[0] + words[1],
                tallies_.size(), words.size());
        for (std::size_t k = 0; k < count; ++k)
            for (std::size_t f = 0; f < width; ++f)
                tallies_[first + k][f] = std::bit_cast<double>(words[2 + k * width + f]);
    }
}

std::size_t CustomerViewRecorder::gather_margins(int month, const CustomerStore& store) {
    // Shards lie in store order, so the margins move towards the front without overwriting
    // any not yet moved. Their order does not change the sums; it keeps the moves safe.
    std::size_t kept = 0;
    for (std::size_t s = touched_.first; s < touched_.first + touched_.count; ++s) {
        const Shard& shard = store.shards()[s];
        if (store.cohorts()[static_cast<std::size_t>(shard.cohort)].join_month > month) continue;
        const auto from = margins_.begin() + (shard.begin - first_customer_);
        const auto to = margins_.begin() + static_cast<std::ptrdiff_t>(kept);
        if (from != to) std::copy(from, from + billed_[s], to);
        kept += static_cast<std::size_t>(billed_[s]);
    }
    return kept;
}

void CustomerViewRecorder::finish_month(int rep, int month, const CustomerStore& store,
                                        CustomerViewCube& cube, const ShardShare* share) {
    using F = CustomerViewCube::Figure;
    const int m = month - 1;
    const auto& shards = store.shards();
    if (share) share_tallies(*share);
    for (std::size_t s = 0; s < shards.size(); ++s) {
        // A shard whose cohort has not joined keeps an earlier replication's tallies.
        if (store.cohorts()[static_cast<std::size_t>(shards[s].cohort)].join_month > month) continue;
        const std::vector<double>& t = tallies_[s];
        for (int f = 0; f < CustomerViewCube::figure_count; ++f) {
            for (int l = 0; l < levels_; ++l)
                cube.level_at(rep, m, l, static_cast<F>(f)) +=
                    t[static_cast<std::size_t>(l) * CustomerViewCube::figure_count + f];
            for (int b = 0; b < bands_; ++b)
                cube.band_at(rep, m, b, static_cast<F>(f)) +=
                    t[static_cast<std::size_t>(levels_ + b) * CustomerViewCube::figure_count + f];
        }
    }
    const std::span<double> margins(margins_.data(), gather_margins(month, store));
    const MarginSums sums = share ? selection_.sum(margins, share->exchange) : selection_.sum(margins);
    cube.margin_at(rep, m, CustomerViewCube::billed) = static_cast<double>(sums.billed);
    cube.margin_at(rep, m, CustomerViewCube::all) = sums.all;
    cube.margin_at(rep, m, CustomerViewCube::top_fifth) = sums.top_fifth;
}

CustomerViewResults summarise_customer_views(const SimulationPlan& plan, const CustomerViewCube& cube) {
    CustomerViewResults v;
    if (!cube.enabled()) return v;
    for (int l = 0; l < cube.levels; ++l) {
        CustomerViewRow row = summarise_row(
            cube, [&](int rep, int m, CustomerViewCube::Figure f) { return cube.level_at(rep, m, l, f); });
        row.id = l == 0 ? "none" : plan.behaviour.level_ids[static_cast<std::size_t>(l - 1)];
        v.vip_levels.push_back(std::move(row));
    }
    const std::vector<double>& edges = plan.views.arpu_edges_fen;
    for (int b = 0; b < cube.bands; ++b) {
        CustomerViewRow row = summarise_row(
            cube, [&](int rep, int m, CustomerViewCube::Figure f) { return cube.band_at(rep, m, b, f); });
        const auto i = static_cast<std::size_t>(b);
        const bool last = i == edges.size();
        row.lower_cny = b == 0 ? 0.0 : edges[i - 1] / 100.0;
        row.upper_cny = last ? 0.0 : edges[i] / 100.0;
        row.id = band_id(row.lower_cny, row.upper_cny, last);
        v.arpu_bands.push_back(std::move(row));
    }
    const auto reps = static_cast<std::size_t>(cube.replications);
    v.last_months = std::min(kLastMonths, cube.months);
    std::vector<double> last_sum(reps, 0.0);
    std::vector<int> last_count(reps, 0);
    for (int m = 0; m < cube.months; ++m) {
        std::vector<std::optional<double>> share(reps);
        for (std::size_t r = 0; r < reps; ++r) {
            const int rep = static_cast<int>(r);
            const double all = cube.margin_at(rep, m, CustomerViewCube::all);
            if (cube.margin_at(rep, m, CustomerViewCube::billed) == 0.0 || all <= 0.0) continue;
            share[r] = cube.margin_at(rep, m, CustomerViewCube::top_fifth) / all;
            if (m >= cube.months - v.last_months) {
                last_sum[r] += *share[r];
                last_count[r] += 1;
            }
        }
        v.top_fifth_margin_share.push_back(summarise_defined(share));
    }
    std::vector<std::optional<double>> last(reps);
    for (std::size_t r = 0; r < reps; ++r)
        if (last_count[r] > 0) last[r] = last_sum[r] / last_count[r];
    v.top_fifth_margin_share_last_12 = summarise_defined(last);
    return v;
}

void add_customer_view_samples(const SimulationPlan& plan, const CustomerViewCube& cube,
                               ModuleSamples& samples) {
    if (!cube.enabled()) return;
    const auto reps = static_cast<std::size_t>(cube.replications);
    const auto revenue_cny = [&](const auto& at) {
        std::vector<double> v(reps, 0.0);
        for (std::size_t r = 0; r < reps; ++r)
            for (int m = 0; m < cube.months; ++m) v[r] += at(static_cast<int>(r), m) / 100.0;
        return v;
    };
    for (int l = 0; l < cube.levels; ++l) {
        const std::string id = l == 0 ? "none" : plan.behaviour.level_ids[static_cast<std::size_t>(l - 1)];
        samples.add_figure("view_revenue_vip." + id + "_cny", revenue_cny([&](int rep, int m) {
                               return cube.level_at(rep, m, l, CustomerViewCube::revenue);
                           }));
    }
    const std::vector<double>& edges = plan.views.arpu_edges_fen;
    for (int b = 0; b < cube.bands; ++b) {
        const auto i = static_cast<std::size_t>(b);
        const bool last = i == edges.size();
        const std::string id =
            band_id(b == 0 ? 0.0 : edges[i - 1] / 100.0, last ? 0.0 : edges[i] / 100.0, last);
        samples.add_figure("view_revenue_arpu." + id + "_cny", revenue_cny([&](int rep, int m) {
                               return cube.band_at(rep, m, b, CustomerViewCube::revenue);
                           }));
    }
    // The same months and the same per-month rule as summarise_customer_views.
    const int last_months = std::min(kLastMonths, cube.months);
    std::vector<double> share(reps, 0.0);
    for (std::size_t r = 0; r < reps; ++r) {
        const int rep = static_cast<int>(r);
        double sum = 0.0;
        int count = 0;
        for (int m = cube.months - last_months; m < cube.months; ++m) {
            const double all = cube.margin_at(rep, m, CustomerViewCube::all);
            if (cube.margin_at(rep, m, CustomerViewCube::billed) == 0.0 || all <= 0.0) continue;
            sum += cube.margin_at(rep, m, CustomerViewCube::top_fifth) / all;
            count += 1;
        }
        if (count > 0) share[r] = sum / count;
    }
    samples.add_figure("view_top_fifth_margin_share", std::move(share));
}

}  // namespace offersim::sim
