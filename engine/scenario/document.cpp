#include "engine/scenario/document.hpp"

#include <yaml-cpp/yaml.h>

#include <fmt/format.h>
#include <algorithm>
#include <optional>

namespace offersim::scenario {

const DocNode* DocNode::find(std::string_view key) const {
    for (const auto& e : entries)
        if (e.key == key) return &e.value.front();
    return nullptr;
}

DocNode* DocNode::find(std::string_view key) {
    for (auto& e : entries)
        if (e.key == key) return &e.value.front();
    return nullptr;
}

namespace {

SourcePos position(const std::string& file, const YAML::Mark& mark) {
    return SourcePos{file, mark.line + 1, mark.column + 1};
}

// Columns count characters, as editors do, not UTF-8 bytes as yaml-cpp does.
SourcePos position(const std::string& file, std::string_view text, const YAML::Mark& mark) {
    SourcePos pos = position(file, mark);
    if (mark.pos < 0 || static_cast<std::size_t>(mark.pos) > text.size() || mark.column <= 0) return pos;
    const auto end = static_cast<std::size_t>(mark.pos);
    const std::size_t start =
        end >= static_cast<std::size_t>(mark.column) ? end - static_cast<std::size_t>(mark.column) : 0;
    int characters = 0;
    for (std::size_t i = start; i < end; ++i)
        if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++characters;
    pos.column = characters + 1;
    return pos;
}

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

struct ScanProblem {
    std::size_t offset = 0;
    std::string message;
};

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

// A light scan of flow brackets and quotes, for what yaml-cpp reports badly or not at all:
// nesting too deep for the parser, a quote left open at the end of its line, and a '{'
// or '[' still open when the block structure resumes.
std::optional<ScanProblem> scan_flow(std::string_view text, bool after_syntax_error) {
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
            return ScanProblem{
                i, fmt::format("unexpected '{}' after the end of the document's closing bracket", c)};
        // yaml-cpp 0.7 never finishes on some inputs with a ',' starting a line outside a
        // flow collection (e.g. ": \n,"); such a line is never meant in a scenario.
        if (c == ',' && stack.empty() && i == first_content(text, line_start))
            return ScanProblem{i, seen_content
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
                    return ScanProblem{
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
                return ScanProblem{k, fmt::format("an anchor or alias name cannot hold '{}'", text[k])};
        }
        if (c == '!' && starts_value(text, i, line_start))
            // Scenarios need no YAML tags, and yaml-cpp 0.7 never finishes on some (e.g. "!,d").
            return ScanProblem{
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
                    return ScanProblem{i, "unterminated quoted string: the closing quote is missing"};
                // Inside [ ] or { } a quoted string that goes on over lines has yaml-cpp 0.7
                // loop on some inputs (e.g. '{n "},' and its string closed lines later,
                // found by fuzzing); a scenario never needs one there.
                if (!stack.empty())
                    return ScanProblem{i, "a quoted string inside [ ] or { } must end on the line it starts"};
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
                return over_lines ? ScanProblem{i, "unterminated quoted string: the closing quote is missing"}
                                  : ScanProblem{next, fmt::format("unexpected '{}' after a quoted string",
                                                                  character_at(text, next))};
            i = j;
            continue;
        }
        if (c == '{' || c == '[') {
            if (stack.empty()) opens_its_line = i == first_content(text, line_start);
            stack.push_back({i, indentation(text, line_start)});
            // The document itself is the first level, so the 64th bracket is the 65th level.
            if (stack.size() >= 64) return ScanProblem{i, "nesting deeper than 64 levels"};
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
                    return ScanProblem{next,
                                       fmt::format("unexpected '{}' after the closing bracket", text[next])};
            }
        }
        if (root_flow) root_is_flow = true;
    }
    if (!stack.empty())  // a collection still open at the end of the file is never valid
        return ScanProblem{stack.back().offset,
                           "this '" + std::string(1, text[stack.back().offset]) + "' is never closed"};
    return std::nullopt;
}

// True when the quoted scalar opening at `offset` is closed before the end of the text.
bool quote_is_closed(std::string_view text, std::size_t offset) {
    if (offset >= text.size() || (text[offset] != '"' && text[offset] != '\''))
        return true;  // not quoted there
    return closing_quote(text, offset) != std::string_view::npos;
}

struct Converter {
    std::string_view text;
    const std::string& file;
    std::vector<Diagnostic>& diagnostics;
    int depth = 0;
    std::size_t nodes = 0;
    bool gave_up = false;  // a limit was hit: one diagnostic, then nothing more is converted
    static constexpr std::size_t kMaxNodes = 1'000'000;
    static constexpr int kMaxDepth = 64;

    DocNode convert(const YAML::Node& node) {
        DocNode out;
        if (gave_up) return out;
        out.pos = position(file, text, node.Mark());
        // Aliases are expanded here: a few nested ones can make billions of values, and an
        // alias inside its own anchor makes a cycle, so either limit ends the conversion.
        if (++nodes > kMaxNodes) {
            give_up(out.pos, "the document expands to more than a million values (nested aliases?)");
            return out;
        }
        if (depth + 1 > kMaxDepth) {
            give_up(out.pos, "nesting deeper than 64 levels");
            return out;
        }
        ++depth;
        switch (node.Type()) {
            case YAML::NodeType::Scalar:
                out.kind = DocNode::Kind::scalar;
                out.scalar = node.Scalar();
                out.quoted = node.Tag() == "!";
                if (out.quoted && node.Mark().pos >= 0 &&
                    !quote_is_closed(text, static_cast<std::size_t>(node.Mark().pos)))
                    diagnostics.push_back(
                        {out.pos, "unterminated quoted string: the closing quote is missing"});
                break;
            case YAML::NodeType::Sequence:
                out.kind = DocNode::Kind::sequence;
                for (const auto& item : node) out.items.push_back(convert(item));
                break;
            case YAML::NodeType::Map:
                out.kind = DocNode::Kind::map;
                for (auto it = node.begin(); it != node.end(); ++it) {
                    DocEntry entry;
                    entry.key_pos = position(file, text, it->first.Mark());
                    if (!it->first.IsScalar()) {
                        diagnostics.push_back({entry.key_pos, "a key must be a plain name"});
                        continue;
                    }
                    entry.key = it->first.Scalar();
                    if (const auto* first = out.find(entry.key)) {
                        (void)first;
                        const auto earlier =
                            std::find_if(out.entries.begin(), out.entries.end(),
                                         [&](const DocEntry& e) { return e.key == entry.key; });
                        diagnostics.push_back(
                            {entry.key_pos, fmt::format("duplicate key '{}' (first written at line {})",
                                                        entry.key, earlier->key_pos.line)});
                        continue;
                    }
                    entry.value.push_back(convert(it->second));
                    out.entries.push_back(std::move(entry));
                }
                break;
            case YAML::NodeType::Null:
            case YAML::NodeType::Undefined:
                break;
        }
        --depth;
        return out;
    }

    void give_up(const SourcePos& pos, std::string message) {
        diagnostics.push_back({pos, std::move(message)});
        gave_up = true;
    }
};

bool all_items_have_ids(const DocNode& seq) {
    return !seq.items.empty() && std::all_of(seq.items.begin(), seq.items.end(), [](const DocNode& n) {
        const DocNode* id = n.kind == DocNode::Kind::map ? n.find("id") : nullptr;
        return id && id->kind == DocNode::Kind::scalar;
    });
}

void emit(YAML::Emitter& out, const DocNode& node) {
    switch (node.kind) {
        case DocNode::Kind::null:
            out << YAML::Null;
            break;
        case DocNode::Kind::scalar:
            if (node.quoted) out << YAML::DoubleQuoted;
            out << node.scalar;
            break;
        case DocNode::Kind::sequence:
            out << YAML::BeginSeq;
            for (const auto& item : node.items) emit(out, item);
            out << YAML::EndSeq;
            break;
        case DocNode::Kind::map:
            out << YAML::BeginMap;
            for (const auto& e : node.entries) {
                out << YAML::Key << e.key << YAML::Value;
                emit(out, e.value.front());
            }
            out << YAML::EndMap;
            break;
    }
}

}  // namespace

SourcePos position_of_offset(const std::string& file, std::string_view text, std::size_t offset) {
    int line = 1;
    int column = 1;
    for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
        if (text[i] == '\n') {
            ++line;
            column = 1;
        } else if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
            ++column;
        }
    }
    return SourcePos{file, line, column};
}

DocNode parse_document(std::string_view text, const std::string& file, std::vector<Diagnostic>& diagnostics) {
    const std::size_t before = diagnostics.size();
    if (const auto problem = scan_flow(text, false)) {
        diagnostics.push_back({position_of_offset(file, text, problem->offset), problem->message});
        return {};
    }
    YAML::Node root;
    try {
        std::vector<YAML::Node> documents = YAML::LoadAll(std::string(text));
        if (documents.size() > 1) {
            diagnostics.push_back(
                {position(file, documents[1].Mark()), "a scenario file holds one YAML document; found more"});
            return {};
        }
        if (!documents.empty()) root = documents.front();
    } catch (const YAML::ParserException& e) {
        if (const auto problem = scan_flow(text, true)) {
            diagnostics.push_back({position_of_offset(file, text, problem->offset), problem->message});
        } else {
            diagnostics.push_back(
                {position(file, text, e.mark), fmt::format("YAML syntax error: {}", e.msg)});
        }
        return {};
    } catch (const YAML::Exception& e) {
        diagnostics.push_back({SourcePos{file, 0, 0}, fmt::format("YAML error: {}", e.msg)});
        return {};
    }
    Converter converter{text, file, diagnostics};
    DocNode tree = converter.convert(root);
    if (diagnostics.size() != before) return {};
    tree.pos = SourcePos{file, 1, 1};
    return tree;
}

DocNode merge_documents(DocNode base, const DocNode& overlay, const MergeRules& rules) {
    if (base.kind == DocNode::Kind::map && overlay.kind == DocNode::Kind::map) {
        // A different model or kind makes the base's other keys meaningless.
        for (const auto& key : rules.discriminators) {
            const DocNode* was = base.find(key);
            const DocNode* now = overlay.find(key);
            if (was && now && was->scalar != now->scalar) return overlay;
        }
        for (const auto& e : overlay.entries) {
            const auto& replaced = rules.replaced_keys;
            const bool whole = std::find(replaced.begin(), replaced.end(), e.key) != replaced.end();
            if (DocNode* existing = base.find(e.key)) {
                *existing =
                    whole ? e.value.front() : merge_documents(std::move(*existing), e.value.front(), rules);
            } else {
                base.entries.push_back(e);
            }
        }
        return base;
    }
    if (base.kind == DocNode::Kind::sequence && overlay.kind == DocNode::Kind::sequence &&
        all_items_have_ids(base) && all_items_have_ids(overlay)) {
        for (const auto& item : overlay.items) {
            const std::string& id = item.find("id")->scalar;
            auto match = std::find_if(base.items.begin(), base.items.end(),
                                      [&](const DocNode& b) { return b.find("id")->scalar == id; });
            if (match != base.items.end()) {
                *match = merge_documents(std::move(*match), item, rules);
            } else {
                base.items.push_back(item);
            }
        }
        return base;
    }
    return overlay;
}

std::string emit_document(const DocNode& node) {
    YAML::Emitter out;
    out.SetIndent(2);
    emit(out, node);
    return std::string(out.c_str()) + "\n";
}

}  // namespace offersim::scenario
