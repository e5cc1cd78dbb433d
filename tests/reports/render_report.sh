#!/usr/bin/env bash
# Renders offersim's report.html pages in headless Chromium, in zh-CN and en: for each
# SCENARIO the report of `offersim run`, and given SCENARIO=VARIANT also the report of
# `offersim compare SCENARIO VARIANT`; for each TOOL:ARGS the report of `offersim TOOL` (calibrate
# or backtest) with ARGS, commas between them. One browser serves every page (render_pages.cjs
# says what is checked); screenshots and PDFs are left in OUTPUT_DIR/<scenario or tool>/ as
# report-<lang> and compare-<lang> for people to look at.
#
# Usage: render_report.sh OFFERSIM_BINARY OUTPUT_DIR [compare:]SCENARIO[=VARIANT][:MAX_PAGES][@LANG]...
#                         [TOOL:ARGS[@LANG]]...
# MAX_PAGES: the most A4 pages SCENARIO's run report may print to without its appendix.
# LANG (zh-CN or en): render that language only; both by default.
# compare:SCENARIO=VARIANT renders the comparison's page only, not SCENARIO's run report.
# e.g. backtest:--history,data/history.csv,--fit-months,12@en
# Exit codes: 0 passed, 1 failed, 77 skipped (no Chromium or no Playwright; ctest's
# SKIP_RETURN_CODE). CHROMIUM overrides the browser (default /usr/bin/chromium).
set -euo pipefail

if [[ $# -lt 3 ]]; then
    echo "usage: $0 OFFERSIM_BINARY OUTPUT_DIR SCENARIO[=VARIANT][:MAX_PAGES][@LANG]... [TOOL:ARGS[@LANG]]..." >&2
    exit 1
fi
binary=$1
output_dir=$2
shift 2
chromium=${CHROMIUM:-/usr/bin/chromium}
playwright="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/reports/web/node_modules/playwright-core"

if [[ ! -x $chromium ]]; then
    echo "SKIPPED: $chromium is not installed (apt-get install chromium fonts-noto-cjk)"
    exit 77
fi
if [[ ! -d $playwright ]]; then
    echo "SKIPPED: $playwright is not installed (npm ci --prefix reports/web)"
    exit 77
fi

run_charts='"subscribers","revenue-margin","subscribers-by-segment","churn","survival","tier-mix","revenue-lines"'
compare_charts='"cumulative-margin","monthly-margin","cost-lines"'
view_charts='"views-vip-revenue","views-band-revenue"'
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
pages="[]"
add_page() {  # html name dir charts kind [max_pages]
    pages=$(node -e 'const p = JSON.parse(process.argv[1]);
        p.push({ html: process.argv[2], name: process.argv[3], dir: process.argv[4],
                 charts: JSON.parse(process.argv[5]), kind: process.argv[6],
                 maxPages: Number(process.argv[7]) || 0 });
        console.log(JSON.stringify(p));' "$pages" "$@")
}

for arg in "$@"; do
    languages=(zh-CN en)
    if [[ $arg =~ ^(.*)@(zh-CN|en)$ ]]; then
        arg=${BASH_REMATCH[1]}
        languages=("${BASH_REMATCH[2]}")
    fi
    if [[ $arg =~ ^(calibrate|backtest):(.*)$ ]]; then
        tool=${BASH_REMATCH[1]}
        IFS=, read -r -a tool_args <<<"${BASH_REMATCH[2]}"
        mkdir -p "$output_dir/$tool"
        for lang in "${languages[@]}"; do
            out=$work/$tool-$lang
            if ! "$binary" "$tool" "${tool_args[@]}" --out "$out" --lang "$lang" >"$work/log" 2>&1; then
                cat "$work/log" >&2
                echo "FAIL [$tool $lang]: offersim $tool failed" >&2
                exit 1
            fi
            add_page "$out/report.html" "report-$lang" "$output_dir/$tool" "[]" tool
        done
        continue
    fi
    compare_only=0
    if [[ $arg =~ ^compare:(.*)$ ]]; then
        compare_only=1
        arg=${BASH_REMATCH[1]}
    fi
    max_pages=""
    pair=$arg
    if [[ $arg =~ ^(.*):([0-9]+)$ ]]; then
        pair=${BASH_REMATCH[1]}
        max_pages=${BASH_REMATCH[2]}
    fi
    scenario=${pair%%=*}
    variant=""
    [[ $pair == *=* ]] && variant=${pair#*=}
    name=$(basename "$scenario" .yaml)
    mkdir -p "$output_dir/$name"
    for lang in "${languages[@]}"; do
        out=$work/$name-run-$lang
        if ((compare_only)); then
            : # the comparison's page only
        elif ! "$binary" run "$scenario" --out "$out" --replications 2 --lang "$lang" >"$work/log" 2>&1; then
            cat "$work/log" >&2
            echo "FAIL [$name $lang]: offersim run failed" >&2
            exit 1
        fi
        if ((!compare_only)); then
            charts=$run_charts
            # A scenario with the per-customer views on must draw their revenue charts.
            grep -q '^ *customer_views: *true' "$scenario" && charts="$charts,$view_charts"
            add_page "$out/report.html" "report-$lang" "$output_dir/$name" "[$charts]" run "$max_pages"
        fi
        [[ -n $variant ]] || continue
        out=$work/$name-compare-$lang
        if ! "$binary" compare "$scenario" "$variant" --out "$out" --replications 2 --lang "$lang" \
            >"$work/log" 2>&1; then
            cat "$work/log" >&2
            echo "FAIL [$name $lang]: offersim compare failed" >&2
            exit 1
        fi
        for file in report.md report.xlsx comparison.json; do
            [[ -s $out/$file ]] || { echo "FAIL [$name $lang]: offersim compare wrote no $file" >&2; exit 1; }
        done
        add_page "$out/report.html" "compare-$lang" "$output_dir/$name" "[$compare_charts]" compare
    done
done

echo "runs and compares took ${SECONDS} s; now the pages" >&2
echo "$pages" >"$work/pages.json"
node "$(dirname "${BASH_SOURCE[0]}")/render_pages.cjs" "$playwright" "$work/pages.json"
