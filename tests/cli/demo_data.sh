#!/usr/bin/env bash
# demo_data.sh: the bundled demo campaign is exactly what dtmap-gen writes with the documented
# seed (every generated file: G-NetTrack CSV, NMEA, RedCap and NB-IoT AT transcripts, Nemo .nmf;
# nothing missing, nothing extra), the whole folder stays under 2.5 MB, and `dtmap run` on the
# folder rejects exactly the nine deliberately bad lines listed in data/demo/README.md.
set -u
[ -x "${DTMAP_GEN:-}" ] || { echo "FAIL: dtmap-gen not built"; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
demo="$DTMAP_SOURCE_DIR/data/demo"
fail=0
"$DTMAP_GEN" --quiet --seed 20260101 --out-dir "$tmp/gen" || { echo "FAIL: dtmap-gen"; exit 1; }
# same file names on both sides (README.md and areas.geojson are the hand-written files)
have=$(cd "$demo" && ls | grep -vxE "README.md|areas.geojson" | sort)
want=$(cd "$tmp/gen" && ls | sort)
[ "$have" = "$want" ] || { echo "FAIL: files differ:"; diff <(echo "$want") <(echo "$have"); fail=$((fail + 1)); }
[ "$(echo "$want" | wc -l)" = 9 ] || { echo "FAIL: dtmap-gen wrote $(echo "$want" | wc -l) files, not 9"; fail=$((fail + 1)); }
for name in $want; do
    [ -f "$demo/$name" ] || continue
    cmp -s "$demo/$name" "$tmp/gen/$name" || { echo "FAIL: $name is not what seed 20260101 gives"; fail=$((fail + 1)); }
done
size=$(cat "$demo"/* | wc -c)
[ "$size" -lt 2500000 ] || { echo "FAIL: demo is $size bytes"; fail=$((fail + 1)); }
# The whole folder, as the README runs it: every format, joined by time, with the README.md
# listed as not a log. Exactly the nine deliberate bad lines are rejected.
redcap=town_redcap_rg255c_2026.03.14_09.20.28.log
cd "$tmp" && "$DTMAP_BIN" run -q --tz +08:00 --redcap $redcap -o out "$demo" || { echo "FAIL: run"; exit 1; }
got=$(tail -n +2 out/rejects.csv | awk -F, '{ n = split($1, p, "/"); print p[n] ":" $2 ":" $3 }' | sort)
want=$(printf '%s\n' town_lte_2025.11.18_09.02.11.csv:2:zero_position \
    town_lte_2025.11.18_09.02.11.csv:1214:no_metric scenic_lte_2025.11.18_14.10.40.csv:642:rsrp_range \
    scenic_lte_2025.11.18_14.10.40.csv:1507:tech_not_mapped town_nrsa_2025.11.19_10.05.02.csv:1035:fields \
    scenic_nrsa_2025.11.19_15.20.30.csv:779:bad_number town_gnss_2026.03.14_09.20.00.nmea:637:checksum \
    $redcap:418:fields town_nbiot_bc28_2026.03.14_09.20.40.log:1067:no_metric | sort)
[ "$got" = "$want" ] || { echo "FAIL: rejects differ:"; diff <(echo "$want") <(echo "$got"); fail=$((fail + 1)); }
[ "$(jq .accepted out/summary.json)" = 17055 ] || { echo "FAIL: accepted $(jq .accepted out/summary.json)"; fail=$((fail + 1)); }
[ "$(jq -r '.not_logs[0].file' out/summary.json)" = "$demo/README.md" ] || { echo "FAIL: not_logs"; fail=$((fail + 1)); }
# every line of the line-oriented logs is accounted for
for f in nmea redcap nbiot nemo; do
    ok=$(jq --arg f $f '[.inputs[] | select(.file | contains($f)) |
        (.lines == .blank + .meta + .records and .records == .accepted + .fixes + .skipped + .rejected)]
        | length == 1 and all' out/summary.json)
    [ "$ok" = true ] || { echo "FAIL: $f line accounting"; fail=$((fail + 1)); }
done
# RedCap samples are their own layer, never NR's; NB-IoT ECL counts are the generator's
for t in redcap nbiot; do [ -s out/rsrp_$t.tif ] || { echo "FAIL: no rsrp_$t.tif"; fail=$((fail + 1)); }; done
[ "$(jq -c .ecl.samples_by_level out/summary.json)" = "[105,54,14]" ] || { echo "FAIL: ECL levels"; fail=$((fail + 1)); }
[ -s out/ecl_nbiot.tif ] && [ -s out/ecl_ce2_share_nbiot.tif ] || { echo "FAIL: ECL maps"; fail=$((fail + 1)); }
# As scripts/demo runs it, with the town and the scenic spot as areas (areas.geojson is then not
# listed as a log): both get a report section with every technology, kind shares summing to 1,
# gap layers and charts; the scenic spot, never driven with the modules, is all unmeasured for
# RedCap and NB-IoT, never covered or weak.
"$DTMAP_BIN" run -q --tz +08:00 --redcap $redcap --areas "$demo/areas.geojson" -o areas "$demo" ||
    { echo "FAIL: run --areas"; exit 1; }
[ "$(jq '[.not_logs[].file] | map(select(endswith("areas.geojson"))) | length' areas/summary.json)" = 0 ] ||
    { echo "FAIL: areas file read as a log"; fail=$((fail + 1)); }
[ "$(jq -c '[.areas[] | .name + ":" + ([.technologies[].tech] | join(","))]' areas/areas.json)" = \
  '["Yangshuo town 阳朔县城:LTE,NR,NR RedCap,NB-IoT","Yulong River scenic area 遇龙河景区:LTE,NR,NR RedCap,NB-IoT"]' ] ||
    { echo "FAIL: areas x technologies"; fail=$((fail + 1)); }
[ "$(jq '[.areas[].technologies[] | .kind_share | .covered + .weak + .interference + .unmeasured + .outside_grid
         | . - 1 | fabs < 1e-9] | all' areas/areas.json)" = true ] || { echo "FAIL: kind shares"; fail=$((fail + 1)); }
[ "$(jq -c '[.areas[1].technologies[] | select(.tech == "NR RedCap" or .tech == "NB-IoT")
         | [.samples, .kind_share.covered, .kind_share.weak, (.unmeasured_share * 1e6 | round)]]' areas/areas.json)" = \
  '[[0,0,0,1000000],[0,0,0,1000000]]' ] || { echo "FAIL: scenic RedCap/NB-IoT not all unmeasured"; fail=$((fail + 1)); }
for a in "Yangshuo town 阳朔县城" "Yulong River scenic area 遇龙河景区"; do
    grep -qx "## $a" areas/report.md || { echo "FAIL: no report section for $a"; fail=$((fail + 1)); }
done
[ "$(ls areas/charts | grep -c '^01-yangshuo-town-.*\.png$')" = 20 ] || { echo "FAIL: town charts"; fail=$((fail + 1)); }
[ "$(ls areas/charts | grep -c '^02-yulong-river-scenic-area-\(lte\|nr\)-.*\.png$')" = 10 ] ||
    { echo "FAIL: scenic charts"; fail=$((fail + 1)); }
for k in weak interference unmeasured; do
    c=$(ogrinfo -ro -q -sql "SELECT COUNT(*) AS c FROM gaps_$k" areas/area_gaps.gpkg | awk -F'= ' '/c \(Integer/ { print $2 }')
    [ "$c" = "$(jq .areas.gaps.$k areas/summary.json)" ] && [ "$c" -gt 0 ] ||
        { echo "FAIL: gaps_$k has $c features"; fail=$((fail + 1)); }
done
echo "demo data: $fail problem(s)"
[ "$fail" -eq 0 ]
