#include "engine/scenario/initial_base_section.hpp"

#include "engine/scenario/extract_groups.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <algorithm>
#include <fstream>
#include <iterator>

namespace offersim::scenario {

const Keys kInitialBaseKeys = {"extract", "as_of", "encoding", "secret_file"};

namespace {

const Keys kEncodings = {"auto", "utf-8", "gbk"};

}  // namespace

std::optional<InitialBaseSpec> read_initial_base(FieldReader& in, const DocNode& node) {
    const std::string path = "initial_base";
    if (!in.expect_map(node, path, kInitialBaseKeys)) return std::nullopt;
    InitialBaseSpec spec;
    spec.pos = node.pos;
    spec.extract = in.text(node, "extract", path, "", true);
    if (const DocNode* e = node.find("extract"); e && !spec.extract.empty()) {
        spec.file = std::filesystem::path(e->pos.file).parent_path() / spec.extract;
        spec.pos = e->pos;  // attach_initial_base checks the file when it reads it
    }
    const std::string month = in.text(node, "as_of", path, "", true);
    if (const DocNode* a = node.find("as_of")) {
        const std::optional<int> m = data::year_month(month);
        if (!m)
            in.error(a->pos, fmt::format("expected initial_base.as_of as the extract's month YYYY-MM, e.g. "
                                         "2009-09, found '{}'",
                                         month));
        else
            spec.as_of = *m;
    }
    const int encoding = in.choice_or(node, "encoding", path, kEncodings, 0);  // a misspelling is reported
    spec.encoding = *data::encoding_named(kEncodings[static_cast<std::size_t>(encoding)]);
    if (const DocNode* f = node.find("secret_file")) {
        spec.secret_file = in.text(node, "secret_file", path, "");
        spec.secret_pos = f->pos;
        if (spec.secret_file.empty())
            in.error(f->pos,
                     "expected initial_base.secret_file as the path of a file of at least 16 random "
                     "bytes, relative to this file");
        else
            spec.secret_path = std::filesystem::path(f->pos.file).parent_path() / spec.secret_file;
    }
    return spec;
}

namespace {

// The operator's secret from `spec.secret_path`, every byte of it. Its bytes go nowhere but
// into the key (no message quotes them).
SipKey read_secret_file(const InitialBaseSpec& spec) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(spec.secret_path, ec))
        throw InputError(
            {{spec.secret_pos,
              fmt::format("initial_base.secret_file names '{}', which is not a file (looked for {})",
                          spec.secret_file, spec.secret_path.string())}});
    // A key needs 16 bytes; a file of more than a mebibyte is not a secret but a mistake (a
    // named extract or dump), refused before it is read whole.
    constexpr std::uintmax_t kMaxSecretBytes = 1u << 20;
    if (const std::uintmax_t size = std::filesystem::file_size(spec.secret_path, ec);
        !ec && size > kMaxSecretBytes)
        throw InputError({{spec.secret_pos,
                           fmt::format("initial_base.secret_file '{}' holds {} bytes; a secret file may hold "
                                       "at most 1 MiB (e.g. head -c 32 /dev/urandom > {})",
                                       spec.secret_file, size, spec.secret_file)}});
    std::ifstream in(spec.secret_path, std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (!in.good() && !in.eof())
        throw InputError({{spec.secret_pos, fmt::format("initial_base.secret_file '{}' cannot be read ({})",
                                                        spec.secret_file, spec.secret_path.string())}});
    if (bytes.size() < data::kMinSecretBytes)
        throw InputError(
            {{spec.secret_pos,
              fmt::format(
                  "initial_base.secret_file '{}' holds {} bytes; expected at least {} bytes of random "
                  "data the operator keeps (e.g. head -c 32 /dev/urandom > {})",
                  spec.secret_file, bytes.size(), data::kMinSecretBytes, spec.secret_file)}});
    const SipKey key = data::extract_secret(bytes);
    std::fill(bytes.begin(), bytes.end(), '\0');
    return key;
}

}  // namespace

void attach_initial_base(Scenario& sc, ExtractMemo* memo) {
    if (!sc.initial_base) return;
    InitialBaseSpec& spec = *sc.initial_base;
    data::ExtractNames names;
    for (const auto& s : sc.segments) names.segments.push_back(s.id);
    for (const auto& t : sc.tiers) names.tiers.push_back(t.id);
    if (sc.vip_grading.enabled)
        for (const auto& l : sc.vip_grading.levels) names.vip_levels.push_back(l.id);
    names.group_segments = group_member_segments(sc);
    std::string key =
        fmt::format("{}|{}|{}|{}|{}", spec.file.string(), spec.as_of, static_cast<int>(spec.encoding),
                    spec.secret_path.string(), fmt::join(names.group_segments, ""));
    for (const auto* list : {&names.segments, &names.tiers, &names.vip_levels})
        key += fmt::format("|{}", fmt::join(*list, ","));
    const bool known = memo && memo->customers && memo->key == key;
    std::error_code ec;
    if (!known && !std::filesystem::is_regular_file(spec.file, ec))
        throw InputError(
            {{spec.pos, fmt::format("initial_base.extract names '{}', which is not a file (looked for {})",
                                    spec.extract, spec.file.string())}});
    std::shared_ptr<const data::CustomerExtract> customers;
    if (known) {
        customers = memo->customers;
    } else {
        const std::optional<SipKey> secret =
            spec.secret_file.empty() ? std::nullopt : std::optional<SipKey>(read_secret_file(spec));
        customers = std::make_shared<const data::CustomerExtract>(data::read_customer_extract(
            spec.file, names, spec.as_of, spec.encoding, secret ? &*secret : nullptr));
    }
    if (memo) *memo = ExtractMemo{key, customers};
    for (std::size_t s = 0; s < sc.segments.size(); ++s)
        if (!customers->by_segment[s].empty())
            sc.segments[s].size = static_cast<std::int64_t>(customers->by_segment[s].size());
    spec.customers = std::move(customers);
}

}  // namespace offersim::scenario
