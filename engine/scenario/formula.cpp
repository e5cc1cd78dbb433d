#include "engine/scenario/formula.hpp"

#include <fmt/format.h>
#include <cctype>
#include <charconv>
#include <cmath>

namespace offersim::scenario {

namespace {

// expression := term (('+' | '-') term)*;  term := factor (('*' | '/') factor)*;
// factor := number | name | '(' expression ')' | '-' factor
class Parser {
public:
    Parser(std::string_view text, const FormulaTerms& terms) : text_(text), terms_(terms) {}

    FormulaResult run() {
        FormulaResult r;
        r.value = expression();
        skip_space();
        if (error_.empty() && pos_ != text_.size()) fail(fmt::format("unexpected '{}'", text_[pos_]));
        if (error_.empty() && !std::isfinite(r.value)) fail("the formula does not give a finite number");
        r.error = error_;
        r.offset = error_offset_;
        return r;
    }

private:
    void skip_space() {
        while (pos_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[pos_]))) ++pos_;
    }
    void fail(std::string message) {
        if (!error_.empty()) return;
        error_ = std::move(message);
        error_offset_ = pos_;
    }
    bool eat(char c) {
        skip_space();
        if (pos_ < text_.size() && text_[pos_] == c) {
            ++pos_;
            return true;
        }
        return false;
    }
    double expression() {
        double v = term();
        for (;;) {
            if (eat('+'))
                v += term();
            else if (eat('-'))
                v -= term();
            else
                return v;
        }
    }
    double term() {
        double v = factor();
        for (;;) {
            if (eat('*')) {
                v *= factor();
            } else if (eat('/')) {
                const double d = factor();
                if (d == 0.0) fail("division by zero");
                v = d == 0.0 ? 0.0 : v / d;
            } else {
                return v;
            }
        }
    }
    double factor() {
        if (++depth_ > 32) {
            fail("the formula nests too deeply");
            return 0.0;
        }
        const double v = primary();
        --depth_;
        return v;
    }
    double primary() {
        skip_space();
        if (pos_ >= text_.size()) {
            fail("the formula ends where a number or a name was expected");
            return 0.0;
        }
        if (eat('-')) return -factor();
        if (eat('(')) {
            const double v = expression();
            if (!eat(')')) fail("a ')' is missing");
            return v;
        }
        const char c = text_[pos_];
        if (std::isdigit(static_cast<unsigned char>(c)) || c == '.') {
            double v = 0.0;
            const auto [end, ec] = std::from_chars(text_.data() + pos_, text_.data() + text_.size(), v);
            if (ec != std::errc()) {
                fail("a malformed number");
                return 0.0;
            }
            pos_ = static_cast<std::size_t>(end - text_.data());
            return v;
        }
        if (std::isalpha(static_cast<unsigned char>(c)) || c == '_') {
            const std::size_t start = pos_;
            while (pos_ < text_.size() &&
                   (std::isalnum(static_cast<unsigned char>(text_[pos_])) || text_[pos_] == '_'))
                ++pos_;
            const std::string_view name = text_.substr(start, pos_ - start);
            for (const auto& [term_name, value] : terms_)
                if (term_name == name) return value;
            pos_ = start;
            std::string known;
            for (const auto& t : terms_) known += fmt::format("{}'{}'", known.empty() ? "" : ", ", t.first);
            fail(fmt::format("unknown term '{}'; the formula may use {}", name, known));
            return 0.0;
        }
        fail(fmt::format("unexpected '{}'", c));
        return 0.0;
    }

    std::string_view text_;
    const FormulaTerms& terms_;
    std::size_t pos_ = 0;
    int depth_ = 0;
    std::string error_;
    std::size_t error_offset_ = 0;
};

}  // namespace

FormulaResult evaluate_formula(std::string_view formula, const FormulaTerms& terms) {
    return Parser(formula, terms).run();
}

}  // namespace offersim::scenario
