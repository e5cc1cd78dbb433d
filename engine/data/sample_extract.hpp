#pragma once
// A synthetic customer extract (`offersim generate-sample` writes docs/examples/data/
// customers.csv; extract_bench draws 10 million rows): segments `mass` and `vip` of
// docs/examples/customer_extract.yaml, drawn from known distributions with keyed Philox
// draws, so a seed gives the same file on any machine.
#include <cstdint>
#include <string>

namespace offersim::data {

// The extract's month in the shipped sample (initial_base.as_of: 2009-09).
inline constexpr int kSampleAsOf = 2009 * 12 + 9 - 1;

// `rows` customers: a fifth in `vip` (tier plus_88, VIP levels silver and gold), the rest in
// `mass` (basic_38 or plus_88); tenure gamma (mean 30 and 60 months), usage lognormal
// (voice mean 180 and 500 minutes); 30% under a contract ending 1..24 months after as_of;
// regions of Jilin province; one customer in ten in a group.
std::string generate_customer_extract(std::int64_t rows, std::uint64_t seed);

}  // namespace offersim::data
