#!/usr/bin/env bash
# `vethlab-cli play --step` goes through the window's LessonSession: '.' walks the next step event by
# event with the kernel's decisions for each hop, ',' goes back one event, Enter plays the step whole.
# Usage: cli_play_steps.sh VETHLAB_CLI LESSON (port-publishing.md)
set -euo pipefail
out=$(printf '.\n.\n.\n,\n\nq\n' | "$1" play "$2" --step)
fail() { echo "$out"; echo "--- $1"; exit 1; }
grep -q -- '-- engine event 1 of ' <<<"$out" || fail "no first event"
grep -q -- '-- engine event 3 of ' <<<"$out" || fail "no third event"
[ "$(grep -c -- '-- engine event 2 of ' <<<"$out")" = 2 ] || fail "',' did not go back to the second event"
# The decisions behind the hops, in the engine's words.
grep -q '^   nat DNAT: destination 192.168.1.10:8081 becomes 172.17.0.2:8080$' <<<"$out" || fail "no DNAT decision"
grep -q '^   route to 172.17.0.2: directly connected, out of docker0$' <<<"$out" || fail "no route decision"
grep -q '^trace .* tx ARP who-has 172.17.0.2 tell 172.17.0.1$' <<<"$out" || fail "no frame of the hop"
# Enter: the step then plays whole, as without micro-steps.
grep -q '== 2/4 ' <<<"$out" || fail "step 2 did not play"
grep -q 'curl 192.168.1.10:8081' <<<"$out" || fail "step 2's transcript is missing"
