#include "reports/output_folder.hpp"

#include "engine/core/cluster.hpp"
#include "engine/core/error.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>
#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <random>
#include <set>

namespace offersim::reports {

namespace fs = std::filesystem;

namespace {

// Staging folders are named ".offersim-staging-<pid>-<random>" so that a later run can
// tell a killed run's folder (its process is gone and nobody holds its lock) from a live one.
constexpr std::string_view kStagingPrefix = ".offersim-staging-";

bool is_safe_name_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
           c == '_' || c == '-';
}

[[noreturn]] void throw_bad_folder(const fs::path& folder, const std::string& what) {
    throw InputError({{SourcePos{}, fmt::format("the output folder {} {}", folder.string(), what)}});
}

std::string system_reason() {
    return std::strerror(errno);
}

// The pid in a staging folder's name, or 0 when the name is not one of ours.
pid_t staging_owner(const std::string& name) {
    if (!name.starts_with(kStagingPrefix)) return 0;
    pid_t pid = 0;
    for (std::size_t i = kStagingPrefix.size(); i < name.size() && name[i] != '-'; ++i) {
        if (name[i] < '0' || name[i] > '9' || pid > 100'000'000) return 0;
        pid = pid * 10 + (name[i] - '0');
    }
    return pid;
}

// A killed process can linger as a zombie until its parent reaps it; it holds no locks and
// writes nothing, so it counts as gone.
bool process_alive(pid_t pid) {
    if (::kill(pid, 0) != 0 && errno != EPERM) return false;
    std::FILE* stat = std::fopen(fmt::format("/proc/{}/stat", pid).c_str(), "r");
    if (!stat) return true;
    char line[512] = {};
    const bool read = std::fgets(line, sizeof line, stat) != nullptr;
    std::fclose(stat);
    const char* name_end = read ? std::strrchr(line, ')') : nullptr;  // "pid (name) state ..."
    return !(name_end && name_end[1] == ' ' && (name_end[2] == 'Z' || name_end[2] == 'X'));
}

// Removes the staging folders in `parent` that runs killed before they finished left behind:
// their process is gone and no process holds their lock.
void remove_abandoned_staging(const fs::path& parent) {
    std::vector<fs::path> abandoned;
    std::error_code ec;
    for (auto it = fs::directory_iterator(parent, ec); !ec && it != fs::directory_iterator();
         it.increment(ec)) {
        const pid_t owner = staging_owner(it->path().filename().string());
        if (owner <= 0 || owner == ::getpid() || process_alive(owner)) continue;
        if (it->is_symlink(ec) || !it->is_directory(ec)) continue;
        abandoned.push_back(it->path());
    }
    for (const auto& path : abandoned) {
        const int fd = ::open(path.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (fd < 0) continue;
        if (::flock(fd, LOCK_EX | LOCK_NB) == 0) fs::remove_all(path, ec);
        ::close(fd);
    }
}

// The folder's own path: absolute, '.' and '..' resolved, its parent created, symbolic links
// resolved, so that the staging folder is a sibling on the same file system.
fs::path resolve_folder(const fs::path& folder) {
    std::error_code ec;
    fs::path path = fs::absolute(folder, ec).lexically_normal();
    if (ec)
        throw RunError(fmt::format("cannot create the output folder {}: {}", folder.string(), ec.message()));
    if (path.filename().empty()) path = path.parent_path();
    if (path == path.root_path())
        throw_bad_folder(path, "is the root of the file system; choose another --out");
    fs::create_directories(path.parent_path(), ec);
    if (ec)
        throw RunError(fmt::format("cannot create the output folder {}: {}", folder.string(), ec.message()));
    path = fs::canonical(path.parent_path(), ec) / path.filename();
    if (ec)
        throw RunError(fmt::format("cannot create the output folder {}: {}", folder.string(), ec.message()));
    if (fs::is_symlink(fs::symlink_status(path, ec))) {
        const fs::path target = fs::canonical(path, ec);
        if (!ec) return resolve_folder(target);
    }
    return path;
}

// The entries of `folder` that its manifest does not list, sorted; every entry when it has
// no manifest. An empty folder has none.
std::vector<std::string> unlisted_entries(const fs::path& folder) {
    std::set<std::string> files;
    std::set<std::string> folders;
    if (fs::is_regular_file(fs::symlink_status(folder / kManifestName))) {
        std::FILE* manifest = std::fopen((folder / kManifestName).c_str(), "r");
        char line[4096];
        while (manifest && std::fgets(line, sizeof line, manifest)) {
            std::string name(line);
            while (!name.empty() && (name.back() == '\n' || name.back() == '\r')) name.pop_back();
            if (name.empty() || name.front() == '#') continue;
            for (auto slash = name.find('/'); slash != std::string::npos; slash = name.find('/', slash + 1))
                folders.insert(name.substr(0, slash));
            files.insert(std::move(name));
        }
        if (manifest) std::fclose(manifest);
        files.insert(std::string(kManifestName));
    }
    std::vector<std::string> unlisted;
    std::error_code ec;
    for (auto it = fs::recursive_directory_iterator(folder, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
        const std::string name = it->path().lexically_relative(folder).generic_string();
        const auto status = it->symlink_status(ec);
        const bool listed = (fs::is_regular_file(status) && files.contains(name)) ||
                            (fs::is_directory(status) && folders.contains(name));
        if (!listed) {
            unlisted.push_back(name);
            if (fs::is_directory(status)) it.disable_recursion_pending();
        }
    }
    if (ec) unlisted.push_back(fmt::format("(unreadable: {})", ec.message()));
    std::sort(unlisted.begin(), unlisted.end());
    return unlisted;
}

std::string manifest_text(std::vector<std::string> names) {
    std::sort(names.begin(), names.end());
    std::string text =
        "# Written by offersim: the files of one run. offersim replaces this folder only while it\n"
        "# holds nothing but these files.\n";
    for (const auto& name : names) text += name + "\n";
    return text;
}

void write_file(const fs::path& path, std::string_view contents, const fs::path& shown_as) {
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) throw RunError(fmt::format("cannot create {}: {}", shown_as.string(), system_reason()));
    std::size_t written = 0;
    while (written < contents.size()) {
        const ssize_t n = ::write(fd, contents.data() + written, contents.size() - written);
        if (n < 0) {
            if (errno == EINTR) continue;
            const std::string reason = system_reason();
            ::close(fd);
            throw RunError(fmt::format("cannot write {}: {}", shown_as.string(), reason));
        }
        written += static_cast<std::size_t>(n);
    }
    if (::fsync(fd) != 0 || ::close(fd) != 0)
        throw RunError(fmt::format("cannot write {}: {}", shown_as.string(), system_reason()));
}

void sync_folder(const fs::path& folder) {
    const int fd = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return;
    ::fsync(fd);
    ::close(fd);
}

}  // namespace

std::string folder_name_for(std::string_view scenario_name) {
    std::string name;
    for (const char c : scenario_name) {
        if (is_safe_name_char(c))
            name += c;
        else if (!name.empty() && name.back() != '-')
            name += '-';
    }
    const auto first = name.find_first_not_of(".-");
    name = first == std::string::npos ? std::string() : name.substr(first);
    if (name.size() > 100) name.resize(100);
    while (!name.empty() && (name.back() == '-' || name.back() == '.')) name.pop_back();
    return name.empty() ? "scenario" : name;
}

OutputFolder::OutputFolder(const fs::path& folder)
    : folder_(resolve_folder(folder)), inert_(!cluster::writes()) {
    if (inert_) return;
    try {
        // Claim the folder: create it if absent, lock it, and make sure the path still names
        // the folder locked (a run that just finished may have put a new one in its place).
        for (int attempt = 0; folder_lock_ < 0; ++attempt) {
            if (::mkdir(folder_.c_str(), 0777) == 0)
                created_folder_ = true;
            else if (errno != EEXIST)
                throw RunError(
                    fmt::format("cannot create the output folder {}: {}", folder_.string(), system_reason()));
            const int fd = ::open(folder_.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
            if (fd < 0 && errno == ENOTDIR)
                throw_bad_folder(folder_, "is a file, not a folder; choose another --out");
            if (fd < 0)
                throw RunError(
                    fmt::format("cannot open the output folder {}: {}", folder_.string(), system_reason()));
            if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
                ::close(fd);
                throw RunError(
                    fmt::format("another offersim run is writing into {}; wait for it to finish or "
                                "choose another --out",
                                folder_.string()));
            }
            struct stat locked {
            }, named{};
            if (::fstat(fd, &locked) == 0 && ::stat(folder_.c_str(), &named) == 0 &&
                locked.st_dev == named.st_dev && locked.st_ino == named.st_ino)
                folder_lock_ = fd;
            else
                ::close(fd);
            if (folder_lock_ < 0 && attempt >= 10)
                throw RunError(fmt::format("the output folder {} keeps being replaced; choose another --out",
                                           folder_.string()));
        }
        if (const auto foreign = unlisted_entries(folder_); !foreign.empty())
            throw_bad_folder(folder_,
                             fmt::format("holds {}{}, which offersim did not write; offersim replaces "
                                         "only an empty folder or one it wrote itself. Choose another "
                                         "--out, or move {} away",
                                         foreign.front(),
                                         foreign.size() > 1 ? fmt::format(" and {} more", foreign.size() - 1)
                                                            : std::string(),
                                         foreign.size() > 1 ? "them" : "it"));
        remove_abandoned_staging(folder_.parent_path());
        std::random_device entropy;
        for (int attempt = 0; staging_lock_ < 0; ++attempt) {
            staging_ = folder_.parent_path() / fmt::format("{}{}-{:08x}", kStagingPrefix, ::getpid(),
                                                           static_cast<unsigned>(entropy()));
            if (::mkdir(staging_.c_str(), 0777) != 0) {
                if (errno == EEXIST && attempt < 10) continue;
                const std::string reason = system_reason();
                staging_.clear();
                throw RunError(
                    fmt::format("cannot write beside the output folder {}: {}", folder_.string(), reason));
            }
            staging_lock_ = ::open(staging_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
            if (staging_lock_ < 0 || ::flock(staging_lock_, LOCK_EX) != 0)
                throw RunError(fmt::format("cannot lock {}: {}", staging_.string(), system_reason()));
        }
    } catch (...) {
        release();
        throw;
    }
}

OutputFolder::~OutputFolder() {
    release();
}

void OutputFolder::release() noexcept {
    std::error_code ec;
    if (!committed_ && !staging_.empty()) fs::remove_all(staging_, ec);
    if (!committed_ && created_folder_) ::rmdir(folder_.c_str());  // only while still empty
    if (staging_lock_ >= 0) ::close(staging_lock_);
    if (folder_lock_ >= 0) ::close(folder_lock_);
    staging_lock_ = folder_lock_ = -1;
    staging_.clear();
}

void OutputFolder::add(const std::string& name, std::string_view contents) {
    if (inert_) return;
    const fs::path path = staging_ / name;
    std::error_code ec;
    fs::create_directories(path.parent_path(), ec);
    if (ec)
        throw RunError(
            fmt::format("cannot create {}: {}", (folder_ / name).parent_path().string(), ec.message()));
    write_file(path, contents, folder_ / name);
    names_.push_back(name);
}

void OutputFolder::commit() {
    if (inert_) return;
    write_file(staging_ / kManifestName, manifest_text(names_), folder_ / kManifestName);
    sync_folder(staging_);
    if (::renameat2(AT_FDCWD, staging_.c_str(), AT_FDCWD, folder_.c_str(), RENAME_EXCHANGE) != 0) {
        // A file system without the exchange (some network ones): move the old folder aside,
        // then the new one in. Killed in between, the folder is absent, never mixed.
        const fs::path old = staging_.string() + "-old";
        const bool moved_aside =
            (errno == EINVAL || errno == ENOSYS) && ::rename(folder_.c_str(), old.c_str()) == 0;
        if (!moved_aside || ::rename(staging_.c_str(), folder_.c_str()) != 0) {
            const std::string reason = system_reason();
            if (moved_aside) ::rename(old.c_str(), folder_.c_str());
            throw RunError(
                fmt::format("cannot put the new files in place of {}: {}", folder_.string(), reason));
        }
        staging_ = old;
    }
    committed_ = true;
    // The staging path now names the old folder.
    std::error_code ec;
    fs::remove_all(staging_, ec);
    sync_folder(folder_.parent_path());
}

}  // namespace offersim::reports
