#!/usr/bin/env bash
# Sets up and builds offersim, runs the shipped baseline scenario and prints the path of
# its report.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$root/scripts/setup.sh"
"${OFFERSIM_BUILD_DIR:-$root/build}/offersim" run "$root/scenarios/baseline.yaml" --out "$root/out/baseline" "$@"
