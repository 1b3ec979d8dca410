#!/usr/bin/env bash
# format.sh: every C source and header of the tree matches .clang-format (the house format:
# 4-space indent, 100 columns). Fix with: git ls-files '*.c' '*.h' | xargs clang-format -i
# labels: unit
set -euo pipefail
src=${DTMAP_SOURCE_DIR:?DTMAP_SOURCE_DIR is not set}
fmt=${CLANG_FORMAT:-clang-format}
command -v "$fmt" >/dev/null || { echo "skip: $fmt not found (Debian package clang-format)"; exit 77; }
cd "$src"
[ -f .clang-format ] || { echo "format.sh: no .clang-format in $src"; exit 1; }
mapfile -t files < <(find include src tests -name '*.c' -o -name '*.h' | sort)
[ "${#files[@]}" -gt 100 ] || { echo "format.sh: only ${#files[@]} C files found"; exit 1; }
bad=()
for f in "${files[@]}"; do
    "$fmt" --dry-run -Werror "$f" >/dev/null 2>&1 || bad+=("$f")
done
if [ "${#bad[@]}" -gt 0 ]; then
    echo "FAIL: ${#bad[@]} files do not match .clang-format ($("$fmt" --version)):"
    printf '  %s\n' "${bad[@]}"
    exit 1
fi
echo "ok: ${#files[@]} files match .clang-format"
