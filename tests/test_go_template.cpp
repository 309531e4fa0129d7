// Go's text/template as docker's -f/--format runs it. Every row of go_template_cases.inc was
// produced by Go 1.19's text/template (the Go release docker 20.10.24 is built with) with docker's
// template functions, over the JSON fixture below decoded as docker inspect's raw fallback decodes
// it (interface{} values, json.Number numbers, missingkey=error): output and error text byte for byte.
#include <QtTest>

#include "go_template.h"
#include "util/random.h"

using vethlab::Json;
using namespace vethlab::shell;

namespace {

struct Case {
    const char* tmpl;
    const char* out;
    const char* error; // "" when Go succeeds; a parse error when the output is empty and parsing fails
};

const Case kCases[] = {
#include "go_template_cases.inc"
};

Json fixture() {
    auto obj = [](std::initializer_list<std::pair<const char*, Json>> members) {
        Json o = Json::object();
        for (const auto& [k, v] : members)
            o.set(k, v);
        return o;
    };
    Json list = Json::array();
    for (int i = 1; i <= 3; ++i)
        list.push(i);
    return obj(
        {{"Name", "/web"},
         {"Id", "abc"},
         {"State", obj({{"Status", "running"}, {"Running", true}, {"Pid", 42}})},
         {"Config",
          obj({{"Env", Json::stringArray({"A=1", "B=2"})}, {"Labels", obj({{"k", "v"}, {"a", "b"}})}})},
         {"NetworkSettings",
          obj({{"IPAddress", "172.17.0.2"},
               {"IPPrefixLen", 16},
               {"Networks",
                obj({{"bridge",
                      obj({{"IPAddress", "172.17.0.2"}, {"Aliases", Json()}, {"Gateway", "172.17.0.1"}})},
                     {"mynet", obj({{"IPAddress", "10.0.0.5"},
                                    {"Aliases", Json::stringArray({"web", "x"})},
                                    {"Gateway", "10.0.0.1"}})}})}})},
         {"List", list},
         {"Empty", Json::array()},
         {"Nul", Json()},
         {"S", "hello world"},
         {"T", true},
         {"F", false},
         {"Z", 0}});
}

std::pair<std::string, std::string> run(const std::string& text, const gotmpl::Value& data,
                                        ExecOptions opts) {
    std::string error;
    auto t = GoTemplate::parse(text, error);
    if (!t) return {"", error};
    auto r = t->execute(data, opts);
    return {r.output, r.error.value_or("")};
}

gotmpl::Value raw() {
    gotmpl::JsonView view;
    view.typed = false;
    return gotmpl::fromJson(fixture(), view);
}

} // namespace

class GoTemplateTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void matchesGo_data();
    void matchesGo();
    void typedViewKeepsStructOrderAndMapMisses();
    void headerFunctionsKeepColumnNames();
    void formatterContextsAnswerThroughMethods();
    void deepNestingIsRefusedNotOverflowed();
    void largeTemplatesStayLinear();
    void tokenSoupNeverCrashes();
};

void GoTemplateTest::matchesGo_data() {
    QTest::addColumn<QString>("tmpl");
    QTest::addColumn<QString>("out");
    QTest::addColumn<QString>("error");
    int i = 0;
    for (const auto& c : kCases)
        QTest::newRow(QByteArray::number(i++).constData())
            << QString::fromUtf8(c.tmpl) << QString::fromUtf8(c.out) << QString::fromUtf8(c.error);
    QVERIFY(i > 200);
}

void GoTemplateTest::matchesGo() {
    QFETCH(QString, tmpl);
    QFETCH(QString, out);
    QFETCH(QString, error);
    auto [o, e] = run(tmpl.toStdString(), raw(), ExecOptions{true, false});
    QCOMPARE(QString::fromStdString(e), error);
    QCOMPARE(QString::fromStdString(o), out);
}

void GoTemplateTest::typedViewKeepsStructOrderAndMapMisses() {
    gotmpl::JsonView view;
    view.mapPaths = {"NetworkSettings.Networks", "Config.Labels"};
    view.slicePaths = {"NetworkSettings.Networks.*.Aliases"};
    auto data = gotmpl::fromJson(fixture(), view);
    // A Go struct encodes in declaration order; a missing map key is <no value>, not an error.
    QCOMPARE(run("{{json .State}}", data, {}).first,
             std::string(R"({"Status":"running","Running":true,"Pid":42})"));
    QCOMPARE(run("{{.NetworkSettings.Networks.nosuch.IPAddress}}", data, {}).first,
             std::string("<no value>"));
    QCOMPARE(run("{{.NetworkSettings.Networks.bridge.Aliases}}", data, {}).first, std::string("[]"));
    QCOMPARE(run("{{eq .NetworkSettings.IPPrefixLen 16}}", data, {}).first, std::string("true"));
    auto missing = run("{{.State.Foo}}", data, {});
    QCOMPARE(missing.second,
             std::string("template: :1:8: executing \"\" at <.State.Foo>: can't evaluate field Foo in "
                         "type struct"));
}

void GoTemplateTest::headerFunctionsKeepColumnNames() {
    gotmpl::Value::Entries header = {{"Names", gotmpl::Value::string("NAMES")}};
    auto data = gotmpl::Value::map(header, "formatter.SubHeaderContext");
    QCOMPARE(run("{{upper .Names}} {{json .Names}} {{truncate .Names 2}}", data, {false, true}).first,
             std::string("NAMES NAMES NAMES"));
    QCOMPARE(run("{{lower .Names}}", data, {}).first, std::string("names"));
}

void GoTemplateTest::formatterContextsAnswerThroughMethods() {
    auto o = std::make_shared<gotmpl::Object>();
    o->typeName = "*formatter.ContainerContext";
    o->methods.push_back({"ID", 0, [](const std::vector<std::string>&) { return std::string("0a1b"); }});
    o->methods.push_back({"Label", 1, [](const std::vector<std::string>& a) { return "L:" + a[0]; }});
    auto row = gotmpl::Value::object(o);
    QCOMPARE(run(R"({{.ID}} {{.Label "x"}} {{json .}})", row, {}).first,
             std::string(R"(0a1b L:x {"ID":"0a1b"})"));
    QCOMPARE(run("{{.Label}}", row, {}).second,
             std::string(
                 "template: :1:2: executing \"\" at <.Label>: wrong number of args for Label: want 1 got 0"));
    QCOMPARE(run("{{.Nope}}", row, {}).second,
             std::string("template: :1:2: executing \"\" at <.Nope>: can't evaluate field Nope in type "
                         "*formatter.ContainerContext"));
}

void GoTemplateTest::deepNestingIsRefusedNotOverflowed() {
    std::string ifs, ends, parens(100000, '(');
    for (int i = 0; i < 100000; ++i) {
        ifs += "{{if 1}}";
        ends += "{{end}}";
    }
    QCOMPARE(run(ifs + "x" + ends, {}, {}).second,
             std::string("template: :1: max expression depth exceeded"));
    QCOMPARE(run("{{" + parens + "1" + std::string(100000, ')') + "}}", {}, {}).second,
             std::string("template: :1: max expression depth exceeded"));
    std::string ok;
    for (int i = 0; i < 900; ++i)
        ok += "{{if 1}}";
    ok += "x";
    for (int i = 0; i < 900; ++i)
        ok += "{{end}}";
    QCOMPARE(run(ok, {}, {}).first, std::string("x"));
    // A template that calls itself stops at the same depth.
    auto self = run(R"({{define "r"}}{{template "r"}}{{end}}{{template "r"}})", {}, {});
    QVERIFY(self.second.find("exceeded maximum template depth") != std::string::npos);
}

void GoTemplateTest::largeTemplatesStayLinear() {
    std::string big;
    for (int i = 0; i < 50000; ++i)
        big += "{{.Name}}\n";
    QElapsedTimer timer;
    timer.start();
    auto [out, err] = run(big, raw(), {true, false});
    QVERIFY(err.empty());
    QCOMPARE(out.size(), std::size_t(50000 * 5));
    QVERIFY2(timer.elapsed() < 5000, "a 50,000-action template took more than five seconds");
}

void GoTemplateTest::tokenSoupNeverCrashes() {
    // Random templates from the grammar's own pieces: each parses or fails with a Go message, and
    // each that parses runs to an output or an error.
    const char* pieces[] = {"{{",
                            "}}",
                            "{{- ",
                            " -}}",
                            "if ",
                            "else ",
                            "end",
                            "range ",
                            "with ",
                            ".",
                            ".Name",
                            ".List",
                            ".Config.Labels",
                            "$",
                            "$x",
                            " := ",
                            " = ",
                            "(",
                            ")",
                            " | ",
                            "\"s\"",
                            "`r`",
                            "1",
                            "-2.5",
                            "'c'",
                            "printf ",
                            "\"%d %s\" ",
                            "index ",
                            "len ",
                            "json ",
                            "eq ",
                            "and ",
                            "or ",
                            "not ",
                            "slice ",
                            "define \"t\"",
                            "template \"t\"",
                            "block \"b\" .",
                            "break",
                            "continue",
                            "nil",
                            "true",
                            " ",
                            "text",
                            "\n",
                            "{{/* c */}}",
                            ",",
                            "pad ",
                            "truncate ",
                            "split ",
                            "join "};
    vethlab::Random rnd(7);
    const auto data = raw();
    int parsed = 0;
    for (int i = 0; i < 4000; ++i) {
        std::string t;
        const auto n = 1 + rnd.below(14);
        for (std::uint64_t k = 0; k < n; ++k)
            t += pieces[rnd.below(std::size(pieces))];
        std::string error;
        auto tmpl = GoTemplate::parse(t, error);
        if (!tmpl) {
            QVERIFY2(error.rfind("template: ", 0) == 0, t.c_str());
            continue;
        }
        ++parsed;
        auto r = tmpl->execute(data, ExecOptions{true, false});
        QVERIFY2(!r.error || r.error->rfind("template: ", 0) == 0, t.c_str());
    }
    QVERIFY(parsed > 100);
}

QTEST_GUILESS_MAIN(GoTemplateTest)
#include "test_go_template.moc"
