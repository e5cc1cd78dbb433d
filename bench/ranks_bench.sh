# Sourced first by the ranks' bench scripts (measure_ranks.sh, measure_compare_ranks.sh,
# measure_sweep_ranks.sh), with their arguments [BUILD_DIR]: sets `root` (the checkout),
# `build` (BUILD_DIR, default root/build) and `out` (a scratch folder, removed at exit),
# exports what Open MPI needs to run as root and a fixed start time (so that reports made
# apart compare byte for byte), and defines alone_and_on_two_ranks.
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${1:-$root/build}"
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 SOURCE_DATE_EPOCH=1700000000
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

# alone_and_on_two_ranks BUILD_DIR OUT_DIR ARGS...: `offersim ARGS` alone into OUT_DIR/one and
# as a job of 2 ranks into OUT_DIR/two, one thread a process as ARGS say: each one's peak
# resident memory, wall and processor time (and the estimate offersim prints), then whether
# the two folders hold the same bytes (every file but run.json, which records the ranks).
alone_and_on_two_ranks() {
  local build=$1 out=$2
  shift 2
  echo "machine: $(nproc) cores; load $(cut -d' ' -f1-3 /proc/loadavg)"
  /usr/bin/time -f "1 process: peak RSS %M KiB, %e s wall, %U s user" \
    "$build/offersim" "$@" --out "$out/one" 2>&1 | grep -E "^1 process|estimated peak"
  mpirun --oversubscribe -np 2 /usr/bin/time -f "rank: peak RSS %M KiB, %e s wall, %U s user" \
    "$build/offersim" "$@" --out "$out/two" 2>&1 | grep -E "^rank|estimated peak"
  if diff -rq -x run.json "$out/one" "$out/two" >/dev/null; then
    echo "every file but run.json identical"
  else
    echo "DIFFERENT:" && diff -rq -x run.json "$out/one" "$out/two"
  fi
}
