// Lesson narration as the window renders it (Markdown).
#pragma once

#include <QString>

namespace vethlab::gui {

/// A Markdown renderer turns a line break inside a paragraph into a space; between two Chinese (or
/// Japanese) characters that space is wrong: the CSS Text rules remove such a break when the
/// characters on both sides are East Asian wide. Joins those lines, and only those: a break next to
/// a Latin character, a hard break (two trailing spaces or a backslash) and code blocks are kept.
QString joinCjkLineBreaks(const QString& markdown);

/// Whether `c` is an East Asian wide character (Han, kana, CJK punctuation, fullwidth forms), but
/// not Hangul, whose words are separated by spaces.
bool isEastAsianWide(char32_t c);

} // namespace vethlab::gui
