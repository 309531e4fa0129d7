#!/usr/bin/env bash
# Runs `vethlab-cli diff` on every lesson: the real kernel must agree with the simulation. Skipped (77)
# without root or without network namespaces; always removes its labs.
set -uo pipefail
cli="$1"; dir="$2"
if [ "$(id -u)" -ne 0 ]; then echo "skipped: the real-kernel backend needs root"; exit 77; fi
if ! ip netns add "vethlab-probe-$$" 2>/dev/null; then echo "skipped: cannot make a network namespace"; exit 77; fi
ip netns delete "vethlab-probe-$$"
trap '"$cli" kernel clean >/dev/null' EXIT
status=0
for lesson in "$dir"/*.md; do
  [ "$(basename "$lesson")" = README.md ] && continue
  # Lessons whose programs the kernel daemon does not run yet (tests/kernel_skip_lessons.txt).
  if grep -qx "$(basename "$lesson")" "$(dirname "$0")/../kernel_skip_lessons.txt"; then
    echo "$(basename "$lesson"): skipped (kernel_skip_lessons.txt)"; continue
  fi
  out=$("$cli" diff "$lesson" --known "$(dirname "$0")/../kernel_known_differences.txt" 2>&1)
  last=$(tail -n 1 <<<"$out")
  echo "$(basename "$lesson"): $last"
  if [ "$last" != "0 differences" ]; then echo "$out"; status=1; fi
done
exit $status
