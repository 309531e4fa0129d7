// Same seed, same lab, same commands: byte-identical transcripts. Another seed: other IDs, same facts.
#include <QtTest>

#include <cstdint>
#include <cstdio>

#include "lab_session.h"

using vethlab::testing::LabSession;

namespace {

const char* kScript[] = {
    "docker network create tomcat_network",
    "docker run -d -p 8081:8080 --name tomcat81 billygoo/tomcat8-jdk8",
    "docker run -d --network tomcat_network --network-alias tc --name tomcat82 billygoo/tomcat8-jdk8",
    "docker network connect tomcat_network tomcat81",
    "docker run -d --network host --name tomcat83 billygoo/tomcat8-jdk8",
    "docker run -d alpine sleep 5",
    "sleep 6",
    "docker ps -a",
    "ip addr",
    "ifconfig",
    "iptables -S",
    "iptables -t nat -L -n -v",
    "brctl show",
    "docker inspect tomcat81 tomcat82",
    "docker network inspect bridge tomcat_network host",
    "docker exec tomcat81 cat /etc/hosts",
};

std::string transcript(std::uint64_t seed) {
    LabSession s("seed", seed);
    std::string all;
    for (const char* line : kScript)
        all += s.terminal().prompt() + line + "\n" + s.run(line).all;
    return all;
}

// FNV-1a, 64 bits.
std::uint64_t fingerprint(const std::string& text) {
    std::uint64_t h = 14695981039346656037ull;
    for (unsigned char c : text)
        h = (h ^ c) * 1099511628211ull;
    return h;
}

// transcript(7)'s fingerprint, committed (OMNeT++'s test/fingerprint): any change in what these
// commands print or in the seeded randomness changes it. A deliberate change commits the new value,
// which the failure prints.
constexpr std::uint64_t kTranscript7 = 0x2cce972016f3378aull;

} // namespace

class Determinism : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void sameSeedSameBytes() {
        const std::string a = transcript(7);
        QCOMPARE(transcript(7), a);
        QVERIFY(a.size() > 10000);
    }
    void committedFingerprint() {
        const std::uint64_t got = fingerprint(transcript(7));
        char text[64];
        std::snprintf(text, sizeof text, "transcript(7) has fingerprint 0x%016llx",
                      static_cast<unsigned long long>(got));
        QVERIFY2(got == kTranscript7, text);
    }
    void otherSeedOtherIds() {
        const std::string a = transcript(7), b = transcript(8);
        QVERIFY(a != b);
        // Only random-by-nature values differ: the addresses are the same.
        QVERIFY(b.find("172.18.0.2/16") != std::string::npos && a.find("172.18.0.2/16") != std::string::npos);
    }
};

QTEST_GUILESS_MAIN(Determinism)
#include "test_determinism.moc"
