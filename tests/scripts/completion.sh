#!/usr/bin/env bash
# The bash completion of vethlab-cli completes commands, option values and lessons.
set -euo pipefail
source "$1"
complete_line() { COMP_WORDS=($1); COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); _vethlab_cli; echo "${COMPREPLY[*]}"; }
check() { local got; got=$(complete_line "$1"); [ "$got" = "$2" ] || { echo "'$1' completed to '$got', not '$2'"; exit 1; }; }
check "vethlab-cli pl" "play"
check "vethlab-cli run --backend k" "kernel"
check "vethlab-cli kernel c" "clean"
check "vethlab-cli export tour.md --format dr" "drawio"
check "vethlab-cli play --la" "--lab --lang"
echo "completion ok"
