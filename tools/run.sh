#!/usr/bin/env bash
# The main job: sets everything up, builds, and opens the seed tour in the teaching window. Where there
# is no display (no $DISPLAY or $WAYLAND_DISPLAY), the tour is replayed in the terminal instead.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/build.sh
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  exec ./build/app/gui/vethlab scenarios/tour.md "$@"
fi
exec ./build/app/cli/vethlab-cli play scenarios/tour.md "$@"
