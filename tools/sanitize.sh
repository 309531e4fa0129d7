#!/usr/bin/env bash
# The sanitizer pass of tools/test.sh, and so of CI: builds the model, engine and terminal unit tests
# and the libFuzzer targets with clang, AddressSanitizer and UndefinedBehaviorSanitizer (preset `fuzz`,
# build-fuzz/; no GUI), runs the tests, then each fuzzer for SECONDS (default 20) with a fixed seed.
# Any sanitizer report, failing test or fuzzer finding fails it.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-20}"
start=$SECONDS
launcher=()
if command -v ccache >/dev/null; then
  launcher=(-DCMAKE_C_COMPILER_LAUNCHER=ccache -DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
fi
cmake --preset fuzz "${launcher[@]}" >/dev/null
cmake --build build-fuzz -j "$(nproc)" --target unit_tests fuzz_terminal fuzz_scenario fuzz_go_template
built=$SECONDS
# Leaks count as errors too; UBSan stops at the first report (-fno-sanitize-recover) with a stack.
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0:strict_string_checks=1:detect_stack_use_after_return=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
ctest --test-dir build-fuzz -L unit --output-on-failure -j "$(nproc)"
tested=$SECONDS
VETHLAB_FUZZ_SEED=1 bash tools/fuzz.sh "$seconds"
echo "sanitize: build $((built - start)) s, unit tests $((tested - built)) s, fuzzers $((SECONDS - tested)) s"
