#pragma once
// Writes a run's files so that none is ever seen half-written: each file is written to a
// staging folder beside the output folder, and only when all are complete are they moved
// into place, one rename each. A run that fails or is interrupted removes its staging
// folder and leaves the files of any earlier run untouched.
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace offersim::reports {

class OutputFolder {
public:
    explicit OutputFolder(std::filesystem::path folder);
    ~OutputFolder();  // removes the staging folder if commit() was not reached
    OutputFolder(const OutputFolder&) = delete;
    OutputFolder& operator=(const OutputFolder&) = delete;

    // Stages one file (a name may hold '/' for a sub-folder); throws RunError naming the
    // file if it cannot be written.
    void add(const std::string& name, std::string_view contents);
    // Moves every staged file into the output folder.
    std::vector<std::filesystem::path> commit();

    const std::filesystem::path& staging() const { return staging_; }

private:
    std::filesystem::path folder_;
    std::filesystem::path staging_;
    std::vector<std::string> names_;
    bool committed_ = false;
};

}  // namespace offersim::reports
