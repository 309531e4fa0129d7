// vethlab-cli's real-kernel commands: `--backend kernel` for run/shell/play/check, `diff` (the same
// input on both backends, every difference listed) and `kernel clean`.
#pragma once

#include <string>

#include "lab.h"
#include "player.h"
#include "terminal.h"

namespace vethlab::cli {

/// A LabHook that puts every lab the player builds on the real kernel; on failure prints why once
/// and leaves the lab on the simulation.
scenario::LabHook kernelHook();
/// Puts a lab and its terminal on the real kernel; false (and one line on stderr) when it cannot.
bool useKernel(Lab& lab, shell::Terminal& terminal);

/// `--known FILE`: differences that are understood (a kernel or tool version), listed but not counted.
bool loadKnownDifferences(const std::string& path);
/// `vethlab-cli diff FILE`: a lesson (.md) or a script, on the simulation and on the real kernel.
int diffCommand(const std::string& file, const LabSettings& settings);
/// `vethlab-cli kernel clean`.
int kernelCommand(const std::string& what);

} // namespace vethlab::cli
