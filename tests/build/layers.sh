#!/usr/bin/env bash
# layers.sh: libdtmap's layer order and symbol names, read from its object files (nm), as
# SQLite checks its exported symbols. The layers, each using only those before it:
#   core -> ingest, geo -> interp -> assess -> output -> job
# (ingest and geo are side by side: neither uses the other). Every external symbol starts with
# "dtmap": public dtmap_*, internal dtmapi_*; the CLI on top uses only the public ones. Needs
# DTMAP_LIB_OBJECTS and DTMAP_CLI_OBJECTS: files listing the object files of the library and
# of the dtmap program, one per line (written by tests/CMakeLists.txt).
# labels: unit
set -euo pipefail
list=${DTMAP_LIB_OBJECTS:?DTMAP_LIB_OBJECTS (list of libdtmap objects) is not set}
command -v nm >/dev/null || { echo "skip: nm not found"; exit 77; }

# rank LAYER: the layer's place in the order.
rank() {
    case $1 in
    core) echo 0 ;; ingest | geo) echo 1 ;; interp) echo 2 ;; assess) echo 3 ;;
    output) echo 4 ;; job) echo 5 ;; *) echo "layers.sh: object in unknown folder '$1'" >&2
        exit 1 ;;
    esac
}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0
while IFS= read -r obj; do
    [ -n "$obj" ] || continue
    # .../src/LAYER/NAME.c.o, or .../generated/NAME.c.o (the built-in profiles: core)
    dir=$(basename "$(dirname "$obj")")
    [ "$dir" = generated ] && dir=core
    name="$dir/$(basename "$obj" .c.o)"
    # (the sanitizer's own __odr_asan.* and __asan_* symbols are not dtmap's)
    nm -g --defined-only "$obj" | awk -v o="$name" 'NF == 3 && $3 !~ /^__(odr_)?asan/ { print $3, o }' >>"$tmp/defs"
    nm -u "$obj" | awk -v o="$name" '{ print $NF, o }' >>"$tmp/uses"
    n=$((n + 1))
done <"$list"
[ "$n" -gt 20 ] || { echo "layers.sh: only $n objects listed in $list"; exit 1; }
sort -o "$tmp/defs" "$tmp/defs"
sort -o "$tmp/uses" "$tmp/uses"

fail=0
# every external symbol is prefixed
bad=$(awk '$1 !~ /^dtmap/ { print "  " $1 " (defined in " $2 ")" }' "$tmp/defs")
if [ -n "$bad" ]; then
    echo "FAIL: external symbols of libdtmap without the dtmap prefix:"
    echo "$bad"
    fail=1
fi
# a symbol defined twice would make the layer of its users ambiguous
dup=$(awk '{ print $1 }' "$tmp/defs" | uniq -d)
[ -z "$dup" ] || { echo "FAIL: symbols defined in two objects: $dup"; fail=1; }

# every use of a symbol defined in the library: the definer's layer must come before the
# user's, or be the user's own folder
while read -r sym user definer; do
    u=${user%%/*} d=${definer%%/*}
    [ "$u" = "$d" ] && continue
    ru=$(rank "$u") rd=$(rank "$d")
    if [ "$rd" -ge "$ru" ]; then
        echo "FAIL: $user uses $sym from $definer ($d is not below $u)"
        fail=1
    fi
done < <(join "$tmp/uses" "$tmp/defs")

# the CLI is a client of the public API: no dtmapi_* symbol
if [ -n "${DTMAP_CLI_OBJECTS:-}" ]; then
    ncli=0
    while IFS= read -r obj; do
        [ -n "$obj" ] || continue
        ncli=$((ncli + 1))
        internal=$(nm -u "$obj" | awk '$NF ~ /^dtmapi_/ { print $NF }')
        for sym in $internal; do
            echo "FAIL: cli/$(basename "$obj" .c.o) uses the internal $sym (not public API)"
            fail=1
        done
    done <"$DTMAP_CLI_OBJECTS"
    [ "$ncli" -gt 3 ] || { echo "layers.sh: only $ncli CLI objects listed"; exit 1; }
fi

uses=$(join "$tmp/uses" "$tmp/defs" | wc -l)
[ "$uses" -gt 100 ] || { echo "layers.sh: only $uses cross-object uses found"; exit 1; }
[ "$fail" -eq 0 ] || exit 1
echo "ok: $n objects, $(wc -l <"$tmp/defs") external symbols, $uses uses, all in layer order"
