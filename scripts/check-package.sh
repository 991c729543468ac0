#!/usr/bin/env bash
# Check a package made by scripts/package.sh as a person receiving it would use it: unpack it in an
# empty temporary folder, verify SHA256SUMS, and run the README's main command there with the
# packaged binary. The command is read from the packaged README.md (its `cargo run --release --`
# replaced by the binary), so it cannot drift from what the README shows. The samples have
# refused rows: the run must exit 1 and write every file its summary.json lists.
#
#   bash scripts/check-package.sh dist/meibo-<version>-<target>.tar.gz
set -euo pipefail
archive=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
fail() { echo "check-package.sh: $*" >&2; exit 1; }
[ -f "$archive" ] || fail "no archive $1"

empty=$(mktemp -d)
trap 'rm -rf "$empty"' EXIT
tar -xzf "$archive" -C "$empty"
cd "$empty"/meibo-*/ || fail "the archive holds no meibo-<version>-<target>/ folder"

if command -v sha256sum >/dev/null 2>&1; then
    sha256sum -c --quiet SHA256SUMS || fail "SHA256SUMS does not match the files"
else
    shasum -a 256 -c --quiet SHA256SUMS || fail "SHA256SUMS does not match the files"
fi
listed=$(wc -l < SHA256SUMS)
present=$(find . -type f ! -name SHA256SUMS | wc -l)
[ "$listed" -eq "$present" ] || fail "SHA256SUMS lists $listed files, the package holds $present"

exe=./meibo
[ -x "$exe" ] || exe=./meibo.exe
line=$(grep -m 1 '^cargo run --release -- reconcile ' README.md) || fail "README.md shows no main command"
read -r -a words <<< "$line"
[ "${words[*]:0:4}" = "cargo run --release --" ] || fail "unexpected command: $line"
args=("${words[@]:4}")
echo "check-package.sh: $exe ${args[*]}" >&2
set +e
"$exe" "${args[@]}"
code=$?
set -e
[ "$code" -eq 1 ] || fail "the README's main command exited $code, expected 1 (the samples have refused rows)"

out=$(printf '%s\n' "${args[@]}" | grep -A1 -x -- '--out' | tail -n 1)
[ -s "$out/summary.json" ] || fail "$out/summary.json is missing or empty"
# Every file summary.json says the run wrote, and the files the README names.
written=$(sed -n '/"outputs": \[/,/\]/p' "$out/summary.json" | sed -n 's/^ *"\(.*\)",\{0,1\}$/\1/p')
for name in $written departments.csv employees.csv import.xlsx exclusions.csv changes.csv warnings.csv report.html; do
    [ -s "$out/$name" ] || fail "$out/$name is missing or empty"
done
echo "check-package.sh: $(basename "$archive"): SHA256SUMS verified ($listed files), main command exit 1, $(wc -w <<< "$written") output files present" >&2
