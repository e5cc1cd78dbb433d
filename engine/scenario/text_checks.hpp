#pragma once
// Checks on a scenario's raw text before the YAML parser sees it: the encoding, and the
// shapes yaml-cpp 0.7 reports badly, wrongly or never finishes on. Each returns the first
// problem found, at a byte offset of the text.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace offersim::scenario {

struct TextProblem {
    std::size_t offset = 0;
    std::string message;
};

// Text a report can show: strict UTF-8 (no overlong forms, surrogates or code points above
// U+10FFFF, no U+FFFE or U+FFFF) without control characters other than tab and line ends.
// `what` names the text in messages ("the file", "the text").
std::optional<TextProblem> encoding_problem(std::string_view text, std::string_view what);

// Full-width punctuation from a Chinese keyboard where YAML needs its ASCII form: '：' after
// a key, '，' inside [ ] or { }, '【' '】' as brackets, '“' '”' as quotes, U+3000 as a space.
std::optional<TextProblem> full_width_problem(std::string_view text);

// A light scan of flow brackets and quotes, for what yaml-cpp reports badly or not at all:
// nesting too deep for the parser, a quote left open at the end of its line, a '{' or '['
// still open when the block structure resumes, and shapes it never finishes on.
// `after_syntax_error` applies the stricter rules used to explain a syntax error.
std::optional<TextProblem> scan_flow(std::string_view text, bool after_syntax_error);

// True when the quoted scalar opening at `offset` is closed before the end of the text.
bool quote_is_closed(std::string_view text, std::size_t offset);

}  // namespace offersim::scenario
