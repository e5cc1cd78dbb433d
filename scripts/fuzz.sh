#!/usr/bin/env bash
# Fuzzes the scenario loader with libFuzzer, seeded with the shipped scenarios, the doc
# examples and the bad-input corpus. Any crash, hang (> 10 s per input) or sanitizer
# report fails the script and leaves the input under build-fuzz/crashes/.
#   fuzz.sh SECONDS   explore for SECONDS (default 60), growing build-fuzz/corpus
#   fuzz.sh --ci      a reproducible run for CI: fixed seed and number of inputs, fresh corpus
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$root/build-fuzz"
mkdir -p "$out/corpus" "$out/crashes"

for p in clang libclang-rt-14-dev; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || {
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends clang libclang-rt-14-dev >&2
    break
  }
done

sources=(engine/scenario/loader.cpp engine/scenario/field_reader.cpp engine/scenario/behaviour_section.cpp
         engine/scenario/document.cpp engine/scenario/formula.cpp engine/core/money.cpp engine/core/error.cpp
         models/distribution.cpp models/churn_hazard.cpp engine/scenario/win_back_section.cpp models/win_back.cpp
         engine/scenario/groups_section.cpp models/group.cpp)
binary="$out/scenario_loader_fuzz"
newest=$(ls -t "${sources[@]/#/$root/}" "$root/tests/fuzz/scenario_loader_fuzz.cpp" "$root"/engine/scenario/*.hpp | head -1)
if [ ! -x "$binary" ] || [ "$newest" -nt "$binary" ]; then
  echo "offersim fuzz: building $binary" >&2
  clang++ -std=c++20 -O1 -g -I"$root" -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
    "${sources[@]/#/$root/}" "$root/tests/fuzz/scenario_loader_fuzz.cpp" \
    -lyaml-cpp -lfmt -o "$binary"
fi

seeds=("$root/scenarios" "$root/scenarios/examples" "$root/tests/engine/scenario/bad_input" "$root/docs/examples")
common=(-timeout=10 -rss_limit_mb=2048 -max_len=65536 -artifact_prefix="$out/crashes/" -print_final_stats=1)
if [ "${1:-}" = "--ci" ]; then
  corpus="$(mktemp -d)"
  trap 'rm -rf "$corpus"' EXIT
  echo "offersim fuzz: 60000 inputs with seed 1 over the loader" >&2
  "$binary" "$corpus" "${seeds[@]}" -seed=1 -runs=60000 "${common[@]}" 2>&1 | tail -25
else
  seconds="${1:-60}"
  echo "offersim fuzz: ${seconds}s over the loader" >&2
  "$binary" "$out/corpus" "${seeds[@]}" -max_total_time="$seconds" "${common[@]}" 2>&1 | tail -25
fi
