#!/usr/bin/env bash
# nemo_run.sh: `dtmap run` on the folder of real Nemo logs: every line of every log is
# accounted for in summary.json, the counts are those measured by hand (awk over the raw
# files), the LICENSE and the reference CSV are listed as not logs, and the maps exist.
set -u
dir="$DTMAP_SHARED_REAL/nemo"
[ -d "$dir" ] || { echo "no $dir: skipped"; exit 77; }
command -v jq >/dev/null || { echo "no jq"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1
fail=0
"$DTMAP_BIN" run -q --res 50 -o out "$dir" || { echo "FAIL: run"; exit 1; }
check() { # file-name-part jq-expression expected
    got=$(jq -r --arg f "$1" ".inputs[] | select(.file | contains(\$f)) | $2" out/summary.json)
    [ "$got" = "$3" ] || { echo "FAIL: $1 $2 = $got, expected $3"; fail=$((fail + 1)); }
}
for f in RBR0395 RYG0443 TDD_BKK; do
    check $f '.lines == .blank + .meta + .records' true
    check $f '.records == .accepted + .fixes + .skipped + .rejected' true
    check $f '.format' nemo
    # wc -l counts lines; the files end with a newline
    check $f '.lines' "$(wc -l <"$(ls "$dir"/$f*.nmf)")"
done
# GPS events (awk: grep -c '^GPS,'), every one a fix
check RBR0395 .fixes 175
check RYG0443 .fixes 52
check TDD_BKK .fixes 69
# scanner: 951 + 52 channel scans with cells, one before the first GPS fix is unpositioned,
# 883 empty channel-125 scans
check RBR0395 .accepted 1002
check RBR0395 '.rejected_by_reason.no_metric' 883
check RBR0395 '.rejected_by_reason.unpositioned' 1
check RBR0395 '.skipped_by_kind.PILOTSCAN' 1901
check RYG0443 '.device' 'Nemo Outdoor 7.8.0.8, format 2.27'
[ "$(jq '.not_logs | length' out/summary.json)" = 2 ] || { echo "FAIL: not_logs"; fail=$((fail + 1)); }
[ -s out/rsrp_lte.tif ] && [ -s out/sinr_lte.tif ] || { echo "FAIL: maps"; fail=$((fail + 1)); }
echo "nemo run: $fail problem(s)"
[ "$fail" -eq 0 ]
