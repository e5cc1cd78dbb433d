#include "engine/scenario/loader.hpp"

#include "engine/scenario/behaviour_section.hpp"
#include "engine/scenario/competitors_section.hpp"
#include "engine/scenario/decoder.hpp"
#include "engine/scenario/document.hpp"
#include "engine/scenario/extends_chain.hpp"
#include "engine/scenario/extract_groups.hpp"
#include "engine/scenario/field_reader.hpp"
#include "engine/scenario/group_members_check.hpp"
#include "engine/scenario/groups_section.hpp"
#include "engine/scenario/initial_base_section.hpp"
#include "engine/scenario/reporting_section.hpp"
#include "engine/scenario/uncertain_inputs.hpp"
#include "engine/scenario/win_back_section.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <map>
#include <mutex>

namespace offersim::scenario {
namespace {

const Keys kTopKeys = {"extends",      "name",          "title",           "horizon_months",
                       "replications", "seed",          "currency",        "discount_rate_annual",
                       "segments",     "tiers",         "offers",          "competitor_moves",
                       "costs",        "churn_drivers", "vip_grading",     "retention_campaigns",
                       "win_back",     "groups",        "price_reference", "competitors",
                       "uncertainty",  "reporting",     "include",         "initial_base"};
const Keys kUncertaintyKeys = {"n_inner"};
const Keys kCostKeys = {"network_per_min_cny", "network_per_mb_cny",
                        "network_per_sms_cny", "commission_per_gross_add_cny",
                        "fixed_monthly_cny",   "interconnect_per_off_net_min_cny"};

}  // namespace

// Everything loading a scenario reads, parsed: the merged document of its chain, and, kept
// as the first decode reads them, its estimate files' laws, its extract and its reference
// prices. Decoding again from here reads no file (docs/performance.md, "sweep").
struct ScenarioFiles {
    MergedChain chain;
    mutable std::mutex decoding;  // held while a decode reads or fills the memos below
    mutable EstimateMemo estimates;
    mutable ExtractMemo extract;
    mutable std::map<std::string, std::shared_ptr<const Scenario>> references;  // by file
};

Scenario Decoder::scenario(const DocNode& root) {
    Scenario sc;
    if (root.kind == DocNode::Kind::null) {
        error(root.pos,
              "the file is empty; a scenario needs at least name, horizon_months, segments and tiers");
        return sc;
    }
    if (!expect_map(root, "the top level", kTopKeys)) return sc;
    const std::string top;
    sc.name = text(root, "name", top, "", true);
    sc.title = text(root, "title", top, sc.name);
    sc.horizon_months = static_cast<int>(integer(root, "horizon_months", top, 12, 1, 600, true));
    sc.replications = static_cast<int>(integer(root, "replications", top, 100, 1, 100'000));
    sc.seed = static_cast<std::uint64_t>(integer(root, "seed", top, 1, 0, kMaxSeed));
    sc.currency = text(root, "currency", top, "CNY");
    if (const DocNode* c = root.find("currency"); c && sc.currency != "CNY")
        error(c->pos, fmt::format("currency '{}' is not supported; amounts are read as 'CNY'", sc.currency));
    sc.discount_rate_annual = number_in(root, "discount_rate_annual", top, 0.0, 0.0, 1.0);
    if (const DocNode* u = root.find("uncertainty"); u && expect_map(*u, "uncertainty", kUncertaintyKeys))
        sc.n_inner = static_cast<int>(integer(*u, "n_inner", "uncertainty", 2, 2, 10'000));

    if (const DocNode* tiers = required(root, "tiers", top)) {
        if (tiers->kind != DocNode::Kind::sequence || tiers->items.empty()) {
            error(tiers->pos, "expected tiers as a non-empty list of monthly-package tiers");
        } else {
            for (std::size_t i = 0; i < tiers->items.size(); ++i)
                sc.tiers.push_back(tier(tiers->items[i], fmt::format("tiers[{}]", i)));
        }
    }
    if (const DocNode* b = root.find("initial_base")) {
        sc.initial_base = read_initial_base(*this, *b);
        sizes_from_extract_ = true;
    }
    if (const DocNode* segments = required(root, "segments", top)) {
        if (segments->kind != DocNode::Kind::sequence || segments->items.empty()) {
            error(segments->pos, "expected segments as a non-empty list of customer segments");
        } else {
            for (std::size_t i = 0; i < segments->items.size(); ++i)
                sc.segments.push_back(segment(segments->items[i], fmt::format("segments[{}]", i)));
        }
    }
    if (const DocNode* offers = root.find("offers")) {
        if (offers->kind != DocNode::Kind::sequence) {
            error(offers->pos, "expected offers as a list of bundles, device subsidies and prepay deals");
        } else {
            for (std::size_t i = 0; i < offers->items.size(); ++i)
                sc.offers.push_back(offer(offers->items[i], fmt::format("offers[{}]", i), sc.horizon_months));
        }
    }
    if (const DocNode* moves = root.find("competitor_moves")) {
        if (moves->kind != DocNode::Kind::sequence) {
            error(moves->pos, "expected competitor_moves as a list of time-bound moves");
        } else {
            for (std::size_t i = 0; i < moves->items.size(); ++i)
                sc.competitor_moves.push_back(competitor_move(
                    moves->items[i], fmt::format("competitor_moves[{}]", i), sc.horizon_months));
        }
    }
    if (const DocNode* rivals = root.find("competitors"))
        sc.competitors = read_competitors(
            *this, *rivals, sc.horizon_months,
            [this](const DocNode& node, const std::string& path) { return tier(node, path); });
    if (const DocNode* costs = root.find("costs"); costs && expect_map(*costs, "costs", kCostKeys)) {
        sc.costs.network_per_min = rate(*costs, "network_per_min_cny", "costs");
        sc.costs.network_per_mb = rate(*costs, "network_per_mb_cny", "costs");
        sc.costs.network_per_sms = rate(*costs, "network_per_sms_cny", "costs");
        sc.costs.commission_per_gross_add = money(*costs, "commission_per_gross_add_cny", "costs");
        sc.costs.fixed_monthly = money(*costs, "fixed_monthly_cny", "costs");
        sc.costs.interconnect_per_off_net_min = rate(*costs, "interconnect_per_off_net_min_cny", "costs");
    }
    if (const DocNode* d = root.find("churn_drivers")) sc.churn_drivers = read_churn_drivers(*this, *d);
    if (const DocNode* v = root.find("vip_grading")) sc.vip_grading = read_vip_grading(*this, *v);
    if (const DocNode* c = root.find("retention_campaigns"))
        sc.retention_campaigns = read_retention_campaigns(*this, *c, sc.horizon_months);
    sc.win_back = read_win_back(*this, root, sc);
    check_references(root, sc);
    sc.groups = read_groups(*this, root, sc.horizon_months, Ids::of(sc.offers));
    // With an extract, the segments' sizes and groups come from its rows: checked once it is read.
    if (!sc.initial_base) check_group_members(*this, root, sc);
    if (const DocNode* r = root.find("reporting")) sc.reporting = read_reporting(*this, *r);
    return sc;
}

namespace {

Scenario load_file(const std::filesystem::path& file, bool with_price_reference,
                   const std::vector<ParameterOverride>& overrides = {},
                   const std::vector<DrawnValue>& drawn = {});

// The prices the hazards were observed at: `price_reference:` (a path from the file that
// states it) or the root of the `extends` chain. Loaded only when a segment answers prices
// (its leaving or its usage); a scenario that is its own reference needs none, unless values
// were overridden or drawn: the prices observed are still the file's.
void attach_price_reference(Scenario& sc, const DocNode& root, bool overridden,
                            std::map<std::string, std::shared_ptr<const Scenario>>& loaded) {
    const bool answers_prices = std::any_of(sc.segments.begin(), sc.segments.end(), [](const Segment& s) {
        return s.price_response.enabled || s.usage_response.enabled;
    });
    if (!answers_prices) return;
    std::filesystem::path reference;
    if (const DocNode* r = root.find("price_reference")) {
        if (r->kind != DocNode::Kind::scalar || r->scalar.empty())
            throw InputError({{r->pos,
                               "expected price_reference to name a scenario file, e.g. "
                               "price_reference: ../baseline.yaml"}});
        reference = std::filesystem::path(r->pos.file).parent_path() / r->scalar;
        std::error_code ec;
        if (!std::filesystem::is_regular_file(reference, ec))
            throw InputError({{r->pos, fmt::format("price_reference names '{}', which is not a scenario file "
                                                   "(looked for {})",
                                                   r->scalar, reference.string())}});
    } else if (sc.source_files.size() > 1) {
        reference = sc.source_files.back();
    } else if (overridden && !sc.source_files.empty()) {
        reference = sc.source_files.front();
    } else {
        return;
    }
    std::error_code ec;
    if (!overridden && !sc.source_files.empty() &&
        std::filesystem::equivalent(reference, std::filesystem::path(sc.source_files.front()), ec))
        return;
    std::shared_ptr<const Scenario>& known = loaded[reference.lexically_normal().string()];
    if (!known) known = std::make_shared<const Scenario>(load_file(reference, false));
    sc.price_reference = known;
}

// Each parameter draw runs n_inner replications, and the split needs two draws at least.
void check_draws(const Scenario& sc, const DocNode& root) {
    if (sc.uncertain.empty() || (sc.replications % sc.n_inner == 0 && sc.replications >= 2 * sc.n_inner))
        return;
    const DocNode* r = root.find("replications");
    throw InputError(
        {{r ? r->pos : root.pos,
          fmt::format("replications ({}) must be a multiple of uncertainty.n_inner ({}) and hold at "
                      "least two parameter draws, e.g. replications: {}",
                      sc.replications, sc.n_inner,
                      std::max(2, sc.replications / sc.n_inner + 1) * sc.n_inner)}});
}

std::shared_ptr<ScenarioFiles> parse_files(std::string_view text, const std::filesystem::path& file) {
    std::vector<Diagnostic> diagnostics;
    auto files = std::make_shared<ScenarioFiles>();
    files->chain = load_extends_chain(text, file, diagnostics);
    if (!diagnostics.empty()) throw InputError(std::move(diagnostics));
    if (files->chain.root.kind == DocNode::Kind::null) files->chain.root.pos = SourcePos{file.string(), 1, 1};
    return files;
}

Scenario decode_files(const std::shared_ptr<const ScenarioFiles>& files, bool with_price_reference,
                      const std::vector<ParameterOverride>& overrides = {},
                      const std::vector<DrawnValue>& drawn = {}) {
    const std::lock_guard<std::mutex> lock(files->decoding);
    std::vector<Diagnostic> diagnostics;
    DocNode root = files->chain.root;
    for (const auto& o : overrides) set_parameter(root, o.path, o.value);
    // The document as decoded: each uncertain quantity's median (or drawn value) in its place.
    // `root` keeps the quantities for the record of what was run.
    DocNode medians = root;
    FieldReader finder(diagnostics);
    std::vector<SourcePos> invalid_laws;
    std::vector<UncertainInput> uncertain =
        take_uncertain_inputs(medians, finder, drawn, &invalid_laws, &files->estimates);
    // Decode even when a law is invalid, so that a planner sees every problem at once; the
    // decoder's "expected a number" at an invalid law only repeats what its own error says.
    const auto laws_checked = static_cast<std::ptrdiff_t>(diagnostics.size());
    Decoder decoder(diagnostics);
    decoder.read_uncertain_into(&uncertain);
    Scenario sc = decoder.scenario(medians);
    diagnostics.erase(std::remove_if(diagnostics.begin() + laws_checked, diagnostics.end(),
                                     [&](const Diagnostic& d) {
                                         return std::any_of(invalid_laws.begin(), invalid_laws.end(),
                                                            [&](const SourcePos& law) {
                                                                return law.file == d.pos.file &&
                                                                       law.line == d.pos.line &&
                                                                       law.column == d.pos.column;
                                                            });
                                     }),
                      diagnostics.end());
    if (!diagnostics.empty()) throw InputError(std::move(diagnostics));
    share_estimate_bounds(uncertain);
    sc.uncertain = std::move(uncertain);
    check_draws(sc, root);
    attach_initial_base(sc, &files->extract);
    if (sc.initial_base) {
        // The groups of a members_from segment whose rows carry group ids are the rows' groups
        // (docs/models.md §33); then the members check the decoder left for the rows.
        FieldReader groups_reader(diagnostics);
        place_extract_groups(groups_reader, root, sc);
        if (diagnostics.empty()) check_group_members(groups_reader, root, sc);
        if (!diagnostics.empty()) throw InputError(std::move(diagnostics));
    }
    if (sc.initial_base) {
        // The record re-runs from its output folder: it names the extract by its full path.
        if (DocNode* b = root.find("initial_base"); b && b->find("extract"))
            b->find("extract")->scalar =
                std::filesystem::absolute(sc.initial_base->file).lexically_normal().string();
        // And its secret file by its full path too; the file's bytes are never written.
        if (DocNode* b = root.find("initial_base"); b && b->find("secret_file"))
            b->find("secret_file")->scalar =
                std::filesystem::absolute(sc.initial_base->secret_path).lexically_normal().string();
    }
    sc.source_files = files->chain.files;
    sc.resolved_yaml = emit_document(root);
    // A drawn value is not its own reference: the reference holds the file's values.
    if (with_price_reference)
        attach_price_reference(sc, root, !overrides.empty() || !drawn.empty(), files->references);
    if (sc.price_reference) {
        // The record names the reference's record, written beside it.
        std::erase_if(root.entries, [](const DocEntry& e) { return e.key == "price_reference"; });
        DocNode record;
        record.kind = DocNode::Kind::scalar;
        record.scalar = std::string(kPriceReferenceRecord);
        record.quoted = true;
        root.entries.push_back(DocEntry{"price_reference", root.pos, {record}});
        sc.resolved_yaml = emit_document(root);
    }
    sc.files = files;
    return sc;
}

Scenario load_text(std::string_view text, const std::filesystem::path& file, bool with_price_reference,
                   const std::vector<ParameterOverride>& overrides = {},
                   const std::vector<DrawnValue>& drawn = {}) {
    return decode_files(parse_files(text, file), with_price_reference, overrides, drawn);
}

std::string scenario_file_text(const std::filesystem::path& file) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(file, ec))
        throw InputError({{SourcePos{file.string(), 0, 0}, "no such scenario file"}});
    std::string text;
    std::string problem;
    if (!read_scenario_file(file, text, problem))
        throw InputError({{SourcePos{file.string(), 0, 0}, problem}});
    return text;
}

Scenario load_file(const std::filesystem::path& file, bool with_price_reference,
                   const std::vector<ParameterOverride>& overrides, const std::vector<DrawnValue>& drawn) {
    return load_text(scenario_file_text(file), file, with_price_reference, overrides, drawn);
}

// `initial_base.encoding` set to `name` in the merged document, so that every decode of it
// (each draw and point too) and the record read the extract so.
void set_extract_encoding(DocNode& root, std::string_view name) {
    DocNode* base = root.find("initial_base");
    if (!base || base->kind != DocNode::Kind::map) return;
    DocNode value;
    value.kind = DocNode::Kind::scalar;
    value.scalar = std::string(name);
    value.pos = SourcePos{"--encoding", 0, 0};
    if (DocNode* e = base->find("encoding"))
        *e = std::move(value);
    else
        base->entries.push_back(DocEntry{"encoding", base->pos, {value}});
}

}  // namespace

Scenario load_scenario_text(std::string_view text, const std::filesystem::path& file) {
    return load_text(text, file, true);
}

Scenario load_scenario(const std::filesystem::path& file) {
    return load_file(file, true);
}

Scenario load_scenario_in_encoding(const std::filesystem::path& file, std::string_view extract_encoding) {
    if (extract_encoding.empty()) return load_file(file, true);
    const std::shared_ptr<ScenarioFiles> files = parse_files(scenario_file_text(file), file);
    set_extract_encoding(files->chain.root, extract_encoding);
    return decode_files(files, true);
}

Scenario load_scenario(const std::filesystem::path& file, const std::vector<ParameterOverride>& overrides) {
    return load_file(file, true, overrides);
}

Scenario load_scenario_drawn(const std::filesystem::path& file, const std::vector<DrawnValue>& values) {
    return load_file(file, true, {}, values);
}

Scenario reload_scenario(const Scenario& sc, const std::vector<ParameterOverride>& overrides,
                         const std::vector<DrawnValue>& drawn) {
    if (sc.files) return decode_files(sc.files, true, overrides, drawn);
    require(!sc.source_files.empty(), "scenario '{}' has no file to load again", sc.name);
    return load_file(sc.source_files.front(), true, overrides, drawn);
}

const std::vector<AcceptedKeys>& accepted_keys() {
    static const std::vector<AcceptedKeys> keys = {
        {"", kTopKeys},
        {"segments/*", kSegmentKeys},
        {"segments/*/tenure_months", kDistributionKeys},
        {"segments/*/usage", kUsageKeys},
        {"segments/*/usage/voice_min", kDistributionKeys},
        {"segments/*/usage/data_mb", kDistributionKeys},
        {"segments/*/usage/sms", kDistributionKeys},
        {"segments/*/churn", kChurnKeys},
        {"segments/*/churn/bands/*", kBandKeys},
        {"segments/*/acquisition", kAcquisitionKeys},
        {"tiers/*", kTierKeys},
        {"tiers/*/included", kIncludedKeys},
        {"tiers/*/overage", kOverageKeys},
        {"tiers/*/rounding", kRoundingKeys},
        {"segments/*/contract", kContractKeys},
        {"costs", kCostKeys},
        {"uncertainty", kUncertaintyKeys},
        {"offers/*", kOfferKeys},
        {"offers/*/components/*", kComponentKeys},
        {"offers/*/device", kDeviceKeys},
        {"offers/*/prepay", kPrepayKeys},
        {"offers/*/gift", kGiftKeys},
        {"offers/*/take_up", kTakeUpKeys},
        {"competitor_moves/*", kMoveKeys},
        {"segments/*/plan_choice", kPlanChoiceKeys},
        {"segments/*/price_response", kPriceResponseKeys},
        {"segments/*/price_response/discount_point", kDiscountPointKeys},
        {"segments/*/usage_response", kUsageResponseKeys},
        {"competitors/*", kCompetitorKeys},
        {"competitors/*/tiers/*", kTierKeys},
        {"competitors/*/tiers/*/included", kIncludedKeys},
        {"competitors/*/tiers/*/overage", kOverageKeys},
        {"competitors/*/tiers/*/rounding", kRoundingKeys},
        {"competitors/*/moves/*", kRivalMoveKeys},
        {"churn_drivers", kChurnDriverKeys},
        {"vip_grading", kVipGradingKeys},
        {"vip_grading/levels/*", kVipLevelKeys},
        {"vip_grading/regional_bands/*", kRegionalBandKeys},
        {"retention_campaigns/*", kRetentionCampaignKeys},
        {"reporting", kReportingKeys},
        {"initial_base", kInitialBaseKeys},
        {"win_back", kWinBackKeys},
        {"win_back/pool", kWinBackPoolKeys},
        {"win_back/pool/networks", kWinBackNetworkNames},
        {"win_back/pool/networks/gsm", kWinBackNetworkKeys},
        {"win_back/pool/networks/gsm/outgoing_min_to_us", kDistributionKeys},
        {"win_back/pool/networks/cdma", kWinBackNetworkKeys},
        {"win_back/pool/networks/cdma/outgoing_min_to_us", kDistributionKeys},
        {"win_back/pool/calling_circle", kWinBackCircleKeys},
        {"win_back/pool/from_churners", kWinBackChurnerFeedKeys},
        {"win_back/regions/*", kWinBackRegionKeys},
        {"win_back/targeting", kWinBackTargetingKeys},
        {"win_back/capacity", kWinBackCapacityKeys},
        {"win_back/after_switch", kWinBackAfterSwitchKeys},
        {"win_back/success_test", kWinBackSuccessKeys},
        {"win_back/scoring", kWinBackScoringKeys},
        {"win_back/converts", kWinBackConvertsKeys},
    };
    static const std::vector<AcceptedKeys> with_sections = [] {
        std::vector<AcceptedKeys> all = keys;
        for (const auto& [where, section_keys] : groups_accepted_keys()) all.push_back({where, section_keys});
        return all;
    }();
    return with_sections;
}

}  // namespace offersim::scenario
