#!/usr/bin/env bash
# Builds the libFuzzer targets (preset `fuzz`: clang, ASan+UBSan) in build-fuzz/ and runs each for
# SECONDS (default 60) on seed corpora made from the lessons and the golden transcripts. Findings
# (crash-*, timeout-*, oom-*) are left in build-fuzz/findings/. VETHLAB_FUZZ_SEED fixes libFuzzer's
# seed (tools/sanitize.sh, which tools/test.sh and CI run, uses 1 and 20 s).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
launcher=()
if command -v ccache >/dev/null; then launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache); fi
cmake --preset fuzz "${launcher[@]}" >/dev/null
cmake --build build-fuzz -j "$(nproc)" --target fuzz_terminal fuzz_scenario fuzz_go_template >/dev/null

corpus=build-fuzz/corpus
rm -rf "$corpus" && mkdir -p "$corpus"/{terminal,scenario,go_template} build-fuzz/findings
# Terminal: the commands of each golden transcript and lesson, one file per source.
for f in tests/golden/*.txt scenarios/*.md; do
  sed -n -e 's/^\[[^]]*\][#$] //p' -e 's/^[^ ]*@[^ ]*[#$] //p' -e 's/^\$ //p' -e 's/^\/ # //p' "$f" \
    > "$corpus/terminal/$(basename "$f")"
done
cp tests/scripts/*.sh "$corpus/terminal/"
cp scenarios/*.md "$corpus/scenario/"
# Templates: every --format / -f value the transcripts and lessons use.
grep -ho -e "--format '[^']*'" -e "-f '[^']*'" tests/golden/*.txt scenarios/*.md 2>/dev/null |
  sed "s/^[^']*'//; s/'\$//" | sort -u | split -l 1 - "$corpus/go_template/t"

status=0
for target in terminal scenario go_template; do
  echo "fuzz_$target: $seconds s"
  # -timeout: one input, on a machine shared with the rest of the build; a real hang is far longer.
  ./build-fuzz/tests/fuzz/fuzz_$target -seed="${VETHLAB_FUZZ_SEED:-0}" -max_total_time="$seconds" -timeout=60 \
    -rss_limit_mb=2048 -print_final_stats=1 \
    -max_len=16384 -artifact_prefix=build-fuzz/findings/ "$corpus/$target" 2>"build-fuzz/fuzz_$target.log" ||
    { status=1; tail -n 60 "build-fuzz/fuzz_$target.log"; }
  grep -E '^(stat::number_of_executed_units|stat::peak_rss_mb)' "build-fuzz/fuzz_$target.log" | tr '\n' ' '  || true
  echo
done
exit $status
