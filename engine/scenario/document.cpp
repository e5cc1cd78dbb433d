#include "engine/scenario/document.hpp"

#include "engine/scenario/parse_watchdog.hpp"
#include "engine/scenario/text_checks.hpp"

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

#include <fmt/format.h>
#include <algorithm>
#include <chrono>
#include <ctime>
#include <optional>
#include <sstream>
#include <unordered_map>

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

// Columns count characters, as editors do, not UTF-8 bytes as yaml-cpp does. Marks come in
// file order, so each line's characters are counted once, from the last mark on it.
class Columns {
public:
    explicit Columns(std::string_view text) : text_(text) {}

    SourcePos at(const std::string& file, const YAML::Mark& mark) {
        SourcePos pos{file, mark.line + 1, mark.column + 1};
        if (mark.pos < 0 || static_cast<std::size_t>(mark.pos) > text_.size() || mark.column <= 0) return pos;
        const auto end = static_cast<std::size_t>(mark.pos);
        const std::size_t line_start = end - std::min(end, static_cast<std::size_t>(mark.column));
        if (line_start != line_start_ || end < offset_) {
            line_start_ = line_start;
            offset_ = line_start;
            characters_ = 0;
        }
        for (; offset_ < end; ++offset_)
            if ((static_cast<unsigned char>(text_[offset_]) & 0xC0) != 0x80) ++characters_;
        pos.column = characters_ + 1;
        return pos;
    }

private:
    std::string_view text_;
    std::size_t line_start_ = std::string_view::npos;
    std::size_t offset_ = 0;
    int characters_ = 0;
};

constexpr int kMaxDepth = 64;

// What the watchdog allows beyond the event-counted time budget, and the memory a parse
// may add: 4 times the worst accepted input's peak (226 MiB, docs/reliability.md).
constexpr std::chrono::seconds kWatchdogGrace{2};
constexpr std::size_t kMaxParseMemoryGrowth = std::size_t{1} << 30;

// The processor time this thread has used.
std::chrono::nanoseconds thread_time() {
    timespec t{};
    ::clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return std::chrono::seconds(t.tv_sec) + std::chrono::nanoseconds(t.tv_nsec);
}

// Thrown from an event to end the parse; the reason is in TreeBuilder::problems.
struct StopParsing {};

// Builds the DocNode tree from the parser's events, within the budget: values and text
// (aliases expanded), time, nesting depth and one document. Every yaml-cpp 0.7 loop found
// so far emits events without end (endless empty documents), so a budget counted in
// events ends any such loop, whatever pre-parse rule it slips past.
class TreeBuilder : public YAML::EventHandler {
public:
    TreeBuilder(std::string_view text, const std::string& file, ParseBudget& budget)
        : text_(text), file_(file), columns_(text), budget_(budget), started_(thread_time()) {}
    ~TreeBuilder() override { budget_.time_left -= std::min(budget_.time_left, thread_time() - started_); }
    TreeBuilder(const TreeBuilder&) = delete;
    TreeBuilder& operator=(const TreeBuilder&) = delete;

    DocNode root;
    std::vector<Diagnostic> problems;
    bool more_than_one_document = false;

    void OnDocumentStart(const YAML::Mark& mark) override {
        if (++documents_ == 1) return;
        more_than_one_document = true;
        stop(at(mark), "a scenario file holds one YAML document; found more");
    }
    void OnDocumentEnd() override {}

    void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
        mark_ = mark;
        DocNode node;
        node.pos = at(mark);
        leaf(std::move(node), anchor);
    }

    void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                  const std::string& value) override {
        mark_ = mark;
        DocNode node;
        node.kind = DocNode::Kind::scalar;
        node.scalar = value;
        node.pos = at(mark);
        node.quoted = tag == "!";  // a quoted scalar is a string, never a number
        if (node.quoted && mark.pos >= 0 && !quote_is_closed(text_, static_cast<std::size_t>(mark.pos)))
            problems.push_back({node.pos, "unterminated quoted string: the closing quote is missing"});
        // Escapes ("\a", "\x01", "\0") can make what the file's own bytes may not hold.
        if (const auto problem = encoding_problem(value, "the text"))
            problems.push_back({node.pos, problem->message});
        leaf(std::move(node), anchor);
    }

    void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
        mark_ = mark;
        const auto found = anchors_.find(anchor);
        if (found == anchors_.end())  // yaml-cpp knows the anchor, so its value is still open
            stop(at(mark), fmt::format("the alias '*{}' stands inside the value it names, which would "
                                       "never end",
                                       anchor_names_[anchor]));
        const Anchored& a = found->second;
        check_depth(at(mark), a.height);
        spend(a.values, a.bytes);
        add(DocNode(a.node), a.height);
    }

    void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                         YAML::EmitterStyle::value) override {
        open(DocNode::Kind::sequence, mark, anchor);
    }
    void OnSequenceEnd() override { close(); }

    void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                    YAML::EmitterStyle::value) override {
        open(DocNode::Kind::map, mark, anchor);
    }
    void OnMapEnd() override { close(); }

    void OnAnchor(const YAML::Mark&, const std::string& name) override { anchor_name_ = name; }

private:
    // A value with an anchor, kept to copy where an alias names it, with what it costs.
    struct Anchored {
        DocNode node;
        std::size_t values = 0;
        std::size_t bytes = 0;
        int height = 0;
    };
    struct Open {
        DocNode node;
        YAML::anchor_t anchor = YAML::NullAnchor;
        std::size_t values_before = 0;
        std::size_t bytes_before = 0;
        int height = 1;
        std::optional<DocEntry> key;                     // a map's key read, its value not yet
        bool skip_value = false;                         // the key was rejected
        std::unordered_map<std::string, int> key_lines;  // a map's keys so far, for duplicates
    };

    SourcePos at(const YAML::Mark& mark) { return columns_.at(file_, mark); }

    [[noreturn]] void stop(const SourcePos& pos, std::string message) {
        problems.push_back({pos, std::move(message)});
        throw StopParsing{};
    }

    bool reading_key() const {
        return !stack_.empty() && stack_.back().node.kind == DocNode::Kind::map && !stack_.back().key;
    }

    // A value `height` levels deep placed here; keys do not count, as they are names.
    void check_depth(const SourcePos& pos, int height) {
        if (static_cast<int>(stack_.size()) + height > kMaxDepth && !reading_key())
            stop(pos, "nesting deeper than 64 levels");
    }

    void spend(std::size_t values, std::size_t bytes) {
        budget_.values += values;
        budget_.text_bytes += bytes;
        if (budget_.values > ParseBudget::kMaxValues)
            stop(at(mark_),
                 "the document holds more than a million keys and values (aliases expanded); the "
                 "budget of one scenario is 1,000,000");
        if (budget_.text_bytes > ParseBudget::kMaxTextBytes)
            stop(at(mark_),
                 "the document's text expands to more than 64 MiB (aliases of long text?); the "
                 "budget of one scenario is 64 MiB");
        if ((++events_ & 1023) == 0 && thread_time() - started_ > budget_.time_left)
            stop(at(mark_),
                 fmt::format("parsing took more than {} s of processor time, the time budget of one scenario",
                             ParseBudget::kMaxTime.count()));
    }

    void leaf(DocNode node, YAML::anchor_t anchor) {
        check_depth(node.pos, 1);
        spend(1, node.scalar.size());
        if (anchor != YAML::NullAnchor) keep(anchor, node, 1, node.scalar.size(), 1);
        add(std::move(node), 1);
    }

    void open(DocNode::Kind kind, const YAML::Mark& mark, YAML::anchor_t anchor) {
        mark_ = mark;
        Open o;
        o.node.kind = kind;
        o.node.pos = at(mark);
        check_depth(o.node.pos, 1);
        spend(1, 0);
        o.anchor = anchor;
        o.values_before = budget_.values - 1;
        o.bytes_before = budget_.text_bytes;
        if (anchor != YAML::NullAnchor) anchor_names_[anchor] = anchor_name_;
        stack_.push_back(std::move(o));
    }

    void close() {
        Open o = std::move(stack_.back());
        stack_.pop_back();
        if (o.anchor != YAML::NullAnchor)
            keep(o.anchor, o.node, budget_.values - o.values_before, budget_.text_bytes - o.bytes_before,
                 o.height);
        add(std::move(o.node), o.height);
    }

    // The copy kept for aliases costs as much again as the value.
    void keep(YAML::anchor_t anchor, const DocNode& node, std::size_t values, std::size_t bytes, int height) {
        spend(values, bytes);
        anchors_[anchor] = Anchored{node, values, bytes, height};
    }

    // `node`, `height` levels deep, into the value being built.
    void add(DocNode node, int height) {
        if (stack_.empty()) {
            root = std::move(node);
            return;
        }
        Open& parent = stack_.back();
        parent.height = std::max(parent.height, height + 1);
        if (parent.node.kind == DocNode::Kind::sequence) {
            parent.node.items.push_back(std::move(node));
        } else if (!parent.key) {
            parent.key = DocEntry{};
            if (node.kind != DocNode::Kind::scalar) {
                problems.push_back({node.pos, "a key must be a plain name"});
                parent.skip_value = true;
                return;
            }
            const auto [first, fresh] = parent.key_lines.try_emplace(node.scalar, node.pos.line);
            if (!fresh) {
                problems.push_back({node.pos, fmt::format("duplicate key '{}' (first written at line {})",
                                                          node.scalar, first->second)});
                parent.skip_value = true;
            }
            parent.key->key = std::move(node.scalar);
            parent.key->key_pos = std::move(node.pos);
        } else {
            if (!parent.skip_value) {
                parent.key->value.push_back(std::move(node));
                parent.node.entries.push_back(std::move(*parent.key));
            }
            parent.key.reset();
            parent.skip_value = false;
        }
    }

    std::string_view text_;
    const std::string& file_;
    Columns columns_;
    ParseBudget& budget_;
    std::chrono::nanoseconds started_;
    std::vector<Open> stack_;
    std::unordered_map<YAML::anchor_t, Anchored> anchors_;
    std::unordered_map<YAML::anchor_t, std::string> anchor_names_;
    std::string anchor_name_;
    YAML::Mark mark_;  // where the latest event was, for budget messages
    int documents_ = 0;
    std::size_t events_ = 0;
};

// ------------------------------------------------------------------------------------------
// Notes: the comments of a file, by line, given to the values they belong to

std::string_view trim(std::string_view text) {
    const std::size_t begin = text.find_first_not_of(" \t\r");
    if (begin == std::string_view::npos) return {};
    return text.substr(begin, text.find_last_not_of(" \t\r") - begin + 1);
}

// The comment of a line that holds a value: from a '#' after a space, outside quotes.
std::string_view trailing_comment(std::string_view line) {
    char quote = 0;
    char before = ' ';  // the last character that is not a space: a quote opens a scalar after these
    for (std::size_t i = 0; i < line.size(); ++i) {
        const char c = line[i];
        if (quote == '"' && c == '\\') {
            ++i;
        } else if (quote != 0) {
            if (c == quote) quote = 0;
        } else if ((c == '"' || c == '\'') &&
                   std::string_view(" :,[{-?").find(before) != std::string_view::npos) {
            quote = c;
        } else if (c == '#' && (i == 0 || line[i - 1] == ' ' || line[i - 1] == '\t')) {
            return trim(line.substr(i + 1));
        }
        if (c != ' ' && c != '\t') before = c;
    }
    return {};
}

class NoteReader {
public:
    explicit NoteReader(std::string_view text) {
        for (std::size_t start = 0; start <= text.size();) {
            const std::size_t end = std::min(text.find('\n', start), text.size());
            lines_.push_back(text.substr(start, end - start));
            start = end + 1;
        }
        asked_.assign(lines_.size() + 1, false);
        // The comments before the first value describe the file.
        while (first_value_line_ <= static_cast<int>(lines_.size()) &&
               (trim(line(first_value_line_)).empty() || trim(line(first_value_line_)).starts_with('#')))
            ++first_value_line_;
    }

    // Gives every value of `node` its note: its own comments, else `inherited`.
    void attach(DocNode& node, int line_number, const std::string& inherited) {
        const std::optional<std::string> own = comments_of(line_number);
        node.note = !own ? inherited : *own == kNoNote ? std::string() : *own;
        for (auto& e : node.entries) attach(e.value.front(), e.key_pos.line, node.note);
        for (auto& item : node.items) attach(item, item.pos.line, node.note);
    }

private:
    std::string_view line(int number) const { return lines_[static_cast<std::size_t>(number - 1)]; }

    bool is_comment_line(int number) const {
        return number >= first_value_line_ && number <= static_cast<int>(lines_.size()) &&
               trim(line(number)).starts_with('#');
    }

    // The comment beside line `number` and those directly above it, the first time the line is
    // asked for (the outermost value on it; an alias's copy asks again and gets none); none
    // when it has none. Each line is read once, so a file's notes cost time linear in it.
    std::optional<std::string> comments_of(int number) {
        if (number < first_value_line_ || number > static_cast<int>(lines_.size()) ||
            asked_[static_cast<std::size_t>(number)])
            return std::nullopt;
        asked_[static_cast<std::size_t>(number)] = true;
        std::string note(trailing_comment(line(number)));
        int above = number;
        while (is_comment_line(above - 1)) --above;
        for (int n = above; n < number; ++n) {
            const std::string_view text = trim(trim(line(n)).substr(1));
            if (text.empty()) continue;
            if (!note.empty()) note += ' ';
            note += text;
        }
        if (note.empty()) return std::nullopt;
        return note;
    }

    std::vector<std::string_view> lines_;
    std::vector<bool> asked_;  // by line number
    int first_value_line_ = 1;
};

bool all_items_have_ids(const DocNode& seq) {
    return !seq.items.empty() && std::all_of(seq.items.begin(), seq.items.end(), [](const DocNode& n) {
        const DocNode* id = n.kind == DocNode::Kind::map ? n.find("id") : nullptr;
        return id && id->kind == DocNode::Kind::scalar;
    });
}

// `node`, with its note as a comment where it is not `inherited`: beside a scalar or the key
// of a collection; for a map in a list, beside its first line (the line of its "- "), since
// yaml-cpp writes a comment before a list item on the line above only for the first item.
void emit(YAML::Emitter& out, const DocNode& node, const std::string& inherited, bool in_list = false) {
    const bool collection = node.kind == DocNode::Kind::map || node.kind == DocNode::Kind::sequence;
    const bool empty = node.entries.empty() && node.items.empty();
    const bool noted = node.note != inherited;
    const std::string note = node.note.empty() ? std::string(kNoNote) : node.note;
    const bool beside_first_line = noted && in_list && node.kind == DocNode::Kind::map && !empty;
    if (noted && collection && !empty && !beside_first_line) out << YAML::Comment(note);
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
            for (const auto& item : node.items) emit(out, item, node.note, true);
            out << YAML::EndSeq;
            break;
        case DocNode::Kind::map:
            out << YAML::BeginMap;
            for (std::size_t i = 0; i < node.entries.size(); ++i) {
                const DocEntry& e = node.entries[i];
                out << YAML::Key << e.key << YAML::Value;
                const DocNode& value = e.value.front();
                if (i == 0 && beside_first_line) {
                    // The line's comment is the item's; its first value (an id, as a rule) shares
                    // the line and so the item's note.
                    if (value.kind != DocNode::Kind::scalar) out << YAML::Comment(note);
                    emit(out, value, value.note);
                    if (value.kind == DocNode::Kind::scalar) out << YAML::Comment(note);
                } else {
                    emit(out, value, node.note);
                }
            }
            out << YAML::EndMap;
            break;
    }
    if (noted && (!collection || empty)) out << YAML::Comment(note);
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

DocNode parse_document(std::string_view text, const std::string& file, std::vector<Diagnostic>& diagnostics,
                       ParseBudget& budget) {
    const auto report = [&](const TextProblem& p) {
        diagnostics.push_back({position_of_offset(file, text, p.offset), p.message});
    };
    if (const auto problem = encoding_problem(text, "the file")) {
        report(*problem);
        return {};
    }
    if (const auto problem = full_width_problem(text)) {
        report(*problem);
        return {};
    }
    if (const auto problem = scan_flow(text, false)) {
        report(*problem);
        return {};
    }
    TreeBuilder builder(text, file, budget);
    // The event-counted budget ends first whenever the parser emits events; the watchdog
    // (a little later) ends a loop that emits none.
    const ParseWatchdog watchdog(file, {budget.time_left + kWatchdogGrace, kMaxParseMemoryGrowth});
    try {
        std::istringstream in{std::string(text)};
        YAML::Parser parser(in);
        // The second call only looks for a second document, which is refused at its start.
        if (parser.HandleNextDocument(builder)) parser.HandleNextDocument(builder);
    } catch (const StopParsing&) {
        if (builder.more_than_one_document)
            builder.problems.erase(builder.problems.begin(), builder.problems.end() - 1);
    } catch (const YAML::ParserException& e) {
        if (const auto problem = scan_flow(text, true)) {
            report(*problem);
        } else {
            diagnostics.push_back(
                {Columns(text).at(file, e.mark), fmt::format("YAML syntax error: {}", e.msg)});
        }
        return {};
    } catch (const YAML::Exception& e) {
        diagnostics.push_back({SourcePos{file, 0, 0}, fmt::format("YAML error: {}", e.msg)});
        return {};
    }
    if (!builder.problems.empty()) {
        diagnostics.insert(diagnostics.end(), std::make_move_iterator(builder.problems.begin()),
                           std::make_move_iterator(builder.problems.end()));
        return {};
    }
    DocNode tree = std::move(builder.root);
    NoteReader(text).attach(tree, 0, {});
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
        // Keys and ids are looked up by hash: merging two long lists stays linear. The
        // reserve keeps the indexed keys in place while new entries are appended.
        base.entries.reserve(base.entries.size() + overlay.entries.size());
        std::unordered_map<std::string_view, std::size_t> index;
        for (std::size_t i = 0; i < base.entries.size(); ++i) index.emplace(base.entries[i].key, i);
        for (const auto& e : overlay.entries) {
            const auto& replaced = rules.replaced_keys;
            const bool whole = std::find(replaced.begin(), replaced.end(), e.key) != replaced.end();
            if (const auto found = index.find(e.key); found != index.end()) {
                DocNode& existing = base.entries[found->second].value.front();
                existing =
                    whole ? e.value.front() : merge_documents(std::move(existing), e.value.front(), rules);
            } else {
                base.entries.push_back(e);
            }
        }
        if (!overlay.note.empty()) base.note = overlay.note;  // else the base's note stays
        return base;
    }
    if (base.kind == DocNode::Kind::sequence && overlay.kind == DocNode::Kind::sequence &&
        all_items_have_ids(base) && all_items_have_ids(overlay)) {
        base.items.reserve(base.items.size() + overlay.items.size());
        std::unordered_map<std::string_view, std::size_t> index;
        for (std::size_t i = 0; i < base.items.size(); ++i)
            index.emplace(base.items[i].find("id")->scalar, i);
        for (const auto& item : overlay.items) {
            if (const auto found = index.find(item.find("id")->scalar); found != index.end()) {
                DocNode& match = base.items[found->second];
                match = merge_documents(std::move(match), item, rules);
            } else {  // a new id; a second item with it merges into this one
                base.items.push_back(item);
                index.emplace(base.items.back().find("id")->scalar, base.items.size() - 1);
            }
        }
        if (!overlay.note.empty()) base.note = overlay.note;
        return base;
    }
    // A value restated unchanged (an item's id) keeps its note unless the overlay gives one.
    if (base.kind == DocNode::Kind::scalar && overlay.kind == DocNode::Kind::scalar &&
        base.scalar == overlay.scalar && overlay.note.empty()) {
        DocNode same = overlay;
        same.note = base.note;
        return same;
    }
    return overlay;
}

std::string emit_document(const DocNode& node) {
    YAML::Emitter out;
    out.SetIndent(2);
    emit(out, node, node.note);
    return std::string(out.c_str()) + "\n";
}

}  // namespace offersim::scenario
