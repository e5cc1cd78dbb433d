#include "engine/core/error.hpp"

namespace offersim {

std::string format_diagnostic(const Diagnostic& d) {
    if (d.pos.file.empty()) return d.message;
    if (d.pos.line == 0) return fmt::format("{}: {}", d.pos.file, d.message);
    return fmt::format("{}:{}:{}: {}", d.pos.file, d.pos.line, d.pos.column, d.message);
}

static std::string join_messages(const std::vector<Diagnostic>& diagnostics) {
    std::string text;
    for (const auto& d : diagnostics) {
        if (!text.empty()) text += '\n';
        text += format_diagnostic(d);
    }
    return text;
}

InputError::InputError(std::vector<Diagnostic> diagnostics)
    : Error(join_messages(diagnostics)), diagnostics_(std::move(diagnostics)) {}

}  // namespace offersim
