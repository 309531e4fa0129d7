// `vethlab-cli export`: a lesson's topology after N steps, written as the GUI's File > Export writes it.
#pragma once

#include <string>

namespace vethlab::gui {

/// Plays `steps` steps of the scenario (all when negative) and writes its topology to `output` as svg,
/// png, pdf (rendered by the canvas, offscreen), dot or graphml. Returns the exit status; errors go to
/// `error`.
int exportDiagram(const std::string& scenarioPath, int steps, const std::string& format,
                  const std::string& output, const std::string& language, std::string& error);

} // namespace vethlab::gui
