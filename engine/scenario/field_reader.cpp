#include "engine/scenario/field_reader.hpp"

#include "engine/scenario/loader.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdlib>

namespace offersim::scenario {

const Keys kDistributionKeys = {"distribution", "mean", "cv"};
const Keys kDistributionKinds = {"fixed", "lognormal", "gamma"};

std::string_view kind_name(DocNode::Kind kind) {
    switch (kind) {
        case DocNode::Kind::null:
            return "nothing";
        case DocNode::Kind::scalar:
            return "a value";
        case DocNode::Kind::map:
            return "a mapping";
        case DocNode::Kind::sequence:
            return "a list";
    }
    return "?";
}

std::string quoted_list(const Keys& names) {
    std::string out;
    for (const auto& n : names) out += fmt::format("{}'{}'", out.empty() ? "" : ", ", n);
    return out;
}

bool Ids::insert(std::string_view name) {
    if (!set_.insert(name).second) return false;
    names_.push_back(name);
    return true;
}

namespace {

// Names longer than this are no typo of a key or an id and are shown cut.
constexpr std::size_t kLongestName = 64;
constexpr std::size_t kListedNames = 10;

// The Levenshtein distance of `a` and `b`, or `limit` + 1 once it must exceed `limit`.
std::size_t distance_within(std::string_view a, std::string_view b, std::size_t limit) {
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diagonal = row[0];
        row[0] = i;
        std::size_t smallest = row[0];
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t next =
                std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] != b[j - 1])});
            diagonal = row[j];
            row[j] = next;
            smallest = std::min(smallest, next);
        }
        if (smallest > limit) return limit + 1;
    }
    return row[b.size()];
}

// `name` as a message shows it: cut (at a character's start) when it is long.
std::string shown(std::string_view name) {
    if (name.size() <= kLongestName) return std::string(name);
    std::size_t cut = kLongestName - 4;
    while (cut > 0 && (static_cast<unsigned char>(name[cut]) & 0xC0) == 0x80) --cut;
    return fmt::format("{}... ({} bytes)", name.substr(0, cut), name.size());
}

// A number's digits: YAML 1.2's core schema allows a leading '+' ("+12" is 12), which
// from_chars does not.
std::string_view numeral(std::string_view text) {
    return text.size() > 1 && text[0] == '+' &&
                   (std::isdigit(static_cast<unsigned char>(text[1])) || text[1] == '.')
               ? text.substr(1)
               : text;
}

std::string first_names(const Keys& names) {
    if (names.size() <= kListedNames) return quoted_list(names);
    return fmt::format("{} and {} more", quoted_list(Keys(names.begin(), names.begin() + kListedNames)),
                       names.size() - kListedNames);
}

}  // namespace

void FieldReader::error(const SourcePos& pos, std::string message) {
    diagnostics_.push_back({pos, std::move(message)});
}

void FieldReader::unknown(const SourcePos& pos, std::string_view what, std::string_view name,
                          std::string_view where, const Keys& valid) {
    std::size_t cells = 0;
    for (const auto& v : valid) cells += (name.size() + 1) * (v.size() + 1);
    std::string_view near;
    if (name.size() <= kLongestName && cells <= suggestion_cells_) {
        suggestion_cells_ -= cells;
        near = nearest_name(name, valid);
    }
    error(pos, near.empty()
                   ? fmt::format("unknown {} '{}'{}; expected one of {}", what, shown(name), where,
                                 first_names(valid))
                   : fmt::format("unknown {} '{}'{}; did you mean '{}'?", what, shown(name), where, near));
}

bool FieldReader::known(std::string_view name, const Ids& ids, const SourcePos& pos, std::string_view what) {
    if (ids.contains(name)) return true;
    unknown(pos, what, name, "", ids.names());
    return false;
}

std::string_view nearest_name(std::string_view name, const std::vector<std::string_view>& candidates) {
    // Only a close spelling is a likely typo: one edit in a name of up to 4 characters, two
    // up to 12, three beyond. A wider net suggests other concepts (member_growth_monthly
    // is not member_churn_monthly) and punctuation ('<<' is not 'id').
    if (name.empty() || name.size() > kLongestName) return {};
    const std::size_t limit = name.size() <= 4 ? 1 : name.size() <= 12 ? 2 : 3;
    std::string_view best;
    std::size_t best_distance = limit + 1;
    for (const auto& c : candidates) {
        if (c.size() + limit < name.size() || name.size() + limit < c.size()) continue;
        const std::size_t d = distance_within(name, c, std::min(limit, best_distance));
        if (d < best_distance) {
            best_distance = d;
            best = c;
        }
    }
    return best;
}

bool FieldReader::expect_map(const DocNode& node, const std::string& path, const Keys& allowed) {
    if (node.kind != DocNode::Kind::map) {
        error(node.pos, fmt::format("expected a mapping at {}, found {}", path, kind_name(node.kind)));
        return false;
    }
    for (const auto& e : node.entries)
        if (std::find(allowed.begin(), allowed.end(), e.key) == allowed.end())
            unknown(e.key_pos, "key", e.key, fmt::format(" at {}", path), allowed);
    return true;
}

const DocNode* FieldReader::required(const DocNode& map, std::string_view key, const std::string& path) {
    const DocNode* node = map.find(key);
    if (!node)
        error(map.pos,
              fmt::format("missing required key '{}' at {}", key, path.empty() ? "the top level" : path));
    return node;
}

std::string FieldReader::join(const std::string& path, std::string_view key) {
    return path.empty() ? std::string(key) : fmt::format("{}.{}", path, key);
}

const DocNode* FieldReader::scalar(const DocNode* node, const std::string& path, std::string_view expected) {
    if (!node) return nullptr;
    if (node->kind != DocNode::Kind::scalar) {
        error(node->pos, fmt::format("expected {} at {}, found {}", expected, path, kind_name(node->kind)));
        return nullptr;
    }
    return node;
}

std::string FieldReader::text(const DocNode& map, std::string_view key, const std::string& path,
                              const std::string& fallback, bool is_required) {
    const DocNode* node = is_required ? required(map, key, path) : map.find(key);
    if (!node) return fallback;
    const DocNode* s = scalar(node, join(path, key), "text");
    return s ? s->scalar : fallback;
}

std::string FieldReader::id(const DocNode& map, const std::string& path) {
    std::string id = text(map, "id", path, "", true);
    if (const DocNode* node = map.find("id"); id.empty() && node && node->kind == DocNode::Kind::scalar)
        error(node->pos, fmt::format("{} is empty; an id names the item wherever it is used, e.g. id: mass",
                                     join(path, "id")));
    return id;
}

std::optional<double> FieldReader::number(const DocNode& map, std::string_view key, const std::string& path,
                                          bool is_required) {
    const DocNode* node = is_required ? required(map, key, path) : map.find(key);
    if (!node) return std::nullopt;
    return number_node(*node, join(path, key));
}

std::optional<double> FieldReader::number_node(const DocNode& node, const std::string& where) {
    const DocNode* s = scalar(&node, where, "a number");
    if (!s) return std::nullopt;
    const std::string_view v = numeral(s->scalar);
    double value = 0.0;
    const auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), value);
    if (s->quoted || ec != std::errc() || end != v.data() + v.size()) {
        const bool special = v == ".nan" || v == ".NaN" || v == ".inf" || v == "-.inf" || v == ".Inf";
        error(s->pos, special ? fmt::format("expected a finite number at {}, found '{}'", where, s->scalar)
                      : s->quoted ? fmt::format("expected a number at {}, found the quoted text \"{}\"",
                                                where, s->scalar)
                                  : fmt::format("expected a number at {}, found '{}'", where, s->scalar));
        return std::nullopt;
    }
    if (!std::isfinite(value)) {
        error(s->pos, fmt::format("expected a finite number at {}, found '{}'", where, s->scalar));
        return std::nullopt;
    }
    return value;
}

double FieldReader::number_in(const DocNode& map, std::string_view key, const std::string& path,
                              double fallback, double lo, double hi, bool is_required) {
    const auto v = number(map, key, path, is_required);
    if (!v) return fallback;
    bound_draws(map.find(key), lo, hi);
    if (*v < lo || *v > hi) {
        const DocNode* node = map.find(key);
        error(node->pos,
              fmt::format("{} must be between {} and {}, found {}", join(path, key), lo, hi, node->scalar));
        return fallback;
    }
    return *v;
}

double FieldReader::probability(const DocNode& map, std::string_view key, const std::string& path,
                                double fallback, bool is_required) {
    const DocNode* node = is_required ? required(map, key, path) : map.find(key);
    return node ? probability_node(*node, join(path, key), fallback) : fallback;
}

double FieldReader::probability_node(const DocNode& node, const std::string& where, double fallback) {
    const auto v = number_node(node, where);
    if (!v) return fallback;
    bound_draws(&node, 0.0, 1.0);
    if (*v < 0.0 || *v > 1.0) {
        error(node.pos,
              fmt::format("{} is a probability and must be between 0 and 1, found {}", where, node.scalar));
        return fallback;
    }
    return *v;
}

void FieldReader::bound_draws(const DocNode* node, double lo, double hi) {
    if (UncertainInput* in = node ? uncertain_input(*node) : nullptr) {
        in->lower = std::max(in->lower, lo);
        in->upper = std::min(in->upper, hi);
    }
}

UncertainInput* FieldReader::uncertain_input(const DocNode& node) {
    if (uncertain_ == nullptr || node.uncertain < 0) return nullptr;
    return &(*uncertain_)[static_cast<std::size_t>(node.uncertain)];
}

std::int64_t FieldReader::integer_node(const DocNode& node, const std::string& where, std::int64_t lo,
                                       std::int64_t hi, std::int64_t fallback) {
    const DocNode* s = scalar(&node, where, "a whole number");
    if (!s) return fallback;
    if (UncertainInput* in = uncertain_input(*s)) {
        if (!in->whole_allowed) {
            error(s->pos,
                  fmt::format("{} is a structural whole number (a horizon, a count, a size or a month) "
                              "and cannot be uncertain; write one value, or run one scenario per value",
                              where));
            return fallback;
        }
        in->decimals = 0;
        bound_draws(s, static_cast<double>(lo), static_cast<double>(hi));
        const auto median = std::llround(std::strtod(s->scalar.c_str(), nullptr));
        if (median < lo || median > hi) {
            error(s->pos,
                  fmt::format("{} must be between {} and {}, and its median is {}", where, lo, hi, median));
            return fallback;
        }
        return median;
    }
    std::int64_t value = 0;
    const std::string_view v = numeral(s->scalar);
    const auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), value);
    if (s->quoted || ec != std::errc() || end != v.data() + v.size()) {
        double d = 0.0;
        const auto [dend, dec] = std::from_chars(v.data(), v.data() + v.size(), d);
        const bool whole = !s->quoted && dec == std::errc() && dend == v.data() + v.size() &&
                           std::isfinite(d) && d == std::floor(d) && std::fabs(d) < 9.0e15;
        if (!s->quoted && ec == std::errc::result_out_of_range) {
            error(s->pos, fmt::format("{} must be between {} and {}, found {}", where, lo, hi, s->scalar));
            return fallback;
        }
        if (!whole) {
            error(s->pos, s->quoted
                              ? fmt::format("expected a whole number at {}, found the quoted text \"{}\"",
                                            where, s->scalar)
                              : fmt::format("expected a whole number at {}, found '{}'", where, s->scalar));
            return fallback;
        }
        value = static_cast<std::int64_t>(d);
    }
    if (value < lo || value > hi) {
        error(s->pos, fmt::format("{} must be between {} and {}, found {}", where, lo, hi, s->scalar));
        return fallback;
    }
    return value;
}

std::int64_t FieldReader::integer(const DocNode& map, std::string_view key, const std::string& path,
                                  std::int64_t fallback, std::int64_t lo, std::int64_t hi, bool is_required) {
    const DocNode* node = is_required ? required(map, key, path) : map.find(key);
    if (!node) return fallback;
    return integer_node(*node, join(path, key), lo, hi, fallback);
}

std::int64_t FieldReader::amount(const DocNode& map, std::string_view key, const std::string& path,
                                 int decimals, bool is_required) {
    const DocNode* node = is_required ? required(map, key, path) : map.find(key);
    if (!node) return 0;
    return amount_node(*node, join(path, key), decimals);
}

std::int64_t FieldReader::amount_node(const DocNode& node, const std::string& where, int decimals) {
    const DocNode* s = scalar(&node, where, "an amount in CNY");
    if (!s) return 0;
    if (UncertainInput* in = uncertain_input(*s)) {
        in->decimals = decimals;
        in->lower = std::max(in->lower, 0.0);
        const auto median = std::llround(std::strtod(s->scalar.c_str(), nullptr) * std::pow(10.0, decimals));
        if (median < 0) {
            error(s->pos, fmt::format("{} must not be negative, and its median is {}", where, s->scalar));
            return 0;
        }
        return median;
    }
    if (s->quoted) {
        error(s->pos,
              fmt::format("expected an amount in CNY at {}, found the quoted text \"{}\"", where, s->scalar));
        return 0;
    }
    const std::string_view digits = numeral(s->scalar);
    auto value = parse_decimal_scaled(digits, decimals);
    double as_double = 0.0;
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), as_double);
    const bool is_number =
        ec == std::errc() && end == digits.data() + digits.size() && std::isfinite(as_double);
    const double scaled = as_double * std::pow(10.0, decimals);
    if (!value && is_number && std::fabs(scaled) < 9.0e15 && scaled == std::floor(scaled))
        value = static_cast<std::int64_t>(scaled);  // written with an exponent, e.g. 4.5e6
    // Amounts are capped so units x rate and every sum of bills stay exact in doubles
    // (below 2^53 fen) and in int64: 10^12 CNY for money, 100 CNY per unit for rates.
    const std::int64_t max_amount = decimals == 2 ? 100'000'000'000'000 : 1'000'000;
    if (!value && is_number && std::fabs(scaled) >= 9.0e15) {
        error(s->pos, fmt::format("{} must not be negative or absurdly large, found {}", where, s->scalar));
        return 0;
    }
    if (!value) {
        error(s->pos, fmt::format("expected an amount in CNY with at most {} decimals at {}, found '{}'",
                                  decimals, where, s->scalar));
        return 0;
    }
    if (*value < 0 || *value > max_amount) {
        error(s->pos, fmt::format("{} must not be negative or above {} CNY, found {}", where,
                                  max_amount / static_cast<std::int64_t>(std::pow(10, decimals)), s->scalar));
        return 0;
    }
    return *value;
}

Money FieldReader::money(const DocNode& map, std::string_view key, const std::string& path,
                         bool is_required) {
    return Money{amount(map, key, path, 2, is_required)};
}

Rate FieldReader::rate(const DocNode& map, std::string_view key, const std::string& path, bool is_required) {
    return Rate{amount(map, key, path, 4, is_required)};
}

int FieldReader::choice(const DocNode& map, std::string_view key, const std::string& path, const Keys& names,
                        int fallback, bool is_required) {
    const DocNode* node = is_required ? required(map, key, path) : map.find(key);
    if (!node) return fallback;
    const DocNode* s = scalar(node, join(path, key), "a name");
    if (!s) return fallback;
    const auto it = std::find(names.begin(), names.end(), s->scalar);
    if (it != names.end()) return static_cast<int>(it - names.begin());
    unknown(s->pos, key, s->scalar, fmt::format(" at {}", path), names);
    return kUnknownChoice;
}

int FieldReader::choice_or(const DocNode& map, std::string_view key, const std::string& path,
                           const Keys& names, int fallback, bool is_required) {
    const int c = choice(map, key, path, names, fallback, is_required);
    return c == kUnknownChoice ? fallback : c;
}

std::int64_t FieldReader::allowance(const DocNode& map, std::string_view key, const std::string& path,
                                    std::int64_t hi, bool& unlimited) {
    const DocNode* node = map.find(key);
    if (node && node->kind == DocNode::Kind::scalar && !node->quoted && node->scalar == "unlimited") {
        unlimited = true;
        return 0;
    }
    return integer(map, key, path, 0, 0, hi);
}

std::vector<std::string> FieldReader::names(const DocNode& map, std::string_view key, const std::string& path,
                                            bool is_required) {
    std::vector<std::string> out;
    const DocNode* node = is_required ? required(map, key, path) : map.find(key);
    if (!node) return out;
    const std::string where = join(path, key);
    if (node->kind != DocNode::Kind::sequence || node->items.empty()) {
        error(node->pos, fmt::format("expected {} as a non-empty list of ids, e.g. [mass, vip_gold]", where));
        return out;
    }
    for (std::size_t i = 0; i < node->items.size(); ++i) {
        const DocNode* item = scalar(&node->items[i], fmt::format("{}[{}]", where, i), "an id");
        if (item) out.push_back(item->scalar);
    }
    return out;
}

Money FieldReader::money_or_formula(const DocNode& map, std::string_view key, const std::string& path,
                                    const FormulaTerms& terms) {
    const DocNode* node = map.find(key);
    if (!node || node->kind != DocNode::Kind::scalar || parse_decimal_scaled(numeral(node->scalar), 2)) {
        return money(map, key, path);
    }
    const FormulaResult r = evaluate_formula(node->scalar, terms);
    if (!r.error.empty()) {
        SourcePos pos = node->pos;
        pos.column += static_cast<int>(r.offset) + (node->quoted ? 1 : 0);
        error(pos, fmt::format("in the formula at {}: {}", join(path, key), r.error));
        return Money{};
    }
    if (r.value < 0.0 || r.value > 1e13) {
        error(node->pos,
              fmt::format("{} gives {}, which is not a usable amount in CNY", join(path, key), r.value));
        return Money{};
    }
    return Money{static_cast<std::int64_t>(std::floor(r.value * 100.0 + 0.5))};  // half up to the fen
}

models::Distribution FieldReader::distribution(const DocNode* node, const std::string& path,
                                               double lowest_mean, double highest_mean) {
    models::Distribution d;
    if (!node || !expect_map(*node, path, kDistributionKeys)) return d;
    const int kind = choice(*node, "distribution", path, kDistributionKinds, 0, true);
    if (kind == kUnknownChoice) return d;  // its other keys cannot be judged
    d.kind = static_cast<models::DistributionKind>(kind);
    d.mean = number_in(*node, "mean", path, lowest_mean, lowest_mean, highest_mean, true);
    if (d.kind == models::DistributionKind::fixed) {
        if (node->find("cv"))
            error(node->find("cv")->pos, fmt::format("{}.cv has no meaning for a fixed value", path));
    } else {
        d.cv = number_in(*node, "cv", path, 0.0, 0.001, 20.0, true);
    }
    return d;
}

}  // namespace offersim::scenario
