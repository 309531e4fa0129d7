#!/usr/bin/env bash
# Configures and builds vethlab in build/ with the developer preset (RelWithDebInfo, warnings are
# errors), after installing what it needs. Uses ccache when it is installed.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/setup.sh
launcher=()
if command -v ccache >/dev/null; then
  launcher=(-DCMAKE_C_COMPILER_LAUNCHER=ccache -DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
fi
cmake --preset dev "${launcher[@]}" >/dev/null
cmake --build build -j "$(nproc)"
