#!/usr/bin/env bash
# area_report.sh: `dtmap run --areas` on a case whose answers are known by hand, read back with
# GDAL's own tools (ogrinfo, gdalinfo) and jq.
#
# The area is a 200 m x 200 m square (EPSG:32649, x 500000..500200, y 2740000..2740200) on a
# 20 m grid (--method bin: a cell is measured exactly when a sample falls in it). One LTE sample
# sits at the centre of each cell of the square's west half (50 cells, 0.02 km2), projected to
# lon/lat with cs2cs. Most read RSRP -90 dBm and SINR 10 dB (covered); a 60 m x 40 m block in
# the south-west corner (6 cells) is weak (RSRP below -110: -120 dBm, one cell -126 dBm), and a
# 40 m x 40 m block in the north-west corner (4 cells) has RSRP -90 but SINR -5 dB
# (interference, below 0). The east half has no sample: unmeasured. So, of 40,000 m2:
# covered 30,000 - 2,400 - 1,600 = 16,000 (0.40), weak 2,400 (0.06), interference 1,600 (0.04),
# unmeasured 20,000 (0.50); one gap of each kind with exactly those areas.
set -u
D="$DTMAP_TEST_DATA/areareport"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1
fail=0 n=0
check() { # check NAME ACTUAL EXPECTED [TOLERANCE]
    n=$((n + 1))
    if ! awk -v a="$2" -v b="$3" -v t="${4:-0}" 'BEGIN { d = a - b; if (d < 0) d = -d;
            exit !((a == b) || (a ~ /^-?[0-9.e+-]+$/ && d <= t)) }'; then
        echo "FAIL $1: got '$2', expected '$3'"; fail=$((fail + 1))
    fi
}

# Cell centres of the west half: columns 0..4, rows 0..9 counted from the south.
awk 'BEGIN { for (i = 0; i < 5; i++) for (j = 0; j < 10; j++)
             printf "%d %d %d %d\n", 500010 + 20 * i, 2740010 + 20 * j, i, j }' >cells.txt
awk '{ print $1, $2 }' cells.txt | cs2cs -f %.9f EPSG:32649 EPSG:4326 >lonlat.txt ||
    { echo "FAIL: cs2cs"; exit 1; }
{
    echo "time,lon,lat,tech,rsrp,sinr"
    paste -d' ' lonlat.txt cells.txt | awk '{
        lat = $1; lon = $2; i = $6; j = $7; rsrp = -90; sinr = 10 # $3: cs2cs height
        if (i <= 2 && j <= 1) rsrp = (i == 0 && j == 0) ? -126 : -120
        if (i >= 3 && j >= 8) sinr = -5
        printf "2026-03-14T01:%02d:%02dZ,%s,%s,lte,%d,%d\n", i, j, lon, lat, rsrp, sinr }'
} >square.csv

"$DTMAP_BIN" run -q --crs EPSG:32649 --res 20 --method bin --min-gap-area 0 \
    --areas "$D/square.geojson" -o out square.csv 2>err.txt || {
    echo "FAIL: run"; cat err.txt; exit 1; }

j=out/areas.json
check "areas" "$(jq '.areas | length' $j)" 1
check "name" "$(jq -r '.areas[0].name' $j)" "试验方块 test square"
check "area_m2" "$(jq '.areas[0].area_m2' $j)" 40000 1e-6
t='.areas[0].technologies[0]'
check "tech" "$(jq -r "$t.tech" $j)" LTE
check "covered share" "$(jq "$t.kind_share.covered" $j)" 0.40 1e-9
check "weak share" "$(jq "$t.kind_share.weak" $j)" 0.06 1e-9
check "interference share" "$(jq "$t.kind_share.interference" $j)" 0.04 1e-9
check "unmeasured share" "$(jq "$t.kind_share.unmeasured" $j)" 0.50 1e-9
check "measured share" "$(jq "$t.measured_share" $j)" 0.50 1e-9
check "samples" "$(jq "$t.samples" $j)" 50
check "samples per km2" "$(jq "$t.samples_per_km2" $j)" 1250 1e-6
check "rsrp median" "$(jq "$t.rsrp.median" $j)" -90 1e-9
# 44 samples at -90, 5 at -120, 1 at -126: p5 = v[2.45] = -120.
check "rsrp p5" "$(jq "$t.rsrp.p5" $j)" -120 1e-9
check "sinr p5" "$(jq "$t.sinr.p5" $j)" -5 1e-9
# The weak threshold -110 is one of the levels: share of the area at or above it = 0.44.
check "level -110" "$(jq "[$t.levels[] | select(.rsrp_dbm == -110)][0].share" $j)" 0.44 1e-9

# Gaps: one of each kind, areas as above, read back with OGR.
g=out/area_gaps.gpkg
for kv in weak:2400 interference:1600 unmeasured:20000; do
    k=${kv%%:*} a=${kv#*:}
    check "gaps_$k features" "$(ogrinfo -ro -q -sql "SELECT COUNT(*) AS c FROM gaps_$k" $g |
        awk -F'= ' '/c \(Integer/ { print $2 }')" 1
    check "gaps_$k ST_Area" "$(ogrinfo -ro -q -dialect SQLite \
        -sql "SELECT ST_Area(geom) AS a FROM gaps_$k" $g | awk -F'= ' '/a \(Real/ { print $2 }')" "$a" 1e-6
    check "gaps_$k area_m2 field" "$(ogrinfo -ro -q -sql "SELECT area_m2 FROM gaps_$k" $g |
        awk -F'= ' '/area_m2 \(Real/ { print $2 }')" "$a" 1e-6
done
weak=$(ogrinfo -ro -q -sql "SELECT worst, mean, samples, ncells FROM gaps_weak" $g)
check "weak worst" "$(awk -F'= ' '/worst \(Real/ { print $2 }' <<<"$weak")" -126 1e-6
# mean through mW: 10 log10((5 x 10^-12 + 10^-12.6) / 6)
check "weak mean" "$(awk -F'= ' '/mean \(Real/ { print $2 }' <<<"$weak")" \
    "$(awk 'BEGIN { printf "%.9f", 10 * log((5e-12 + 10^-12.6) / 6) / log(10) }')" 1e-6
check "weak samples" "$(awk -F'= ' '/samples \(Integer64/ { print $2 }' <<<"$weak")" 6
check "weak ncells" "$(awk -F'= ' '/ncells \(Integer/ { print $2 }' <<<"$weak")" 6

# The gap-kind raster, counted by gdalinfo's histogram over 0..4 (buckets of width 1).
export GDAL_PAM_ENABLED=NO
hist=$(gdalinfo -json -hist -nomd out/gapclass_lte.tif | jq -c '.bands[0].histogram')
check "kind raster covered cells" "$(jq -r '.buckets[1]' <<<"$hist")" 40
check "kind raster weak cells" "$(jq -r '.buckets[2]' <<<"$hist")" 6
check "kind raster interference cells" "$(jq -r '.buckets[3]' <<<"$hist")" 4

# The Markdown report has the area's section and its kinds; the CSV one row with the shares.
check "report section" "$(grep -c '^## 试验方块 test square' out/report.md)" 1
check "csv rows" "$(($(wc -l <out/areas.csv) - 1))" 1
check "csv covered" "$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "covered_share") c = i }
    NR == 2 { print $c }' out/areas.csv)" 0.40 1e-9
for c in rsrp-cdf rsrp-hist sinr-cdf sinr-hist map; do
    for e in png svg; do
        n=$((n + 1))
        [ -s "out/charts/01-test-square-lte-$c.$e" ] || {
            echo "FAIL: chart 01-test-square-lte-$c.$e missing"; fail=$((fail + 1)); }
    done
done

# Same inputs, same outputs; no --overwrite, no run.
"$DTMAP_BIN" run -q --crs EPSG:32649 --res 20 --method bin --min-gap-area 0 \
    --areas "$D/square.geojson" -o out2 square.csv 2>/dev/null
for f in areas.json areas.csv report.md area_gaps.gpkg gapclass_lte.tif charts/01-test-square-lte-map.png; do
    n=$((n + 1))
    cmp -s "out/$f" "out2/$f" || { echo "FAIL: $f differs between two runs"; fail=$((fail + 1)); }
done
n=$((n + 1))
if "$DTMAP_BIN" run -q --crs EPSG:32649 --res 20 --method bin --areas "$D/square.geojson" \
    -o out square.csv 2>/dev/null; then echo "FAIL: ran over existing outputs"; fail=$((fail + 1)); fi

# --min-gap-area 2000 drops the 1,600 m2 interference gap, keeps the others.
"$DTMAP_BIN" run -q --crs EPSG:32649 --res 20 --method bin --min-gap-area 2000 \
    --areas "$D/square.geojson" --no-charts -o out3 square.csv 2>/dev/null
check "min-gap-area interference" "$(ogrinfo -ro -q -sql 'SELECT COUNT(*) AS c FROM gaps_interference' \
    out3/area_gaps.gpkg | awk -F'= ' '/c \(Integer/ { print $2 }')" 0
check "min-gap-area weak" "$(ogrinfo -ro -q -sql 'SELECT COUNT(*) AS c FROM gaps_weak' \
    out3/area_gaps.gpkg | awk -F'= ' '/c \(Integer/ { print $2 }')" 1
n=$((n + 1))
[ ! -e out3/charts ] || { echo "FAIL: --no-charts drew charts"; fail=$((fail + 1)); }

echo "$((n - fail)) passed, $fail failed"
[ "$fail" -eq 0 ]
