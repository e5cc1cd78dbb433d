#pragma once
// What the command-line tests share: the offersim binary, the shipped baseline, scratch
// folders and running a shell command with its output captured.
#include <fmt/format.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace offersim::cli_test {

namespace fs = std::filesystem;

inline const std::string kOffersim = OFFERSIM_BINARY;
inline const std::string kBaseline = OFFERSIM_SOURCE_DIR "/scenarios/baseline.yaml";

inline std::string read(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

inline void write(const fs::path& p, const std::string& text) {
    std::ofstream(p, std::ios::binary) << text;
}

// Writes DIR/FILE: `scenario` (the shipped baseline or a scenario extending it) with a
// `parts`-th of the customers and gross adds of every segment of scenarios/base.yaml. Its
// tiers, costs, offers and modules are kept: for the tests of what is written and of
// determinism, where the full base adds only time.
inline fs::path write_part_of(const fs::path& dir, const std::string& scenario, const std::string& file,
                              int parts) {
    write(dir / file, fmt::format(R"(extends: {}
segments:
  - {{ id: mass, size: {}, acquisition: {{ gross_adds_per_month: {} }} }}
  - {{ id: vip_silver, size: {}, acquisition: {{ gross_adds_per_month: {} }} }}
  - {{ id: vip_gold, size: {} }}
  - {{ id: vip_diamond, size: {} }}
  - {{ id: group_member, size: {}, acquisition: {{ gross_adds_per_month: {} }} }}
)",
                                  scenario, 310000 / parts, 13000 / parts, 42000 / parts, 300 / parts,
                                  14000 / parts, 4000 / parts, 32000 / parts, 600 / parts));
    return dir / file;
}

// A tenth of the base: its 40,000 customers still fill several shards of 8,192.
inline fs::path write_tenth_of(const fs::path& dir, const std::string& scenario, const std::string& file) {
    return write_part_of(dir, scenario, file, 10);
}

// An empty folder of the test's own under the system's temporary folder.
inline fs::path fresh_dir(const std::string& name) {
    const fs::path dir =
        fs::temp_directory_path() / ("offersim-cli-" + name + "-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir);
    return dir;
}

struct Outcome {
    int exit_code = -1;
    std::string out;
    std::string err;
};

// What one command cost, its own and its descendants': unlike getrusage(RUSAGE_CHILDREN), not
// the sum or the peak of every command this process ran before (a test shard runs many).
struct Cost {
    double cpu_seconds = 0.0;  // user and system time: unlike wall time, it does not grow when
                               // other work shares the machine
    double peak_mib = 0.0;     // the largest resident size of the command or any it ran
};

// The user and system time of `usage`, in seconds.
inline double processor_seconds(const rusage& usage) {
    return static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
           static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

// GNU time measures the command's peak: a child forked from this process starts its
// ru_maxrss at this process's resident size (Linux keeps it across exec), so wait4's figure
// is at least the size of the test process, which grows with the tests a shard ran before.
// time is exec'd, so the command it forks starts from time's few hundred KB.
inline const char* const kGnuTime = "/usr/bin/time";

// Runs `command` in /bin/sh and captures what it prints (in files of the test's own, so
// that they never land in a folder under test), and what it cost. The command is a group, so
// that every command of a list is captured, not only the last one the redirections follow.
inline Outcome sh(const std::string& command, Cost& cost) {
    const fs::path io = fs::temp_directory_path() / ("offersim-cli-io-" + std::to_string(::getpid()));
    const std::string line = "{ " + command + "\n} >" + io.string() + ".out 2>" + io.string() + ".err";
    const std::string peak_file = io.string() + ".peak";
    const bool timed = ::access(kGnuTime, X_OK) == 0;
    const pid_t child = ::fork();
    if (child == 0) {
        if (timed)
            ::execl(kGnuTime, "time", "-q", "-f", "%M", "-o", peak_file.c_str(), "/bin/sh", "-c",
                    line.c_str(), static_cast<char*>(nullptr));
        else
            ::execl("/bin/sh", "sh", "-c", line.c_str(), static_cast<char*>(nullptr));
        ::_exit(127);
    }
    int status = 0;
    rusage usage{};  // wait4 gives the child's usage with that of the children it waited for
    if (child < 0 || ::wait4(child, &status, 0, &usage) != child) status = -1;
    cost.cpu_seconds = processor_seconds(usage);
    // Without GNU time, wait4's peak: an upper bound (see kGnuTime).
    cost.peak_mib = static_cast<double>(usage.ru_maxrss) / 1024.0;
    if (timed) {
        const std::string kib = read(peak_file);
        if (!kib.empty()) cost.peak_mib = std::strtod(kib.c_str(), nullptr) / 1024.0;
        fs::remove(peak_file);
    }
    Outcome o{status != -1 && WIFEXITED(status) ? WEXITSTATUS(status) : -1, read(io.string() + ".out"),
              read(io.string() + ".err")};
    fs::remove(io.string() + ".out");
    fs::remove(io.string() + ".err");
    return o;
}

inline Outcome sh(const std::string& command) {
    Cost cost;
    return sh(command, cost);
}

// The inline chart data of a report.html (the JSON of its offersim-report-data script).
inline std::string report_data_json(const std::string& html) {
    const std::string open = R"(<script type="application/json" id="offersim-report-data">)";
    const std::size_t begin = html.find(open);
    if (begin == std::string::npos) return "{}";
    const std::size_t from = begin + open.size();
    return html.substr(from, html.find("</script>", from) - from);
}

// How many hidden staging folders offersim has in `dir` (one while a run is under way).
inline int staging_folders(const fs::path& dir) {
    int count = 0;
    for (const auto& e : fs::directory_iterator(dir))
        count += e.path().filename().string().starts_with(".offersim-staging") ? 1 : 0;
    return count;
}

}  // namespace offersim::cli_test
