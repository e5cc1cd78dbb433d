#include "engine/scenario/field_reader.hpp"

#include "engine/scenario/loader.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <charconv>
#include <cmath>

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

void FieldReader::error(const SourcePos& pos, std::string message) {
    diagnostics_.push_back({pos, std::move(message)});
}

bool FieldReader::expect_map(const DocNode& node, const std::string& path, const Keys& allowed) {
    if (node.kind != DocNode::Kind::map) {
        error(node.pos, fmt::format("expected a mapping at {}, found {}", path, kind_name(node.kind)));
        return false;
    }
    for (const auto& e : node.entries) {
        if (std::find(allowed.begin(), allowed.end(), e.key) != allowed.end()) continue;
        const auto near = nearest_name(e.key, allowed);
        error(e.key_pos, near.empty()
                             ? fmt::format("unknown key '{}' at {}; expected one of {}", e.key, path,
                                           quoted_list(allowed))
                             : fmt::format("unknown key '{}' at {}; did you mean '{}'?", e.key, path, near));
    }
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

std::optional<double> FieldReader::number(const DocNode& map, std::string_view key, const std::string& path,
                                          bool is_required) {
    const DocNode* node = is_required ? required(map, key, path) : map.find(key);
    if (!node) return std::nullopt;
    const std::string where = join(path, key);
    const DocNode* s = scalar(node, where, "a number");
    if (!s) return std::nullopt;
    const std::string& v = s->scalar;
    double value = 0.0;
    const auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), value);
    if (s->quoted || ec != std::errc() || end != v.data() + v.size()) {
        const bool special = v == ".nan" || v == ".NaN" || v == ".inf" || v == "-.inf" || v == ".Inf";
        error(s->pos, special ? fmt::format("expected a finite number at {}, found '{}'", where, v)
                      : s->quoted
                          ? fmt::format("expected a number at {}, found the quoted text \"{}\"", where, v)
                          : fmt::format("expected a number at {}, found '{}'", where, v));
        return std::nullopt;
    }
    if (!std::isfinite(value)) {
        error(s->pos, fmt::format("expected a finite number at {}, found '{}'", where, v));
        return std::nullopt;
    }
    return value;
}

double FieldReader::number_in(const DocNode& map, std::string_view key, const std::string& path,
                              double fallback, double lo, double hi, bool is_required) {
    const auto v = number(map, key, path, is_required);
    if (!v) return fallback;
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
    const auto v = number(map, key, path, is_required);
    if (!v) return fallback;
    if (*v < 0.0 || *v > 1.0) {
        error(map.find(key)->pos, fmt::format("{} is a probability and must be between 0 and 1, found {}",
                                              join(path, key), map.find(key)->scalar));
        return fallback;
    }
    return *v;
}

std::int64_t FieldReader::integer_node(const DocNode& node, const std::string& where, std::int64_t lo,
                                       std::int64_t hi, std::int64_t fallback) {
    const DocNode* s = scalar(&node, where, "a whole number");
    if (!s) return fallback;
    std::int64_t value = 0;
    const std::string& v = s->scalar;
    const auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), value);
    if (s->quoted || ec != std::errc() || end != v.data() + v.size()) {
        double d = 0.0;
        const auto [dend, dec] = std::from_chars(v.data(), v.data() + v.size(), d);
        const bool whole = !s->quoted && dec == std::errc() && dend == v.data() + v.size() &&
                           std::isfinite(d) && d == std::floor(d) && std::fabs(d) < 9.0e15;
        if (!s->quoted && ec == std::errc::result_out_of_range) {
            error(s->pos, fmt::format("{} must be between {} and {}, found {}", where, lo, hi, v));
            return fallback;
        }
        if (!whole) {
            error(s->pos,
                  s->quoted
                      ? fmt::format("expected a whole number at {}, found the quoted text \"{}\"", where, v)
                      : fmt::format("expected a whole number at {}, found '{}'", where, v));
            return fallback;
        }
        value = static_cast<std::int64_t>(d);
    }
    if (value < lo || value > hi) {
        error(s->pos, fmt::format("{} must be between {} and {}, found {}", where, lo, hi, v));
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
    if (s->quoted) {
        error(s->pos,
              fmt::format("expected an amount in CNY at {}, found the quoted text \"{}\"", where, s->scalar));
        return 0;
    }
    auto value = parse_decimal_scaled(s->scalar, decimals);
    double as_double = 0.0;
    const auto [end, ec] = std::from_chars(s->scalar.data(), s->scalar.data() + s->scalar.size(), as_double);
    const bool is_number =
        ec == std::errc() && end == s->scalar.data() + s->scalar.size() && std::isfinite(as_double);
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
    const auto near = nearest_name(s->scalar, names);
    error(s->pos, near.empty()
                      ? fmt::format("unknown {} '{}' at {}; expected one of {}", key, s->scalar, path,
                                    quoted_list(names))
                      : fmt::format("unknown {} '{}' at {}; did you mean '{}'?", key, s->scalar, path, near));
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
    if (!node || node->kind != DocNode::Kind::scalar || parse_decimal_scaled(node->scalar, 2)) {
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
