// Exports of the topology: `vethlab-cli export` and the window's File > Export write the same files,
// drawn by the same canvas with the same layout.
#pragma once

#include <QString>
#include <string>

#include "scenario.h"
#include "topology.h"

namespace vethlab::gui {

class TopologyScene;

/// The formats, as `--format` names them.
inline constexpr const char* kExportFormats[] = {"svg", "png", "pdf", "dot", "graphml", "drawio", "mermaid"};
bool isExportFormat(const std::string& format);

/// "A tour of Docker networking — step 9 of 10: network connect" (in the lesson's language).
QString stepTitle(const scenario::Scenario& lesson, std::size_t position, const std::string& language);

/// Writes what `scene` shows (the topology `t`) to `file` as `format`. Pictures are still: no frames
/// and no frame legend. False if the file cannot be written.
bool writeDiagram(TopologyScene& scene, const topology::Topology& t, const std::string& format,
                  const QString& file, const QString& title);

/// Plays `steps` steps of the scenario (all when negative) and writes its topology to `output` as
/// svg, png, pdf (rendered by the canvas, offscreen), dot, graphml, drawio or mermaid; the canvas is
/// laid out step by step as the window lays it out. Returns the exit status (2: bad format or step);
/// errors go to `error`.
int exportDiagram(const std::string& scenarioPath, int steps, const std::string& format,
                  const std::string& output, const std::string& language, std::string& error);

} // namespace vethlab::gui
