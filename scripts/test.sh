#!/usr/bin/env bash
# Sets up and builds offersim, then runs every test (ctest, two at a time).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$root/scripts/setup.sh"
cd "${OFFERSIM_BUILD_DIR:-$root/build}"
ctest --output-on-failure -j"$(nproc)" "$@"
