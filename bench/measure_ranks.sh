#!/usr/bin/env bash
# The MPI figures of docs/performance.md ("Ranks"): the same run of the kernel-equivalent
# scenario alone and as a job of 2 ranks, one thread each, its customer-months per second
# per rank and the efficiency T1 / (N x TN), splitting replications and sharing shards; then
# the 10^8-customer run's per-rank memory, each way.
# Run on a quiet machine: bash bench/measure_ranks.sh [BUILD_DIR]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/ranks_bench.sh" "$@"  # root, build, out
scenario="$out/ranks.yaml"
# 10 million customers x 36 months x 4 replications: 1.44 x 10^9 customer-months.
cat >"$scenario" <<YAML
extends: $root/bench/scenarios/kernel_equivalent.yaml
name: ranks
replications: 4
YAML
customer_months=$((10000000 * 36 * 4))
wall() {  # the wall time of a command, in seconds
  local started ended
  started=$(date +%s.%N)
  "$@" >/dev/null 2>&1
  ended=$(date +%s.%N)
  awk -v a="$started" -v b="$ended" 'BEGIN { print b - a }'
}
echo "machine: $(nproc) cores; load $(cut -d' ' -f1-3 /proc/loadavg)"
t1=$(wall "$build/offersim" run "$scenario" --threads 1 --out "$out/one")
t2=$(wall mpirun --oversubscribe -np 2 "$build/offersim" run "$scenario" --threads 1 --out "$out/two")
cmp -s "$out/one/summary.json" "$out/two/summary.json" && same="identical" || same="DIFFERENT"
awk -v n="$customer_months" -v t1="$t1" -v t2="$t2" -v same="$same" 'BEGIN {
  printf "1 rank : %6.1f s, %6.1f million customer-months per second per rank\n", t1, n / t1 / 1e6
  printf "2 ranks: %6.1f s, %6.1f million customer-months per second per rank, efficiency %.2f (summary.json %s)\n",
         t2, n / t2 / 2 / 1e6, t1 / (2 * t2), same
}' 
# One replication on 2 ranks: the ranks share each month's shards (docs/architecture.md, "Ranks").
one_rep=$((10000000 * 36))
s1=$(wall "$build/offersim" run "$scenario" --replications 1 --threads 1 --out "$out/shards-one")
s2=$(wall mpirun --oversubscribe -np 2 "$build/offersim" run "$scenario" --replications 1 --threads 1 --out "$out/shards-two")
cmp -s "$out/shards-one/summary.json" "$out/shards-two/summary.json" && same="identical" || same="DIFFERENT"
awk -v n="$one_rep" -v t1="$s1" -v t2="$s2" -v same="$same" 'BEGIN {
  printf "1 replication, 1 rank : %6.1f s, %6.1f million customer-months per second per rank\n", t1, n / t1 / 1e6
  printf "1 replication, 2 ranks sharing shards: %6.1f s, %6.1f million customer-months per second per rank, efficiency %.2f (summary.json %s)\n",
         t2, n / t2 / 2 / 1e6, t1 / (2 * t2), same
}'
echo "== 10^8 customers x 12 months x 2 replications on 2 ranks, one thread each (each rank's peak)"
mpirun --oversubscribe -np 2 /usr/bin/time -f "rank: peak RSS %M KiB, %e s wall, %U s user" \
  "$build/offersim" run "$root/bench/scenarios/national.yaml" --threads 1 --out "$out/national" 2>&1 |
  grep -E "^rank|estimated peak"
echo "== the same with 1 replication: the 2 ranks share the shards (each rank's peak)"
mpirun --oversubscribe -np 2 /usr/bin/time -f "rank: peak RSS %M KiB, %e s wall, %U s user" \
  "$build/offersim" run "$root/bench/scenarios/national.yaml" --replications 1 --threads 1 --out "$out/national-shards" 2>&1 |
  grep -E "^rank|estimated peak"
