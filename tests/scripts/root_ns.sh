#!/usr/bin/env bash
# The machine's own network namespace, as text: links, addresses, routes, rules, the sysctls the lab
# sets. `save FILE` records it; `compare FILE` fails if anything changed. Counters and lease lifetimes,
# which move by themselves, are left out.
set -euo pipefail
state() {
  ip -d link show | sed -E 's/ (link-netnsid|link-netns) [^ ]+//'
  ip addr show | grep -v 'valid_lft'
  ip route show table all
  if command -v iptables-save >/dev/null; then iptables-save | sed -E '/^#/d; s/\[[0-9]+:[0-9]+\]//'; fi
  sysctl net.ipv4.ip_forward net.ipv6.conf.all.disable_ipv6 2>/dev/null || true
}
case "$1" in
  save) state > "$2" ;;
  compare)
    if ! diff -u "$2" <(state); then
      echo "the root network namespace changed" >&2
      exit 1
    fi
    echo "root namespace unchanged" ;;
esac
