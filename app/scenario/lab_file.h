// A student's saved lab, the `.vethlab` file: JSON naming the lesson (its id and the path it was opened
// from), the position, every line typed at each position, the answers to the lessons' questions, and
// the notes and highlights drawn on the canvas. The lab itself is not stored: it is deterministic, so
// replaying the lesson and the lines rebuilds it exactly.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace vethlab::scenario {

/// A note (text at a point) or a highlighted rectangle, in the canvas's scene coordinates.
struct Annotation {
    enum class Kind { Note, Highlight };
    Kind kind = Kind::Note;
    int x = 0, y = 0, width = 0, height = 0;
    std::string text;
    auto operator<=>(const Annotation&) const = default;
};

struct SavedAnswer {
    std::size_t step = 0;
    bool answer = false, actual = false; // the student's prediction, and what the lab did
    auto operator<=>(const SavedAnswer&) const = default;
};

struct LabFile {
    std::string lessonId, lessonPath;
    std::size_t position = 0;
    std::vector<std::vector<std::string>> typed; // [0] before the first step, [k] after step k
    std::vector<SavedAnswer> answers;
    std::vector<Annotation> annotations;
    auto operator<=>(const LabFile&) const = default;
};

std::string writeLabFile(const LabFile& file);
/// nullopt and `error` set ("line N: ...") when the text is not a saved lab.
std::optional<LabFile> readLabFile(const std::string& text, std::string& error);

} // namespace vethlab::scenario
