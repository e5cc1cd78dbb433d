#!/usr/bin/env bash
# Builds offersim and its tests with AddressSanitizer and UndefinedBehaviorSanitizer in
# build-sanitize/ and runs every test but the browser one (Chromium is not under test).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$root/scripts/setup.sh"   # packages and report assets; also builds the release tree
build="$root/build-sanitize"
if [ ! -f "$build/CMakeCache.txt" ]; then
  cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DOFFERSIM_SANITIZE=ON -DOFFERSIM_BENCH=OFF >&2
fi
cmake --build "$build" -j"$(nproc)" >&2
cd "$build"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
ctest --output-on-failure -j"$(nproc)" -LE browser "$@"
