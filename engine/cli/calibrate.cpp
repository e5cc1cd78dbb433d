// `offersim calibrate` fits churn, plan choice and usage to the operator's files and writes
// a fragment to include in a scenario with its fit report; `offersim generate-sample`
// writes synthetic files of that kind from known parameters.
#include "engine/calibration/calibration_data.hpp"
#include "engine/calibration/fits.hpp"
#include "engine/calibration/sample_data.hpp"
#include "engine/cli/commands.hpp"
#include "engine/data/sample_extract.hpp"
#include "engine/scenario/loader.hpp"
#include "reports/calibration_report.hpp"
#include "reports/output_folder.hpp"

#include <fmt/format.h>

namespace offersim::cli {

namespace {

namespace fs = std::filesystem;

// Every segment id in the data must be one of the scenario's.
template <typename Map>
void check_segments(const Map& by_segment, const std::string& file, const scenario::Scenario& sc,
                    std::vector<Diagnostic>& problems) {
    for (const auto& entry : by_segment) {
        const std::string& id = entry.first;
        const bool known = std::any_of(sc.segments.begin(), sc.segments.end(),
                                       [&id](const auto& segment) { return segment.id == id; });
        if (known) continue;
        std::string ids;
        for (const auto& segment : sc.segments) ids += (ids.empty() ? "" : ", ") + segment.id;
        problems.push_back({SourcePos{file, 0, 0},
                            fmt::format("segment '{}' is not in the scenario (its segments: {})", id, ids)});
    }
}

}  // namespace

int calibrate_command(const CalibrateArgs& args, const CommandEnv& env) {
    if (args.history.empty() && args.choices.empty() && args.usage.empty())
        throw InputError({{SourcePos{}, "give at least one of --history, --choices and --usage"}});
    const scenario::Scenario sc = scenario::load_scenario(args.scenario);
    calibration::CalibrationData data;
    std::vector<Diagnostic> problems;
    const auto read = [&problems](const auto& reader, const std::string& file, auto& into) {
        if (file.empty()) return;
        try {
            into = reader(file);
        } catch (const InputError& e) {
            problems.insert(problems.end(), e.diagnostics().begin(), e.diagnostics().end());
        }
    };
    read(calibration::read_history, args.history, data.histories);
    read(calibration::read_choices, args.choices, data.choices);
    read(calibration::read_usage, args.usage, data.usage);
    check_segments(data.histories, args.history, sc, problems);
    check_segments(data.choices, args.choices, sc, problems);
    check_segments(data.usage, args.usage, sc, problems);
    for (const auto& [segment, services] : data.usage)
        for (const auto& [service, values] : services)
            if (values.size() < 2)
                problems.push_back(
                    {SourcePos{args.usage, 0, 0},
                     fmt::format("segment '{}': {} needs at least 2 customers to fit, found {}", segment,
                                 service, values.size())});
    if (!problems.empty()) throw InputError(std::move(problems));

    const fs::path out = args.out.empty()
                             ? fs::path("out") / ("calibration-" + reports::folder_name_for(sc.name))
                             : fs::path(args.out);
    reports::OutputFolder folder(out);

    std::map<std::string, std::map<std::string, models::DistributionKind>> kinds;
    reports::CalibrationInputs inputs;
    inputs.version = env.version;
    for (const auto& file : {args.history, args.choices, args.usage})
        if (!file.empty()) inputs.sources.push_back(fs::path(file).filename().string());
    for (const auto& segment : sc.segments) {
        kinds[segment.id] = {{"voice_min", segment.usage.voice_min.kind},
                             {"data_mb", segment.usage.data_mb.kind},
                             {"sms", segment.usage.sms.kind}};
        inputs.segments[segment.id] = {segment.price_sensitivity,
                                       !segment.plan_choice.enabled && !segment.acquisition.tier_mix.empty()};
    }
    const calibration::CalibrationResult result = calibration::calibrate(data, kinds);
    const auto language = env.language == "en" ? reports::Language::en : reports::Language::zh_cn;
    folder.add("calibration.yaml", reports::calibration_yaml(result, inputs));
    folder.add("report.html", reports::calibration_html(result, inputs, language));
    folder.add("report.md", reports::calibration_markdown(result, inputs, language));
    folder.add("fit.json", reports::calibration_json(result, inputs));
    folder.commit();
    fmt::print("{}\n", (out / "calibration.yaml").string());
    return 0;
}

namespace {

constexpr std::int64_t kSampleExtractRows = 2000;

}  // namespace

int generate_sample_command(const std::string& out, std::uint64_t seed, int history_scale) {
    reports::OutputFolder folder(out);
    // The history at `history_scale`; choices and usage do not scale.
    const calibration::SampleFiles files =
        calibration::generate_sample(calibration::shipped_sample_segments(history_scale), seed);
    folder.add("history.csv", files.history_csv);
    folder.add("choices.csv", files.choices_csv);
    folder.add("usage.csv", files.usage_csv);
    // The customer extract of docs/examples/customer_extract.yaml (docs/models.md §33).
    folder.add("customers.csv", data::generate_customer_extract(kSampleExtractRows, seed));
    folder.commit();
    fmt::print("{}\n", out);
    return 0;
}

}  // namespace offersim::cli
