#include "engine/scenario/uncertain_inputs.hpp"

#include "engine/scenario/estimates_file.hpp"
#include "engine/scenario/loader.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <filesystem>
#include <limits>

namespace offersim::scenario {

const Keys kUncertainKeys = {"distribution", "low",  "mode",  "high", "mean",       "sd",   "cv",
                             "alpha",        "beta", "draws", "file", "covariance", "name", "source"};
const Keys kUncertainKinds = {"triangular", "normal",   "lognormal", "uniform",
                              "beta",       "estimate", "posterior"};

namespace {

// The kinds after the models' laws: estimates read from an estimation tool's file (§36).
constexpr int kEstimateKind = 5;
constexpr int kPosteriorKind = 6;

// Whole-number fields that may still be uncertain: flows of customers, drawn and rounded.
// Every other whole number (horizon, replications, seed, sizes, months) is structural.
constexpr std::string_view kWholeFlows[] = {"gross_adds_per_month"};

// Sections simulated apart from the customer base, or applied when summarising, which a
// parameter draw does not reach.
constexpr std::string_view kUndrawnSections[] = {"win_back", "groups", "discount_rate_annual", "uncertainty"};

const Keys& keys_of(models::UncertainKind kind) {
    static const Keys triangular = {"distribution", "low", "mode", "high", "source"};
    static const Keys normal = {"distribution", "mean", "sd", "source"};
    static const Keys lognormal = {"distribution", "mean", "cv", "source"};
    static const Keys uniform = {"distribution", "low", "high", "source"};
    static const Keys beta = {"distribution", "alpha", "beta", "low", "high", "source"};
    static const Keys draws = {"draws", "source"};
    switch (kind) {
        case models::UncertainKind::triangular:
            return triangular;
        case models::UncertainKind::normal:
            return normal;
        case models::UncertainKind::lognormal:
            return lognormal;
        case models::UncertainKind::uniform:
            return uniform;
        case models::UncertainKind::beta:
            return beta;
        case models::UncertainKind::draws:
            return draws;
    }
    return draws;
}

bool is_structured_map(const std::string& where) {
    const auto& places = accepted_keys();
    return std::any_of(places.begin(), places.end(), [&](const AcceptedKeys& a) { return a.where == where; });
}

class Finder {
public:
    Finder(FieldReader& reader, const std::vector<DrawnValue>& values, EstimateMemo* estimates)
        : r_(reader), values_(values), estimates_(estimates) {}

    void walk(DocNode& node, const std::string& path, const std::string& where) {
        if (node.kind == DocNode::Kind::map) {
            if ((node.find("distribution") || node.find("draws")) && !is_structured_map(where)) {
                take(node, path, where);
                return;
            }
            for (auto& e : node.entries)
                walk(e.value.front(), path.empty() ? e.key : path + "." + e.key,
                     where.empty() ? e.key : where + "/" + e.key);
        } else if (node.kind == DocNode::Kind::sequence) {
            for (std::size_t i = 0; i < node.items.size(); ++i) {
                DocNode& item = node.items[i];
                const DocNode* id = item.kind == DocNode::Kind::map ? item.find("id") : nullptr;
                const std::string name =
                    id && id->kind == DocNode::Kind::scalar ? id->scalar : fmt::format("{}", i);
                walk(item, fmt::format("{}[{}]", path, name), where + "/*");
            }
        }
    }

    std::vector<UncertainInput> inputs;
    std::vector<SourcePos> invalid;

private:
    double number(const DocNode& map, std::string_view key, const std::string& path, double fallback) {
        return r_.number(map, key, path, false).value_or(fallback);
    }

    double required(const DocNode& map, std::string_view key, const std::string& path) {
        return r_.number(map, key, path, true).value_or(0.0);
    }

    void take(DocNode& node, const std::string& path, const std::string& where) {
        const std::size_t before = errors();
        read(node, path, where);
        if (errors() != before) invalid.push_back(node.pos);
    }

    void read(DocNode& node, const std::string& path, const std::string& where) {
        const std::string top = where.substr(0, where.find('/'));
        if (std::find(std::begin(kUndrawnSections), std::end(kUndrawnSections), top) !=
            std::end(kUndrawnSections)) {
            r_.error(node.pos,
                     fmt::format("{} cannot be uncertain: {} is {}; write one value", path, top,
                                 top == "discount_rate_annual" ? "applied when the figures are summarised"
                                                               : "simulated apart from the parameter draws"));
            return;
        }
        UncertainInput in;
        in.path = path;
        in.pos = node.pos;
        in.source = r_.text(node, "source", path, "");
        const std::string key = where.substr(where.rfind('/') + 1);
        in.whole_allowed =
            std::find(std::begin(kWholeFlows), std::end(kWholeFlows), key) != std::end(kWholeFlows) ||
            where.ends_with("gross_adds_per_month/*");
        models::UncertainQuantity& q = in.quantity;
        if (node.find("draws")) {
            q.kind = models::UncertainKind::draws;
        } else {
            const int kind = r_.choice(node, "distribution", path, kUncertainKinds, 0, true);
            if (kind == kUnknownChoice) return;
            if (kind == kEstimateKind || kind == kPosteriorKind) {
                in.joint = read_estimate(node, path, kind == kEstimateKind, q);
                if (in.joint) replace_by_median(node, std::move(in));
                return;
            }
            q.kind = static_cast<models::UncertainKind>(kind);
        }
        if (!r_.expect_map(node, path, keys_of(q.kind))) return;
        const std::size_t before = errors();
        switch (q.kind) {
            case models::UncertainKind::triangular:
                q.low = required(node, "low", path);
                q.mode = required(node, "mode", path);
                q.high = required(node, "high", path);
                if (errors() == before && !(q.low <= q.mode && q.mode <= q.high))
                    r_.error(node.pos,
                             fmt::format("{}: a triangular range needs low <= mode <= high, found low {}, "
                                         "mode {}, high {}",
                                         path, q.low, q.mode, q.high));
                break;
            case models::UncertainKind::uniform:
            case models::UncertainKind::beta:
                q.low = q.kind == models::UncertainKind::beta ? number(node, "low", path, 0.0)
                                                              : required(node, "low", path);
                q.high = q.kind == models::UncertainKind::beta ? number(node, "high", path, 1.0)
                                                               : required(node, "high", path);
                if (errors() == before && q.low > q.high)
                    r_.error(node.pos, fmt::format("{}: low {} is above high {}", path, q.low, q.high));
                if (q.kind == models::UncertainKind::beta) {
                    q.alpha = required(node, "alpha", path);
                    q.beta = required(node, "beta", path);
                    if (errors() == before && (q.alpha <= 0.0 || q.beta <= 0.0))
                        r_.error(
                            node.pos,
                            fmt::format("{}: a beta law's alpha and beta must be above 0, found {} and {}",
                                        path, q.alpha, q.beta));
                }
                break;
            case models::UncertainKind::normal:
                q.mean = required(node, "mean", path);
                q.sd = required(node, "sd", path);
                if (errors() == before && q.sd < 0.0)
                    r_.error(node.pos, fmt::format("{}: sd must not be negative, found {}", path, q.sd));
                break;
            case models::UncertainKind::lognormal:
                q.mean = required(node, "mean", path);
                q.cv = required(node, "cv", path);
                if (errors() == before && (q.mean <= 0.0 || q.cv < 0.0))
                    r_.error(node.pos,
                             fmt::format("{}: a lognormal law needs a mean above 0 and a cv of at least 0, "
                                         "found mean {} and cv {}",
                                         path, q.mean, q.cv));
                break;
            case models::UncertainKind::draws: {
                const DocNode& list = *node.find("draws");
                if (list.kind != DocNode::Kind::sequence || list.items.empty()) {
                    r_.error(list.pos, fmt::format("expected {}.draws as a non-empty list of numbers", path));
                    break;
                }
                for (std::size_t i = 0; i < list.items.size(); ++i)
                    if (auto v = r_.number_node(list.items[i], fmt::format("{}.draws[{}]", path, i)))
                        q.draws.push_back(*v);
                std::sort(q.draws.begin(), q.draws.end());
                break;
            }
        }
        if (errors() != before) return;
        replace_by_median(node, std::move(in));
    }

    // A law `{ distribution: estimate | posterior, file, name[, covariance] }` (§36): the
    // estimate read from its file, paths relative to the file that names it.
    std::optional<JointEstimate> read_estimate(const DocNode& node, const std::string& path,
                                               bool coefficients, models::UncertainQuantity& q) {
        static const Keys estimate = {"distribution", "file", "covariance", "name", "source"};
        static const Keys posterior = {"distribution", "file", "name", "source"};
        if (!r_.expect_map(node, path, coefficients ? estimate : posterior)) return std::nullopt;
        const std::size_t before = errors();
        const std::string file = r_.text(node, "file", path, "", true);
        const std::string name = r_.text(node, "name", path, "", true);
        const std::string covariance = coefficients ? r_.text(node, "covariance", path, "") : "";
        if (errors() != before) return std::nullopt;
        const std::filesystem::path dir = std::filesystem::path(node.pos.file).parent_path();
        EstimateRef ref;
        ref.file = dir / file;
        ref.file_pos = node.find("file")->pos;
        if (!covariance.empty()) {
            ref.covariance = dir / covariance;
            ref.covariance_pos = node.find("covariance")->pos;
        }
        ref.name = name;
        ref.name_pos = node.find("name")->pos;
        ref.path = path;
        const std::string key =
            fmt::format("{}|{}|{}|{}", coefficients ? "estimate" : "posterior", ref.file.string(),
                        covariance.empty() ? "" : ref.covariance->string(), name);
        if (estimates_)
            if (const auto it = estimates_->find(key); it != estimates_->end()) {
                q = it->second.second;
                return it->second.first;
            }
        std::optional<JointEstimate> read =
            coefficients ? read_coefficient(r_, ref, q) : read_posterior(r_, ref, q);
        if (read && estimates_) estimates_->emplace(key, std::make_pair(*read, q));
        return read;
    }

    void replace_by_median(DocNode& node, UncertainInput in) {
        const models::UncertainQuantity& q = in.quantity;
        const std::string& path = in.path;
        DocNode median;
        median.kind = DocNode::Kind::scalar;
        const auto drawn =
            std::find_if(values_.begin(), values_.end(), [&](const DrawnValue& v) { return v.path == path; });
        median.scalar = fmt::format("{}", drawn != values_.end() ? drawn->value : models::quantile(q, 0.5));
        median.pos = node.pos;
        median.uncertain = static_cast<int>(inputs.size());
        node = std::move(median);
        inputs.push_back(std::move(in));
    }

    std::size_t errors() const { return r_.error_count(); }

    FieldReader& r_;
    const std::vector<DrawnValue>& values_;
    EstimateMemo* estimates_;
};

}  // namespace

std::vector<UncertainInput> take_uncertain_inputs(DocNode& root, FieldReader& reader,
                                                  const std::vector<DrawnValue>& values,
                                                  std::vector<SourcePos>* invalid, EstimateMemo* estimates) {
    Finder finder(reader, values, estimates);
    finder.walk(root, "", "");
    if (invalid) *invalid = std::move(finder.invalid);
    return std::move(finder.inputs);
}

void share_estimate_bounds(std::vector<UncertainInput>& inputs) {
    for (auto& in : inputs) {
        if (!in.joint || in.joint->kind != JointEstimate::Kind::multivariate_normal) continue;
        JointEstimate& joint = *in.joint;
        joint.lower_bound.assign(joint.names.size(), -std::numeric_limits<double>::infinity());
        joint.upper_bound.assign(joint.names.size(), std::numeric_limits<double>::infinity());
        for (const auto& other : inputs) {
            if (!other.joint || other.joint->key != joint.key) continue;
            const auto k = static_cast<std::size_t>(other.joint->index);
            joint.lower_bound[k] = std::max(joint.lower_bound[k], other.lower);
            joint.upper_bound[k] = std::min(joint.upper_bound[k], other.upper);
        }
    }
}

}  // namespace offersim::scenario
