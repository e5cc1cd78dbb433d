#!/usr/bin/env bash
# The comparison on shared shards of docs/performance.md ("Ranks: a comparison on shared
# shards"): `offersim compare` of the kernel-equivalent scenario (10 million customers x 36
# months) and a variant with a handset offer, one replication, one thread a process, alone
# and as a job of 2 ranks that share both plans' shards: each one's wall time and peak
# resident memory, and whether the folders hold the same bytes (every file but run.json).
# Run on a quiet machine: bash bench/measure_compare_ranks.sh [BUILD_DIR]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/ranks_bench.sh" "$@"  # root, build, out
cat >"$out/base.yaml" <<YAML
extends: $root/bench/scenarios/kernel_equivalent.yaml
name: base
YAML
# The offer changes tiers, not customers: both plans hold the same shards.
cat >"$out/handset.yaml" <<YAML
extends: $out/base.yaml
name: handset
offers:
  - id: phone_58
    kind: device_subsidy
    tier: t58
    device: { device_cost_cny: 600, retail_price_cny: 999, subsidy_cny: 400, contract_months: 24 }
    take_up: { segments: [s2, s3], existing_share: 0.2, launch_month: 3 }
YAML
compare=(compare "$out/base.yaml" "$out/handset.yaml" --replications 1 --threads 1 --lang en)
alone_and_on_two_ranks "$build" "$out" "${compare[@]}"
