#pragma once
// Writes a run's files so that an output folder only ever holds one whole run:
//   - The folder is claimed before the run starts: it must be empty, absent, or one that
//     offersim wrote (it holds a manifest listing every file, and nothing else). A folder
//     holding anything else is refused, so `--out .` never touches a user's files.
//   - While claimed, the folder is locked (flock), so a second run into it fails at once.
//   - Files are written to a staging folder beside it; commit() exchanges the two in one
//     step (renameat2 RENAME_EXCHANGE) and removes the old one. A run that fails, is
//     interrupted or is killed never changes the folder.
//   - Staging folders left in the same parent by killed runs are removed by the next run.
//   - In a job of several ranks only rank 0 writes: on the others the folder is inert.
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace offersim::reports {

// The file in every folder offersim writes that lists the folder's files.
inline constexpr std::string_view kManifestName = ".offersim-manifest";

// A folder name made from a scenario name: only ASCII letters, digits, '.', '_' and '-',
// every other run of characters one '-', no leading '.' or '-', at most 100 bytes, and
// "scenario" when nothing is left. Names are data: a name never chooses a path.
std::string folder_name_for(std::string_view scenario_name);

class OutputFolder {
public:
    // Claims `folder`; throws InputError when it holds files offersim did not write, and
    // RunError when it cannot be created or another run holds it.
    explicit OutputFolder(const std::filesystem::path& folder);
    ~OutputFolder();  // releases the claim; removes the staging folder if not committed
    OutputFolder(const OutputFolder&) = delete;
    OutputFolder& operator=(const OutputFolder&) = delete;

    // Stages one file (a name may hold '/' for a sub-folder); throws RunError naming the
    // file if it cannot be written.
    void add(const std::string& name, std::string_view contents);
    // Writes the manifest and puts the staged folder in place of the old one in one step.
    void commit();

    const std::filesystem::path& path() const { return folder_; }

private:
    void release() noexcept;  // what the destructor does; also when the constructor fails

    std::filesystem::path folder_;   // absolute, symbolic links resolved
    std::filesystem::path staging_;  // a sibling of folder_
    std::vector<std::string> names_;
    int folder_lock_ = -1;   // flock held on folder_ while claimed
    int staging_lock_ = -1;  // flock held on staging_, marking it as a live run's
    bool created_folder_ = false;
    bool committed_ = false;
    bool inert_ = false;  // a rank other than 0: nothing is claimed or written
};

}  // namespace offersim::reports
