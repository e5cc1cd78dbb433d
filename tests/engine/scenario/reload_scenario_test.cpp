// A scenario decoded again from its parsed files (reload_scenario): what loading its files
// again with the same overrides or drawn values gives, bit for bit, with no file read again:
// the chain, the customer extract and the estimate files are read once per command.
#include "engine/scenario/loader.hpp"

#include <gtest/gtest.h>
#include <filesystem>
#include <fstream>

namespace {

using namespace offersim;
using namespace offersim::scenario;
namespace fs = std::filesystem;

const fs::path kExamples = OFFERSIM_SOURCE_DIR "/docs/examples";

// The extract example with the mass market's sBG churn drawn from a posterior, in `dir`.
fs::path scenario_with_extract_and_posterior(const fs::path& dir) {
    fs::remove_all(dir);
    fs::create_directories(dir / "data");
    fs::copy_file(kExamples / "customer_extract.yaml", dir / "customer_extract.yaml");
    fs::copy_file(kExamples / "data" / "customers.csv", dir / "data" / "customers.csv");
    fs::copy_file(kExamples / "estimates" / "churn_posterior.csv", dir / "churn_posterior.csv");
    std::ofstream(dir / "reload.yaml") << R"(extends: customer_extract.yaml
name: reload
replications: 20
uncertainty: { n_inner: 2 }
segments:
  - id: mass
    churn:
      model: sbg
      alpha: { distribution: posterior, file: churn_posterior.csv, name: alpha }
      beta: { distribution: posterior, file: churn_posterior.csv, name: beta }
)";
    return dir / "reload.yaml";
}

TEST(ReloadScenario, EqualsLoadingTheFilesAgainAndReadsNoFile) {
    const fs::path dir = fs::temp_directory_path() / "offersim-reload-scenario";
    const fs::path file = scenario_with_extract_and_posterior(dir);
    const std::vector<DrawnValue> drawn = {{"segments[mass].churn.alpha", 1.25},
                                           {"segments[mass].churn.beta", 10.5}};
    const std::vector<ParameterOverride> fee = {
        {parse_parameter_path("tiers[basic_38].monthly_fee_cny"), 42.0}};
    const Scenario as_written = load_scenario(file);
    const Scenario drawn_from_files = load_scenario_drawn(file, drawn);
    const Scenario overridden_from_files = load_scenario(file, fee);
    fs::remove_all(dir);  // from here on, a file read would fail

    const Scenario drawn_again = reload_scenario(as_written, {}, drawn);
    EXPECT_EQ(drawn_again.resolved_yaml, drawn_from_files.resolved_yaml);
    EXPECT_EQ(drawn_again.segments[0].churn.sbg_alpha, 1.25);
    EXPECT_EQ(drawn_again.segments[0].churn.sbg_beta, 10.5);
    ASSERT_EQ(drawn_again.uncertain.size(), 2u);
    ASSERT_TRUE(drawn_again.uncertain[0].joint);
    EXPECT_EQ(drawn_again.uncertain[0].joint->column, drawn_from_files.uncertain[0].joint->column);
    // The extract's rows are the ones read by the first load, not a copy read again.
    ASSERT_TRUE(drawn_again.initial_base && as_written.initial_base);
    EXPECT_EQ(drawn_again.initial_base->customers.get(), as_written.initial_base->customers.get());
    EXPECT_EQ(drawn_again.segments[0].size, drawn_from_files.segments[0].size);

    const Scenario overridden_again = reload_scenario(as_written, fee);
    EXPECT_EQ(overridden_again.resolved_yaml, overridden_from_files.resolved_yaml);
    EXPECT_EQ(overridden_again.tiers[0].monthly_fee.fen, 4200);
    EXPECT_EQ(overridden_again.source_files, as_written.source_files);
}

TEST(ReloadScenario, AnOverrideTheLoaderRefusesIsStillAPositionedError) {
    const fs::path dir = fs::temp_directory_path() / "offersim-reload-refused";
    const fs::path file = scenario_with_extract_and_posterior(dir);
    const Scenario as_written = load_scenario(file);
    const std::vector<ParameterOverride> negative = {
        {parse_parameter_path("tiers[basic_38].monthly_fee_cny"), -5.0}};
    try {
        (void)reload_scenario(as_written, negative);
        FAIL() << "a negative fee was accepted";
    } catch (const InputError& e) {
        ASSERT_FALSE(e.diagnostics().empty());
        EXPECT_NE(e.diagnostics().front().pos.file.find("customer_extract.yaml"), std::string::npos);
        EXPECT_GT(e.diagnostics().front().pos.line, 0);
    }
    fs::remove_all(dir);
}

}  // namespace
