#pragma once
// An MPI job's exchange between pseudo-ranks that are threads of this process: each puts its
// bytes in its slot and, once every rank has, reads every slot. The tests of what ranks share
// (rank_split_test, margin_sums_test) run their parts on it.
#include <barrier>
#include <cstddef>
#include <functional>
#include <string>
#include <vector>

namespace offersim::sim::test {

class PseudoRanks {
public:
    explicit PseudoRanks(int ranks) : slots_(static_cast<std::size_t>(ranks)), sync_(ranks) {}

    std::vector<std::string> exchange(int rank, const std::function<std::string()>& produce) {
        slots_[static_cast<std::size_t>(rank)] = produce();
        sync_.arrive_and_wait();
        std::vector<std::string> all = slots_;
        sync_.arrive_and_wait();  // no rank writes the next exchange's slot before all have read
        return all;
    }

private:
    std::vector<std::string> slots_;
    std::barrier<> sync_;
};

}  // namespace offersim::sim::test
