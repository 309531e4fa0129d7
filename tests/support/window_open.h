// The window as a person has it, for the window tests: 1366×768, shown, active, the canvas focused;
// steps and commands then go in as keys, clicks and typing, never as calls to the window's slots.
#pragma once

#include <QApplication>
#include <QGraphicsView>
#include <QtTest>

#include "main_window.h"

namespace vethlab::testing {

inline void openWindow(gui::MainWindow& w) {
    w.resize(1366, 768);
    w.show();
    QApplication::setActiveWindow(&w);
    QVERIFY(QTest::qWaitForWindowActive(&w));
    w.canvas()->setFocus();
}

} // namespace vethlab::testing
