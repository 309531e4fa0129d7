// Where the lessons are at run time: given on the command line, installed under the data directory
// (share/vethlab/scenarios beside bin/), or in the source tree a build directory sits in. Nothing is
// compiled in but the install layout's relative path from the programs to their data.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace vethlab::scenario {

/// The directories that may hold the lessons, most specific first: $VETHLAB_DATA_DIR/scenarios, the
/// installed data directory relative to the running program, then a `scenarios` folder holding
/// tour.md in the program's directory or up to four levels above it (a build tree in the sources).
std::vector<std::filesystem::path> lessonDirectories();

/// A lesson by path ("scenarios/link.md") or by name ("tour", "link.md"), looked up in
/// lessonDirectories() when it is not a file; nullopt when it is nowhere.
std::optional<std::filesystem::path> findLesson(const std::string& pathOrName);

} // namespace vethlab::scenario
