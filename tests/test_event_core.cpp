// The engine's event core: events run in (time, insertion) order — same-time events first in, first
// out, including those queued for "now" by a running event — and the clock stays deterministic.
#include <QtTest>
#include <algorithm>
#include <functional>
#include <memory>

#include "engine.h"
#include "event_calendar.h"
#include "flat_hash.h"
#include "huge_pages.h"
#include "lab.h"

using namespace vethlab;

namespace {
// A calendar fed with events numbered in push order, and the same events kept aside: once drained, the
// calendar's order must be a plain sort's (time, then insertion).
struct CalendarRun {
    sim::EventCalendar calendar;
    std::vector<sim::ScheduledEvent> all;
    std::uint64_t seq = 0;

    void push(Nanos t) {
        const auto e = sim::ScheduledEvent::make(t, seq, static_cast<std::uint32_t>(seq));
        ++seq;
        calendar.push(e);
        all.push_back(e);
    }
    // Pops everything; `whilePopping` may push more, as running events do.
    std::vector<sim::ScheduledEvent>
    drain(const std::function<void(const std::vector<sim::ScheduledEvent>&)>& whilePopping) {
        std::vector<sim::ScheduledEvent> popped;
        while (const auto* e = calendar.top()) {
            popped.push_back(*e);
            calendar.pop();
            whilePopping(popped);
        }
        return popped;
    }
    void verifyOrder(const std::vector<sim::ScheduledEvent>& popped) {
        std::sort(all.begin(), all.end(), [](const auto& a, const auto& b) { return a.before(b); });
        QCOMPARE(popped.size(), all.size());
        for (std::size_t i = 0; i < all.size(); ++i)
            QCOMPARE(popped[i].key, all[i].key);
    }
};
} // namespace

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define VETHLAB_ASAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#define VETHLAB_ASAN 1
#endif

class EventCoreTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void sameTimeEventsRunFirstInFirstOut() {
        Lab lab(*LabSettings::preset("default"));
        sim::Engine engine(lab);
        const Nanos t0 = engine.now();
        std::string order;
        engine.at(t0 + 10, [&] {
            order += 'a';
            engine.at(engine.now(), [&] { order += 'd'; }); // due now: behind b and c
            engine.at(engine.now() + 1, [&] { order += 'f'; });
            engine.at(engine.now(), [&] { order += 'e'; });
        });
        engine.at(t0 + 10, [&] { order += 'b'; });
        engine.at(t0 + 5, [&] { order += '0'; });
        engine.at(t0 + 10, [&] { order += 'c'; });
        engine.at(t0 + 11, [&] { order += 'g'; }); // queued before f, at the same time
        QCOMPARE(engine.eventsRun(), std::uint64_t{0});
        engine.runUntil(t0 + 10);
        QCOMPARE(order, std::string("0abcde"));
        QCOMPARE(engine.now(), t0 + 10);
        QVERIFY(!engine.idle());
        engine.runUntil(t0 + 100);
        QCOMPARE(order, std::string("0abcdegf"));
        QCOMPARE(engine.eventsRun(), std::uint64_t{8});
        QVERIFY(engine.idle());
        QCOMPARE(engine.now(), t0 + 100);
    }

    void eventLimitStopsAtAnEvent() {
        Lab lab(*LabSettings::preset("default"));
        sim::Engine engine(lab);
        const Nanos t0 = engine.now();
        int ran = 0;
        for (int i = 1; i <= 5; ++i)
            engine.at(t0 + i, [&] { ++ran; });
        engine.setEventLimit(3);
        engine.runUntil(t0 + 10);
        QCOMPARE(ran, 3);
        QCOMPARE(engine.now(), t0 + 3); // the clock stays at the last event run
        QVERIFY(!engine.runNext(t0 + 10));
        engine.setEventLimit(std::nullopt);
        QVERIFY(engine.runNext(t0 + 10));
        QCOMPARE(engine.now(), t0 + 4);
        engine.runUntil(t0 + 10);
        QCOMPARE(ran, 5);
        QCOMPARE(engine.now(), t0 + 10);
    }

    // The calendar queue against a plain sort: events inside and beyond its window, same-time ties,
    // and events pushed behind a bucket a peek has already moved to.
    void calendarPopsInTimeThenInsertionOrder() {
        CalendarRun run;
        auto& calendar = run.calendar;
        auto push = [&](Nanos t) { run.push(t); };
        std::uint64_t x = 12345;
        for (int i = 0; i < 5000; ++i) {
            x = x * 6364136223846793005ull + 1442695040888963407ull;
            const Nanos spread = i % 7 == 0 ? 5 * kSecond : 400'000; // some far beyond the 4 ms window
            push(1'000'000 + static_cast<Nanos>((x >> 20) % static_cast<std::uint64_t>(spread)));
        }
        push(1'000'000); // a tie with whatever else lands there
        QCOMPARE(calendar.top()->time >= 1'000'000, true);
        push(999'000); // behind the bucket top() moved to
        const auto popped = run.drain([&](const auto& p) {
            if (p.size() == 100) push(p.back().time + 3); // pushed while running, as events do
        });
        run.verifyOrder(popped);
        QVERIFY(calendar.empty());
    }

    // Buckets of hundreds of events (1,000 containers pinging at once) are sorted by counting: ties and
    // near-ties must still come out in insertion order, events queued while a bucket runs included.
    void denseCalendarBucketsKeepInsertionOrder() {
        CalendarRun run;
        auto& calendar = run.calendar;
        auto push = [&](Nanos t) { run.push(t); };
        std::uint64_t x = 777;
        calendar.idleAt(3 * kSecond - 1'000);
        for (int i = 0; i < 40'000; ++i) {
            x = x * 6364136223846793005ull + 1442695040888963407ull;
            // 20 us: about 2,000 events a bucket, with many at the same nanosecond (a span of 4,000),
            // seconds after the calendar's start, as a run after a lab's boot.
            push(3 * kSecond + static_cast<Nanos>((x >> 20) % 4'000) * 5);
        }
        push(9 * kSecond); // far beyond them
        const auto popped = run.drain([&](const auto& p) {
            if (p.size() % 1000 == 0) // into a bucket not reached yet, and into the one running
                for (Nanos later : {Nanos{5'000}, Nanos{0}, Nanos{2}})
                    push(p.back().time + later);
        });
        run.verifyOrder(popped);
    }

    // The checksum adds 32-bit words in the machine's byte order (RFC 1071 2(B)): it must equal the
    // 16-bit big-endian sum for every length and alignment, odd lengths included.
    // The table of neighbour entries being resolved erases by shifting later entries back: every key
    // left must still be found, whatever chain of collisions an erased key sat in.
    void flatMapEraseKeepsTheOtherKeys() {
        sim::FlatMap<sim::FlowKey, int> map;
        const int n = 5000;
        auto key = [](int i) {
            return sim::FlowKey{static_cast<std::uint64_t>(i % 7) << 32 | static_cast<std::uint64_t>(i),
                                static_cast<std::uint64_t>(i * 13)};
        };
        for (int i = 0; i < n; ++i)
            QVERIFY(map.emplace(key(i), i).second);
        for (int i = 0; i < n; i += 3)
            QVERIFY(map.erase(key(i)));
        QVERIFY(!map.erase(key(0))); // already gone
        QCOMPARE(map.size(), static_cast<std::size_t>(n - (n + 2) / 3));
        for (int i = 0; i < n; ++i) {
            const int* v = map.find(key(i));
            if (i % 3 == 0) {
                QVERIFY(!v);
            } else {
                QVERIFY(v);
                QCOMPARE(*v, i);
            }
        }
        for (int i = 0; i < n; i += 3)
            map[key(i)] = -i; // back in, default-made then set
        for (int i = 0; i < n; ++i)
            QCOMPARE(*map.find(key(i)), i % 3 == 0 ? -i : i);
        sim::FlatSet<std::uint64_t> set;
        QVERIFY(set.insert(42));
        QVERIFY(!set.insert(42));
        QVERIFY(set.contains(42) && !set.contains(43));
    }
    void checksumMatchesTheWordByWordSum() {
        auto reference = [](const std::uint8_t* d, std::size_t n) {
            std::uint32_t sum = 0;
            for (std::size_t i = 0; i + 1 < n; i += 2)
                sum += static_cast<std::uint32_t>(d[i] << 8 | d[i + 1]);
            if (n % 2) sum += static_cast<std::uint32_t>(d[n - 1] << 8);
            while (sum >> 16)
                sum = (sum & 0xffff) + (sum >> 16);
            return static_cast<std::uint16_t>(~sum);
        };
        std::vector<std::uint8_t> bytes(300);
        std::uint32_t x = 12345;
        for (auto& b : bytes) {
            x = x * 1103515245u + 12345u;
            b = static_cast<std::uint8_t>(x >> 16);
        }
        std::fill(bytes.begin() + 200, bytes.end(), 0xff); // carries on every word
        for (std::size_t start : {0u, 1u, 3u, 200u})
            for (std::size_t n = 0; n + start <= bytes.size(); ++n)
                QCOMPARE(sim::internetChecksum(bytes.data() + start, n), reference(bytes.data() + start, n));
        // A valid header sums to zero, as decodeIpv4 checks it.
        const sim::Bytes packet = sim::encodeIpv4({}, sim::Bytes(7, 0xab));
        QCOMPARE(sim::internetChecksum(packet.data(), 20), std::uint16_t{0});
    }
    // Last: from here on the test's heap is a large lab's (process-wide advice).
    void largeLabHeapIsAdvisedAsHugePages() {
#if defined(VETHLAB_ASAN) || !defined(__GLIBC__) || !defined(__linux__)
        QSKIP("the heap advice is glibc's malloc heap's");
#else
        sim::huge_pages::adviseHeap();
        // 48 MiB in frame-sized blocks: the heap grows past what it was advised up to.
        std::vector<std::unique_ptr<std::uint8_t[]>> blocks;
        for (int i = 0; i < 400'000; ++i)
            blocks.push_back(std::make_unique<std::uint8_t[]>(112));
        sim::huge_pages::followHeap();
        const auto last = reinterpret_cast<std::uintptr_t>(blocks.back().get());
        QFile smaps("/proc/self/smaps");
        if (!smaps.open(QIODevice::ReadOnly)) QSKIP("no /proc/self/smaps");
        bool inside = false, advised = false;
        for (const QByteArray& line : smaps.readAll().split('\n')) {
            const auto dash = line.indexOf('-'), space = line.indexOf(' ');
            if (dash > 0 && space > dash) { // a mapping's first line: FROM-TO perms ...
                bool ok1 = false, ok2 = false;
                const auto from = line.left(dash).toULongLong(&ok1, 16);
                const auto to = line.mid(dash + 1, space - dash - 1).toULongLong(&ok2, 16);
                if (ok1 && ok2) inside = from <= last && last < to;
            }
            if (inside && line.startsWith("VmFlags:")) advised = line.contains(" hg");
        }
        QVERIFY2(advised, "the heap's mapping holding the last block is not advised (VmFlags hg)");
#endif
    }
};

QTEST_GUILESS_MAIN(EventCoreTest)
#include "test_event_core.moc"
