// Every number of a run report's executive summary, read back from summary.json: each card's
// value is the headline's mean as shown (to the last place it shows), and revenue − cost is
// the margin as the cards show them.
#include "tests/cli/small_scenario.hpp"

#include <gtest/gtest.h>
#include <cmath>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

using namespace offersim::cli_test;

namespace {

// A card's shown value: the number, its scale (亿, 万, %) and half its last place.
struct Shown {
    double value = 0.0;
    double half_step = 0.0;
};

Shown shown_number(std::string text) {
    double scale = 1.0;
    for (const auto& [suffix, factor] : {std::pair{std::string("亿"), 1e8}, std::pair{std::string("万"), 1e4},
                                         std::pair{std::string("%"), 0.01}})
        if (text.ends_with(suffix)) {
            text.resize(text.size() - suffix.size());
            scale = factor;
        }
    std::string digits;
    for (const char c : text)
        if ((c >= '0' && c <= '9') || c == '.' || c == '-') digits += c;
    const std::size_t point = digits.find('.');
    const int places = point == std::string::npos ? 0 : static_cast<int>(digits.size() - point - 1);
    return {std::stod(digits) * scale, 0.5 * std::pow(10.0, -places) * scale};
}

// The value of each card of the executive summary, by its figure's key.
std::vector<std::pair<std::string, std::string>> card_values(const std::string& html) {
    std::vector<std::pair<std::string, std::string>> cards;
    const std::string open = "<div class=\"card\" data-figure=\"";
    const std::string value = "<div class=\"card-value\">";
    for (std::size_t at = html.find(open); at != std::string::npos; at = html.find(open, at + 1)) {
        const std::size_t key = at + open.size();
        const std::size_t shown = html.find(value, key) + value.size();
        cards.emplace_back(html.substr(key, html.find('"', key) - key),
                           html.substr(shown, html.find("</div>", shown) - shown));
    }
    return cards;
}

TEST(ExecutiveSummary, EveryCardIsSummaryJsonsFigureAndTheShownSumAddsUp) {
    const fs::path dir = fresh_dir("executive-summary");
    const fs::path out = dir / "out";
    const Outcome r = sh(kOffersim + " run " + write_small_scenario(dir).string() + " --out " + out.string());
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto summary = nlohmann::json::parse(read(out / "summary.json"));
    const auto cards = card_values(read(out / "report.html"));
    ASSERT_EQ(cards.size(), 7u);
    std::map<std::string, Shown> shown;
    for (const auto& [key, text] : cards) {
        const Shown card = shown_number(text);
        const double mean = summary["headline"][key]["mean"].get<double>();
        // The margin is revenue − cost as shown, so it may differ from its own rounding by a place.
        const double slack = key == "margin_total_cny" ? 2.0 : 1.0;
        EXPECT_NEAR(card.value, mean, slack * card.half_step + 1e-9) << key << ": " << text;
        shown[key] = card;
    }
    EXPECT_NEAR(shown["revenue_total_cny"].value - shown["cost_total_cny"].value,
                shown["margin_total_cny"].value, 1e-6 * shown["revenue_total_cny"].value)
        << "revenue − cost as shown is the margin as shown";
    fs::remove_all(dir);
}

}  // namespace
