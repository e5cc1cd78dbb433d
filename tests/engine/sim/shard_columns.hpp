#pragma once
// For the tests that fill a shard's columns by hand: a store creates its customers only as a
// run steps them, so each column the test writes is first sized to cover the shard.
#include "engine/sim/customer_store.hpp"

#include <algorithm>
#include <cstddef>

namespace offersim::sim::test {

template <class... Columns>
void cover_shard(const Shard& shard, Columns&... columns) {
    const auto end = static_cast<std::size_t>(shard.end);
    (columns.resize(std::max(columns.size(), end)), ...);
}

}  // namespace offersim::sim::test
