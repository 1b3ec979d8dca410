#!/usr/bin/env bash
# demo_data.sh: the bundled demo campaign is exactly what dtmap-gen writes with the documented
# seed (every generated file: G-NetTrack CSV, NMEA, RedCap and NB-IoT AT transcripts, Nemo .nmf;
# nothing missing, nothing extra), the whole folder stays under 2.5 MB, and `dtmap run` on the
# CSV drives rejects exactly the six deliberately bad rows listed in data/demo/README.md.
set -u
[ -x "${DTMAP_GEN:-}" ] || { echo "FAIL: dtmap-gen not built"; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
demo="$DTMAP_SOURCE_DIR/data/demo"
fail=0
"$DTMAP_GEN" --quiet --seed 20260101 --out-dir "$tmp/gen" || { echo "FAIL: dtmap-gen"; exit 1; }
# same file names on both sides (README.md is the only hand-written file in the folder)
have=$(cd "$demo" && ls | grep -vx README.md | sort)
want=$(cd "$tmp/gen" && ls | sort)
[ "$have" = "$want" ] || { echo "FAIL: files differ:"; diff <(echo "$want") <(echo "$have"); fail=$((fail + 1)); }
[ "$(echo "$want" | wc -l)" = 9 ] || { echo "FAIL: dtmap-gen wrote $(echo "$want" | wc -l) files, not 9"; fail=$((fail + 1)); }
for name in $want; do
    [ -f "$demo/$name" ] || continue
    cmp -s "$demo/$name" "$tmp/gen/$name" || { echo "FAIL: $name is not what seed 20260101 gives"; fail=$((fail + 1)); }
done
size=$(cat "$demo"/* | wc -c)
[ "$size" -lt 2500000 ] || { echo "FAIL: demo is $size bytes"; fail=$((fail + 1)); }
# the readers of the other formats are tested elsewhere; this run covers the G-NetTrack drives
cd "$tmp" && "$DTMAP_BIN" run -q --tz +08:00 -o out "$demo"/*.csv || { echo "FAIL: run"; exit 1; }
got=$(tail -n +2 out/rejects.csv | awk -F, '{ n = split($1, p, "/"); print p[n] ":" $2 ":" $3 }' | sort)
want=$(printf '%s\n' town_lte_2025.11.18_09.02.11.csv:2:zero_position \
    town_lte_2025.11.18_09.02.11.csv:1214:no_metric scenic_lte_2025.11.18_14.10.40.csv:642:rsrp_range \
    scenic_lte_2025.11.18_14.10.40.csv:1507:tech_not_mapped town_nrsa_2025.11.19_10.05.02.csv:1035:fields \
    scenic_nrsa_2025.11.19_15.20.30.csv:779:bad_number | sort)
[ "$got" = "$want" ] || { echo "FAIL: rejects differ:"; diff <(echo "$want") <(echo "$got"); fail=$((fail + 1)); }
[ "$(jq .accepted out/summary.json)" = 13151 ] || { echo "FAIL: accepted"; fail=$((fail + 1)); }
echo "demo data: $fail problem(s)"
[ "$fail" -eq 0 ]
