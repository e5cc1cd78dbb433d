#!/usr/bin/env bash
# Builds offersim, its tests and the loader's libFuzzer target with clang's
# AddressSanitizer and UndefinedBehaviorSanitizer in build-sanitize/ and runs every test
# but the browser ones (Chromium is not under test). scripts/fuzz.sh runs the fuzzer.
#   sanitize.sh [CTEST ARGS...]   build, then run the tests
#   sanitize.sh --build-only      build only (scripts/fuzz.sh)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OFFERSIM_EXTRA_PACKAGES="clang libclang-rt-14-dev" OFFERSIM_SETUP_ONLY=1 bash "$root/scripts/setup.sh"
build="$root/build-sanitize"
if [ ! -f "$build/CMakeCache.txt" ]; then
  # -O1 with line tables: fast to build, fast enough to run, and every report has its line.
  CC=clang CXX=clang++ cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -gline-tables-only" -DCMAKE_CXX_COMPILER_LAUNCHER=ccache \
    -DOFFERSIM_SANITIZE=ON -DOFFERSIM_FUZZ=ON -DOFFERSIM_BENCH=OFF -DOFFERSIM_NATIVE=OFF >&2
fi
cmake --build "$build" -j"$(nproc)" >&2
[ "${1:-}" = --build-only ] && exit 0
cd "$build"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
# Each test binary runs as a few shards; the tests left to the release suite, and why, are
# in tests/sanitizer_skips.cmake.
ctest --output-on-failure -j"$(nproc)" -LE browser "$@"
