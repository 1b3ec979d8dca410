#!/usr/bin/env bash
# run_outputs.sh: facts about `dtmap run` outputs, read back with GDAL's own tools: CRS, nodata,
# bands, statistics and valid-pixel counts known by hand (--method bin, one sample per cell), gap
# areas, summaries, byte-identical repeats and refusal to overwrite. The raster assertions come
# from tests/lib/assert.sh and fail on a band with no valid pixel.
set -u
. "$DTMAP_SOURCE_DIR/tests/lib/assert.sh"
D="$DTMAP_TEST_DATA/cli"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1
check() { try assert_value "$@"; } # check NAME ACTUAL EXPECTED [TOLERANCE]

"$DTMAP_BIN" run -q --method bin --res 20 -o a "$D/small.csv" || { echo "FAIL: run"; exit 1; }
export GDAL_PAM_ENABLED=NO # gdalinfo must not add .aux.xml files to the outputs
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
# LTE RSRP samples: -85 -95 -105 -115 -120, one per cell: 5 valid cells of the 11 x 1 grid; the
# samples raster counts 1 there and 0 elsewhere in the grid (a count, never nodata there). The
# raster's north-west corner sits on the 256-cell tiling (nodata cells beyond the grid), its
# south-east corner is the grid's.
check "grid size" "$(jq -c '[.grid.ncols, .grid.nrows]' a/summary.json)" "[11,1]"
check "raster ends at the grid's south-east corner" "$(jq -r --argjson g "$(jq .grid a/summary.json)" \
    '(.geoTransform[0] + .size[0] * 20 == $g.xmin + $g.ncols * 20) and (.geoTransform[3] - .size[1] * 20 == $g.ymax - $g.nrows * 20) and (.geoTransform[0] % 5120 == 0) and (.geoTransform[3] % 5120 == 0)' <<<"$info")" true
try assert_raster_valid_count a/rsrp_lte.tif 1 5 5
try assert_raster_stats a/rsrp_lte.tif 1 -120 -85 -104 1e-3
try assert_raster_valid_count a/rsrp_lte_samples.tif 1 11 11
try assert_raster_stats a/rsrp_lte_samples.tif 1 0 1 - 0
check "samples raster sums to 5" "$(gdal_translate -q -of XYZ a/rsrp_lte_samples.tif /vsistdout/ |
    awk '$3 != -9999 { s += $3 } END { print s }')" 5 0
# NR RSRP -90 -100 -110, SINR 15 6 -4.
try assert_raster_valid_count a/rsrp_nr.tif 1 3 3
try assert_raster_stats a/rsrp_nr.tif 1 -110 -90 -100 1e-3
try assert_raster_stats a/sinr_nr.tif 1 -4 15 - 1e-6
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
try assert_vector_features a/gaps.gpkg gaps_rsrp_lte 1
try assert_csv_rows a/summary.csv 6 6
# Regression: rejects.csv is rewritten (header only) when nothing is rejected, so a stale one
# from an earlier run into the same folder does not survive beside fresh outputs.
check "rejects.csv header only" "$(cat a/rejects.csv)" "file,line,reason,detail"

# Same inputs, same options: byte-identical outputs.
"$DTMAP_BIN" run -q --method bin --res 20 -o b "$D/small.csv"
for f in a/*; do
    check "$f identical in a second run" "$(cmp -s "$f" "b/${f#a/}" && echo same)" same
done
# IDW too, with different thread counts.
"$DTMAP_BIN" run -q --threads 1 -o c "$D/small.csv" && "$DTMAP_BIN" run -q --threads 3 -o d "$D/small.csv"
for f in c/*.tif; do
    check "$f the same with --threads 1 and 3" "$(cmp -s "$f" "d/${f#c/}" && echo same)" same
done
# IDW never leaves the range of its samples, and fills more cells than there are samples.
try assert_raster_range c/rsrp_lte.tif 1 -120 -85
try assert_raster_valid_count c/rsrp_lte.tif 1 6

# An existing output is never replaced without --overwrite, and nothing is touched.
before=$(md5sum a/* | md5sum)
"$DTMAP_BIN" run -q --method bin --res 20 -o a "$D/small.csv" 2>err.txt
check "refuses to overwrite (exit)" $? 1
check "overwrite hint" "$(grep -c "exists (use --overwrite" err.txt)" 1
check "outputs untouched" "$(md5sum a/* | md5sum)" "$before"
"$DTMAP_BIN" run -q --overwrite --method bin --res 50 -o a "$D/small.csv"
check "overwrite replaces (exit)" $? 0
check "overwrite replaced" "$(gdalinfo -json a/rsrp_lte.tif | jq '.geoTransform[1]')" 50
leftovers=$(find . -name '.*.tmp-*' | wc -l)
check "no temporary files" "$leftovers" 0
assert_summary
