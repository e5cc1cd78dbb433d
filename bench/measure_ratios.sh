#!/usr/bin/env bash
# Issue 19's figure: the reference kernel against the two full-feature scenarios, side by side
# in the same minutes, 1 M customers at start, 36 months, 1 thread. Each round runs the kernel
# then the bench (each the median of --repeat 3), and prints the kernel's ns per customer-month
# over each scenario's; the last line gives the medians over the rounds. Run on a quiet machine:
#   bash bench/measure_ratios.sh [BUILD_DIR] [ROUNDS]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${1:-$root/build}"
rounds="${2:-5}"
scenarios=("$root/scenarios/examples/customer_behaviour.yaml" "$root/bench/scenarios/all_offers.yaml")
table="$(mktemp)"
trap 'rm -f "$table"' EXIT
echo "round | kernel ns/cm | customer_behaviour ns/cm | kernel / it | all_offers ns/cm | kernel / it"
for round in $(seq "$rounds"); do
  kernel="$("$build/offersim_kernel_reference" --customers 1000000 --months 36 --threads 1 --repeat 3 |
    awk '/^median/ {print $7}')"
  read -r behaviour offers < <("$build/offersim_bench" --customers 1000000 --threads 1 --repeat 3 "${scenarios[@]}" |
    awk '/ns per customer-month:/ {printf "%s ", $4} END {print ""}')
  echo "$round $kernel $behaviour $offers" >>"$table"
  awk -v r="$round" -v k="$kernel" -v b="$behaviour" -v o="$offers" \
    'BEGIN {printf "%s | %.3f | %.2f | %.3f | %.2f | %.3f\n", r, k, b, k / b, o, k / o}'
done
# The medians of each column over the rounds (the ratios' medians, not ratios of medians).
awk '{k[NR] = $2; b[NR] = $3; o[NR] = $4; rb[NR] = $2 / $3; ro[NR] = $2 / $4}
  function median(a, n,   i, j, t) {
    for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
    return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
  }
  END {printf "median | %.3f | %.2f | %.3f | %.2f | %.3f\n", median(k, NR), median(b, NR), median(rb, NR),
         median(o, NR), median(ro, NR)}' "$table"
