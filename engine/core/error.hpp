#pragma once
// One error hierarchy. Callers act on two kinds: bad input (exit code 2, nothing
// written) and a run that failed (exit code 1).
#include <fmt/format.h>
#include <stdexcept>
#include <string>
#include <vector>

namespace offersim {

// Where a value came from in a scenario file; line and column are 1-based.
struct SourcePos {
    std::string file;
    int line = 0;
    int column = 0;
};

struct Diagnostic {
    SourcePos pos;
    std::string message;
};

// "file:line:column: message", the form editors and terminals turn into links.
std::string format_diagnostic(const Diagnostic& d);

class Error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// A scenario (or other input) that cannot be run; carries every problem found.
class InputError : public Error {
public:
    explicit InputError(std::vector<Diagnostic> diagnostics);
    const std::vector<Diagnostic>& diagnostics() const { return diagnostics_; }

private:
    std::vector<Diagnostic> diagnostics_;
};

// A run that started and failed (I/O, a numeric fault, an interrupt).
class RunError : public Error {
public:
    using Error::Error;
};

// Throws RunError with a formatted message when `condition` is false; the format string
// is checked at compile time.
template <typename... Args>
void require(bool condition, fmt::format_string<Args...> format, Args&&... args) {
    if (!condition) throw RunError(fmt::format(format, std::forward<Args>(args)...));
}

}  // namespace offersim
