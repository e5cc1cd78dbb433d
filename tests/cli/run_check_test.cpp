// `offersim run --check DIR` verifies everything run.json records: the hash of the inputs,
// the hash of every other file, and every file byte for byte against a re-run; a record
// whose fields have the wrong type is refused, never coerced.
#include "tests/cli/small_scenario.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>

using namespace offersim::cli_test;

namespace {

// A recorded run of the small scenario in DIR/out.
fs::path recorded_run(const fs::path& dir) {
    const fs::path out = dir / "out";
    const Outcome r = sh(kOffersim + " run " + write_small_scenario(dir).string() + " --out " + out.string());
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return out;
}

// run.json of `out` with the first `from` replaced by `to`.
void edit_record(const fs::path& out, const std::string& from, const std::string& to) {
    std::string record = read(out / "run.json");
    const std::size_t at = record.find(from);
    ASSERT_NE(at, std::string::npos) << from << " in " << record;
    write(out / "run.json", record.replace(at, from.size(), to));
}

}  // namespace

TEST(RunCheck, EveryEditedFileIsCaught) {
    const fs::path dir = fresh_dir("check-edits");
    const fs::path out = recorded_run(dir);
    const Outcome same = sh(kOffersim + " run --check " + out.string());
    ASSERT_EQ(same.exit_code, 0) << same.out << same.err;
    for (const char* file : {"report.html", "report.md", "report.xlsx", "summary.json", "monthly.csv",
                             "offers.csv", "scenario.resolved.yaml"}) {
        const fs::path copy = dir / (std::string("edited-") + file);
        fs::copy(out, copy);
        write(copy / file, read(copy / file) + " ");
        const Outcome r = sh(kOffersim + " run --check " + copy.string());
        EXPECT_EQ(r.exit_code, 1) << file << "\n" << r.out << r.err;
        EXPECT_NE(r.out.find(std::string(file) + ": DIFFERS"), std::string::npos) << file << "\n" << r.out;
    }
    fs::remove_all(dir);
}

TEST(RunCheck, TheRecordedHashesAreCompared) {
    const fs::path dir = fresh_dir("check-hashes");
    const fs::path out = recorded_run(dir);
    const auto record = nlohmann::ordered_json::parse(read(out / "run.json"));
    for (const auto& [field, message] :
         {std::pair{"/input_hash", "input_hash: DIFFERS"},
          std::pair{"/outputs/report.md", "report.md: DIFFERS (from its hash in run.json)"}}) {
        auto edited = record;
        edited[nlohmann::ordered_json::json_pointer(field)] = "0123456789abcdef";
        write(out / "run.json", edited.dump(2));
        const Outcome r = sh(kOffersim + " run --check " + out.string());
        EXPECT_EQ(r.exit_code, 1) << field << "\n" << r.out << r.err;
        EXPECT_NE(r.out.find(message), std::string::npos) << field << "\n" << r.out;
    }
    fs::remove_all(dir);
}

TEST(RunCheck, ARecordWithAFieldOfTheWrongTypeIsRefused) {
    const fs::path dir = fresh_dir("check-types");
    const fs::path out = recorded_run(dir);
    const std::string record = read(out / "run.json");
    struct Case {
        std::string from, to, message;
    };
    const Case cases[] = {
        {"\"seed\": 3,", "\"seed\": 3.9,", "run.json:5:3: \"seed\" must be a whole number from 0 to "},
        {"\"seed\": 3,", "\"seed\": -5,", "\"seed\" must be a whole number"},
        {"\"seed\": 3,", "\"seed\": \"3\",", "\"seed\" must be a whole number"},
        {"\"replications\": 2,", "\"replications\": -5,",
         "run.json:6:3: \"replications\" must be a whole number from 1 to 100000; found -5"},
        {"\"replications\": 2,", "\"replications\": 2.5,", "\"replications\" must be a whole number"},
        {"\"language\": \"zh-CN\"", "\"language\": \"fr\"", "\"language\" must be \"zh-CN\" or \"en\""},
        {"\"started_at\"", "\"begun_at\"", "the record has no \"started_at\""},
        {"\"outputs\"", "\"files\"", "the record has no \"outputs\""},
    };
    for (const Case& c : cases) {
        write(out / "run.json", record);
        edit_record(out, c.from, c.to);
        const Outcome r = sh(kOffersim + " run --check " + out.string());
        EXPECT_EQ(r.exit_code, 2) << c.to << "\n" << r.out << r.err;
        EXPECT_NE(r.err.find(c.message), std::string::npos) << c.to << "\n" << r.err;
        EXPECT_EQ(r.err.find("max_size"), std::string::npos) << r.err;
    }
    fs::remove_all(dir);
}
