#pragma once
// A CSV extract with its rows (not its header) in another order, for the tests that re-sorting
// an extract changes nothing (docs/models.md §33).
#include <algorithm>
#include <random>
#include <sstream>
#include <string>
#include <vector>

namespace offersim::sim::test {

inline std::string shuffled_rows(const std::string& csv, unsigned seed) {
    std::istringstream in(csv);
    std::string header;
    std::getline(in, header);
    std::vector<std::string> rows;
    for (std::string line; std::getline(in, line);) rows.push_back(line);
    std::shuffle(rows.begin(), rows.end(), std::mt19937(seed));
    std::string out = header + "\n";
    for (const auto& r : rows) out += r + "\n";
    return out;
}

}  // namespace offersim::sim::test
