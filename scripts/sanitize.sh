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
  CC=clang CXX=clang++ cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -gline-tables-only" -DCMAKE_CXX_COMPILER_LAUNCHER=ccache \
    -DOFFERSIM_SANITIZE=ON -DOFFERSIM_FUZZ=ON -DOFFERSIM_BENCH=OFF -DOFFERSIM_NATIVE=OFF >&2
fi
cmake --build "$build" -j"$(nproc)" >&2
[ "${1:-}" = --build-only ] && exit 0
cd "$build"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
# Tests that re-run the whole shipped baseline several times to compare outputs (thread
# counts, re-runs, concurrent runs, every example) take about ten times as long under ASan
# and add no code path the others miss: they run in the release suite only
# (docs/reliability.md, "CI and its time budget").
heavy='OfTwoRunsIntoOneFolder|CompareReportsPairedDifferences|EveryFileButTheRunRecord|ARecordedRunIsReproduced'
heavy+='|^Examples\.|RunScenario\.(RunsTheWinBack|ReportsProgress)|OutputsAreByteIdentical|^Determinism\.'
heavy+='|WinBackFromChurners\.ResultsAreBitIdentical'
# Command-line tests that run the whole baseline to check how folders and reports are
# written: under ASan the simulation, not what they check, takes their 20-35 s each. The
# small end-to-end compare (CompareWaterfall...) still writes every file under ASan.
heavy+='|OutputFolder\.(ALaterRun|CompareKeeps|AnAbsoluteOrEmpty|AKilledRun|ANameWithParent)'
heavy+='|EndToEnd\.(TheReportStates|RunsTheShipped|TheSubscriberChart)|AnInterruptedRunLeaves'
heavy+='|OffersimRunWritesAWorkbook'
# Limits measured in processor time and latency (a 16 MiB input checked in linear time,
# SIGTERM honoured within a second): they hold the release build to its budget, and ASan's
# slowdown would only measure ASan. The loader's code paths stay under ASan in the fuzzer.
heavy+='|^LoaderLimits\.|^RunLimits\.'
# The bad-input corpus through the command line (179 runs of the binary): the fuzzer, run
# next by CI, starts from every one of those files under the same sanitizers.
heavy+='|BadInputCorpus\.IsRejected'
# The shipped price examples and the churner pool's statistical checks run the same code as
# their unit tests many times over (18 and 16 s each under ASan); one small churner-pool run
# stays (ConvertsRejoin...).
heavy+='|^PriceExamples\.|WinBackFromChurners\.(ChurnersJoinThePool|AHigherShare)'
# Checks of statistical properties over many data sets or replications (a back-test over 24
# histories, interval coverage over 100 fits, closed forms over hundreds of paired runs) and
# the schema run over every generated variant: 8-22 s each under ASan, repeating code that
# their smaller neighbours run under the sanitizers once.
heavy+='|Backtest\.TheBandsHold|CalibrationFits\.ChurnStandardErrorsCover|AcceptsEveryVariantThatRestates'
heavy+='|SbgInitialBaseFollowsTheConditional|ARicherWinBackOfferConfirms|UnifiedPaymentExampleKeepsTheStaff'
ctest --output-on-failure -j"$(nproc)" -LE browser -E "$heavy" "$@"
