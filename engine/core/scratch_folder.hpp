#pragma once
// A folder of its own under the system's temporary folder, for files a step needs only while
// it runs (libxlsxwriter's workbook, the back-test's scenario): a fresh name (mkdtemp), removed
// with everything in it when the object goes.
#include <filesystem>
#include <string>
#include <string_view>

namespace offersim {

class ScratchFolder {
public:
    // Named offersim-PURPOSE-XXXXXX; throws RunError, naming `purpose`, when it cannot be made.
    explicit ScratchFolder(std::string_view purpose);
    ~ScratchFolder();
    ScratchFolder(const ScratchFolder&) = delete;
    ScratchFolder& operator=(const ScratchFolder&) = delete;

    const std::filesystem::path& path() const { return path_; }
    // Writes `text` to the file `name` in it and returns its path; throws RunError if it cannot.
    std::filesystem::path write(const std::string& name, std::string_view text) const;

private:
    std::filesystem::path path_;
};

}  // namespace offersim
