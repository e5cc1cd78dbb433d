#include "engine/sim/cube_bytes.hpp"

#include "engine/core/error.hpp"

#include <array>
#include <cstring>
#include <type_traits>

namespace offersim::sim {

namespace {

// Each structure's fields, listed once for both directions: `io` is a BytesOut or a BytesIn.
template <typename Io, typename T>
requires std::is_same_v<std::remove_const_t<T>, CohortPayback>
void fields(Io& io, T& c) {
    io(c.cumulative, c.month);
}

template <typename Io, typename T>
requires std::is_same_v<std::remove_const_t<T>, WinBackTally>
void fields(Io& io, T& w) {
    io(w.eligible, w.employees, w.contacted, w.reported, w.confirmed, w.pending, w.contacted_monthly,
       w.reported_monthly, w.confirmed_monthly, w.judged_switchers, w.judged_second_sims,
       w.confirmed_switchers, w.confirmed_second_sims, w.churners_joined);
}

template <typename Io, typename T>
requires std::is_same_v<std::remove_const_t<T>, GroupReplication::ClassTotals>
void fields(Io& io, T& c) {
    io(c.on_net_start, c.total_start, c.on_net_end, c.total_end, c.retained_end, c.switched,
       c.informatization_cny, c.tier_drops);
}

template <typename Io, typename T>
requires std::is_same_v<std::remove_const_t<T>, GroupReplication::GroupEnd>
void fields(Io& io, T& g) {
    io(g.score, g.tier, g.warnings, g.switched);
}

// A field added to a structure below must be added to its list, or a job of several ranks
// would lose it: these size checks make the build say so.
constexpr std::size_t kVector = sizeof(std::vector<double>);
static_assert(sizeof(WinBackTally) == 9 * kVector + 5 * sizeof(double),
              "WinBackTally changed: list the new field in its fields() in cube_bytes.cpp");
static_assert(sizeof(GroupReplication) == 26 * kVector + 9 * sizeof(double),
              "GroupReplication changed: list the new field in its fields() in cube_bytes.cpp");
static_assert(sizeof(CustomerViewCube) == 4 * sizeof(int) + 3 * kVector,
              "CustomerViewCube changed: list the new field in its fields() in cube_bytes.cpp");
static_assert(sizeof(MetricCube) == 6 * sizeof(int) + 7 * kVector + sizeof(CustomerViewCube),
              "MetricCube changed: list the new field in its fields() in cube_bytes.cpp");

template <typename Io, typename T>
requires std::is_same_v<std::remove_const_t<T>, GroupReplication>
void fields(Io& io, T& g) {
    io(g.groups_intact, g.members_on_net, g.members_total, g.retained_original, g.bids, g.switches,
       g.member_revenue_cny, g.informatization_revenue_cny, g.tier_drops, g.marketing_cost_monthly_cny,
       g.groups_by_tier, g.on_net_by_class, g.total_by_class, g.members_on_net_start, g.members_total_start,
       g.marketing_cost_cny, g.switches_expected, g.switches_variance, g.classes, g.groups,
       g.early_exit_fee_cny, g.reward_cost_cny, g.member_cost_cny, g.unified_revenue_cny,
       g.groups_under_agreement, g.renewals, g.price_match_cost_cny, g.price_match_in_bills_cny,
       g.store_member_bills_cny, g.store_unified_bills_cny, g.joiners_revenue_cny, g.price_matches,
       g.early_exits, g.groups_new, g.members_joined);
}

template <typename Io, typename T>
requires std::is_same_v<std::remove_const_t<T>, CustomerViewCube>
void fields(Io& io, T& v) {
    io(v.replications, v.months, v.levels, v.bands, v.by_level, v.by_band, v.margin);
}

template <typename Io, typename T>
requires std::is_same_v<std::remove_const_t<T>, MetricCube>
void fields(Io& io, T& c) {
    io(c.replications, c.months, c.segments, c.tiers, c.offers, c.values, c.active_by_tier, c.offer_values,
       c.cohort_payback, c.migrations, c.views, c.win_back, c.group_runs);
}

template <typename Io, typename T>
requires std::is_same_v<std::remove_const_t<T>, ContractTail>
void fields(Io& io, T& t) {
    io(t.customers, t.months_left);
}

template <typename Io, typename T>
requires std::is_same_v<std::remove_const_t<T>, ShardMonth::CohortMargin>
void fields(Io& io, T& c) {
    io(c.index, c.margin);
}

static_assert(sizeof(ShardMonth) ==
                  sizeof(std::array<double, kMetricCount>) + 4 * kVector + 2 * sizeof(double),
              "ShardMonth changed: list the new field in its fields() in cube_bytes.cpp");

template <typename Io, typename T>
requires std::is_same_v<std::remove_const_t<T>, ShardMonth>
void fields(Io& io, T& m) {
    io(m.lines, m.active_by_tier, m.offers, m.cohort_margin, m.migrations, m.member_bills_fen,
       m.unified_bills_fen);
}

static_assert(sizeof(WinBackChurner) == 2 * sizeof(std::uint32_t) + sizeof(std::int64_t) + 4 * sizeof(float),
              "WinBackChurner changed: list the new field in its fields() in cube_bytes.cpp");

template <typename Io, typename T>
requires std::is_same_v<std::remove_const_t<T>, WinBackChurner>
void fields(Io& io, T& c) {
    io(c.segment_stream, c.join_month, c.index, c.min_to_us, c.usage);
}

template <typename Io, typename T>
requires std::is_same_v<std::remove_const_t<T>, LockstepRun>
void fields(Io& io, T& run) {
    io(run.cubes, run.cannibalised, run.tails);
}

class BytesOut {
public:
    template <typename... T>
    void operator()(const T&... values) {
        (put(values), ...);
    }
    std::string take() { return std::move(bytes_); }

private:
    template <typename T>
    void put(const T& value) {
        if constexpr (std::is_arithmetic_v<T>) {
            raw(&value, sizeof value);
        } else {
            fields(*this, value);
        }
    }
    template <typename T>
    void put(const std::vector<T>& values) {
        put(static_cast<std::uint64_t>(values.size()));
        if constexpr (std::is_arithmetic_v<T>)
            raw(values.data(), values.size() * sizeof(T));
        else
            for (const auto& v : values) put(v);
    }
    template <typename T, std::size_t N>
    void put(const std::array<T, N>& values) {
        static_assert(std::is_arithmetic_v<T>);
        raw(values.data(), N * sizeof(T));
    }
    void raw(const void* p, std::size_t n) {
        if (n > 0) bytes_.append(static_cast<const char*>(p), n);
    }

    std::string bytes_;
};

class BytesIn {
public:
    explicit BytesIn(std::string_view bytes) : bytes_(bytes) {}
    template <typename... T>
    void operator()(T&... values) {
        (get(values), ...);
    }
    bool at_end() const { return at_ == bytes_.size(); }

private:
    template <typename T>
    void get(T& value) {
        if constexpr (std::is_arithmetic_v<T>) {
            raw(&value, sizeof value);
        } else {
            fields(*this, value);
        }
    }
    template <typename T>
    void get(std::vector<T>& values) {
        std::uint64_t n = 0;
        get(n);
        // Each element takes at least one byte: a count past the bytes left is corrupt.
        require(n <= bytes_.size() - at_, "a rank's figures are cut short ({} elements announced)", n);
        values.resize(static_cast<std::size_t>(n));
        if constexpr (std::is_arithmetic_v<T>)
            raw(values.data(), values.size() * sizeof(T));
        else
            for (auto& v : values) get(v);
    }
    template <typename T, std::size_t N>
    void get(std::array<T, N>& values) {
        static_assert(std::is_arithmetic_v<T>);
        raw(values.data(), N * sizeof(T));
    }
    void raw(void* p, std::size_t n) {
        if (n == 0) return;  // an empty vector's data() may be null, which memcpy may not take
        require(n <= bytes_.size() - at_, "a rank's figures are cut short");
        std::memcpy(p, bytes_.data() + at_, n);
        at_ += n;
    }

    std::string_view bytes_;
    std::size_t at_ = 0;
};

template <typename T>
std::string to_bytes(const T& value) {
    BytesOut out;
    out(value);
    return out.take();
}

template <typename T>
T from_bytes(std::string_view bytes, T value) {
    BytesIn in(bytes);
    in(value);
    require(in.at_end(), "a rank's figures run on past their end");
    return value;
}

}  // namespace

std::string cube_bytes(const MetricCube& cube) {
    return to_bytes(cube);
}

MetricCube cube_from_bytes(std::string_view bytes) {
    return from_bytes(bytes, MetricCube(0, 0, 0, 0, 0));
}

std::string lockstep_bytes(const LockstepRun& run) {
    return to_bytes(run);
}

LockstepRun lockstep_from_bytes(std::string_view bytes) {
    return from_bytes(bytes, LockstepRun{});
}

std::string shard_months_bytes(const std::vector<ShardMonth>& months, ShardRange range) {
    BytesOut out;
    for (std::size_t s = range.first; s < range.first + range.count; ++s) out(months[s]);
    return out.take();
}

void read_shard_months(std::string_view bytes, std::vector<ShardMonth>& months, ShardRange range) {
    BytesIn in(bytes);
    for (std::size_t s = range.first; s < range.first + range.count; ++s) in(months[s]);
    require(in.at_end(), "a rank's shard months run on past their end");
}

std::string lockstep_month_bytes(const std::vector<std::vector<ShardMonth>*>& months,
                                 const std::vector<std::vector<double>>& slots, const LockstepPart& part) {
    BytesOut out;
    for (std::size_t p = 0; p < months.size(); ++p) {
        const ShardRange shards = part.shards[p];
        for (std::size_t s = shards.first; s < shards.first + shards.count; ++s) out((*months[p])[s]);
    }
    for (std::size_t u = part.groups.first; u < part.groups.first + part.groups.count; ++u) out(slots[u]);
    return out.take();
}

void read_lockstep_month(std::string_view bytes, const std::vector<std::vector<ShardMonth>*>& months,
                         std::vector<std::vector<double>>& slots, const LockstepPart& part) {
    BytesIn in(bytes);
    for (std::size_t p = 0; p < months.size(); ++p) {
        const ShardRange shards = part.shards[p];
        for (std::size_t s = shards.first; s < shards.first + shards.count; ++s) in((*months[p])[s]);
    }
    for (std::size_t u = part.groups.first; u < part.groups.first + part.groups.count; ++u) {
        const std::size_t width = slots[u].size();
        in(slots[u]);
        require(slots[u].size() == width, "a rank's cannibalised revenue has {} offers, not {}",
                slots[u].size(), width);
    }
    require(in.at_end(), "a rank's lockstep month runs on past its end");
}

std::string pool_churners_bytes(const std::vector<std::vector<WinBackChurner>>& by_shard, ShardRange range) {
    BytesOut out;
    out(static_cast<std::uint64_t>(range.first), static_cast<std::uint64_t>(range.count));
    for (std::size_t s = range.first; s < range.first + range.count; ++s) out(by_shard[s]);
    return out.take();
}

void read_pool_churners(std::string_view bytes, std::vector<std::vector<WinBackChurner>>& by_shard) {
    BytesIn in(bytes);
    std::uint64_t first = 0, count = 0;
    in(first, count);
    require(first <= by_shard.size() && count <= by_shard.size() - first,
            "a rank's pool churners name shards {} to {} of {}", first, first + count, by_shard.size());
    for (std::uint64_t s = first; s < first + count; ++s) in(by_shard[static_cast<std::size_t>(s)]);
    require(in.at_end(), "a rank's pool churners run on past their end");
}

std::string counts_bytes(const std::vector<std::int64_t>& counts) {
    return to_bytes(counts);
}

std::vector<std::int64_t> read_counts(std::string_view bytes) {
    return from_bytes(bytes, std::vector<std::int64_t>{});
}

}  // namespace offersim::sim
