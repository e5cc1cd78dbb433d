// `offersim rate TARIFF.yaml USAGE.csv`: re-rates usage records against the scenario's
// tiers, writes each compared bill with its difference from the billed amount (rated.csv)
// and the totals (rate_summary.json), and prints the totals.
#include "engine/cli/commands.hpp"
#include "engine/scenario/loader.hpp"
#include "engine/sim/rerating.hpp"
#include "reports/output_folder.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace offersim::cli {

namespace {

std::string summary_json(const sim::RatedRecords& r, const std::string& tariff, const std::string& usage) {
    const bool calls = r.form == sim::RecordForm::call_level;
    nlohmann::ordered_json j;
    j["tariff"] = tariff;
    j["usage"] = usage;
    j["form"] = calls ? "call_level" : "monthly_totals";
    j["records"] = r.records;
    j["bills_compared"] = r.compared;
    j["mismatches"] = r.mismatches;
    j["rated_cny"] = fmt::format("{}", r.rated);
    j["billed_cny"] = fmt::format("{}", r.billed);
    j["difference_cny"] = fmt::format("{}", r.difference());
    return j.dump(2) + "\n";
}

}  // namespace

int rate_command(const RateArgs& args) {
    const scenario::Scenario sc = scenario::load_scenario(args.tariff);
    const sim::RatingTariff tariff = sim::RatingTariff::of(sc.tiers);
    const sim::RatedRecords rated = sim::rate_records(args.usage, tariff);  // bad rows: nothing written
    const std::string out =
        args.out.empty()
            ? "out/rate-" + reports::folder_name_for(std::filesystem::path(args.usage).stem().string())
            : args.out;
    reports::OutputFolder folder(out);
    folder.add("rated.csv", rated.csv);
    folder.add("rate_summary.json", summary_json(rated, args.tariff, args.usage));
    folder.commit();
    const bool calls = rated.form == sim::RecordForm::call_level;
    fmt::print("{} records ({}) rated against {}: {} {} compared, {} differ from the billed amount\n",
               rated.records, calls ? "call-level" : "monthly totals", args.tariff, rated.compared,
               calls ? "customer-months" : "bills", rated.mismatches);
    fmt::print("rated {} CNY, billed {} CNY, difference {} CNY (rated - billed)\n", rated.rated, rated.billed,
               rated.difference());
    fmt::print("wrote {}\n", (folder.path() / "rated.csv").string());
    return 0;
}

}  // namespace offersim::cli
