#pragma once
// Discounting and payback of monthly cash flows.
#include <optional>
#include <span>

namespace offersim::models {

// Net present value of cash flows at the end of months 1..n, discounted monthly at the
// rate equivalent to `annual_rate`: NPV = sum_t cf_t / (1 + r)^(t / 12).
double net_present_value(std::span<const double> monthly_cash_flows, double annual_rate);

// The first month (1-based) at which the cumulative cash flow is >= 0 and stays so for
// the rest of the horizon; empty when it never pays back.
std::optional<int> payback_month(std::span<const double> monthly_cash_flows);

}  // namespace offersim::models
