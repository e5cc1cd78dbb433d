#pragma once
// A command-line value that must be a finite number (solve's --bracket and --target,
// optimise's bounds).
#include "engine/core/error.hpp"

#include <string_view>

namespace offersim::cli {

// `text` whole as a finite number; InputError at `where` saying what was `expected` otherwise.
double number_arg(std::string_view text, const SourcePos& where, std::string_view expected);

}  // namespace offersim::cli
