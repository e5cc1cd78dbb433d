#!/usr/bin/env bash
# The fee sweep on shared shards of docs/performance.md ("A sweep whose cohorts differ, on
# shared shards"): `offersim sweep` of the baseline's base five times over (2 million
# customers and 70,000 joiners a month, 36 months) over gotone_58's fee at 52 and 64 CNY, one
# replication, one thread a process, alone and as a job of 2 ranks that share the three
# plans' shards. The fees move gross adds, so the plans' cohorts differ in size. Each one's
# wall time, processor time and peak resident memory, and whether the folders hold the same
# bytes (every file but run.json).
# Run on a quiet machine: bash bench/measure_sweep_ranks.sh [BUILD_DIR]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/ranks_bench.sh" "$@"  # root, build, out
cat >"$out/base.yaml" <<YAML
extends: $root/scenarios/baseline.yaml
segments:
  - { id: mass, size: 1550000, acquisition: { gross_adds_per_month: 65000 } }
  - { id: vip_silver, size: 210000, acquisition: { gross_adds_per_month: 1500 } }
  - { id: vip_gold, size: 70000 }
  - { id: vip_diamond, size: 20000 }
  - { id: group_member, size: 160000, acquisition: { gross_adds_per_month: 3000 } }
YAML
sweep=(sweep "$out/base.yaml" --set 'tiers[gotone_58].monthly_fee_cny=52,64' --replications 1 --threads 1
  --lang en)
alone_and_on_two_ranks "$build" "$out" "${sweep[@]}"
