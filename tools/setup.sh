#!/usr/bin/env bash
# Installs every Debian package that vethlab's build, tests and tools need.
# A no-op (no apt-get at all) when they are all present already.
set -euo pipefail

# groff, man and col check the man pages; clang and its runtimes build the sanitizer and libFuzzer
# targets (tools/sanitize.sh).
packages=(
  build-essential cmake ninja-build pkg-config clang-format
  qt6-base-dev qt6-base-dev-tools qt6-svg-dev qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools
  libqt6svg6 qt6-qpa-plugins libgl-dev
  libboost-graph-dev libqcustomplot-dev
  libbenchmark-dev
  xvfb xauth imagemagick fonts-dejavu-core fonts-wqy-microhei
  iproute2 iptables bridge-utils tshark graphviz
  libnl-3-dev libnl-route-3-dev busybox-static iputils-ping net-tools tcpdump sudo
  groff-base man-db bsdextrautils python3
  clang libclang-rt-dev
)

missing=()
for p in "${packages[@]}"; do
  if [ "$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)" != 'install ok installed' ]; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "vethlab setup: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
# tshark asks whether non-root users may capture; answer no, without a prompt.
echo "wireshark-common wireshark-common/install-setuid boolean false" | $SUDO debconf-set-selections
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
