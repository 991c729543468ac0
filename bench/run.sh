#!/usr/bin/env bash
# Benchmark meibo against the least work any reconciler must do and against what users would pick
# instead (polars, DuckDB), see BENCHMARKS.md.
#
#   bench/run.sh [--runs N] [--rows N] [--quick] [--no-peers]
#
#   --runs N     rounds (default 5); every configuration runs once per round, alternating
#   --rows N     rows of the large sets (default 1000000); the small sets have a tenth
#   --quick      --rows 20000 --runs 1: checks the script and every configuration in seconds
#   --no-peers   without polars, DuckDB and fastexcel (no Python needed)
#
# Builds the release binaries, generates the made-up data once into bench/data/ (gitignored; kept
# between runs, regenerated when the generator changes), installs the peers' pinned versions
# (bench/requirements.txt) into bench/.venv, then runs every configuration N times, alternating
# them within each round so that load from other processes falls on all of them alike, and prints
# the median wall time, the peak memory (maximum resident set size from /usr/bin/time -v), the
# load average and the ratios the goals are stated in.
set -euo pipefail

runs=5
rows=1000000
peers=1
while [ $# -gt 0 ]; do
    case "$1" in
        --runs) runs="$2"; shift 2 ;;
        --rows) rows="$2"; shift 2 ;;
        --quick) runs=1; rows=20000; shift ;;
        --no-peers) peers=0; shift ;;
        -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
        *) echo "unknown argument: $1 (bench/run.sh --help)" >&2; exit 2 ;;
    esac
done
small=$((rows / 10))

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

venv="bench/.venv"
python="$venv/bin/python"
if [ "$peers" = 1 ]; then
    stamp="$(sha256sum bench/requirements.txt | cut -c1-16)"
    if [ ! -f "$venv/.stamp" ] || [ "$(cat "$venv/.stamp")" != "$stamp" ]; then
        echo "== installing the peers into $venv (bench/requirements.txt)"
        rm -rf "$venv"
        python3 -m venv "$venv"
        "$venv/bin/pip" install --quiet -r bench/requirements.txt
        echo "$stamp" > "$venv/.stamp"
    fi
fi

data="bench/data"
generate() { # NAME ROWS [--xlsx]
    local dir="$data/$1" stamp
    stamp="$(sha256sum examples/gen.rs bench/peers.py | sha256sum | cut -c1-16) $2 ${3:-csv} $peers"
    if [ -f "$dir/.stamp" ] && [ "$(cat "$dir/.stamp")" = "$stamp" ]; then
        return
    fi
    echo "== generating $dir ($2 rows${3:+, $3})"
    rm -rf "$dir"
    "$bin/examples/gen" --rows "$2" --out "$dir" ${3:-}
    if [ -z "${3:-}" ] && [ "$peers" = 1 ]; then
        # polars and DuckDB read only UTF-8: give them UTF-8 copies without BOM.
        mkdir -p "$dir/utf8"
        "$python" bench/peers.py utf8 "$dir/employees.csv" "$dir/utf8/employees.csv"
        tail -c +4 "$dir/current_employees.csv" > "$dir/utf8/current_employees.csv"
    fi
    echo "$stamp" > "$dir/.stamp"
}
generate "csv-$rows" "$rows"
generate "csv-$small" "$small"
generate "xlsx-$rows" "$rows" --xlsx
generate "xlsx-$small" "$small" --xlsx

out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

# name|command: every configuration, run once per round in this order.
reconcile() { # DATASET EMPLOYEES OUTDIR FORMAT
    echo "$bin/meibo reconcile --employees $data/$1/$2 --departments $data/$1/departments.csv --current-employees $data/$1/current_employees.csv --current-departments $data/$1/current_departments.csv --out $out/$3 --format $4 --quiet"
}
large="csv-$rows"
configs=(
    "floor_csv|$bin/examples/baseline_csv $data/$large/employees.csv $data/$large/current_employees.csv"
    "floor_csv_2cores|$bin/examples/baseline_csv --parallel $data/$large/employees.csv $data/$large/current_employees.csv"
    "meibo_csv|$(reconcile "$large" employees.csv large-csv csv)"
    "meibo_csv_xlsx|$(reconcile "$large" employees.csv large-both csv,xlsx)"
    "small_floor_csv|$bin/examples/baseline_csv $data/csv-$small/employees.csv $data/csv-$small/current_employees.csv"
    "small_meibo_csv|$(reconcile "csv-$small" employees.csv small-csv csv)"
    "calamine_xlsx|$bin/examples/baseline_xlsx $data/xlsx-$rows/employees.xlsx"
    "meibo_xlsx|$(reconcile "xlsx-$rows" employees.xlsx large-xlsx csv)"
    "small_calamine_xlsx|$bin/examples/baseline_xlsx $data/xlsx-$small/employees.xlsx"
    "small_meibo_xlsx|$(reconcile "xlsx-$small" employees.xlsx small-xlsx csv)"
)
if [ "$peers" = 1 ]; then
    mkdir -p "$out/polars" "$out/duckdb"
    configs+=(
        "polars_csv|$python bench/peers.py polars $data/$large/utf8/employees.csv $data/$large/utf8/current_employees.csv $out/polars"
        "duckdb_csv|$python bench/peers.py duckdb $data/$large/utf8/employees.csv $data/$large/utf8/current_employees.csv $out/duckdb"
        "fastexcel_xlsx|$python bench/peers.py fastexcel $data/xlsx-$rows/employees.xlsx"
    )
fi

declare -A times rss cpu
loads=()
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
        user=$(sed -n 's/.*User time (seconds): //p' "$out/time")
        system=$(sed -n 's/.*System time (seconds): //p' "$out/time")
        kb=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$out/time")
        times[$name]+="$wall "
        cpu[$name]+="$(awk "BEGIN { print $user + $system }") "
        rss[$name]+="$kb "
    done
    loads+=("$(cut -d' ' -f1 /proc/loadavg)")
    echo "   round $round/$runs done (load $(cut -d' ' -f1 /proc/loadavg))"
done
echo "== load after: $(cut -d' ' -f1-3 /proc/loadavg); during: ${loads[*]}"

calc() { awk "BEGIN { print $1 }"; }
median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
declare -A med peak
printf '\n%-20s %10s %10s %10s   %s\n' configuration "median s" "cpu s" "peak MiB" "all runs (s)"
for config in "${configs[@]}"; do
    name="${config%%|*}"
    med[$name]=$(echo "${times[$name]}" | median)
    peak[$name]=$(echo "${rss[$name]}" | tr ' ' '\n' | sort -g | tail -1)
    printf '%-20s %10.2f %10.2f %10.0f   %s\n' "$name" "${med[$name]}" "$(echo "${cpu[$name]}" | median)" \
        "$(calc "${peak[$name]} / 1024")" "${times[$name]}"
done

ratio() { calc "$1 / $2"; }
printf '\n%-58s %8s %8s\n' goal measured limit
check() { # LABEL VALUE LIMIT
    local verdict=met
    if [ "$(calc "($2 > $3) ? 1 : 0")" = 1 ]; then verdict="NOT MET"; fi
    printf '%-58s %8.2f %8.2f  %s\n' "$1" "$2" "$3" "$verdict"
}
growth() { # LARGE SMALL
    ratio "$(calc "${med[$1]} / $rows")" "$(calc "${med[$2]} / $small")"
}
if [ "$peers" = 1 ]; then
    check "csv ($rows rows): meibo / polars (wall)" "$(ratio "${med[meibo_csv]}" "${med[polars_csv]}")" 1.0
    printf '%-58s %8.2f\n' "csv ($rows rows): meibo / duckdb (wall)" "$(ratio "${med[meibo_csv]}" "${med[duckdb_csv]}")"
fi
check "csv: meibo / floor_csv_2cores (wall)" "$(ratio "${med[meibo_csv]}" "${med[floor_csv_2cores]}")" 1.2
check "csv: meibo / floor_csv (wall)" "$(ratio "${med[meibo_csv]}" "${med[floor_csv]}")" 1.5
check "csv: meibo peak RSS (MiB)" "$(calc "${peak[meibo_csv]} / 1024")" 800
check "csv,xlsx: meibo / floor_csv (wall)" "$(ratio "${med[meibo_csv_xlsx]}" "${med[floor_csv]}")" 3.0
check "csv growth: time per row at $rows / at $small" "$(growth meibo_csv small_meibo_csv)" 1.2
check "xlsx ($rows rows): meibo / calamine_xlsx (wall)" "$(ratio "${med[meibo_xlsx]}" "${med[calamine_xlsx]}")" 0.6
if [ "$peers" = 1 ]; then
    printf '%-58s %8.2f\n' "xlsx ($rows rows): meibo / fastexcel_xlsx (wall)" "$(ratio "${med[meibo_xlsx]}" "${med[fastexcel_xlsx]}")"
fi
check "xlsx: meibo peak RSS (MiB)" "$(calc "${peak[meibo_xlsx]} / 1024")" 600
check "xlsx growth: time per row at $rows / at $small" "$(growth meibo_xlsx small_meibo_xlsx)" 1.2
check "xlsx ($small rows): meibo / calamine_xlsx" "$(ratio "${med[small_meibo_xlsx]}" "${med[small_calamine_xlsx]}")" 1.3
