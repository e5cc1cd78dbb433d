#pragma once
// Win-back (回流) of competitors' customers: who is targeted, when a reported win-back is
// confirmed, and how a region's result is scored. The rules are those of a provincial plan
// (Jilin, 2009; docs/models.md "Win-back"): targets call us more than 100 minutes in each of
// five base months and 600 in total; a win-back counts when the old number goes quiet and
// the new number calls the same people; 100% of target scores 4 points, below 90% none.
#include <span>
#include <vector>

namespace offersim::models {

// Outgoing inter-network minutes to us that make a competitor's customer a target: more
// than `min_each_month_min` in every base month and more than `min_total_min` in all.
struct TrafficRule {
    double min_each_month_min = 100.0;
    double min_total_min = 600.0;
};

// True when `base_months_min` (one value per base month) passes `rule`; both bounds are
// strict, as the plan writes them (">100", ">600").
bool meets_traffic_rule(std::span<const double> base_months_min, const TrafficRule& rule);

// The two-part success test. Months are counted from the switch month s (month 0):
// condition 1 looks at months s + first_quiet_month .. s + first_quiet_month + quiet_months - 1.
struct SuccessTest {
    double quiet_share = 0.3;   // old number's monthly minutes to us below this share of its base average
    int first_quiet_month = 2;  // the 2nd calendar month after the switch
    int quiet_months = 2;       // in a row
    int fingerprint_size = 5;   // most-called numbers compared
    int fingerprint_min_overlap = 3;

    // The last month after the switch the test needs: the month a win-back is judged.
    int decision_month() const { return first_quiet_month + quiet_months - 1; }
};

// Condition 1: every month of the quiet window is below quiet_share x base average.
// `old_minutes_after_switch[k]` is month s + 1 + k; it must cover the decision month.
bool old_number_went_quiet(double base_average_min, std::span<const double> old_minutes_after_switch,
                           const SuccessTest& test);

// How many numbers the two lists share (each list holds distinct numbers).
int fingerprint_overlap(std::span<const int> old_top, std::span<const int> new_top);

struct WinBackVerdict {
    bool went_quiet = false;
    int overlap = 0;
    bool fingerprint_matches = false;
    bool confirmed = false;  // both conditions
};

WinBackVerdict judge_win_back(double base_average_min, std::span<const double> old_minutes_after_switch,
                              std::span<const int> old_top, std::span<const int> new_top,
                              const SuccessTest& test);

// The `k` contacts with the most calls, ties going to the lower index: the indices into
// `calls`, most-called first. A contact with no calls is never in the list.
std::vector<int> top_contacts(std::span<const int> calls, int k);

// The Poisson(lambda) distribution tabulated once for many draws: quantile(u) is the
// smallest n with P(N <= n) >= u, found by bisection. Tabulated in log space up to
// lambda + 40 sqrt(lambda) + 40, past which the tail is below double precision.
class PoissonTable {
public:
    explicit PoissonTable(double lambda);
    int quantile(double u) const;

private:
    std::vector<double> cumulative_;
};

// A region's points for reaching `actual` of `target` (target > 0): `full_points` at or
// above the target, 0 below `zero_below` of it, linear in between. With the plan's 4 and
// 0.9: 100% -> 4, 95% -> 2, 89% -> 0, 120% -> 4 (the plan gives no bonus above target).
double regional_score(double actual, double target, double full_points = 4.0, double zero_below = 0.9);

}  // namespace offersim::models
