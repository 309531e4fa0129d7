#!/usr/bin/env bash
# Sets everything up, builds from scratch in build/, and runs every test with CTest; then the
# sanitizer pass (tools/sanitize.sh: the unit tests under ASan+UBSan, and each libFuzzer target for
# 20 s). VETHLAB_SKIP_SANITIZE=1 leaves the sanitizer pass out (a quick local run; CI never sets it).
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/build.sh
ctest --test-dir build --output-on-failure -j "$(nproc)"
if [ "${VETHLAB_SKIP_SANITIZE:-0}" != 1 ]; then
  bash tools/sanitize.sh 20
fi
