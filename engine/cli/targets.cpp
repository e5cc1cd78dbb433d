// `offersim targets SCENARIO.yaml EXTRACT.csv`: the scenario's targeting rules applied to an
// operator's extract (docs/models.md §34). Writes targets.csv (the list, with the operator's
// ids: the one output of offersim that holds them) and target_counts.csv (per region and
// account manager, against capacity), both or neither.
#include "engine/cli/commands.hpp"
#include "engine/data/customer_extract.hpp"
#include "engine/scenario/loader.hpp"
#include "engine/sim/target_list.hpp"
#include "reports/output_folder.hpp"

#include <fmt/format.h>

namespace offersim::cli {

int targets_command(const TargetsArgs& args) {
    const scenario::Scenario sc = scenario::load_scenario(args.scenario);
    int as_of = 0;
    if (!args.as_of.empty()) {
        const auto month = data::year_month(args.as_of);
        if (!month)
            throw InputError(
                {{SourcePos{"--as-of", 0, 0},
                  fmt::format("expected the extract's month as YYYY-MM, found '{}'", args.as_of)}});
        as_of = *month;
    } else if (sc.initial_base) {
        as_of = sc.initial_base->as_of;
    } else {
        throw InputError(
            {{SourcePos{args.scenario, 0, 0},
              "give --as-of YYYY-MM: the scenario has no initial_base.as_of to count contract ends "
              "from"}});
    }
    const sim::TargetList list = sim::build_target_list(
        sc, args.extract, *data::encoding_named(args.encoding), as_of);  // bad rows: nothing written
    const std::string out =
        args.out.empty()
            ? "out/targets-" + reports::folder_name_for(std::filesystem::path(args.extract).stem().string())
            : args.out;
    reports::OutputFolder folder(out);
    folder.add("targets.csv", list.list_csv);
    folder.add("target_counts.csv", list.counts_csv);
    folder.commit();
    fmt::print("{} customers read ({}): {} on the win-back list, {} on the retention list\n", list.rows,
               data::encoding_name(list.encoding), list.win_back, list.retention);
    fmt::print("wrote {}\n", (folder.path() / "targets.csv").string());
    return 0;
}

}  // namespace offersim::cli
