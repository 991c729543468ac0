#!/usr/bin/env bash
# Benchmark meibo against the least work any reconciler must do (see BENCHMARKS.md).
#
#   bench/run.sh [--runs N] [--rows N]
#
# Builds the release binaries, generates the made-up data once into bench/data/ (gitignored; kept
# between runs, regenerated when the generator changes), then runs every configuration N times
# (default 5), alternating them within each round so that load from other processes falls on all
# of them alike, and prints the median wall time, the ratios the goals are stated in, and the
# peak memory (maximum resident set size from /usr/bin/time -v).
set -euo pipefail

runs=5
rows=1000000
small=100000
while [ $# -gt 0 ]; do
    case "$1" in
        --runs) runs="$2"; shift 2 ;;
        --rows) rows="$2"; shift 2 ;;
        -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
        *) echo "unknown argument: $1 (usage: bench/run.sh [--runs N] [--rows N])" >&2; exit 2 ;;
    esac
done

root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
if [ ! -x /usr/bin/time ]; then
    echo "bench/run.sh needs GNU time (/usr/bin/time): apt-get install time" >&2
    exit 2
fi

echo "== building (cargo build --release --examples --bins)"
cargo build --release --examples --bins --quiet
target="$(cargo metadata --format-version 1 --no-deps | sed -n 's/.*"target_directory":"\([^"]*\)".*/\1/p')"
bin="$target/release"

data="bench/data"
generate() { # DIR ROWS [--xlsx]
    local dir="$data/$1" stamp
    stamp="$(sha256sum examples/gen.rs | cut -c1-16) $2 ${3:-csv}"
    if [ -f "$dir/.stamp" ] && [ "$(cat "$dir/.stamp")" = "$stamp" ]; then
        return
    fi
    echo "== generating $dir ($2 rows${3:+, $3})"
    rm -rf "$dir"
    "$bin/examples/gen" --rows "$2" --out "$dir" ${3:-}
    echo "$stamp" > "$dir/.stamp"
}
generate large "$rows"
generate small "$small"
generate small-xlsx "$small" --xlsx

out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

# name|command: every configuration, run once per round in this order.
reconcile() { # DATADIR EMPLOYEES OUTDIR FORMAT
    echo "$bin/meibo reconcile --employees $data/$1/$2 --departments $data/$1/departments.csv --current-employees $data/$1/current_employees.csv --current-departments $data/$1/current_departments.csv --out $out/$3 --format $4"
}
configs=(
    "baseline_csv|$bin/examples/baseline_csv $data/large/employees.csv $data/large/current_employees.csv"
    "meibo_csv|$(reconcile large employees.csv large-csv csv)"
    "meibo_csv_xlsx|$(reconcile large employees.csv large-both csv,xlsx)"
    "small_baseline_csv|$bin/examples/baseline_csv $data/small/employees.csv $data/small/current_employees.csv"
    "small_meibo_csv|$(reconcile small employees.csv small-csv csv)"
    "baseline_xlsx|$bin/examples/baseline_xlsx $data/small-xlsx/employees.xlsx"
    "meibo_xlsx|$(reconcile small-xlsx employees.xlsx small-xlsx csv)"
)

declare -A times rss
echo "== load before: $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min); $(nproc) cores"
for round in $(seq 1 "$runs"); do
    for config in "${configs[@]}"; do
        name="${config%%|*}"
        command="${config#*|}"
        # Exit status 1 means "done, some rows excluded": the data excludes rows on purpose.
        /usr/bin/time -v -o "$out/time" $command > /dev/null 2> "$out/stderr" || [ $? -eq 1 ] || {
            echo "$name failed:" >&2; cat "$out/stderr" >&2; exit 2; }
        wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$out/time" |
            awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; print s }')
        kb=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$out/time")
        times[$name]+="$wall "
        rss[$name]+="$kb "
    done
    echo "   round $round/$runs done (load $(cut -d' ' -f1 /proc/loadavg))"
done
echo "== load after: $(cut -d' ' -f1-3 /proc/loadavg)"

calc() { awk "BEGIN { print $1 }"; }
median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
declare -A med peak
printf '\n%-20s %10s %12s   %s\n' configuration "median s" "peak MiB" "all runs (s)"
for config in "${configs[@]}"; do
    name="${config%%|*}"
    med[$name]=$(echo "${times[$name]}" | median)
    peak[$name]=$(echo "${rss[$name]}" | tr ' ' '\n' | sort -g | tail -1)
    printf '%-20s %10.2f %12.0f   %s\n' "$name" "${med[$name]}" "$(calc "${peak[$name]} / 1024")" "${times[$name]}"
done

ratio() { calc "$1 / $2"; }
per_row_large=$(calc "${med[meibo_csv]} / $rows")
per_row_small=$(calc "${med[small_meibo_csv]} / $small")
printf '\n%-52s %8s %8s\n' goal measured limit
check() { # LABEL VALUE LIMIT
    local verdict=met
    if [ "$(calc "($2 > $3) ? 1 : 0")" = 1 ]; then verdict="NOT MET"; fi
    printf '%-52s %8.2f %8.2f  %s\n' "$1" "$2" "$3" "$verdict"
}
check "csv: meibo / baseline_csv (wall)" "$(ratio "${med[meibo_csv]}" "${med[baseline_csv]}")" 1.5
check "csv: meibo peak RSS (GiB)" "$(calc "${peak[meibo_csv]} / 1048576")" 1.0
check "csv,xlsx: meibo / baseline_csv (wall)" "$(ratio "${med[meibo_csv_xlsx]}" "${med[baseline_csv]}")" 3.0
check "xlsx input ($small rows): meibo / baseline_xlsx" "$(ratio "${med[meibo_xlsx]}" "${med[baseline_xlsx]}")" 1.3
check "growth: time per row at $rows / at $small" "$(ratio "$per_row_large" "$per_row_small")" 1.2
