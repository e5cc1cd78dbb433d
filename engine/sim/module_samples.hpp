#pragma once
// Each replication's figures from the modules that run beside the customer base (win-back,
// enterprise groups), kept so that a comparison pairs them replication by replication
// (the same seed and replication index in baseline and variant), and the money they add,
// which the headline revenue, cost, margin and NPV include (docs/models.md, section 23).
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace offersim::sim {

struct ModuleSamples {
    // Keyed figures, one value per replication; keys start with "group_" or "win_back_", or
    // "view_" for the per-customer views (engine/sim/customer_views.hpp), which add no money.
    std::vector<std::pair<std::string, std::vector<double>>> figures;
    // Money the operator receives and spends through the modules, in CNY,
    // [replication][month - 1]; empty when no module runs.
    std::vector<std::vector<double>> revenue_cny, cost_cny;

    void add_figure(std::string key, std::vector<double> values);
    // Adds a module's monthly money to the totals.
    void add_money(const std::vector<std::vector<double>>& revenue,
                   const std::vector<std::vector<double>>& cost);
    // 0 when no module adds money.
    double revenue(int replication, int month_index) const;
    double cost(int replication, int month_index) const;
    // nullptr when no module reports the figure.
    const std::vector<double>* figure(std::string_view key) const;
};

}  // namespace offersim::sim
