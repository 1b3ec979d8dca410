#!/usr/bin/env bash
# headers.sh: every header of dtmap (public include/dtmap/*.h and the private src/*/*.h)
# compiles on its own and when included twice: it includes what it uses and all of it is
# inside its include guard; and private headers are included only down the layers.
# labels: unit
set -euo pipefail
src=${DTMAP_SOURCE_DIR:?DTMAP_SOURCE_DIR is not set}
cc=${CC:-cc}
command -v "$cc" >/dev/null || { echo "skip: no C compiler ($cc)"; exit 77; }
command -v pkg-config >/dev/null || { echo "skip: pkg-config not found"; exit 77; }
# the generated version header lives in the build tree when there is one
flags=(-std=c17 -D_POSIX_C_SOURCE=200809L -Wall -Wextra -Werror -fsyntax-only
    -I"$src/include" -I"$src/src")
[ -n "${DTMAP_BUILD_DIR:-}" ] && flags+=(-I"$DTMAP_BUILD_DIR/include")
read -r -a deps <<<"$(pkg-config --cflags gdal proj plplot)"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0 fail=0
for h in "$src"/include/dtmap/*.h "$src"/src/*/*.h; do
    rel=${h#"$src"/}
    printf '#include "%s"\n#include "%s"\n' "$h" "$h" >"$tmp/t.c"
    if ! "$cc" "${flags[@]}" "${deps[@]}" "$tmp/t.c" 2>"$tmp/err"; then
        echo "FAIL: $rel does not compile alone and twice:"
        sed 's/^/  /' "$tmp/err" | head -20
        fail=1
    fi
    n=$((n + 1))
done
[ "$n" -gt 30 ] || { echo "headers.sh: only $n headers found under $src"; exit 1; }
# Private headers follow the layer order too: a file in src/LAYER includes private headers
# ("FOLDER/x.h") only of its own folder or of a layer before it (see tests/build/layers.sh).
rank() {
    case $1 in
    core) echo 0 ;; ingest | geo) echo 1 ;; interp) echo 2 ;; assess) echo 3 ;; output) echo 4 ;;
    job) echo 5 ;; cli) echo 6 ;; *) echo 9 ;;
    esac
}
for f in "$src"/src/*/*.c "$src"/src/*/*.h; do
    layer=$(basename "$(dirname "$f")")
    [ "$layer" = tools ] && continue
    while IFS= read -r inc; do
        [ "$inc" = "$layer" ] || [ "$inc" = dtmap ] && continue
        if [ "$(rank "$inc")" -ge "$(rank "$layer")" ]; then
            echo "FAIL: ${f#"$src"/} includes a private header of $inc (not below $layer)"
            fail=1
        fi
    done < <(sed -n 's/^#include "\([a-z]*\)\/.*/\1/p' "$f" | sort -u)
done
[ "$fail" -eq 0 ] || exit 1
echo "ok: $n headers compile alone and twice; private includes follow the layers"
