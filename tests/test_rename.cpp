// `docker rename` (moby daemon/rename.go, libnetwork endpoint.rename): the embedded DNS answers the
// new name at once and no longer the old one; a container Docker named itself becomes resolvable by
// name (its endpoint stops being anonymous); a link on a user-defined network keeps the old target
// name and stops resolving; every refused rename changes nothing.
#include <QtTest>

#include "lab_session.h"

using vethlab::testing::LabSession;

namespace {

// The address the embedded DNS gives `name` inside `from` (busybox nslookup), or "" when it does not
// resolve.
std::string resolve(LabSession& s, const std::string& from, const std::string& name) {
    auto r = s.run("docker exec " + from + " nslookup " + name);
    auto nameLine = r.out.find("Name:");
    if (r.status != 0 || nameLine == std::string::npos) return "";
    auto addr = r.out.find("Address: ", nameLine);
    if (addr == std::string::npos) return "";
    addr += 9;
    return r.out.substr(addr, r.out.find('\n', addr) - addr);
}

} // namespace

class Rename : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void newNameResolvesOldDoesNot() {
        LabSession s("default");
        QCOMPARE(s.run("docker network create appnet").status, 0);
        QCOMPARE(s.run("docker run -d --name db --network appnet alpine sleep 1000").status, 0);
        QCOMPARE(s.run("docker run -d --name client --network appnet alpine sleep 1000").status, 0);
        const std::string ip = resolve(s, "client", "db");
        QVERIFY(!ip.empty());
        auto r = s.run("docker rename db database");
        QCOMPARE(r.status, 0);
        QCOMPARE(r.all, std::string());
        QCOMPARE(resolve(s, "client", "database"), ip);
        QCOMPARE(resolve(s, "client", "database.appnet"), ip);
        QCOMPARE(resolve(s, "client", "db"), std::string());
        QCOMPARE(s.run("docker ps --format '{{.Names}}' --filter name=data").out, std::string("database\n"));
    }

    void generatedNameBecomesResolvable() {
        LabSession s("default");
        QCOMPARE(s.run("docker network create appnet").status, 0);
        QCOMPARE(s.run("docker run -d --name client --network appnet alpine sleep 1000").status, 0);
        QCOMPARE(s.run("docker run -d --network appnet alpine sleep 1000").status, 0);
        std::string generated = s.run("docker ps -l --format '{{.Names}}'").out;
        generated.pop_back();
        QVERIFY(generated != "client");
        QCOMPARE(resolve(s, "client", generated), std::string()); // anonymous endpoint
        QCOMPARE(s.run("docker rename " + generated + " named").status, 0);
        QVERIFY(!resolve(s, "client", "named").empty());
    }

    void userNetworkLinkKeepsTheOldName() {
        LabSession s("default");
        QCOMPARE(s.run("docker network create appnet").status, 0);
        QCOMPARE(s.run("docker run -d --name db --network appnet alpine sleep 1000").status, 0);
        QCOMPARE(s.run("docker run -d --name app --network appnet --link db:mydb alpine sleep 1000").status,
                 0);
        QVERIFY(!resolve(s, "app", "mydb").empty());
        QCOMPARE(s.run("docker rename db database").status, 0);
        QCOMPARE(resolve(s, "app", "mydb"), std::string());
    }

    void refusedRenamesChangeNothing_data() {
        QTest::addColumn<QString>("command");
        QTest::addColumn<QString>("output");
        QTest::newRow("same")
            << "docker rename db db"
            << "Error response from daemon: Renaming a container with the same name as its current "
               "name\nError: failed to rename container named db\n";
        QTest::newRow("missing") << "docker rename nosuch x"
                                 << "Error response from daemon: No such container: nosuch\n"
                                    "Error: failed to rename container named nosuch\n";
        QTest::newRow("invalid")
            << "docker rename db 'a b'"
            << "Error response from daemon: Error when allocating new name: Invalid container name (/a b), "
               "only "
               "[a-zA-Z0-9][a-zA-Z0-9_.-] are allowed\nError: failed to rename container named db\n";
        QTest::newRow("empty") << "docker rename db ' '"
                               << "Error: Neither old nor new names may be empty\n";
    }

    void refusedRenamesChangeNothing() {
        QFETCH(QString, command);
        QFETCH(QString, output);
        LabSession s("default");
        QCOMPARE(s.run("docker run -d --name db alpine sleep 1000").status, 0);
        const vethlab::docker::Daemon before = s.lab().daemon();
        auto r = s.run(command.toStdString());
        QCOMPARE(r.status, 1);
        QCOMPARE(QString::fromStdString(r.all), output);
        QVERIFY(s.lab().daemon() == before);
    }

    void conflictNamesTheHolder() {
        LabSession s("default");
        QCOMPARE(s.run("docker run -d --name aa alpine sleep 1000").status, 0);
        QCOMPARE(s.run("docker run -d --name bb alpine sleep 1000").status, 0);
        std::string idB = s.run("docker inspect -f '{{.Id}}' bb").out;
        idB.pop_back();
        auto r = s.run("docker rename aa bb");
        QCOMPARE(r.status, 1);
        QCOMPARE(r.all,
                 "Error response from daemon: Error when allocating new name: Conflict. The container name "
                 "\"/bb\" is already in use by container \"" +
                     idB +
                     "\". You have to remove (or rename) that container to be able to reuse that name.\n"
                     "Error: failed to rename container named aa\n");
    }
};

QTEST_GUILESS_MAIN(Rename)
#include "test_rename.moc"
