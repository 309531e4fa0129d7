#include "lab_file.h"

#include "util/json.h"

namespace vethlab::scenario {
namespace {

const char* kindName(Annotation::Kind k) {
    return k == Annotation::Kind::Note ? "note" : "highlight";
}

} // namespace

std::string writeLabFile(const LabFile& f) {
    Json root = Json::object();
    root.set("vethlab", "lab");
    root.set("version", 1);
    root.set("lesson", f.lessonId);
    root.set("lessonPath", f.lessonPath);
    root.set("position", static_cast<std::int64_t>(f.position));
    Json& typed = root.set("typed", Json::array());
    for (const auto& lines : f.typed)
        typed.push(Json::stringArray(lines));
    Json& answers = root.set("answers", Json::array());
    for (const auto& a : f.answers) {
        Json& o = answers.push(Json::object());
        o.set("step", static_cast<std::int64_t>(a.step));
        o.set("answer", a.answer);
        o.set("actual", a.actual);
    }
    Json& notes = root.set("annotations", Json::array());
    for (const auto& a : f.annotations) {
        Json& o = notes.push(Json::object());
        o.set("kind", kindName(a.kind));
        o.set("x", a.x);
        o.set("y", a.y);
        o.set("width", a.width);
        o.set("height", a.height);
        o.set("text", a.text);
    }
    return root.indented() + "\n";
}

std::optional<LabFile> readLabFile(const std::string& text, std::string& error) {
    auto doc = parseJson(text, error);
    if (!doc) return std::nullopt;
    auto bad = [&](const std::string& message) -> std::optional<LabFile> {
        error = message;
        return std::nullopt;
    };
    const Json* magic = doc->find("vethlab");
    if (!magic || magic->asString() != "lab") return bad("not a saved vethlab lab");
    const Json* version = doc->find("version");
    if (!version || version->kind() != Json::Kind::Int || version->asInt() != 1)
        return bad("a saved lab of an unknown version");
    LabFile f;
    auto str = [&](const char* key) {
        const Json* v = doc->find(key);
        return v && v->kind() == Json::Kind::String ? v->asString() : std::string();
    };
    f.lessonId = str("lesson");
    f.lessonPath = str("lessonPath");
    if (f.lessonId.empty()) return bad("the saved lab names no lesson");
    const Json* pos = doc->find("position");
    if (!pos || pos->kind() != Json::Kind::Int || pos->asInt() < 0) return bad("no position");
    f.position = static_cast<std::size_t>(pos->asInt());
    if (const Json* typed = doc->find("typed"))
        for (const Json& lines : typed->items()) {
            f.typed.emplace_back();
            for (const Json& l : lines.items()) {
                if (l.kind() != Json::Kind::String) return bad("a typed line that is not a string");
                f.typed.back().push_back(l.asString());
            }
        }
    if (f.typed.size() != f.position + 1) return bad("the typed lines do not match the position");
    if (const Json* answers = doc->find("answers"))
        for (const Json& a : answers->items()) {
            const Json *step = a.find("step"), *answer = a.find("answer"), *actual = a.find("actual");
            if (!step || !answer || !actual || step->asInt() < 1) return bad("a bad answer");
            f.answers.push_back(
                {static_cast<std::size_t>(step->asInt()), answer->asBool(), actual->asBool()});
        }
    if (const Json* notes = doc->find("annotations"))
        for (const Json& n : notes->items()) {
            Annotation a;
            const Json* kind = n.find("kind");
            if (!kind || (kind->asString() != "note" && kind->asString() != "highlight"))
                return bad("an annotation of an unknown kind");
            a.kind = kind->asString() == "note" ? Annotation::Kind::Note : Annotation::Kind::Highlight;
            auto num = [&](const char* key) {
                const Json* v = n.find(key);
                return v ? static_cast<int>(v->asInt()) : 0;
            };
            a.x = num("x");
            a.y = num("y");
            a.width = num("width");
            a.height = num("height");
            if (const Json* t = n.find("text")) a.text = t->asString();
            f.annotations.push_back(a);
        }
    return f;
}

} // namespace vethlab::scenario
