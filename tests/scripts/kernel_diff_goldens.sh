#!/usr/bin/env bash
# Runs `vethlab-cli diff` on every golden transcript, replayed as a script: the real kernel must agree
# with the simulation wherever the kernel can run the commands (tests/kernel_skip_goldens.txt lists
# the goldens it cannot, with why). Skipped (77) without root or network namespaces; removes its labs.
set -uo pipefail
cli="$1"; tool="$2"; dir="$3"
here="$(dirname "$0")/.."
if [ "$(id -u)" -ne 0 ]; then echo "skipped: the real-kernel backend needs root"; exit 77; fi
if ! ip netns add "vethlab-probe-$$" 2>/dev/null; then echo "skipped: cannot make a network namespace"; exit 77; fi
ip netns delete "vethlab-probe-$$"
work=$(mktemp -d)
trap '"$cli" kernel clean >/dev/null; rm -rf "$work"' EXIT
status=0
for golden in "$dir"/*.txt; do
  name=$(basename "$golden")
  if grep -q "^$name" "$here/kernel_skip_goldens.txt"; then
    echo "$name: skipped (kernel_skip_goldens.txt)"; continue
  fi
  "$tool" "$golden" > "$work/all" || { echo "$name: cannot be read as a script"; status=1; continue; }
  IFS=$'\t' read -r -a options < <(head -n 1 "$work/all")
  tail -n +2 "$work/all" > "$work/script"
  out=$("$cli" diff "$work/script" "${options[@]}" --known "$here/kernel_known_differences.txt" 2>&1)
  last=$(tail -n 1 <<<"$out")
  echo "$name: $last"
  if [ "$last" != "0 differences" ]; then echo "$out"; status=1; fi
done
exit $status
