#include "lesson_finder.h"

#include <cstdlib>
#include <system_error>

namespace vethlab::scenario {
namespace fs = std::filesystem;

namespace {

fs::path programDirectory() {
    std::error_code ec;
    fs::path exe = fs::read_symlink("/proc/self/exe", ec); // Linux: the running program, wherever it is
    return ec ? fs::path() : exe.parent_path();
}

bool holdsLessons(const fs::path& dir) {
    std::error_code ec;
    return fs::is_regular_file(dir / "tour.md", ec);
}

} // namespace

std::vector<fs::path> lessonDirectories() {
    std::vector<fs::path> dirs;
    if (const char* data = std::getenv("VETHLAB_DATA_DIR"); data && *data)
        dirs.push_back(fs::path(data) / "scenarios");
    const fs::path bin = programDirectory();
    if (bin.empty()) return dirs;
    dirs.push_back((bin / VETHLAB_DATA_FROM_BIN / "scenarios").lexically_normal());
    fs::path up = bin;
    for (int level = 0; level <= 4 && !up.empty(); ++level, up = up.parent_path()) {
        if (holdsLessons(up / "scenarios")) {
            dirs.push_back(up / "scenarios");
            break;
        }
        if (up == up.root_path()) break;
    }
    return dirs;
}

std::optional<fs::path> findLesson(const std::string& pathOrName) {
    std::error_code ec;
    if (fs::is_regular_file(pathOrName, ec)) return fs::path(pathOrName);
    if (pathOrName.empty() || fs::path(pathOrName).has_parent_path()) return std::nullopt;
    const std::string file = fs::path(pathOrName).extension() == ".md" ? pathOrName : pathOrName + ".md";
    for (const auto& dir : lessonDirectories())
        if (fs::is_regular_file(dir / file, ec)) return dir / file;
    return std::nullopt;
}

} // namespace vethlab::scenario
