#include "reports/output_folder.hpp"

#include "engine/core/error.hpp"

#include <fcntl.h>
#include <unistd.h>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <random>

namespace offersim::reports {

namespace fs = std::filesystem;

OutputFolder::OutputFolder(fs::path folder) : folder_(std::move(folder)) {
    std::error_code ec;
    fs::create_directories(folder_, ec);
    if (ec)
        throw RunError(fmt::format("cannot create the output folder {}: {}", folder_.string(), ec.message()));
    std::random_device entropy;
    staging_ = folder_ / fmt::format(".offersim-staging-{}-{:08x}", ::getpid(), entropy());
    fs::create_directory(staging_, ec);
    if (ec)
        throw RunError(
            fmt::format("cannot write in the output folder {}: {}", folder_.string(), ec.message()));
}

OutputFolder::~OutputFolder() {
    std::error_code ec;
    fs::remove_all(staging_, ec);
}

void OutputFolder::add(const std::string& name, std::string_view contents) {
    const fs::path path = staging_ / name;
    std::error_code ec;
    fs::create_directories(path.parent_path(), ec);
    if (ec)
        throw RunError(
            fmt::format("cannot create {}: {}", (folder_ / name).parent_path().string(), ec.message()));
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0)
        throw RunError(fmt::format("cannot create {}: {}", (folder_ / name).string(), std::strerror(errno)));
    std::size_t written = 0;
    while (written < contents.size()) {
        const ssize_t n = ::write(fd, contents.data() + written, contents.size() - written);
        if (n < 0) {
            if (errno == EINTR) continue;
            const int err = errno;
            ::close(fd);
            throw RunError(fmt::format("cannot write {}: {}", (folder_ / name).string(), std::strerror(err)));
        }
        written += static_cast<std::size_t>(n);
    }
    if (::fsync(fd) != 0 || ::close(fd) != 0)
        throw RunError(fmt::format("cannot write {}: {}", (folder_ / name).string(), std::strerror(errno)));
    names_.push_back(name);
}

std::vector<fs::path> OutputFolder::commit() {
    std::vector<fs::path> written;
    for (const auto& name : names_) {
        std::error_code ec;
        fs::create_directories((folder_ / name).parent_path(), ec);
        fs::rename(staging_ / name, folder_ / name, ec);
        if (ec)
            throw RunError(
                fmt::format("cannot move {} into place: {}", (folder_ / name).string(), ec.message()));
        written.push_back(folder_ / name);
    }
    committed_ = true;
    return written;
}

}  // namespace offersim::reports
