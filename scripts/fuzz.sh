#!/usr/bin/env bash
# Fuzzes the scenario loader with libFuzzer, seeded with the shipped scenarios, the doc
# examples and the bad-input corpus. Any crash, hang (> 10 s per input) or sanitizer
# report fails the script and leaves the input under build-fuzz/crashes/. The target is
# built in build-sanitize/ (scripts/sanitize.sh configures it).
#   fuzz.sh SECONDS   explore for SECONDS (default 60), growing build-fuzz/corpus
#   fuzz.sh --ci      a reproducible run for CI: fixed seed and number of inputs, fresh corpus
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$root/build-fuzz"
mkdir -p "$out/corpus" "$out/crashes"

# The target is built in the sanitizer tree, through CMake, with the sources it needs.
bash "$root/scripts/sanitize.sh" --build-only
binary="$root/build-sanitize/tests/fuzz/scenario_loader_fuzz"

seeds=("$root/scenarios" "$root/scenarios/examples" "$root/tests/engine/scenario/bad_input" "$root/docs/examples")
common=(-timeout=10 -rss_limit_mb=2048 -max_len=65536 -artifact_prefix="$out/crashes/" -print_final_stats=1)
if [ "${1:-}" = "--ci" ]; then
  # Two fuzzers side by side, seeds 1 and 2, 15,000 inputs each: CI's 30,000 inputs on both
  # cores. Each has a fresh corpus and its own log; either one failing fails the run.
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' EXIT
  echo "offersim fuzz: 2 x 15000 inputs with seeds 1 and 2 over the loader" >&2
  pids=()
  for seed in 1 2; do
    mkdir -p "$work/corpus-$seed"
    "$binary" "$work/corpus-$seed" "${seeds[@]}" -seed=$seed -runs=15000 "${common[@]}" >"$work/log-$seed" 2>&1 &
    pids+=($!)
  done
  failed=0
  for k in 0 1; do
    if ! wait "${pids[$k]}"; then failed=1; fi
    echo "== fuzzer with seed $((k + 1))" >&2
    tail -25 "$work/log-$((k + 1))" >&2
  done
  exit $failed
else
  seconds="${1:-60}"
  echo "offersim fuzz: ${seconds}s over the loader" >&2
  "$binary" "$out/corpus" "${seeds[@]}" -max_total_time="$seconds" "${common[@]}" 2>&1 | tail -25
fi
