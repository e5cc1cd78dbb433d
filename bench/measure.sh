#!/usr/bin/env bash
# Measures what docs/performance.md records, side by side in one session: the reference
# kernel and the engine on the kernel-equivalent scenario (1 and 2 threads), the shipped
# baseline and the all-offers scenario, the full-feature ratios to the kernel (issue 19),
# replication scaling, and start-up / report time.
# Run on a quiet machine: bash bench/measure.sh [BUILD_DIR]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${1:-$root/build}"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "== reference kernel, 10M customers x 36 months"
for t in 1 2; do "$build/offersim_kernel_reference" --customers 10000000 --months 36 --threads $t --repeat 3 | grep median; done
echo "== engine, kernel-equivalent scenario (a), 10M x 36"
for t in 1 2; do "$build/offersim_bench" --customers 10000000 --threads $t --repeat 3; done
echo "== engine, shipped baseline (b) and all offer families (c), 10M x 36, 1 thread"
"$build/offersim_bench" --customers 10000000 --threads 1 --repeat 3 "$root/scenarios/baseline.yaml" "$root/bench/scenarios/all_offers.yaml"
echo "== the full-feature scenarios against the kernel, 1M x 36, 1 thread, 3 rounds (bench/measure_ratios.sh)"
bash "$root/bench/measure_ratios.sh" "$build" 3
echo "== replications scale: 1M customers x 36 months, 1 and 8 replications, 2 threads"
for r in 1 8; do "$build/offersim_bench" --customers 1000000 --threads 2 --repeat 3 --replications $r | grep -E "run \(|per second"; done
echo "== start-up and report writing: the shipped baseline, 1 replication (wall time of the whole command)"
out="$(mktemp -d)"
/usr/bin/time -f "offersim run, 402k customers x 36 months, 1 replication: %e s, %M KiB peak" \
  "$build/offersim" run "$root/scenarios/baseline.yaml" --replications 1 --out "$out" >/dev/null
/usr/bin/time -f "offersim validate of every shipped scenario: %e s" \
  "$build/offersim" validate "$root"/scenarios/*.yaml "$root"/scenarios/examples/*.yaml >/dev/null
rm -rf "$out"
echo "== ranks (bench/measure_ranks.sh)"
bash "$root/bench/measure_ranks.sh" "$build"
