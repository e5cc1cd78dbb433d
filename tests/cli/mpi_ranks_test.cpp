// offersim under mpirun (docs/architecture.md, "Ranks"): every rank runs the command, each
// simulates a slice of the replications (or a share of each month's shards), and rank 0
// alone writes. The folders it writes
// hold the bytes one process writes, every file but run.json (which records the ranks), for
// 2 and 3 ranks; bad input ends the job before any work with one message and exit code 2.
#include "tests/cli/small_scenario.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace offersim::cli_test {
namespace {

#ifdef OFFERSIM_MPIEXEC
// Root may start Open MPI's jobs only when it says so; more ranks than cores need
// --oversubscribe. The start time is fixed so that reports made apart compare byte for byte.
// In the sanitizer tree, LeakSanitizer unwinds each allocation's whole stack (Open MPI is
// built without frame pointers), so that it sees Open MPI's own allocations come from its
// libraries, which tests/cli/mpi_leaks.supp suppresses.
std::string on_ranks(int ranks, const std::string& arguments) {
    return "SOURCE_DATE_EPOCH=1700000000 OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 "
           "ASAN_OPTIONS=\"${ASAN_OPTIONS:-}:fast_unwind_on_malloc=0\" "
           "LSAN_OPTIONS=suppressions=" OFFERSIM_SOURCE_DIR
           "/tests/cli/mpi_leaks.supp:print_suppressions=0 " OFFERSIM_MPIEXEC " --oversubscribe -np " +
           std::to_string(ranks) + " " + kOffersim + " " + arguments;
}

std::string alone(const std::string& arguments) {
    return "SOURCE_DATE_EPOCH=1700000000 " + kOffersim + " " + arguments;
}

// Every file under `a` but run.json equals the same file under `b`, and both hold the same names.
void expect_same_files_but_run_json(const fs::path& a, const fs::path& b) {
    std::vector<std::string> names_a, names_b;
    for (const auto& e : fs::recursive_directory_iterator(a))
        if (e.is_regular_file()) names_a.push_back(fs::relative(e.path(), a).string());
    for (const auto& e : fs::recursive_directory_iterator(b))
        if (e.is_regular_file()) names_b.push_back(fs::relative(e.path(), b).string());
    std::sort(names_a.begin(), names_a.end());
    std::sort(names_b.begin(), names_b.end());
    ASSERT_EQ(names_a, names_b);
    ASSERT_GT(names_a.size(), 5u);
    for (const auto& name : names_a) {
        if (fs::path(name).filename() == "run.json") continue;
        EXPECT_TRUE(read(a / name) == read(b / name)) << name << " differs between " << a << " and " << b;
    }
}

// Groups with members and joiners in the store, a hundredth of the base (the jobs' runs stay
// small under the sanitizers): 4 replications as 2 + 2 and 2 + 1 + 1.
TEST(MpiRanks, ARunOnTwoOrThreeRanksWritesWhatOneProcessWrites) {
    const fs::path dir = fresh_dir("mpi-run");
    const fs::path scenario =
        write_part_of(dir, OFFERSIM_SOURCE_DIR "/scenarios/examples/group_joiners.yaml", "joiners.yaml", 100);
    const std::string args = scenario.string() + " --replications 4 --lang en --out ";
    const Outcome one = sh(alone("run " + args + (dir / "one").string()));
    ASSERT_EQ(one.exit_code, 0) << one.err;
    for (const int ranks : {2, 3}) {
        const fs::path out = dir / ("ranks" + std::to_string(ranks));
        const Outcome job = sh(on_ranks(ranks, "run " + args + out.string()));
        ASSERT_EQ(job.exit_code, 0) << job.err;
        EXPECT_EQ(job.out, one.out.substr(0, one.out.find(dir.string())) + out.string() + "/report.html\n");
        expect_same_files_but_run_json(dir / "one", out);
    }
    fs::remove_all(dir);
}

// A comparison steps its plans in lockstep (an offer's cannibalised revenue too); a sweep runs
// one simulation a point. The modules' parts of a slice (win-back, groups, views) are checked
// in tests/engine/sim/rank_split_test.cpp.
TEST(MpiRanks, ACompareAndASweepOnTwoRanksWriteWhatOneProcessWrites) {
    const fs::path dir = fresh_dir("mpi-compare");
    const fs::path base = write_part_of(dir, kBaseline, "base.yaml", 100);
    const fs::path tariffs = write_part_of(
        dir, OFFERSIM_SOURCE_DIR "/scenarios/examples/mass_choice_tariffs.yaml", "tariffs.yaml", 100);
    const std::string compare =
        "compare " + base.string() + " " + tariffs.string() + " --replications 2 --lang en --out ";
    ASSERT_EQ(sh(alone(compare + (dir / "one").string())).exit_code, 0);
    const Outcome job = sh(on_ranks(2, compare + (dir / "two").string()));
    ASSERT_EQ(job.exit_code, 0) << job.err;
    expect_same_files_but_run_json(dir / "one", dir / "two");

    const fs::path small = write_small_scenario(dir);
    const std::string sweep =
        "sweep " + small.string() + " --set 'tiers[t50].monthly_fee_cny=45,55' --lang en --out ";
    ASSERT_EQ(sh(alone(sweep + (dir / "sweep-one").string())).exit_code, 0);
    const Outcome swept = sh(on_ranks(2, sweep + (dir / "sweep-two").string()));
    ASSERT_EQ(swept.exit_code, 0) << swept.err;
    expect_same_files_but_run_json(dir / "sweep-one", dir / "sweep-two");
    fs::remove_all(dir);
}

// A sweep over a tier's fee of one replication on two ranks: the fees move gross adds, so the
// points' cohorts differ in size, yet the plans list the same segments and the ranks share
// their shards (each rank its groups' shards of every plan). A solve runs one plan at a
// time, each on shared shards. Both write one process's bytes.
TEST(MpiRanks, AFeeSweepAndASolveOfOneReplicationOnTwoRanksWriteWhatOneProcessWrites) {
    const fs::path dir = fresh_dir("mpi-fee-sweep");
    // A hundredth of the base over a year (seconds under the sanitizers too), the mass
    // market's first month of joiners just short of a shard (8,192): at a fee of 52 they fill
    // two shards, at 64 fewer join, so each plan's shards on a rank are its own.
    write_part_of(dir, kBaseline, "part-base.yaml", 100);
    std::string adds = "8150";
    for (int month = 2; month <= 12; ++month) adds += ", 130";
    write(dir / "base.yaml",
          fmt::format("extends: {}\nhorizon_months: 12\nsegments:\n"
                      "  - {{ id: mass, acquisition: {{ gross_adds_per_month: [{}] }} }}\n",
                      (dir / "part-base.yaml").string(), adds));
    const std::string sweep =
        "sweep " + (dir / "base.yaml").string() +
        " --set 'tiers[gotone_58].monthly_fee_cny=52,64' --replications 1 --lang en --out ";
    ASSERT_EQ(sh(alone(sweep + (dir / "sweep-one").string())).exit_code, 0);
    const Outcome swept = sh(on_ranks(2, sweep + (dir / "sweep-two").string()));
    ASSERT_EQ(swept.exit_code, 0) << swept.err;
    expect_same_files_but_run_json(dir / "sweep-one", dir / "sweep-two");

    const std::string solve = "solve " + (dir / "base.yaml").string() +
                              " --parameter 'tiers[gotone_58].monthly_fee_cny' --bracket 52:70 --tolerance 4 "
                              "--target npv_margin_cny_delta=20000 --replications 1 --lang en --out ";
    ASSERT_EQ(sh(alone(solve + (dir / "solve-one").string())).exit_code, 0);
    const Outcome solved = sh(on_ranks(2, solve + (dir / "solve-two").string()));
    ASSERT_EQ(solved.exit_code, 0) << solved.err;
    // Every file a solve writes (it writes no run.json).
    for (const std::string name :
         {"solve.json", "report.md", "report.html", "scenario.resolved.yaml", ".offersim-manifest"}) {
        ASSERT_TRUE(fs::exists(dir / "solve-one" / name)) << name;
        EXPECT_TRUE(read(dir / "solve-one" / name) == read(dir / "solve-two" / name)) << name << " differs";
    }
    fs::remove_all(dir);
}

// A comparison of one replication on two ranks: the ranks share the shards of both plans
// (the variant's handset offer changes no customer's place), stepping theirs in lockstep and
// exchanging each month's figures, cannibalised revenue and contract tails. A variant that
// adds a segment lists other segments: with fewer replications than ranks it is refused.
TEST(MpiRanks, ACompareOfOneReplicationOnTwoRanksSharesTheShardsOfBothPlans) {
    const fs::path dir = fresh_dir("mpi-compare-shards");
    // A hundredth of a scenario's base over a year: seconds under the sanitizers too.
    const auto a_year_of = [&](const std::string& scenario, const std::string& name) {
        write_part_of(dir, scenario, "part-" + name, 100);
        write(dir / name,
              fmt::format("extends: {}\nhorizon_months: 12\n", (dir / ("part-" + name)).string()));
        return dir / name;
    };
    const fs::path base = a_year_of(kBaseline, "base.yaml");
    write(dir / "handset.yaml", fmt::format(R"(extends: {}
name: handset
offers:
  - id: phone_88
    kind: device_subsidy
    tier: gotone_88
    device: {{ device_cost_cny: 900, retail_price_cny: 1999, subsidy_cny: 600, contract_months: 24 }}
    take_up: {{ segments: [vip_silver, mass], existing_share: 0.3, new_share: 0.3, launch_month: 3 }}
)",
                                            base.string()));
    const std::string compare = "compare " + base.string() + " " + (dir / "handset.yaml").string() +
                                " --replications 1 --lang en --out ";
    ASSERT_EQ(sh(alone(compare + (dir / "one").string())).exit_code, 0);
    const Outcome job = sh(on_ranks(2, compare + (dir / "two").string()));
    ASSERT_EQ(job.exit_code, 0) << job.err;
    expect_same_files_but_run_json(dir / "one", dir / "two");
    const auto comparison = nlohmann::json::parse(read(dir / "two" / "comparison.json"));
    EXPECT_GT(comparison["variants"][0]["offers"][0]["cannibalised_revenue_cny"]["mean"].get<double>(), 0.0);
    EXPECT_GT(comparison["variants"][0]["horizon_tail"]["contract_months_left"]["mean"].get<double>(), 0.0);

    const fs::path cdma =
        a_year_of(OFFERSIM_SOURCE_DIR "/scenarios/examples/handset_cdma_winback.yaml", "cdma.yaml");
    const Outcome refused = sh(on_ranks(2, "compare " + base.string() + " " + cdma.string() +
                                               " --replications 1 --out " + (dir / "cdma").string()));
    EXPECT_EQ(refused.exit_code, 2);
    EXPECT_NE(refused.err.find("the scenarios list different segments"), std::string::npos) << refused.err;
    EXPECT_FALSE(fs::exists(dir / "cdma"));
    fs::remove_all(dir);
}

// With fewer replications than ranks the ranks share each month's shards: one process's
// bytes. Per-customer views too (the docs' example, a hundredth of its base: a cohort a month
// makes dozens of shards a rank, with VIP levels, ARPU bands and a retention campaign; short
// under the sanitizers), their tallies exchanged by shard and their margins summed and ranked
// by the ranks together.
TEST(MpiRanks, FewerReplicationsThanRanksShareTheShardsViewsIncluded) {
    const fs::path dir = fresh_dir("mpi-ranks");
    const fs::path small = write_small_scenario(dir);
    const std::string run = "run " + small.string() + " --lang en --out ";
    ASSERT_EQ(sh(alone(run + (dir / "one").string())).exit_code, 0);
    const Outcome shared = sh(on_ranks(3, run + (dir / "three").string()));
    ASSERT_EQ(shared.exit_code, 0) << shared.err;
    expect_same_files_but_run_json(dir / "one", dir / "three");

    const fs::path views =
        write_part_of(dir, OFFERSIM_SOURCE_DIR "/docs/examples/customer_views.yaml", "views.yaml", 100);
    const std::string run_views = "run " + views.string() + " --replications 1 --lang en --out ";
    ASSERT_EQ(sh(alone(run_views + (dir / "views-one").string())).exit_code, 0);
    const Outcome job = sh(on_ranks(2, run_views + (dir / "views-two").string()));
    ASSERT_EQ(job.exit_code, 0) << job.err;
    expect_same_files_but_run_json(dir / "views-one", dir / "views-two");
    const auto summary = nlohmann::json::parse(read(dir / "views-two" / "summary.json"));
    EXPECT_GT(summary["customer_views"]["top_fifth_margin_share"]["last_months_mean"]["mean"].get<double>(),
              0.0);
    fs::remove_all(dir);
}

// The modules that read across customers, on shared shards: the behaviour scenario's retention
// campaign merges the ranks' candidates; the ranks exchange the win-back pool's churners and
// sum their counts of the groups' members. One process's bytes.
TEST(MpiRanks, RetentionGroupsAndWinBackOnSharedShardsWriteWhatOneProcessWrites) {
    const fs::path dir = fresh_dir("mpi-modules");
    // A retention campaign: each rank ranks its shards' candidates, the ranks merge the lists.
    const fs::path behaviour = write_part_of(
        dir, OFFERSIM_SOURCE_DIR "/scenarios/examples/customer_behaviour.yaml", "behaviour.yaml", 100);
    const std::string run_behaviour = "run " + behaviour.string() + " --replications 2 --lang en --out ";
    ASSERT_EQ(sh(alone(run_behaviour + (dir / "behaviour-one").string())).exit_code, 0);
    const Outcome ranked = sh(on_ranks(3, run_behaviour + (dir / "behaviour-three").string()));
    ASSERT_EQ(ranked.exit_code, 0) << ranked.err;
    expect_same_files_but_run_json(dir / "behaviour-one", dir / "behaviour-three");

    // Groups with members and joiners in the store; our churners in the win-back pool. A
    // tenth of the base, so that each rank holds a share of its shards.
    for (const std::string example : {"group_joiners", "win_back_own_churners"}) {
        const fs::path file = write_part_of(
            dir, OFFERSIM_SOURCE_DIR "/scenarios/examples/" + example + ".yaml", example + ".yaml", 10);
        const std::string run_example = "run " + file.string() + " --replications 2 --lang en --out ";
        ASSERT_EQ(sh(alone(run_example + (dir / (example + "-one")).string())).exit_code, 0) << example;
        const Outcome job = sh(on_ranks(3, run_example + (dir / (example + "-three")).string()));
        ASSERT_EQ(job.exit_code, 0) << job.err;
        expect_same_files_but_run_json(dir / (example + "-one"), dir / (example + "-three"));
    }
    fs::remove_all(dir);
}

// Every rank finds the same problems; rank 0 alone prints them.
TEST(MpiRanks, BadInputEndsTheJobWithOneMessageAndExitCode2) {
    const fs::path dir = fresh_dir("mpi-bad");
    write(dir / "bad.yaml", "name: bad\nhorizon_monts: 3\n");
    const Outcome job =
        sh(on_ranks(2, "run " + (dir / "bad.yaml").string() + " --out " + (dir / "out").string()));
    EXPECT_EQ(job.exit_code, 2);
    const std::string said = "did you mean 'horizon_months'?";
    const std::size_t first = job.err.find(said);
    ASSERT_NE(first, std::string::npos) << job.err;
    EXPECT_EQ(job.err.find(said, first + 1), std::string::npos) << job.err;
    EXPECT_FALSE(fs::exists(dir / "out"));
    fs::remove_all(dir);
}
#endif

// The Slurm recipe's command is one offersim takes: its scenarios load and its options parse,
// up to the memory check (its limit cut so that nothing is simulated).
TEST(SlurmRecipe, ItsCommandIsOneOffersimTakes) {
    const std::string script = read(OFFERSIM_SOURCE_DIR "/docs/examples/offersim.sbatch");
    const std::string launch = "srun --mpi=pmix offersim ";
    const std::size_t start = script.find(launch);
    ASSERT_NE(start, std::string::npos);
    std::string command = script.substr(start + launch.size());
    command = command.substr(0, command.find_last_not_of(" \n") + 1);
    const fs::path dir = fresh_dir("slurm");
    const std::vector<std::pair<std::string, std::string>> replaced{
        {"\"${SLURM_CPUS_PER_TASK}\"", "1"},
        {"--max-memory 200", "--max-memory 0.001"},
        {"\"out/compare-${SLURM_JOB_ID}\"", (dir / "out").string()}};
    for (const auto& [from, to] : replaced) {
        const std::size_t at = command.find(from);
        ASSERT_NE(at, std::string::npos) << from;
        command.replace(at, from.size(), to);
    }
    const Outcome o = sh("cd " OFFERSIM_SOURCE_DIR " && " + kOffersim + " " + command);
    EXPECT_EQ(o.exit_code, 2) << o.err;
    EXPECT_NE(o.err.find("GiB allowed"), std::string::npos) << o.err;
    EXPECT_FALSE(fs::exists(dir / "out"));
    fs::remove_all(dir);
}

#ifndef OFFERSIM_MPIEXEC
TEST(MpiRanks, BuiltWithoutMpi) {
    GTEST_SKIP() << "offersim was built without Open MPI (scripts/setup.sh installs it)";
}
#endif

}  // namespace
}  // namespace offersim::cli_test
