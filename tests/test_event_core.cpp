// The engine's event core: events run in (time, insertion) order — same-time events first in, first
// out, including those queued for "now" by a running event — and the clock stays deterministic.
#include <QtTest>

#include "engine.h"
#include "lab.h"

using namespace vethlab;

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
};

QTEST_GUILESS_MAIN(EventCoreTest)
#include "test_event_core.moc"
