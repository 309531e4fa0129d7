#!/usr/bin/env bash
# Builds the release (preset `release`: Release, no -Werror, no tests) in build-release/ and makes the
# Debian package there with CPack: build-release/vethlab_<version>_<arch>.deb.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/setup.sh
launcher=()
if command -v ccache >/dev/null; then launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache); fi
cmake --preset release "${launcher[@]}" >/dev/null
cmake --build build-release -j "$(nproc)"
(cd build-release && cpack -G DEB)
