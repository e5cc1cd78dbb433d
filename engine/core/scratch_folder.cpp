#include "engine/core/scratch_folder.hpp"

#include "engine/core/error.hpp"

#include <stdlib.h>
#include <fstream>
#include <system_error>

namespace offersim {

namespace fs = std::filesystem;

ScratchFolder::ScratchFolder(std::string_view purpose) {
    std::string name = (fs::temp_directory_path() / fmt::format("offersim-{}-XXXXXX", purpose)).string();
    require(::mkdtemp(name.data()) != nullptr, "cannot create a temporary folder for {} in {}", purpose,
            fs::temp_directory_path().string());
    path_ = name;
}

ScratchFolder::~ScratchFolder() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
}

fs::path ScratchFolder::write(const std::string& name, std::string_view text) const {
    const fs::path file = path_ / name;
    std::ofstream out(file, std::ios::binary);
    out << text;
    require(static_cast<bool>(out), "cannot write {}", file.string());
    return file;
}

}  // namespace offersim
