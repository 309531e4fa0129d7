#!/usr/bin/env bash
# The man pages: each renders with groff and with man(1) without a single warning, and every command
# and option that `vethlab-cli --help` lists is in vethlab-cli(1).
# Usage: man_pages.sh VETHLAB_CLI MAN_DIR (the configured pages: vethlab-cli.1, vethlab.1, vethlab-kerneld.8)
set -euo pipefail
cli="$1"
dir="$2"
status=0
for page in "$dir"/vethlab-cli.1 "$dir"/vethlab.1 "$dir"/vethlab-kerneld.8; do
  [ -s "$page" ] || { echo "missing: $page"; status=1; continue; }
  warnings=$(groff -man -Tutf8 -ww -z "$page" 2>&1 || true)
  if [ -n "$warnings" ]; then echo "groff warns on $page:"; echo "$warnings"; status=1; fi
  if command -v man >/dev/null; then
    warnings=$(MANWIDTH=80 man --warnings -l "$page" 2>&1 >/dev/null || true)
    if [ -n "$warnings" ]; then echo "man warns on $page:"; echo "$warnings"; status=1; fi
  fi
  if grep -q '@[A-Z]*@' "$page"; then echo "not configured: $page"; status=1; fi
done

# The rendered page, without hyphenation or justification, so that words can be looked up whole.
rendered=$( (echo '.nh'; echo '.ad l'; cat "$dir/vethlab-cli.1") | groff -man -Tascii -rLL=200n 2>/dev/null | col -b)
help=$("$cli" --help)
# Commands: the first word of each line under "Commands:" ("kernel clean" is two).
commands=$(printf '%s\n' "$help" | sed -n '/^Commands:/,/^$/p' | sed -n 's/^  \([a-z][a-z]*\( clean\)\{0,1\}\).*/\1/p')
# Options: every -x and --word in the help text.
options=$(printf '%s\n' "$help" | grep -o -E '(^|[ (])--?[a-z][a-z-]*' | sed 's/^[ (]//' | sort -u)
[ -n "$commands" ] && [ -n "$options" ] || { echo "could not read vethlab-cli --help"; exit 1; }
count=0
while read -r item; do
  count=$((count + 1))
  # A here-string, not a pipe: grep -q stops at the first match, and under pipefail the writer's
  # SIGPIPE would count as "not found".
  if ! grep -q -F -e "$item" <<<"$rendered"; then
    echo "vethlab-cli --help lists '$item'; vethlab-cli(1) does not"
    status=1
  fi
done < <(printf '%s\n%s\n' "$commands" "$options")
echo "$count commands and options checked"
exit $status
