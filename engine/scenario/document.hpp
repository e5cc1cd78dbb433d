#pragma once
// A parsed scenario file as a plain tree that remembers where every value was written.
// The YAML parser is confined to document.cpp; `extends` merging, decoding and the JSON
// Schema check all work on this tree, so positions survive the merge of several files.
#include "engine/core/error.hpp"

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

namespace offersim::scenario {

struct DocNode;

struct DocEntry {
    std::string key;
    SourcePos key_pos;
    std::vector<DocNode> value;  // exactly one node; a vector so the type may be incomplete
};

struct DocNode {
    enum class Kind { null, scalar, map, sequence };
    Kind kind = Kind::null;
    std::string scalar;
    bool quoted = false;            // a quoted scalar is a string, never a number or a boolean
    std::string note;               // the comment that belongs to the value (parse_document)
    int uncertain = -1;             // the median put in place of uncertain input [i] (uncertain_inputs.hpp)
    std::vector<DocEntry> entries;  // map, in file order
    std::vector<DocNode> items;     // sequence
    SourcePos pos;

    const DocNode* find(std::string_view key) const;
    DocNode* find(std::string_view key);
    const DocNode& value(const DocEntry& e) const { return e.value.front(); }
};

// The position of byte `offset` of `text`: 1-based line, and column counted in
// characters (UTF-8 sequences count once), as editors show them.
SourcePos position_of_offset(const std::string& file, std::string_view text, std::size_t offset);

// What parsing one scenario, every file of its `extends` chain together, may cost: values
// and text with aliases expanded, and processor time (of the parsing thread, so a busy
// machine does not shorten it). Each bounds memory or time whatever yaml-cpp does with a
// file; running out ends the parse with an error naming the budget.
struct ParseBudget {
    static constexpr std::size_t kMaxValues = 1'000'000;
    static constexpr std::size_t kMaxTextBytes = 64u << 20;
    static constexpr std::chrono::seconds kMaxTime{30};

    std::size_t values = 0;
    std::size_t text_bytes = 0;
    std::chrono::nanoseconds time_left = kMaxTime;
};

// A value's note, read from the comments of its file (yaml-cpp drops them):
//   - the comment beside the value, on the line of its key (or of its "- " in a list), then
//     the comment lines directly above that line, joined into one line;
//   - the comment lines at the top of a file, before any value, describe the file: no value's;
//   - a value without a comment of its own takes the note of the value it is in (the tier,
//     the segment, ...) in the same file; "# no note" gives it none.
// Of values written on one line, the outermost takes the line's comments.
inline constexpr std::string_view kNoNote = "no note";

// Parses YAML text. Invalid UTF-8, control characters, full-width punctuation where YAML
// needs ASCII, syntax errors, duplicate keys and unterminated quoted strings (which
// yaml-cpp 0.7 accepts silently) are appended to `diagnostics`; the tree is then empty.
DocNode parse_document(std::string_view text, const std::string& file, std::vector<Diagnostic>& diagnostics,
                       ParseBudget& budget);

// The same within a budget of its own.
inline DocNode parse_document(std::string_view text, const std::string& file,
                              std::vector<Diagnostic>& diagnostics) {
    ParseBudget budget;
    return parse_document(text, file, diagnostics, budget);
}

// How `extends` merges: see merge_documents.
struct MergeRules {
    std::vector<std::string_view> replaced_keys;   // maps keyed by ids (a tier mix) restated whole
    std::vector<std::string_view> discriminators;  // a map whose such key changes value is replaced whole
};

// `overlay` laid over `base`: maps merge key by key, except as `rules` say; sequences
// whose items are all maps with an `id` merge item by id (new ids are appended);
// anything else is replaced. A value keeps the note of the file that wrote it.
DocNode merge_documents(DocNode base, const DocNode& overlay, const MergeRules& rules);

// The tree written back as YAML (block style), for the record of what was run; each value
// whose note is not that of the value it is in carries it as a comment (kNoNote for none), so
// that parsing the text again gives every value the same note.
std::string emit_document(const DocNode& node);

}  // namespace offersim::scenario
