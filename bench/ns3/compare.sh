#!/usr/bin/env bash
# All-pairs single ping on one bridge: vethlab against ns-3 at the same N (not run in CI).
#   bench/ns3/compare.sh NS3_DIR VETHLAB_BENCH [N...]
# NS3_DIR is a built ns-3.37 tree (./ns3 configure --build-profile=optimized && ./ns3 build);
# VETHLAB_BENCH is build/bench/vethlab-bench. Prints, per N, both tools' CPU seconds and peak memory
# (GNU time) and the ratio ns-3 / vethlab.
set -euo pipefail
ns3=${1:?usage: compare.sh NS3_DIR VETHLAB_BENCH [N...]}
bench=${2:?usage: compare.sh NS3_DIR VETHLAB_BENCH [N...]}
shift 2
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(100 200)
here=$(cd "$(dirname "$0")" && pwd)
cp "$here/allpairs.cc" "$ns3/scratch/vethlab-allpairs.cc"
(cd "$ns3" && ./ns3 build scratch/vethlab-allpairs >/dev/null)
measure() { # prints "cpu_seconds peak_mib" of the command
    /usr/bin/time -f '%U %S %M' -o /tmp/vethlab-ns3-time "$@" >/dev/null
    awk '{printf "%.2f %.1f\n", $1 + $2, $3 / 1024}' /tmp/vethlab-ns3-time
}
printf '%6s %12s %12s %10s %10s %8s\n' N vethlab_cpu_s ns3_cpu_s vethlab_MiB ns3_MiB ns3/vethlab
for n in "${sizes[@]}"; do
    read -r vc vm < <(measure "$bench" allpairs --containers "$n")
    read -r nc nm < <(cd "$ns3" && measure ./ns3 run --no-build "scratch/vethlab-allpairs --containers=$n")
    printf '%6s %12s %12s %10s %10s %8.1f\n' "$n" "$vc" "$nc" "$vm" "$nm" "$(echo "$nc / $vc" | bc -l)"
done
