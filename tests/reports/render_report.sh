#!/usr/bin/env bash
# Renders offersim's report.html in headless Chromium, in zh-CN and en, and checks that
#   - every chart container holds a non-empty <svg> (ECharts drew it),
#   - the page logs no uncaught exception and no error to the console,
#   - the page prints to a non-empty PDF;
# and leaves a screenshot of the first screen and the PDF for people to look at.
# Given a VARIANT.yaml, it does the same for the report of `offersim compare SCENARIO
# VARIANT` (compare-<lang>.png and .pdf), and checks that it opens with a recommendation
# and a sortable table of the variants.
#
# Usage: render_report.sh OFFERSIM_BINARY SCENARIO.yaml OUTPUT_DIR [VARIANT.yaml]
# Exit codes: 0 passed, 1 failed, 77 skipped (no Chromium; ctest's SKIP_RETURN_CODE).
# CHROMIUM overrides the browser (default /usr/bin/chromium).
set -euo pipefail

if [[ $# -ne 3 && $# -ne 4 ]]; then
    echo "usage: $0 OFFERSIM_BINARY SCENARIO.yaml OUTPUT_DIR [VARIANT.yaml]" >&2
    exit 1
fi
binary=$1
scenario=$2
output_dir=$3
variant=${4:-}
chromium=${CHROMIUM:-/usr/bin/chromium}

if [[ ! -x $chromium ]]; then
    echo "SKIPPED: $chromium is not installed (apt-get install chromium fonts-noto-cjk)"
    exit 77
fi

run_charts=(subscribers revenue-margin subscribers-by-segment churn survival tier-mix revenue-lines)
compare_charts=(cumulative-margin monthly-margin cost-lines)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$output_dir"
failures=0

fail() {
    echo "FAIL [$kind $lang]: $*" >&2
    failures=$((failures + 1))
}

# One headless Chromium run with a fresh profile; a hung browser is stopped after 120 s.
browser() {
    local profile
    profile=$(mktemp -d "$work/profile.XXXXXX")
    timeout 120 "$chromium" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --user-data-dir="$profile" "$@"
}

# True when the element with id "chart-$1" holds an <svg> that draws something: a chart
# that failed leaves an empty "<svg ...><g></g></svg>" behind.
chart_has_svg() {
    grep -qzP "id=\"chart-$1\"[^>]*>\\s*<div[^>]*>\\s*<svg\\b[^>]*>(?:(?!</svg>).)*?<(path|text)\\b" "$2"
}

# Checks the rendered page; leaves its DOM in $work/$kind-$lang.dom.html. Arguments: the
# URL, then the ids of the charts it must hold.
check_dom_and_console() {
    local url=$1 dom=$work/$kind-$lang.dom.html log=$work/$kind-$lang.console.log
    shift
    browser --virtual-time-budget=5000 --enable-logging=stderr --v=0 --dump-dom "$url" >"$dom" 2>"$log" ||
        fail "chromium could not load $url (exit $?)"
    for id in "$@"; do
        chart_has_svg "$id" "$dom" || fail "chart-$id holds no rendered <svg>"
    done
    # Console messages from the page look like: [...:INFO:CONSOLE:12] "message", source: file://... (12)
    local errors
    errors=$(grep -E 'CONSOLE' "$log" | grep -E 'Uncaught|Error' || true)
    [[ -z $errors ]] || fail "the page logged errors:"$'\n'"$errors"
}

check_pdf() {
    local url=$1 pdf=$output_dir/$kind-$lang.pdf
    rm -f "$pdf"
    browser --virtual-time-budget=5000 --no-pdf-header-footer --print-to-pdf="$pdf" "$url" >/dev/null 2>&1 ||
        fail "chromium could not print $url"
    if [[ ! -s $pdf ]] || [[ $(head -c 5 "$pdf") != "%PDF-" ]]; then
        fail "no PDF was printed to $pdf"
    fi
}

take_screenshot() {
    local url=$1 png=$output_dir/$kind-$lang.png
    rm -f "$png"
    browser --virtual-time-budget=5000 --hide-scrollbars --window-size=1280,900 --screenshot="$png" "$url" \
        >/dev/null 2>&1 || fail "chromium could not take a screenshot of $url"
    [[ -s $png ]] || fail "no screenshot was written to $png"
}

# The comparison opens with its decision and a table sortable by every column.
check_comparison_page() {
    local dom=$work/$kind-$lang.dom.html
    grep -q 'class="recommendation"' "$dom" || fail "no recommendation in the executive summary"
    grep -q '<table class="comparison sortable"' "$dom" || fail "no sortable table of the variants"
    for file in report.md report.xlsx comparison.json; do
        [[ -s $out/$file ]] || fail "offersim compare wrote no $file"
    done
}

kind=report
for lang in zh-CN en; do
    out=$work/out-$lang
    if ! "$binary" run "$scenario" --out "$out" --replications 5 --lang "$lang" >"$work/$lang.run.log" 2>&1; then
        cat "$work/$lang.run.log" >&2
        fail "offersim run failed"
        continue
    fi
    url="file://$out/report.html"
    # The fixed charts, and any a scenario's own section adds (behaviour, groups, win-back).
    charts=("${run_charts[@]}")
    for id in $(grep -o 'id="chart-[a-z0-9-]*"' "$out/report.html" | sed 's/id="chart-\(.*\)"/\1/'); do
        [[ " ${charts[*]} " == *" $id "* ]] || charts+=("$id")
    done
    check_dom_and_console "$url" "${charts[@]}"
    check_pdf "$url"
    take_screenshot "$url"
    echo "[$lang] screenshot $output_dir/report-$lang.png, PDF $output_dir/report-$lang.pdf"
done

kind=compare
if [[ -n $variant ]]; then
    for lang in zh-CN en; do
        out=$work/compare-$lang
        if ! "$binary" compare "$scenario" "$variant" --out "$out" --replications 3 --lang "$lang" \
            >"$work/compare-$lang.run.log" 2>&1; then
            cat "$work/compare-$lang.run.log" >&2
            fail "offersim compare failed"
            continue
        fi
        url="file://$out/report.html"
        check_dom_and_console "$url" "${compare_charts[@]}"
        check_comparison_page
        check_pdf "$url"
        take_screenshot "$url"
        echo "[$lang] screenshot $output_dir/compare-$lang.png, PDF $output_dir/compare-$lang.pdf"
    done
fi

if ((failures > 0)); then
    echo "$failures check(s) failed" >&2
    exit 1
fi
echo "report.html renders in zh-CN and en: ${#charts[@]} charts each, no console errors, PDF printed"
if [[ -n $variant ]]; then
    echo "the comparison's report.html renders in zh-CN and en: ${#compare_charts[@]} charts each, no console" \
        "errors, PDF printed"
fi
