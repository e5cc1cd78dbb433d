#include "engine/scenario/text_checks.hpp"

#include <fmt/format.h>
#include <vector>

namespace offersim::scenario {
namespace {

// Where the quoted string opening at `open` closes, across lines; npos when it never does.
std::size_t closing_quote(std::string_view text, std::size_t open) {
    const char quote = text[open];
    for (std::size_t j = open + 1; j < text.size(); ++j) {
        if (quote == '"' && text[j] == '\\') {
            ++j;
        } else if (text[j] == quote) {
            if (quote == '\'' && j + 1 < text.size() && text[j + 1] == '\'') {
                ++j;
                continue;
            }
            return j;
        }
    }
    return std::string_view::npos;
}

// True when position i starts a key or value: the first thing on its line or after ':',
// '-', '[', '{' or ',' (spaces aside).
bool starts_value(std::string_view text, std::size_t i, std::size_t line_start) {
    std::size_t k = i;
    while (k > line_start && (text[k - 1] == ' ' || text[k - 1] == '\t')) --k;
    return k == line_start || std::string_view(":-[{,").find(text[k - 1]) != std::string_view::npos;
}

std::size_t indentation(std::string_view text, std::size_t line_start) {
    std::size_t n = 0;
    while (line_start + n < text.size() && text[line_start + n] == ' ') ++n;
    return n;
}

// The whole UTF-8 character at `offset`, for messages.
std::string_view character_at(std::string_view text, std::size_t offset) {
    std::size_t end = offset + 1;
    while (end < text.size() && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) ++end;
    return text.substr(offset, end - offset);
}

// Where a line's content starts: after its spaces and tabs and any anchors ("&base ")
// before it, which yaml-cpp 0.7 reads as part of the line's start (it loops on "&n ,a").
std::size_t first_content(std::string_view text, std::size_t line_start) {
    std::size_t k = line_start;
    while (k < text.size() && (text[k] == ' ' || text[k] == '\t')) ++k;  // tabs too: "\t,"
    while (k < text.size() && text[k] == '&') {
        while (k < text.size() && text[k] != ' ' && text[k] != '\t' && text[k] != '\n') ++k;
        while (k < text.size() && (text[k] == ' ' || text[k] == '\t')) ++k;
    }
    return k;
}

// The bytes at [offset, offset + count) in hex, e.g. "ED A0 80", for messages.
std::string hex_bytes(std::string_view text, std::size_t offset, std::size_t count) {
    std::string out;
    for (std::size_t k = offset; k < offset + count && k < text.size(); ++k)
        out += fmt::format("{}{:02X}", out.empty() ? "" : " ", static_cast<unsigned char>(text[k]));
    return out;
}

bool is_control(char32_t c) {
    return (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || (c >= 0x7F && c <= 0x9F);
}

// One UTF-8 character read strictly: its code point and length, or why it is not one.
struct Utf8Char {
    char32_t code = 0;
    std::size_t size = 1;
    std::string_view problem;  // empty when valid
};

Utf8Char read_utf8(std::string_view text, std::size_t i) {
    const auto lead = static_cast<unsigned char>(text[i]);
    if (lead < 0x80) return {lead, 1, {}};
    if (lead < 0xC0) return {0, 1, "a byte that does not start a character"};
    if (lead < 0xC2) return {0, 2, "an overlong form (a character written with more bytes than it needs)"};
    if (lead > 0xF4) return {0, 1, "a code point above U+10FFFF"};
    const std::size_t size = lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
    char32_t code = lead & (0x7F >> size);
    for (std::size_t k = 1; k < size; ++k) {
        if (i + k >= text.size() || (static_cast<unsigned char>(text[i + k]) & 0xC0) != 0x80)
            return {0, k, "a character cut short"};
        code = (code << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3F);
    }
    static constexpr char32_t kSmallest[] = {0, 0, 0x80, 0x800, 0x10000};
    if (code < kSmallest[size])
        return {0, size, "an overlong form (a character written with more bytes than it needs)"};
    if (code >= 0xD800 && code <= 0xDFFF) return {0, size, "a UTF-16 surrogate, which is not a character"};
    if (code > 0x10FFFF) return {0, size, "a code point above U+10FFFF"};
    if (code == 0xFFFE || code == 0xFFFF) return {0, size, "U+FFFE or U+FFFF, which are not characters"};
    return {code, size, {}};
}

// Full-width punctuation a Chinese keyboard gives, with the ASCII character YAML needs.
struct FullWidth {
    char32_t code;
    std::string_view glyph;
    std::string_view name;
    std::string_view ascii;
};
constexpr FullWidth kFullWidth[] = {
    {0xFF1A, "：", "colon", ":"},           {0xFF0C, "，", "comma", ","}, {0x3010, "【", "bracket", "["},
    {0x3011, "】", "bracket", "]"},         {0x201C, "“", "quote", "\""}, {0x201D, "”", "quote", "\""},
    {0x3000, "\xE3\x80\x80", "space", " "},
};

const FullWidth* full_width(char32_t code) {
    for (const auto& f : kFullWidth)
        if (f.code == code) return &f;
    return nullptr;
}

TextProblem full_width_at(std::size_t offset, const FullWidth& f, const std::string& where,
                          std::string_view aside = "") {
    if (f.code == 0x3000)
        return {offset, fmt::format("a full-width space (U+3000) {}; use an ordinary space", where)};
    return {offset, fmt::format("a full-width {} '{}' (U+{:04X}) {}; use '{}' instead{}", f.name, f.glyph,
                                static_cast<unsigned>(f.code), where, f.ascii, aside)};
}

bool ends_plain(std::string_view text, std::size_t i) {
    return i >= text.size() || text[i] == ' ' || text[i] == '\t' || text[i] == '\n' || text[i] == '\r' ||
           text.substr(i).starts_with("\xE3\x80\x80");
}

}  // namespace

std::optional<TextProblem> encoding_problem(std::string_view text, std::string_view what) {
    for (std::size_t i = 0; i < text.size();) {
        const Utf8Char c = read_utf8(text, i);
        if (!c.problem.empty())
            return TextProblem{i, fmt::format("{} is not valid UTF-8 text (save it as UTF-8): {} is {}", what,
                                              hex_bytes(text, i, c.size), c.problem)};
        if (is_control(c.code))
            return TextProblem{i, fmt::format("{} holds a control character (U+{:04X}), which no report can "
                                              "show; remove it",
                                              what, static_cast<unsigned>(c.code))};
        i += c.size;
    }
    return std::nullopt;
}

std::optional<TextProblem> full_width_problem(std::string_view text) {
    int flow = 0;                 // depth of open [ ] and { }
    bool value_start = true;      // the next character starts a key or a value
    bool line_has_colon = false;  // a key on this line already ended with ':'
    std::size_t text_start = 0;   // where the current key or value started
    std::size_t line_start = 0;
    for (std::size_t i = 0; i < text.size();) {
        const char c = text[i];
        if (c == '\n') {
            line_start = i + 1;
            value_start = true;
            line_has_colon = false;
            ++i;
            continue;
        }
        if (c == ' ' || c == '\t' || c == '\r') {
            ++i;
            continue;
        }
        if (c == '#' && (i == line_start || text[i - 1] == ' ' || text[i - 1] == '\t')) {
            while (i < text.size() && text[i] != '\n') ++i;
            continue;
        }
        if ((c == '"' || c == '\'') && value_start) {  // quoted text may hold anything
            const std::size_t close = closing_quote(text, i);
            if (close == std::string_view::npos) return std::nullopt;  // scan_flow reports it
            i = close + 1;
            value_start = false;
            continue;
        }
        const Utf8Char u = read_utf8(text, i);
        if (const FullWidth* f = full_width(u.code)) {
            const bool flow_punctuation = u.code == 0xFF0C || u.code == 0x3010 || u.code == 0x3011;
            const bool no_space_before =
                text.substr(text_start, i - text_start).find(' ') == std::string_view::npos;
            if (u.code == 0x3000 && value_start) {
                std::size_t before = i;
                while (before > line_start && (text[before - 1] == ' ' || text[before - 1] == '\t')) --before;
                return full_width_at(i, *f,
                                     before == line_start ? std::string("in the indentation")
                                                          : fmt::format("after '{}'", text[before - 1]));
            }
            if (value_start && (u.code == 0x3010 || u.code == 0x201C || u.code == 0x201D))
                return full_width_at(i, *f, "starts this value");
            if (flow > 0 && flow_punctuation) return full_width_at(i, *f, "inside [ ] or { }");
            if (u.code == 0xFF1A && (flow > 0 ? ends_plain(text, i + u.size)
                                              : !line_has_colon && !value_start && no_space_before))
                return full_width_at(i, *f, "after a key", " (or quote the text if the colon belongs to it)");
        }
        if (value_start) text_start = i;
        value_start = false;
        if (c == '[' || c == '{') {
            ++flow;
            value_start = true;
        } else if ((c == ']' || c == '}') && flow > 0) {
            --flow;
        } else if (c == ',' && flow > 0) {
            value_start = true;
        } else if ((c == ':' || c == '-' || c == '?') &&
                   (ends_plain(text, i + 1) || (c == ':' && flow > 0))) {
            value_start = true;
            if (c == ':') line_has_colon = true;
        }
        i += u.size;
    }
    return std::nullopt;
}

std::optional<TextProblem> scan_flow(std::string_view text, bool after_syntax_error) {
    struct Open {
        std::size_t offset;
        std::size_t indent;
    };
    std::vector<Open> stack;
    std::size_t line_start = 0;
    bool seen_content = false;
    bool root_is_flow = false;
    bool root_flow_closed = false;  // the whole document was one '{...}' or '[...]'
    bool opens_its_line = false;    // the outermost open '{' or '[' is the first thing on its line
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        const bool significant = c != ' ' && c != '\t' && c != '\r' && c != '\n' && c != '#';
        // yaml-cpp 0.7 loops without end, allocating, on text after a closed root flow
        // collection (e.g. "{a: 1},"): report it before the parser sees it (found by fuzzing).
        if (significant && root_flow_closed)
            return TextProblem{
                i, fmt::format("unexpected '{}' after the end of the document's closing bracket", c)};
        // yaml-cpp 0.7 never finishes on some inputs with a ',' starting a line outside a
        // flow collection (e.g. ": \n,"); such a line is never meant in a scenario.
        if (c == ',' && stack.empty() && i == first_content(text, line_start))
            return TextProblem{i, seen_content
                                      ? "a line cannot start with ',' outside [ ] or { }; quote the text if "
                                        "it belongs to a value"
                                      : "unexpected ',' at the start of the document"};
        const bool root_flow = significant && !seen_content && (c == '{' || c == '[');
        if (significant) seen_content = true;
        if (c == '\n') {
            line_start = i + 1;
            if (!stack.empty() && after_syntax_error) {
                // A following line at or left of where the collection opened, holding more
                // than its closing bracket, shows the collection was never closed.
                const std::size_t first = line_start + indentation(text, line_start);
                const bool ends_block = first < text.size() && text[first] != '\n' && text[first] != '\r' &&
                                        text[first] != '}' && text[first] != ']' && text[first] != '#';
                if (ends_block && first - line_start <= stack.front().indent)
                    return TextProblem{
                        stack.back().offset,
                        "this '" + std::string(1, text[stack.back().offset]) + "' is never closed"};
            }
            continue;
        }
        if ((c == '&' || c == '*') && stack.empty() && starts_value(text, i, line_start)) {
            // Outside [ ] and { } an anchor or alias name runs to the next space; yaml-cpp
            // 0.7 never finishes on one holding a flow indicator (e.g. "&a,b", fuzzing).
            std::size_t k = i + 1;
            while (k < text.size() && text[k] != ' ' && text[k] != '\t' && text[k] != '\n' &&
                   text[k] != '\r' && std::string_view(",[]{}").find(text[k]) == std::string_view::npos)
                ++k;
            if (k < text.size() && std::string_view(",[]{}").find(text[k]) != std::string_view::npos)
                return TextProblem{k, fmt::format("an anchor or alias name cannot hold '{}'", text[k])};
        }
        if (c == '!' && starts_value(text, i, line_start))
            // Scenarios need no YAML tags, and yaml-cpp 0.7 never finishes on some (e.g. "!,d").
            return TextProblem{
                i, "YAML tags ('!') are not used in scenario files; quote the text if it starts with '!'"};
        if (c == '#' && (i == line_start || text[i - 1] == ' ' || text[i - 1] == '\t')) {
            while (i + 1 < text.size() && text[i + 1] != '\n') ++i;
            continue;
        }
        if ((c == '"' || c == '\'') &&
            (i == line_start || std::string_view(" [{,:-").find(text[i - 1]) != std::string_view::npos)) {
            std::size_t j = i + 1;
            for (; j < text.size() && text[j] != '\n'; ++j) {
                if (c == '"' && text[j] == '\\') {
                    ++j;
                } else if (text[j] == c) {
                    if (c == '\'' && j + 1 < text.size() && text[j + 1] == '\'') {
                        ++j;
                        continue;
                    }
                    break;
                }
            }
            if (j >= text.size() || text[j] == '\n') {
                // A quoted string may go on over lines; one that never closes would have
                // yaml-cpp 0.7 loop on some inputs (e.g. '{n "},', found by fuzzing).
                const std::size_t close = closing_quote(text, i);
                if (after_syntax_error || close == std::string_view::npos)
                    return TextProblem{i, "unterminated quoted string: the closing quote is missing"};
                // Inside [ ] or { } a quoted string that goes on over lines has yaml-cpp 0.7
                // loop on some inputs (e.g. '{n "},' and its string closed lines later,
                // found by fuzzing); a scenario never needs one there.
                if (!stack.empty())
                    return TextProblem{i, "a quoted string inside [ ] or { } must end on the line it starts"};
                line_start = text.rfind('\n', close) + 1;
                j = close;  // what may follow is checked as for a one-line string
            }
            const bool over_lines = line_start > i;
            // Outside [ ] and { } a quoted string is a whole key or value: only ':', a
            // comment or the line's end may follow. yaml-cpp 0.7 never finishes on some
            // other continuations (e.g. '"",[]', found by fuzzing).
            std::size_t next = j + 1;
            while (next < text.size() && (text[next] == ' ' || text[next] == '\t')) ++next;
            if (stack.empty() && next < text.size() && text[next] != ':' && text[next] != '#' &&
                text[next] != '\n' && text[next] != '\r')
                // Text after a string closed lines later most likely means its own
                // closing quote is missing and a later quote closed it.
                return over_lines ? TextProblem{i, "unterminated quoted string: the closing quote is missing"}
                                  : TextProblem{next, fmt::format("unexpected '{}' after a quoted string",
                                                                  character_at(text, next))};
            i = j;
            continue;
        }
        if (c == '{' || c == '[') {
            if (stack.empty()) opens_its_line = i == first_content(text, line_start);
            stack.push_back({i, indentation(text, line_start)});
            // The document itself is the first level, so the 64th bracket is the 65th level.
            if (stack.size() >= 64) return TextProblem{i, "nesting deeper than 64 levels"};
        } else if ((c == '}' || c == ']') && !stack.empty()) {
            stack.pop_back();
            if (stack.empty() && root_is_flow) root_flow_closed = true;
            // After the outermost ] or }, only a comment may follow on its line, or ':' when
            // the collection opened its line (a key); yaml-cpp 0.7 never finishes on some
            // others (e.g. "  s: 1\n [a]," and "  : {\n},", found by fuzzing).
            if (stack.empty() && !root_flow_closed) {
                std::size_t next = i + 1;
                while (next < text.size() && (text[next] == ' ' || text[next] == '\t')) ++next;
                if (next < text.size() && text[next] != '\n' && text[next] != '\r' && text[next] != '#' &&
                    !(text[next] == ':' && opens_its_line))
                    return TextProblem{next,
                                       fmt::format("unexpected '{}' after the closing bracket", text[next])};
            }
        }
        if (root_flow) root_is_flow = true;
    }
    if (!stack.empty())  // a collection still open at the end of the file is never valid
        return TextProblem{stack.back().offset,
                           "this '" + std::string(1, text[stack.back().offset]) + "' is never closed"};
    return std::nullopt;
}

bool quote_is_closed(std::string_view text, std::size_t offset) {
    if (offset >= text.size() || (text[offset] != '"' && text[offset] != '\''))
        return true;  // not quoted there
    return closing_quote(text, offset) != std::string_view::npos;
}

}  // namespace offersim::scenario
