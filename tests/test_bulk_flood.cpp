// Broadcasts in bulk change nothing but the time they take. An untraced ARP flood is counted on every
// port in one go and worked on only where it changes something; the same runs traced (every copy one
// by one, as the GUI and captures see them) and untraced without bulk leave the kernel byte for byte
// the same: every link's counters (what ifconfig and ip -s -s link print), neighbour tables, FDBs,
// and the iptables rules' packet and byte counters (iptables -L -v -x).
#include <QDir>
#include <QtTest>
#include <fstream>
#include <sstream>

#include "engine.h"
#include "lab.h"
#include "pcapng.h"
#include "player.h"
#include "terminal.h"

using namespace vethlab;

namespace {

enum class Mode { Traced, Bulk, OneByOne };

void configure(sim::Engine& engine, Mode mode) {
    engine.setTraceRecording(mode == Mode::Traced);
    engine.setBulkFlood(mode != Mode::OneByOne);
}

struct AllPairs {
    std::string pcapng;
    kernel::KernelState kernel;
    long replies = 0;
    std::uint64_t frames = 0, events = 0, arpRequests = 0;
    std::string ifconfig;      // the host's interfaces with their counters
    std::string ipStats;       // the same counters as ip -s -s link prints them
    std::string iptables;      // filter and nat, every rule's and policy's exact counters
    std::uint64_t bridged = 0; // packets counted by FORWARD's -i br -o br ACCEPT rule
};

// n containers on one user network, every ordered pair pinging at once.
AllPairs allPairs(int n, Mode mode, bool bulkWhileTraced = true) {
    Lab lab(*LabSettings::preset("default"));
    shell::Terminal term(lab);
    auto quiet = [](const std::string&) {};
    term.execute("docker network create --subnet 10.0.0.0/16 big", quiet, quiet);
    std::vector<std::pair<int, Ipv4>> hosts;
    for (int i = 0; i < n; ++i) {
        const std::string name = "c" + std::to_string(i);
        term.execute("docker run -d --network big --name " + name + " alpine sleep infinity", quiet, quiet);
        const auto* c = lab.daemon().findContainer(name);
        hosts.push_back({c->namespaceId, c->attachments.front().ip});
    }
    sim::Engine engine(lab);
    configure(engine, mode);
    if (mode == Mode::Traced) engine.setBulkFlood(bulkWhileTraced);
    engine.syncTo(lab.now());
    AllPairs out;
    for (const auto& [nsId, self] : hosts) {
        const auto socket = engine.openIcmpSocket(
            nsId, [&](const sim::Ipv4Header&, const sim::IcmpMessage& m) { out.replies += m.type == 0; });
        std::uint16_t seq = 0;
        for (const auto& [other, address] : hosts)
            if (other != nsId) engine.sendEcho(nsId, address, socket, ++seq, 56);
    }
    engine.runUntil(engine.now() + 30 * kSecond);
    out.kernel = lab.kernel();
    out.frames = engine.framesSent();
    out.events = engine.eventsRun();
    out.arpRequests = engine.arpRequestsSent();
    out.pcapng =
        sim::toPcapng(engine, [](int ns, const std::string& dev) { return std::to_string(ns) + ":" + dev; });
    term.execute(
        "ifconfig", [&](const std::string& s) { out.ifconfig += s; }, quiet);
    term.execute(
        "ip -s -s link", [&](const std::string& s) { out.ipStats += s; }, quiet);
    for (const char* line : {"iptables -L -v -n -x", "iptables -t nat -L -v -n -x"})
        term.execute(
            line, [&](const std::string& s) { out.iptables += s; }, quiet);
    std::string br; // the user network's bridge
    for (const auto& l : lab.kernel().root().links)
        if (l.kind == kernel::LinkKind::Bridge && l.name.rfind("br-", 0) == 0) br = l.name;
    for (const auto& r : lab.kernel().root().netfilter.filter.chain("FORWARD")->rules)
        if (r.inInterface == br && r.outInterface == br && !r.outNegated && r.target == "ACCEPT")
            out.bridged = r.packets;
    return out;
}

std::string read(const QString& path) {
    std::ifstream in(path.toStdString());
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

} // namespace

class BulkFloodTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void allPairsOfFifty() {
        const AllPairs traced = allPairs(50, Mode::Traced);
        const AllPairs bulk = allPairs(50, Mode::Bulk);
        const AllPairs oneByOne = allPairs(50, Mode::OneByOne);
        QCOMPARE(traced.replies, 50L * 49);
        QCOMPARE(bulk.replies, traced.replies);
        QVERIFY(traced.kernel == bulk.kernel);
        QVERIFY(oneByOne.kernel == bulk.kernel);
        QCOMPARE(bulk.ifconfig, traced.ifconfig);
        QCOMPARE(bulk.ipStats, traced.ipStats);
        QCOMPARE(oneByOne.ipStats, bulk.ipStats);
        QCOMPARE(bulk.iptables, traced.iptables);
        QCOMPARE(oneByOne.iptables, bulk.iptables);
        // Every pair's first echo request is NEW through FORWARD (br_netfilter), once per ordered pair.
        QCOMPARE(traced.bridged, std::uint64_t{50 * 49});
        QCOMPARE(bulk.bridged, traced.bridged);
        std::size_t busy = 0; // interfaces that sent at least a hundred frames
        const std::string tx = "TX packets ";
        for (std::size_t at = traced.ifconfig.find(tx); at != std::string::npos;
             at = traced.ifconfig.find(tx, at + 1))
            busy += std::stoul(traced.ifconfig.substr(at + tx.size(), 12)) >= 100;
        QVERIFY2(busy >= 50, std::to_string(busy).c_str()); // the 50 ports (the bridge only receives)
        QCOMPARE(bulk.frames, traced.frames);
        QCOMPARE(bulk.events, traced.events);
        QCOMPARE(bulk.arpRequests, traced.arpRequests);
        QCOMPARE(oneByOne.frames, bulk.frames);
        // A traced run does every copy one by one whatever the setting: the capture is the same.
        QVERIFY(traced.pcapng.size() > 100000);
        QVERIFY(allPairs(50, Mode::Traced, false).pcapng == traced.pcapng);
        QVERIFY(bulk.pcapng.size() < 1000); // untraced: no frames kept
    }

    void lessonsLeaveTheSameKernel() {
        const QDir dir(VETHLAB_SCENARIO_DIR);
        const auto files = dir.entryList({"*.md"}, QDir::Files, QDir::Name);
        int played = 0;
        for (const QString& file : files) {
            if (file == "README.md") continue;
            std::string error;
            auto lesson = scenario::parseScenario(read(dir.filePath(file)), file.toStdString(), error);
            QVERIFY2(lesson, error.c_str());
            scenario::Player traced(*lesson), bulk(*lesson);
            configure(traced.terminal().engine(), Mode::Traced);
            configure(bulk.terminal().engine(), Mode::Bulk);
            for (std::size_t i = 0; i < traced.stepCount(); ++i) {
                const auto a = traced.stepForward();
                const auto b = bulk.stepForward();
                QCOMPARE(b.transcript, a.transcript);
                QVERIFY2(traced.lab().kernel() == bulk.lab().kernel(),
                         (file.toStdString() + " step " + std::to_string(i + 1)).c_str());
            }
            QCOMPARE(bulk.terminal().engine().framesSent(), traced.terminal().engine().framesSent());
            QCOMPARE(bulk.terminal().engine().eventsRun(), traced.terminal().engine().eventsRun());
            ++played;
        }
        QVERIFY(played >= 10);
    }
};

QTEST_GUILESS_MAIN(BulkFloodTest)
#include "test_bulk_flood.moc"
