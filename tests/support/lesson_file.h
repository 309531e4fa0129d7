// A lesson from scenarios/, parsed, for the window tests (a parse error ends the test run).
#pragma once

#include <QtGlobal>
#include <fstream>
#include <sstream>
#include <string>

#include "scenario.h"

namespace vethlab::testing {

inline scenario::Scenario loadLesson(const std::string& name) {
    std::ifstream in(std::string(VETHLAB_SOURCE_DIR) + "/scenarios/" + name);
    std::stringstream text;
    text << in.rdbuf();
    std::string error;
    auto s = scenario::parseScenario(text.str(), name, error);
    if (!s) qFatal("%s", error.c_str());
    return *s;
}

} // namespace vethlab::testing
