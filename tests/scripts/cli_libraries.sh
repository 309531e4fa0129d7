#!/usr/bin/env bash
# vethlab-cli needs no display: it links Qt Core (and Network, for vethlab-kerneld) and no GUI library.
# Usage: cli_libraries.sh VETHLAB_CLI
set -euo pipefail
needed=$(readelf -d "$1" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p')
echo "$needed" | tr '\n' ' '
echo
if echo "$needed" | grep -E 'libQt6(Widgets|Gui|Svg|PrintSupport|OpenGL)|qcustomplot|libGL|libX11|libxcb'; then
  echo "vethlab-cli links a GUI library"
  exit 1
fi
grep -q '^libQt6Core\.so' <<<"$needed" || { echo "vethlab-cli does not link Qt Core: is this the right file?"; exit 1; }
