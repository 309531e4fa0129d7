#!/usr/bin/env bash
# Sets everything up, builds from scratch in build/, and runs every test with CTest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/build.sh
ctest --test-dir build --output-on-failure -j "$(nproc)"
