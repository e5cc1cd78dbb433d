#pragma once
// A scenario file and the files its `extends` chain and `include` lists name, read within their limits and
// merged into one document, parents first.
#include "engine/core/error.hpp"
#include "engine/scenario/document.hpp"

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace offersim::scenario {

inline constexpr std::size_t kMaxFileBytes = 16u << 20;
inline constexpr std::size_t kMaxChainFiles = 32;

// Reads a whole scenario file of at most kMaxFileBytes, checking the size before reading
// (and reading no more than the limit, should the file grow meanwhile). On failure returns
// false with the reason in `problem`.
bool read_scenario_file(const std::filesystem::path& file, std::string& text, std::string& problem);

struct MergedChain {
    DocNode root;                    // null when `diagnostics` holds a problem
    std::vector<std::string> files;  // the file given first, then each parent (not includes)
};

// Parses `text` (the contents of `file`), follows its `extends` chain and the files each
// file lists under `include` (at most kMaxChainFiles files in all, no cycles, every file
// within its size and all of them within one ParseBudget) and merges them with
// merge_documents: for each file, its parent, then its includes in list order, then itself.
MergedChain load_extends_chain(std::string_view text, const std::filesystem::path& file,
                               std::vector<Diagnostic>& diagnostics);

}  // namespace offersim::scenario
