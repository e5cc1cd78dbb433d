#include "engine/sim/target_list.hpp"

#include "engine/data/customer_extract.hpp"
#include "engine/sim/plan.hpp"
#include "engine/sim/rerating.hpp"
#include "models/rating.hpp"
#include "models/win_back.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <cmath>
#include <map>
#include <vector>

namespace offersim::sim {

namespace {

// A listed customer, held until the lists are ranked.
struct ListedCustomer {
    std::string id;
    int segment = 0;
    std::string region;
    std::string manager;
    int grade = 0;  // 0: none, k: level k - 1
    Money bill;
    double risk = 0.0;
    bool win_back = false;
    std::uint32_t line = 0;
};

// The VIP level the scenario's bands give a bill: the highest whose lower edge it reaches.
int vip_grade(const scenario::VipGrading& vip, Money bill) {
    int grade = 0;
    if (!vip.enabled) return 0;
    for (std::size_t k = 0; k < vip.levels.size(); ++k)
        if (bill >= vip.levels[k].min_avg_spend) grade = static_cast<int>(k) + 1;
    return grade;
}

std::string csv_text(std::string_view text) {
    if (text.find_first_of(",\"\n") == std::string_view::npos) return std::string(text);
    std::string quoted = "\"";
    for (const char c : text) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
    return quoted + "\"";
}

}  // namespace

TargetList build_target_list(const scenario::Scenario& sc, const std::filesystem::path& extract,
                             data::TextEncoding encoding, int as_of) {
    const SimulationPlan plan = compile_plan(sc);
    const RatingTariff tariff = RatingTariff::of(sc.tiers);
    data::ExtractNames names;
    for (const auto& s : sc.segments) names.segments.push_back(s.id);
    for (const auto& t : sc.tiers) names.tiers.push_back(t.id);
    if (sc.vip_grading.enabled)
        for (const auto& l : sc.vip_grading.levels) names.vip_levels.push_back(l.id);
    const int base_months = sc.win_back ? sc.win_back->base_months : 0;
    std::vector<std::string> optional = {"manager"};
    for (int m = 1; m <= base_months; ++m) optional.push_back(fmt::format("min_to_us_{}", m));
    const std::size_t manager_column = data::kExtractColumns.size();

    std::vector<ListedCustomer> all;
    std::vector<double> minutes(static_cast<std::size_t>(base_months));
    TargetList out;
    out.encoding = data::read_extract_rows(
        extract, names, as_of, encoding, optional, [&](const data::ExtractRow& r, calibration::CsvRow& row) {
            ++out.rows;
            const data::ExtractCustomer& c = r.customer;
            const models::UsageUnits use{std::llround(c.voice_min * 60.0), std::llround(c.data_mb * 1024.0),
                                         std::llround(c.sms)};
            Money bill = models::rate_bill(tariff.terms[c.tier], use).total();
            bill = std::max(bill, tariff.min_spend[c.tier]);
            ListedCustomer k;
            k.segment = r.segment;
            k.grade = vip_grade(sc.vip_grading, bill);
            k.bill = bill;
            const auto& seg = plan.segments[static_cast<std::size_t>(r.segment)];
            const float h = seg.hazard[std::min<std::size_t>(c.tenure_months, seg.hazard.size() - 1)];
            const float level = plan.behaviour.level_multiplier.empty()
                                    ? 1.0f
                                    : plan.behaviour.level_multiplier[static_cast<std::size_t>(k.grade)];
            k.risk = static_cast<double>(h) * level * static_cast<double>(bill.fen);
            bool has_minutes = base_months > 0;
            for (int m = 0; m < base_months; ++m) {
                const std::size_t column = manager_column + 1 + static_cast<std::size_t>(m);
                if (!row.has(column) || row.text(column).empty()) {
                    has_minutes = false;
                    break;
                }
                minutes[static_cast<std::size_t>(m)] =
                    row.number(column, optional[column - manager_column], 0.0);
            }
            if (has_minutes && row.ok()) {
                models::TrafficRule rule = sc.win_back->rule;
                for (const auto& region : sc.win_back->regions)
                    if (region.id == r.region) rule = region.rule;
                k.win_back = models::meets_traffic_rule(minutes, rule);
            }
            if (!row.ok()) return;
            k.id = std::string(r.id);
            k.region = std::string(r.region);
            k.manager = std::string(row.text(manager_column));
            k.line = c.line;
            all.push_back(std::move(k));
        });

    // Each retention campaign's list: the highest risk of its segments, up to its monthly
    // contacts (ties: the earlier line, so the list does not depend on anything else).
    std::vector<std::uint8_t> retained(all.size(), 0);
    for (const auto& campaign : sc.retention_campaigns) {
        std::vector<std::size_t> pool;
        for (std::size_t i = 0; i < all.size(); ++i) {
            const std::string& id = sc.segments[static_cast<std::size_t>(all[i].segment)].id;
            if (campaign.segments.empty() ||
                std::find(campaign.segments.begin(), campaign.segments.end(), id) != campaign.segments.end())
                pool.push_back(i);
        }
        const auto take =
            std::min<std::size_t>(pool.size(), static_cast<std::size_t>(campaign.contacts_per_month));
        std::partial_sort(pool.begin(), pool.begin() + static_cast<std::ptrdiff_t>(take), pool.end(),
                          [&](std::size_t a, std::size_t b) {
                              return all[a].risk != all[b].risk ? all[a].risk > all[b].risk
                                                                : all[a].line < all[b].line;
                          });
        for (std::size_t j = 0; j < take; ++j) retained[pool[j]] = 1;
    }

    struct Count {
        std::int64_t win_back = 0;
        std::int64_t retention = 0;
    };
    std::map<std::string, Count> by_region;
    std::map<std::string, Count> by_manager;
    out.list_csv = "id,list,segment,region,manager,vip_grade,bill_cny,risk_score\n";
    for (std::size_t i = 0; i < all.size(); ++i) {
        const ListedCustomer& k = all[i];
        const std::string grade =
            k.grade == 0 ? "" : sc.vip_grading.levels[static_cast<std::size_t>(k.grade - 1)].id;
        for (const auto& [listed, name] :
             {std::pair{k.win_back, "win_back"}, std::pair{retained[i] == 1, "retention"}}) {
            if (!listed) continue;
            out.list_csv +=
                fmt::format("{},{},{},{},{},{},{},{:.1f}\n", csv_text(k.id), name,
                            sc.segments[static_cast<std::size_t>(k.segment)].id, csv_text(k.region),
                            csv_text(k.manager), grade, k.bill, k.risk / 100.0);
            const bool wb = std::string_view(name) == "win_back";
            (wb ? by_region[k.region].win_back : by_region[k.region].retention) += 1;
            (wb ? by_manager[k.manager].win_back : by_manager[k.manager].retention) += 1;
            (wb ? out.win_back : out.retention) += 1;
        }
    }
    // Capacity: a region's win-back target; a manager's contacts over the campaign's months.
    out.counts_csv = "by,name,win_back,retention,capacity\n";
    for (const auto& [region, count] : by_region) {
        std::string capacity;
        if (sc.win_back)
            for (const auto& r : sc.win_back->regions)
                if (r.id == region) capacity = fmt::format("{}", r.target);
        out.counts_csv +=
            fmt::format("region,{},{},{},{}\n", csv_text(region), count.win_back, count.retention, capacity);
    }
    for (const auto& [manager, count] : by_manager) {
        std::string capacity;
        if (sc.win_back && !manager.empty()) {
            const int end = sc.win_back->end_month == 0 ? sc.horizon_months : sc.win_back->end_month;
            const int months = end - sc.win_back->start_month + 1;
            capacity = fmt::format("{}", sc.win_back->contacts_per_manager_per_month * months);
        }
        out.counts_csv += fmt::format("manager,{},{},{},{}\n", csv_text(manager), count.win_back,
                                      count.retention, capacity);
    }
    return out;
}

}  // namespace offersim::sim
