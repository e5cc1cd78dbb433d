#include "engine/sim/plan_tables.hpp"

#include <fmt/format.h>
#include <map>
#include <mutex>
#include <string>

namespace offersim::sim {

namespace {

// Beyond this many bytes of tables the memo starts afresh: a long sweep over a churn
// parameter would otherwise keep every point's tables.
constexpr std::size_t kMaxMemoBytes = std::size_t{256} << 20;

class TableMemo {
public:
    template <typename Compute>
    std::vector<float> get(const std::string& key, Compute&& compute) {
        {
            const std::lock_guard<std::mutex> lock(mutex_);
            if (const auto it = tables_.find(key); it != tables_.end()) {
                ++counts_.reused;
                return it->second;
            }
        }
        std::vector<float> table = compute();  // outside the lock: compiles may run side by side
        const std::lock_guard<std::mutex> lock(mutex_);
        ++counts_.computed;
        if (bytes_ + table.size() * sizeof(float) > kMaxMemoBytes) {
            tables_.clear();
            bytes_ = 0;
        }
        if (tables_.emplace(key, table).second) bytes_ += table.size() * sizeof(float);
        return table;
    }
    PlanTableCounts counts() {
        const std::lock_guard<std::mutex> lock(mutex_);
        return counts_;
    }

private:
    std::mutex mutex_;
    std::map<std::string, std::vector<float>> tables_;
    std::size_t bytes_ = 0;
    PlanTableCounts counts_;
};

TableMemo& memo() {
    static TableMemo instance;
    return instance;
}

// Every value a table depends on, doubles in hexadecimal so that keys differ whenever values do.
// A field added to Distribution or HazardCurve must join these keys: the sizes below trip then.
static_assert(sizeof(models::Distribution) == 24, "a new field of Distribution must join memo_atoms' key");
static_assert(sizeof(models::HazardCurve) == 72, "a new field of HazardCurve must join curve_key");
std::string curve_key(const models::HazardCurve& c) {
    std::string key = fmt::format("{}:{:a}:{:a}:{:a}:{:a}:{:a}", static_cast<int>(c.model), c.monthly_hazard,
                                  c.weibull_scale_months, c.weibull_shape, c.sbg_alpha, c.sbg_beta);
    for (const auto& b : c.bands) key += fmt::format(":{}={:a}", b.from_month, b.monthly_hazard);
    return key;
}

}  // namespace

std::vector<float> memo_atoms(const models::Distribution& d, int n) {
    return memo().get(fmt::format("atoms:{}:{:a}:{:a}:{}", static_cast<int>(d.kind), d.mean, d.cv, n),
                      [&] { return models::equal_probability_atoms(d, n); });
}

std::vector<float> memo_hazard_table(const models::HazardCurve& curve, int months) {
    return memo().get(fmt::format("hazard:{}:{}", curve_key(curve), months),
                      [&] { return models::hazard_table(curve, months); });
}

std::vector<float> memo_propensity_atoms(const models::HazardCurve& curve,
                                         const std::vector<int>& completed_months, int n) {
    std::string key = fmt::format("theta:{}:{}", curve_key(curve), n);
    for (const int m : completed_months) key += fmt::format(",{}", m);
    return memo().get(key, [&] { return models::propensity_atoms(curve, completed_months, n); });
}

PlanTableCounts plan_table_counts() {
    return memo().counts();
}

}  // namespace offersim::sim
