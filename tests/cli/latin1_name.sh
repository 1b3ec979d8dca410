#!/usr/bin/env bash
# latin1_name.sh: a log whose file name is Latin-1, not UTF-8 ("caf\xe9.csv", as an old Windows
# share or a FAT stick may hand it over). Regression: summary.json wrote the name's raw bytes,
# so the file was not valid UTF-8 and strict JSON readers (Python's json, serde) refused it;
# jq 1.6 hides this by replacing the byte with U+FFFD, so the check is iconv, then jq for
# the syntax and the value. The JSON writer now writes such a byte as its Latin-1 code point
# (\u00e9), so the name reads back as "café".
set -u
command -v jq >/dev/null && command -v iconv >/dev/null || { echo "SKIP: needs jq and iconv"; exit 77; }
src="$DTMAP_SOURCE_DIR/data/demo/town_lte_2025.11.18_09.02.11.csv"
[ -r "$src" ] || { echo "SKIP: $src missing"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
name=$'caf\xe9.csv'
mkdir "$tmp/in" && cp "$src" "$tmp/in/$name" || exit 1
if ! "$DTMAP_BIN" run --quiet --tz +08:00 -o "$tmp/out" "$tmp/in" >"$tmp/log" 2>&1; then
    echo "FAIL: dtmap run on $tmp/in"; cat "$tmp/log"; exit 1
fi
for f in "$tmp/out/summary.json"; do
    if ! iconv -f UTF-8 -t UTF-8 "$f" >/dev/null 2>&1; then
        echo "FAIL: $f is not valid UTF-8"; fail=1
    fi
    if ! jq -e . "$f" >/dev/null; then
        echo "FAIL: $f is not JSON"; fail=1
    fi
done
got=$(jq -r '.inputs[0].file' "$tmp/out/summary.json")
case "$got" in
*/café.csv) ;;
*) echo "FAIL: inputs[0].file is '$got', expected .../café.csv"; fail=1 ;;
esac
grep -q 'caf\\u00e9\.csv' "$tmp/out/summary.json" || { echo "FAIL: no caf\\u00e9.csv"; fail=1; }
[ $fail -eq 0 ] && echo "ok: summary.json is valid UTF-8 JSON with a Latin-1 file name"
exit $fail
