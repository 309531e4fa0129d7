#include "narration_text.h"

#include <QStringList>

namespace vethlab::gui {

bool isEastAsianWide(char32_t c) {
    return (c >= 0x2E80 && c <= 0x303F) || // CJK radicals, Kangxi, ideographic punctuation
           (c >= 0x3040 && c <= 0x30FF) || // hiragana, katakana
           (c >= 0x3100 && c <= 0x31FF) || // bopomofo, kanbun, katakana extensions
           (c >= 0x3400 && c <= 0x4DBF) || // extension A
           (c >= 0x4E00 && c <= 0x9FFF) || // unified ideographs
           (c >= 0xF900 && c <= 0xFAFF) || // compatibility ideographs
           (c >= 0xFE30 && c <= 0xFE4F) || // compatibility forms
           (c >= 0xFF00 && c <= 0xFF60) || // fullwidth forms
           (c >= 0xFFE0 && c <= 0xFFE6) || // fullwidth signs
           (c >= 0x20000 && c <= 0x3FFFF); // extensions B and later
}

namespace {

char32_t lastChar(const QString& s) {
    const auto u = s.toUcs4();
    return u.isEmpty() ? 0 : u.back();
}

char32_t firstChar(const QString& s) {
    const auto u = s.toUcs4();
    return u.isEmpty() ? 0 : u.front();
}

bool isFence(const QString& line) {
    const QString t = line.trimmed();
    return t.startsWith("```") || t.startsWith("~~~");
}

bool isHardBreak(const QString& line) {
    return line.endsWith("  ") || line.endsWith('\\');
}

} // namespace

QString joinCjkLineBreaks(const QString& markdown) {
    const QStringList lines = markdown.split('\n');
    QString out;
    bool inFence = false, joined = false;
    for (qsizetype i = 0; i < lines.size(); ++i) {
        // A line that continues the one before loses its indentation: it is not text.
        const QString line = joined ? lines[i].trimmed() : lines[i];
        out += line;
        if (!joined && isFence(line)) inFence = !inFence;
        if (i + 1 == lines.size()) break;
        // A paragraph's soft break: not in code (fenced, or indented as code), and both sides wide.
        const bool code = inFence || (!joined && (line.startsWith("    ") || line.startsWith('\t')));
        joined = !code && !isHardBreak(line) && !line.trimmed().isEmpty() &&
                 !line.trimmed().startsWith('#') && isEastAsianWide(lastChar(line)) &&
                 isEastAsianWide(firstChar(lines[i + 1].trimmed()));
        if (!joined) out += '\n';
    }
    return out;
}

} // namespace vethlab::gui
