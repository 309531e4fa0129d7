// vethlab-export: `vethlab-cli export` in a program of its own, so that vethlab-cli needs no Qt Widgets
// (the canvas draws the diagram offscreen). vethlab-cli runs it with the options already checked:
//   vethlab-export SCENARIO_PATH STEPS FORMAT OUTPUT LANGUAGE
#include <iostream>
#include <string>

#include "diagram_export.h"

int main(int argc, char** argv) {
    if (argc != 6) {
        std::cerr
            << "vethlab-export: run by vethlab-cli export (SCENARIO_PATH STEPS FORMAT OUTPUT LANGUAGE)\n";
        return 2;
    }
    std::string error;
    const int status =
        vethlab::gui::exportDiagram(argv[1], std::stoi(argv[2]), argv[3], argv[4], argv[5], error);
    if (status != 0) std::cerr << "vethlab-cli: export: " << error << "\n";
    return status;
}
