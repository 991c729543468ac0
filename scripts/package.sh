#!/usr/bin/env bash
# The package to carry onto a machine without a network (docs/install.md): a release build of meibo
# for this machine, with README.md, LICENSE, docs/ and samples/, and SHA256SUMS (the SHA-256 of
# every other file of the package), as dist/meibo-<version>-<target>.tar.gz — and a .zip of the
# same when `zip` or Python is at hand. Prints the path of each archive written ("wrote PATH").
#
#   bash scripts/package.sh
#
# Runs on Linux and macOS (bash, tar, sha256sum or shasum). CARGO_TARGET_DIR is honoured.
set -euo pipefail
cd "$(dirname "$0")/.."

version=$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -n 1)
target=$(rustc -vV | sed -n 's/^host: //p')
[ -n "$version" ] && [ -n "$target" ] || { echo "package.sh: cannot read the version (Cargo.toml) or the target (rustc -vV)" >&2; exit 2; }
name="meibo-$version-$target"

echo "package.sh: building meibo $version for $target (cargo build --release --locked)" >&2
cargo build --release --locked
target_dir=${CARGO_TARGET_DIR:-target}
exe=meibo
case "$target" in *windows*) exe=meibo.exe ;; esac
binary="$target_dir/release/$exe"
[ -x "$binary" ] || { echo "package.sh: the build left no $binary" >&2; exit 2; }

# The files of the repository (git's list when this is a clone: no stray output folders).
files_of() {
    if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
        git ls-files -z -- "$@"
    else
        find "$@" -type f -print0
    fi
}

stage=dist/$name
rm -rf "$stage" "dist/$name.tar.gz" "dist/$name.zip"
mkdir -p "$stage"
cp "$binary" "$stage/$exe"
files_of README.md LICENSE docs samples | while IFS= read -r -d '' file; do
    mkdir -p "$stage/$(dirname "$file")"
    cp "$file" "$stage/$file"
done

if command -v sha256sum >/dev/null 2>&1; then
    sha=(sha256sum)
else
    sha=(shasum -a 256)
fi
(
    cd "$stage"
    find . -type f ! -name SHA256SUMS | LC_ALL=C sort | sed 's|^\./||' | while IFS= read -r file; do
        "${sha[@]}" "$file"
    done > SHA256SUMS
)

tar -czf "dist/$name.tar.gz" -C dist "$name"
echo "wrote dist/$name.tar.gz"
if command -v zip >/dev/null 2>&1; then
    (cd dist && zip -qr "$name.zip" "$name")
    echo "wrote dist/$name.zip"
elif command -v python3 >/dev/null 2>&1; then
    (cd dist && python3 -m zipfile -c "$name.zip" "$name")
    echo "wrote dist/$name.zip"
else
    echo "package.sh: neither zip nor python3 found; no .zip written (the .tar.gz holds the same)" >&2
fi
rm -rf "$stage"
