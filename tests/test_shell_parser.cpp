// The shell's grammar on its own, without a lab: words, quotes, expansions, pipes, lists,
// redirections, and the errors bash gives for unterminated input.
#include <QtTest>

#include "shell_parser.h"

using vethlab::shell::Parser;
using vethlab::shell::SimpleCommand;
using vethlab::shell::splitLists;
using Words = std::vector<std::string>;

namespace {

// Parses with $(...) echoing "<inner>" and $NAME giving "v-NAME"; records every substitution.
struct Parsed {
    std::optional<std::vector<SimpleCommand>> commands;
    std::string error;
    std::vector<std::string> substituted;
};

Parsed parse(const std::string& text, const std::string& substitution = "") {
    Parsed p;
    Parser parser(
        text,
        [&](const std::string& inner) {
            p.substituted.push_back(inner);
            return substitution.empty() ? "<" + inner + ">\n\n" : substitution;
        },
        [](const std::string& name) { return "v-" + name; });
    p.commands = parser.parse(p.error);
    return p;
}

Words words(const std::string& text) {
    auto p = parse(text);
    if (!p.commands || p.commands->size() != 1) return {"<not one command: " + p.error + ">"};
    return p.commands->front().argv;
}

} // namespace

class ShellParser : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void wordsAndQuotes() {
        QCOMPARE(words("echo  a\tb"), (Words{"echo", "a", "b"}));
        QCOMPARE(words("echo 'a  $X' \"c $X d\" e\\ f"), (Words{"echo", "a  $X", "c v-X d", "e f"}));
        QCOMPARE(words("echo \"a\\\"b\\$c\\n\""), (Words{"echo", "a\"b$c\\n"}));
        QCOMPARE(words("echo ''"), (Words{"echo", ""}));
        QCOMPARE(words("echo a#b # a comment"), (Words{"echo", "a#b"}));
    }

    void expansions() {
        QCOMPARE(words("echo $HOME ${HOSTNAME}x $? $"), (Words{"echo", "v-HOME", "v-HOSTNAMEx", "v-?", "$"}));
        // Unquoted, a substitution is split into words and loses its trailing newlines; quoted, it is one
        // word.
        auto p = parse("x $(ip  a) \"$(ip  a)\"", "one two\n");
        QVERIFY(p.commands);
        QCOMPARE(p.commands->front().argv, (Words{"x", "one", "two", "one two"}));
        QCOMPARE(p.substituted, (Words{"ip  a", "ip  a"}));
        // Nested parentheses stay inside one substitution.
        p = parse("echo $(echo $(echo x))");
        QCOMPARE(p.substituted, (Words{"echo $(echo x)"}));
    }

    void pipesAndRedirections() {
        auto p = parse("docker ps 2>&1 | grep web >/dev/null | wc -l 2> /dev/null &");
        QVERIFY(p.commands);
        const auto& c = *p.commands;
        QCOMPARE(c.size(), std::size_t{3});
        QCOMPARE(c[0].argv, (Words{"docker", "ps"}));
        QVERIFY(c[0].errToOut && !c[0].dropOut && !c[0].dropErr);
        QCOMPARE(c[1].argv, (Words{"grep", "web"}));
        QVERIFY(c[1].dropOut && !c[1].dropErr);
        QCOMPARE(c[2].argv, (Words{"wc", "-l"}));
        QVERIFY(c[2].dropErr && !c[2].dropOut);
        QCOMPARE(parse("").commands->size(), std::size_t{0});
    }

    void errors() {
        auto p = parse("echo 'abc");
        QVERIFY(!p.commands);
        QCOMPARE(p.error, std::string("unexpected EOF while looking for matching `''"));
        p = parse("echo \"abc");
        QCOMPARE(p.error, std::string("unexpected EOF while looking for matching `\"'"));
        // An unclosed $( is an error and is never run.
        p = parse("echo $(echo $(echo");
        QVERIFY(!p.commands);
        QCOMPARE(p.error, std::string("unexpected EOF while looking for matching `)'"));
        QVERIFY(p.substituted.empty());
        p = parse("echo hi > /tmp/x");
        QCOMPARE(p.error, std::string("vethlab: redirection to files is not supported (only /dev/null)"));
    }

    void lists() {
        auto parts = splitLists("a; b && c || 'd;e' \"f&&g\" $(h; i) # k; l");
        QCOMPARE(parts.size(), std::size_t{4});
        QCOMPARE(parts[0].op, std::string());
        QCOMPARE(parts[0].text, std::string("a"));
        QCOMPARE(parts[1].op, std::string(";"));
        QCOMPARE(parts[1].text, std::string(" b "));
        QCOMPARE(parts[2].op, std::string("&&"));
        QCOMPARE(parts[3].op, std::string("||"));
        QCOMPARE(parts[3].text, std::string(" 'd;e' \"f&&g\" $(h; i) "));
        // A pipe is not a list operator; an escaped ; is not one either.
        QCOMPARE(splitLists("a | b \\; c").size(), std::size_t{1});
    }

    void backgroundJobs() {
        // A lone & ends a part that runs as a job; the line goes on after it.
        auto parts = splitLists("tcpdump -i any -n & ping -c 1 x");
        QCOMPARE(parts.size(), std::size_t{2});
        QVERIFY(parts[0].background);
        QCOMPARE(parts[0].text, std::string("tcpdump -i any -n "));
        QCOMPARE(parts[1].op, std::string("&"));
        QVERIFY(!parts[1].background);
        parts = splitLists("sleep 5 &");
        QCOMPARE(parts.size(), std::size_t{2});
        QVERIFY(parts[0].background);
        QCOMPARE(parts[1].text, std::string());
        // &&, 2>&1, &> and a quoted & are not jobs.
        for (const char* line : {"a && b", "a 2>&1", "a &> /dev/null", "echo 'x & y'", "echo $(a & b)"})
            for (const auto& part : splitLists(line))
                QVERIFY2(!part.background, line);
    }

    void assignments() {
        // NAME=value before the command's name is an assignment, and its expansion is not split.
        auto p = parse("x=1 y=$(ids) z=\"a b\"", "one two\n");
        QVERIFY(p.commands);
        QCOMPARE(p.commands->size(), std::size_t{1});
        const auto& c = p.commands->front();
        QVERIFY(c.argv.empty());
        QCOMPARE(c.assignments.size(), std::size_t{3});
        QCOMPARE(c.assignments[1].first, std::string("y"));
        QCOMPARE(c.assignments[1].second, std::string("one two"));
        QCOMPARE(c.assignments[2].second, std::string("a b"));
        // After the name, or quoted, or not a name: a word.
        QCOMPARE(words("echo x=1"), (Words{"echo", "x=1"}));
        QCOMPARE(words("\"x\"=1"), (Words{"x=1"}));
        QCOMPARE(words("1x=2"), (Words{"1x=2"}));
        QCOMPARE(words("a=1 echo b=2"), (Words{"echo", "b=2"}));
    }

    void forLoopsAreOnePart() {
        auto parts =
            splitLists("x=1; for i in a b; do echo $i; for j in 1; do echo $j; done; done && echo ok; done");
        QCOMPARE(parts.size(), std::size_t{4});
        QCOMPARE(parts[1].text,
                 std::string(" for i in a b; do echo $i; for j in 1; do echo $j; done; done "));
        QCOMPARE(parts[2].op, std::string("&&"));
        QCOMPARE(parts[3].text, std::string(" done"));
        // A keyword not in command position, or quoted, opens nothing.
        QCOMPARE(splitLists("echo for; echo 'for'; echo b").size(), std::size_t{3});
    }

    void forLoopParts() {
        vethlab::shell::SyntaxError e;
        auto loop =
            vethlab::shell::parseFor(" for id in $(docker ps -q) 'a b';do echo $id | cut -c1-3; done", e);
        QVERIFY(loop);
        QCOMPARE(loop->name, std::string("id"));
        QVERIFY(loop->hasIn);
        QCOMPARE(loop->words, std::string(" $(docker ps -q) 'a b'"));
        QCOMPARE(loop->body, std::string(" echo $id | cut -c1-3; "));
        QVERIFY(vethlab::shell::parseFor("for x; do a; done", e)->words.empty());
        QVERIFY(!vethlab::shell::parseFor("echo for x in", e) && e.kind == vethlab::shell::SyntaxError::None);
    }

    void syntaxErrorsAsEachShellSaysThem() {
        using vethlab::shell::parseFor;
        auto error = [](const std::string& text, bool ash) {
            vethlab::shell::SyntaxError e;
            parseFor(text, e);
            return e.message(ash);
        };
        // bash 5.2 and busybox 1.36 ash, as `bash -c` and `sh -c` print them.
        QCOMPARE(error("for x in a b; echo $x; done", false),
                 std::string("syntax error near unexpected token `echo'"));
        QCOMPARE(error("for x in a b; echo $x; done", true),
                 std::string("syntax error: unexpected word (expecting \"do\")"));
        QCOMPARE(error("for x in a b do echo $x; done", false),
                 std::string("syntax error near unexpected token `done'"));
        QCOMPARE(error("for x in a b do echo $x; done", true),
                 std::string("syntax error: unexpected \"done\" (expecting \"do\")"));
        QCOMPARE(error("for x in a b; do echo $x", false),
                 std::string("syntax error: unexpected end of file"));
        QCOMPARE(error("for x in a b; do echo $x", true),
                 std::string("syntax error: unexpected end of file (expecting \"done\")"));
        QCOMPARE(error("for x in a; do done", true), std::string("syntax error: unexpected \"done\""));
        QCOMPARE(error("done", false), std::string("syntax error near unexpected token `done'"));
        QCOMPARE(error("for 1x in a; do echo; done", false), std::string("`1x': not a valid identifier"));
        QCOMPARE(error("for 1x in a; do echo; done", true),
                 std::string("syntax error: bad for loop variable"));
        QCOMPARE(error("for; do", false), std::string("syntax error near unexpected token `;'"));
    }
};

QTEST_GUILESS_MAIN(ShellParser)
#include "test_shell_parser.moc"
