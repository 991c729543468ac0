#!/usr/bin/env bash
# Compare two meibo binaries (say, main before and after a change) on the data bench/run.sh
# generated, alternating them so that load falls on both alike:
#
#   bench/ab.sh BEFORE AFTER [RUNS]
#
# prints, for the 1M-row CSV and the 1M- and 100k-row XLSX, the median wall time, every run and the peak
# RSS of each binary (`--format csv`). Run bench/run.sh once first to generate bench/data/.
set -u
if [ $# -lt 2 ]; then sed -n '2,8p' "$0"; exit 2; fi
before=$1; after=$2; runs=${3:-5}
cd "$(dirname "$0")/.."
data=bench/data
[ -d "$data/csv-1000000" ] && [ -d "$data/xlsx-100000" ] || { echo "run bench/run.sh first (no $data)" >&2; exit 2; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
run() { # BIN SET EMPLOYEES → "seconds kilobytes" (meibo exits 1 when rows are excluded: not an error)
    /usr/bin/time -f "%e %M" "$1" reconcile --employees "$data/$2/$3" \
        --departments "$data/$2/departments.csv" --current-employees "$data/$2/current_employees.csv" \
        --current-departments "$data/$2/current_departments.csv" --out "$out/o" --format csv --quiet \
        2>&1 >/dev/null | tail -1
}
median() { printf '%s\n' "$@" | awk '{print $1}' | sort -n | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'; }
peak() { printf '%s\n' "$@" | awk '{print $2}' | sort -n | tail -1; }
seconds() { printf '%s\n' "$@" | awk '{printf "%s ", $1}'; }
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
for set in "csv-1000000 employees.csv" "xlsx-1000000 employees.xlsx" "xlsx-100000 employees.xlsx"; do
    [ -d "$data/${set%% *}" ] || continue
    b=(); a=()
    for _ in $(seq "$runs"); do
        # shellcheck disable=SC2086
        b+=("$(run "$before" $set)"); a+=("$(run "$after" $set)")
    done
    echo "${set%% *}: before $(median "${b[@]}") s, peak $(( $(peak "${b[@]}") / 1024 )) MiB ($(seconds "${b[@]}"))"
    echo "${set%% *}: after  $(median "${a[@]}") s, peak $(( $(peak "${a[@]}") / 1024 )) MiB ($(seconds "${a[@]}"))"
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
