#include "engine/sim/module_samples.hpp"

namespace offersim::sim {

namespace {

void accumulate(std::vector<std::vector<double>>& total, const std::vector<std::vector<double>>& add) {
    if (total.size() < add.size()) total.resize(add.size());
    for (std::size_t r = 0; r < add.size(); ++r) {
        if (total[r].size() < add[r].size()) total[r].resize(add[r].size(), 0.0);
        for (std::size_t t = 0; t < add[r].size(); ++t) total[r][t] += add[r][t];
    }
}

double at(const std::vector<std::vector<double>>& money, int replication, int month_index) {
    const auto r = static_cast<std::size_t>(replication);
    const auto t = static_cast<std::size_t>(month_index);
    return r < money.size() && t < money[r].size() ? money[r][t] : 0.0;
}

}  // namespace

void ModuleSamples::add_figure(std::string key, std::vector<double> values) {
    figures.emplace_back(std::move(key), std::move(values));
}

void ModuleSamples::add_money(const std::vector<std::vector<double>>& revenue,
                              const std::vector<std::vector<double>>& cost) {
    accumulate(revenue_cny, revenue);
    accumulate(cost_cny, cost);
}

double ModuleSamples::revenue(int replication, int month_index) const {
    return at(revenue_cny, replication, month_index);
}

double ModuleSamples::cost(int replication, int month_index) const {
    return at(cost_cny, replication, month_index);
}

const std::vector<double>* ModuleSamples::figure(std::string_view key) const {
    for (const auto& [k, values] : figures)
        if (k == key) return &values;
    return nullptr;
}

}  // namespace offersim::sim
