#!/usr/bin/env bash
# The memory estimate against the measured peak: runs offersim on scenarios sized for a
# peak resident memory of at least 1 GiB, reads the estimate it prints and the peak that
# /usr/bin/time measures, and fails when they differ by more than 20%.
#   bash bench/memory_estimate.sh [BUILD_DIR]
# Minutes and over a GiB each: registered as the ctest test bench.memory_estimate (label
# heavy) only with -DOFFERSIM_HEAVY_TESTS=ON, never in the default suite or CI.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="$(cd "${1:-$root/build}" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# One segment of SIZE customers with ADDS gross adds a month over MONTHS months; OFFERS
# offers taken by new customers; the shipped baseline's models otherwise left out.
scenario() {
  local name=$1 size=$2 adds=$3 months=$4 offers=$5 segments=$6
  {
    echo "name: $name"
    echo "horizon_months: $months"
    echo "tiers:"
    echo "  - { id: t50, monthly_fee_cny: 50, included: { voice_min: 300, data_mb: 100, sms: 100 },"
    echo "      overage: { voice_per_min_cny: 0.2, data_per_mb_cny: 1, sms_each_cny: 0.1 } }"
    echo "segments:"
    for s in $(seq 1 "$segments"); do
      echo "  - id: s$s"
      echo "    size: $size"
      echo "    tenure_months: { distribution: gamma, mean: 24, cv: 0.8 }"
      echo "    tier_mix: { t50: 1 }"
      echo "    usage:"
      echo "      voice_min: { distribution: lognormal, mean: 200, cv: 0.8 }"
      echo "      data_mb: { distribution: fixed, mean: 50 }"
      echo "      sms: { distribution: fixed, mean: 30 }"
      echo "    churn: { model: constant, monthly_hazard: 0.03 }"
      echo "    acquisition: { gross_adds_per_month: $adds }"
    done
    if [ "$offers" -gt 0 ]; then
      echo "offers:"
      for k in $(seq 1 "$offers"); do
        echo "  - { id: o$k, name: o$k, kind: prepay, prepay: { amount_cny: 100, release_months: 10 },"
        echo "      take_up: { segments: [s1], existing_share: 0.02, new_share: 0.05, launch_month: $k } }"
      done
    fi
  } >"$work/$name.yaml"
}

status=0
# measure NAME REPLICATIONS: the estimate, the peak, their ratio; a failure beyond 20% or
# below a 1 GiB peak.
measure() {
  local name=$1 reps=$2
  /usr/bin/time -f "%M" -o "$work/$name.rss" "$build/offersim" run "$work/$name.yaml" \
    --replications "$reps" --threads 2 --out "$work/$name.out" >/dev/null 2>"$work/$name.err" ||
    { cat "$work/$name.err"; status=1; return; }
  local estimate peak
  estimate=$(sed -n 's/.*estimated peak memory \([0-9.]*\) GiB.*/\1/p' "$work/$name.err")
  peak=$(awk '{ printf "%.3f", $1 / 1048576 }' "$work/$name.rss")
  awk -v n="$name" -v e="$estimate" -v p="$peak" 'BEGIN {
    r = e / p; printf "%-10s estimate %.3f GiB, measured peak %.3f GiB, estimate / peak %.3f\n", n, e, p, r;
    exit !(p >= 1.0 && r >= 0.8 && r <= 1.2) }' || status=1
}

# The customers' state dominates: 52 million customers, 2 months.
scenario customers 52000000 0 2 0 1
measure customers 1
# The figures dominate: 30 segments of 10 customers and 20 offers, 600 months x 150
# replications of figures, summarised and written.
scenario figures 10 0 600 20 30
measure figures 150
exit $status
