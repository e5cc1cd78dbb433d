#include "engine/scenario/document.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <fmt/format.h>

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

// Offset of a 1-based line/column in `text`, or npos.
std::size_t offset_of(std::string_view text, int line, int column) {
    std::size_t offset = 0;
    for (int l = 1; l < line; ++l) {
        offset = text.find('\n', offset);
        if (offset == std::string_view::npos) return offset;
        ++offset;
    }
    return offset + static_cast<std::size_t>(column - 1);
}

// True when the quoted scalar opening at `offset` is closed before the end of the text.
bool quote_is_closed(std::string_view text, std::size_t offset) {
    if (offset >= text.size()) return true;
    const char quote = text[offset];
    if (quote != '"' && quote != '\'') return true;  // not written as a quoted scalar
    for (std::size_t i = offset + 1; i < text.size(); ++i) {
        if (quote == '"' && text[i] == '\\') {
            ++i;
        } else if (text[i] == quote) {
            if (quote == '\'' && i + 1 < text.size() && text[i + 1] == '\'') {
                ++i;  // '' is an escaped single quote
                continue;
            }
            return true;
        }
    }
    return false;
}

struct Converter {
    std::string_view text;
    const std::string& file;
    std::vector<Diagnostic>& diagnostics;
    int depth = 0;

    DocNode convert(const YAML::Node& node) {
        DocNode out;
        out.pos = position(file, node.Mark());
        if (++depth > 64) {
            if (depth == 65)
                diagnostics.push_back({out.pos, "nesting deeper than 64 levels"});
            --depth;
            return out;
        }
        switch (node.Type()) {
            case YAML::NodeType::Scalar:
                out.kind = DocNode::Kind::scalar;
                out.scalar = node.Scalar();
                out.quoted = node.Tag() == "!";
                if (out.quoted && !quote_is_closed(text, offset_of(text, out.pos.line, out.pos.column)))
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
                    entry.key_pos = position(file, it->first.Mark());
                    if (!it->first.IsScalar()) {
                        diagnostics.push_back({entry.key_pos, "a key must be a plain name"});
                        continue;
                    }
                    entry.key = it->first.Scalar();
                    if (const auto* first = out.find(entry.key)) {
                        (void)first;
                        const auto earlier = std::find_if(
                            out.entries.begin(), out.entries.end(),
                            [&](const DocEntry& e) { return e.key == entry.key; });
                        diagnostics.push_back(
                            {entry.key_pos,
                             fmt::format("duplicate key '{}' (first written at line {})",
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

DocNode parse_document(std::string_view text, const std::string& file,
                       std::vector<Diagnostic>& diagnostics) {
    const std::size_t before = diagnostics.size();
    YAML::Node root;
    try {
        std::vector<YAML::Node> documents = YAML::LoadAll(std::string(text));
        if (documents.size() > 1) {
            diagnostics.push_back({position(file, documents[1].Mark()),
                                   "a scenario file holds one YAML document; found more"});
            return {};
        }
        if (!documents.empty()) root = documents.front();
    } catch (const YAML::ParserException& e) {
        diagnostics.push_back({position(file, e.mark), fmt::format("YAML syntax error: {}", e.msg)});
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

DocNode merge_documents(DocNode base, const DocNode& overlay, const std::vector<std::string_view>& replaced_keys) {
    if (base.kind == DocNode::Kind::map && overlay.kind == DocNode::Kind::map) {
        for (const auto& e : overlay.entries) {
            const bool whole = std::find(replaced_keys.begin(), replaced_keys.end(), e.key) != replaced_keys.end();
            if (DocNode* existing = base.find(e.key)) {
                *existing = whole ? e.value.front() : merge_documents(std::move(*existing), e.value.front(), replaced_keys);
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
                *match = merge_documents(std::move(*match), item, replaced_keys);
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
