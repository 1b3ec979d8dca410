#!/usr/bin/env bash
# run_outputs.sh: facts about `dtmap run` outputs, read back with GDAL's own tools: CRS, nodata,
# bands, statistics known by hand (--method bin, one sample per cell), gap areas, summaries,
# byte-identical repeats and refusal to overwrite.
set -u
D="$DTMAP_TEST_DATA/cli"
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
stat_of() { # stat_of FILE BAND KEY
    gdalinfo -json -stats "$1" 2>/dev/null | jq -r ".bands[$(($2 - 1))].${3}"
}

"$DTMAP_BIN" run -q --method bin --res 20 -o a "$D/small.csv" || { echo "FAIL: run"; exit 1; }
export GDAL_PAM_ENABLED=NO # gdalinfo -stats must not add .aux.xml files to the outputs
info=$(gdalinfo -json a/rsrp_lte.tif)
check "crs epsg" "$(jq -r '.stac["proj:epsg"]' <<<"$info")" 32649
check "bands" "$(jq '.bands | length' <<<"$info")" 1
check "type" "$(jq -r '.bands[0].type' <<<"$info")" Float32
check "nodata" "$(jq -r '.bands[0].noDataValue' <<<"$info")" -9999
check "band 1 description" "$(jq -r '.bands[0].description' <<<"$info")" "LTE RSRP (dBm)"
check "band 1 unit" "$(jq -r '.bands[0].unit' <<<"$info")" dBm
sinfo=$(gdalinfo -json a/rsrp_lte_samples.tif)
check "samples raster description" "$(jq -r '.bands[0].description' <<<"$sinfo")" "LTE RSRP samples per cell"
check "samples raster unit" "$(jq -r '.bands[0].unit' <<<"$sinfo")" count
check "samples raster same grid" "$(jq -c '.geoTransform' <<<"$sinfo")" "$(jq -c '.geoTransform' <<<"$info")"
check "block" "$(jq -r '.bands[0].block[0]' <<<"$info")" 256
check "compression" "$(jq -r '.metadata["IMAGE_STRUCTURE"].COMPRESSION' <<<"$info")" DEFLATE
check "pixel x" "$(jq -r '.geoTransform[1]' <<<"$info")" 20
check "pixel y" "$(jq -r '.geoTransform[5]' <<<"$info")" -20
check "origin x on 20 m" "$(jq -r '.geoTransform[0] % 20' <<<"$info")" 0
check "origin y on 20 m" "$(jq -r '.geoTransform[3] % 20' <<<"$info")" 0
check "metadata technology" "$(jq -r '.metadata[""].TECHNOLOGY' <<<"$info")" LTE
check "metadata samples" "$(jq -r '.metadata[""].SAMPLES' <<<"$info")" 5
check "metadata method" "$(jq -r '.metadata[""].METHOD' <<<"$info")" bin
# LTE RSRP samples: -85 -95 -105 -115 -120, one per cell.
check "lte rsrp min" "$(stat_of a/rsrp_lte.tif 1 minimum)" -120 1e-6
check "lte rsrp max" "$(stat_of a/rsrp_lte.tif 1 maximum)" -85 1e-6
check "lte rsrp mean" "$(stat_of a/rsrp_lte.tif 1 mean)" -104 1e-3
check "samples raster sums to 5" "$(gdal_translate -q -of XYZ a/rsrp_lte_samples.tif /vsistdout/ |
    awk '{ s += $3 } END { print s }')" 5
check "nr rsrp mean" "$(stat_of a/rsrp_nr.tif 1 mean)" -100 1e-3
check "nr sinr max" "$(stat_of a/sinr_nr.tif 1 maximum)" 15 1e-6
# Gaps: LTE RSRP < -110: 2 cells; NR RSRP < -105: 1 cell; LTE SINR < 0: 2; NR SINR < -3: 1.
S=a/summary.json
check "summary accepted" "$(jq .accepted $S)" 8
check "summary rejected" "$(jq .rejected $S)" 0
check "lte rsrp weak area" "$(jq '.layers[] | select(.tech=="LTE" and .metric=="RSRP") | .weak_area_m2' $S)" 800
check "lte rsrp covered area" "$(jq '.layers[] | select(.tech=="LTE" and .metric=="RSRP") | .covered_area_m2' $S)" 1200
check "lte rsrp samples below" "$(jq '.layers[] | select(.tech=="LTE" and .metric=="RSRP") | .samples_below' $S)" 2
check "nr rsrp weak area" "$(jq '.layers[] | select(.tech=="NR" and .metric=="RSRP") | .weak_area_m2' $S)" 400
check "nr sinr weak area" "$(jq '.layers[] | select(.tech=="NR" and .metric=="SINR") | .weak_area_m2' $S)" 400
check "lte rsrq has no threshold" "$(jq '.layers[] | select(.tech=="LTE" and .metric=="RSRQ") | .threshold' $S)" null
check "shares add up" "$(jq '.layers[0] | .covered_share + .weak_share + .unmeasured_share' $S)" 1 1e-9
gap_area=$(ogrinfo -q -dialect SQLite -sql "SELECT SUM(area_m2), SUM(ST_Area(geom)), COUNT(*) FROM gaps_rsrp_lte" a/gaps.gpkg |
    awk -F'= ' '/SUM\(area_m2\)/ { a = $2 } /SUM\(ST_Area/ { g = $2 } END { print a + 0, g + 0 }')
check "gpkg gap area (attribute)" "${gap_area% *}" 800 1e-6
check "gpkg gap area (geometry)" "${gap_area#* }" 800 1e-6
check "gpkg layers" "$(ogrinfo -q a/gaps.gpkg | grep -c 'gaps_')" 4
check "csv rows" "$(wc -l <a/summary.csv)" 7
# Regression: rejects.csv is rewritten (header only) when nothing is rejected, so a stale one
# from an earlier run into the same folder does not survive beside fresh outputs.
check "rejects.csv header only" "$(cat a/rejects.csv)" "file,line,reason,detail"

# Same inputs, same options: byte-identical outputs.
"$DTMAP_BIN" run -q --method bin --res 20 -o b "$D/small.csv"
for f in a/*; do
    cmp -s "$f" "b/${f#a/}" || { echo "FAIL: $f differs between identical runs"; fail=$((fail + 1)); }
done
# IDW too, with different thread counts.
"$DTMAP_BIN" run -q --threads 1 -o c "$D/small.csv" && "$DTMAP_BIN" run -q --threads 3 -o d "$D/small.csv"
for f in c/*.tif; do
    cmp -s "$f" "d/${f#c/}" || { echo "FAIL: $f depends on --threads"; fail=$((fail + 1)); }
done
# IDW never leaves the range of its samples.
check "idw lte rsrp min within samples" "$(stat_of c/rsrp_lte.tif 1 minimum | awk '{ print ($1 >= -120) }')" 1
check "idw lte rsrp max within samples" "$(stat_of c/rsrp_lte.tif 1 maximum | awk '{ print ($1 <= -85) }')" 1

# An existing output is never replaced without --overwrite, and nothing is touched.
before=$(md5sum a/* | md5sum)
"$DTMAP_BIN" run -q --method bin --res 20 -o a "$D/small.csv" 2>err.txt
check "refuses to overwrite (exit)" $? 1
grep -q "exists (use --overwrite" err.txt || { echo "FAIL: no overwrite hint"; fail=$((fail + 1)); }
check "outputs untouched" "$(md5sum a/* | md5sum)" "$before"
"$DTMAP_BIN" run -q --overwrite --method bin --res 50 -o a "$D/small.csv"
check "overwrite replaces (exit)" $? 0
check "overwrite replaced" "$(gdalinfo -json a/rsrp_lte.tif | jq '.geoTransform[1]')" 50
leftovers=$(find . -name '.*.tmp-*' | wc -l)
check "no temporary files" "$leftovers" 0
echo "$((n - fail)) passed, $fail failed"
[ "$fail" -eq 0 ]
