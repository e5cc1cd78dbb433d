#!/usr/bin/env bash
# Installs what offersim needs on a fresh Debian 12 machine (only what is missing),
# then configures and builds whatever is stale. Sourced by run-default.sh and test.sh.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${OFFERSIM_BUILD_DIR:-$root/build}"

packages=(libyaml-cpp-dev libfmt-dev libboost-math-dev libgtest-dev libgmock-dev libbenchmark-dev
          nlohmann-json3-dev libcli11-dev libxlsxwriter-dev libvalijson-dev libnlopt-dev
          libopenmpi-dev openmpi-bin chromium fonts-noto-cjk ccache lld ninja-build time ${OFFERSIM_EXTRA_PACKAGES:-})
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# Tools: only when the command is absent (Node may come from outside Debian's archive).
for tool in cmake:cmake g++:g++ make:make pkg-config:pkg-config git:git node:nodejs npm:npm; do
  command -v "${tool%%:*}" >/dev/null 2>&1 || missing+=("${tool##*:}")
done
if ((${#missing[@]})); then
  echo "offersim setup: installing ${missing[*]}" >&2
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
fi

# ECharts for the HTML report, from the npm registry, pinned by the lockfile.
lock="$root/reports/web/package-lock.json"
stamp="$root/reports/web/node_modules/.offersim-installed"
if [ ! -f "$stamp" ] || [ "$lock" -nt "$stamp" ]; then
  echo "offersim setup: installing report assets (npm ci)" >&2
  npm ci --prefix "$root/reports/web" --no-audit --no-fund --loglevel=error >&2
  touch "$stamp"
fi

# ccache keeps rebuilds of an unchanged file near free, across build folders and clones.
# OFFERSIM_CMAKE_ARGS adds options (CI turns -march=native off). OFFERSIM_SETUP_ONLY=1
# stops after the packages (scripts/sanitize.sh builds its own tree).
[ "${OFFERSIM_SETUP_ONLY:-0}" = 1 ] && exit 0
# Ninja starts a target's objects before the libraries it links are built, where Make waits
# for each library: both cores stay busy to the end (docs/reliability.md).
if [ ! -f "$build/CMakeCache.txt" ]; then
  # shellcheck disable=SC2086
  cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_COMPILER_LAUNCHER=ccache \
    ${OFFERSIM_CMAKE_ARGS:-} >&2
fi
cmake --build "$build" -j"$(nproc)" >&2
