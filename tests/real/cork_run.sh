#!/usr/bin/env bash
# cork_run.sh: `dtmap run` on the real Cork G-NetTrack logs (16 drives, 27,591 records). Asserts
# the accounting measured and cross-checked with awk (4,428 3G rows = HSPA+ 4338 + HSDPA 41 +
# HSUPA 41 + UMTS 8; 3 "nothing measured" rows with RSRP -200), and raster facts read back with
# gdalinfo / gdal_translate / ogrinfo, as measured on 2026-11-21 with the default options.
# labels: slow
set -u
dir="$DTMAP_SHARED_REAL/gnettrack-cork"
[ -d "$dir" ] || { echo "no $dir: skipped"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1
export GDAL_PAM_ENABLED=NO
fail=0 n=0
check() { # check NAME ACTUAL EXPECTED [TOLERANCE]
    n=$((n + 1))
    awk -v a="$2" -v b="$3" -v t="${4:-0}" 'BEGIN { d = a - b; if (d < 0) d = -d;
        exit !(a == b || d <= t) }' || { echo "FAIL $1: got '$2', expected '$3'"; fail=$((fail + 1)); }
}
"$DTMAP_BIN" run -q --tz +00:00 -o out "$dir"/*.csv || { echo "FAIL: dtmap run"; exit 1; }
S=out/summary.json
check "accepted" "$(jq .accepted $S)" 23160
check "rejected" "$(jq .rejected $S)" 4431
check "records" "$(jq '[.inputs[].records] | add' $S)" 27591
check "tech_not_mapped" "$(jq '[.inputs[].rejected_by_reason.tech_not_mapped // 0] | add' $S)" 4428
check "no_metric" "$(jq '[.inputs[].rejected_by_reason.no_metric // 0] | add' $S)" 3
check "rejects.csv rows" "$(($(wc -l <out/rejects.csv) - 1))" 4431
check "crs" "$(jq -r .crs.id $S)" EPSG:32629
check "grid" "$(jq -r '"\(.grid.ncols)x\(.grid.nrows)"' $S)" 421x393
check "layers" "$(jq '.layers | length' $S)" 3
# Every accepted sample lands in the samples raster, whatever the interpolator does.
for m in rsrp sinr; do
    check "$m samples raster total" "$(gdal_translate -q -of XYZ out/${m}_lte_samples.tif /vsistdout/ |
        awk '$3 != -9999 { s += $3 } END { print s }')" 23160
done
check "rsrq samples raster total" "$(gdal_translate -q -of XYZ out/rsrq_lte_samples.tif /vsistdout/ |
    awk '$3 != -9999 { s += $3 } END { print s }')" 23006
stats() { gdalinfo -json -stats "$1" | jq -r ".bands[0] | \"\(.minimum) \(.maximum) \(.mean) \(.stdDev)\""; }
read -r mn mx me sd < <(stats out/rsrp_lte.tif)
check "rsrp min" "$mn" -115.907 0.002
check "rsrp max" "$mx" -50.562 0.002
check "rsrp mean (dB)" "$me" -86.799 0.002
check "rsrp stddev" "$sd" 12.226 0.002
read -r mn mx me sd < <(stats out/sinr_lte.tif)
check "sinr min" "$mn" -11 0.002
check "sinr max" "$mx" 26.625 0.002
check "sinr mean" "$me" 5.101 0.002
# valid cells as a share of the run's grid (421 x 393; the raster also holds the nodata cells
# between the grid and the 256-cell tiling)
check "valid cells" "$(gdalinfo -json -stats out/rsrp_lte.tif | jq -r '(.bands[0].metadata[""].STATISTICS_VALID_PERCENT | tonumber) * .size[0] * .size[1] / (421 * 393)')" 6.152 0.001
# The summary's RSRP mean is taken in mW: recompute it from the raster with awk.
check "rsrp mean (mW) in summary" "$(gdal_translate -q -b 1 -of XYZ out/rsrp_lte.tif /vsistdout/ |
    awk '$3 != -9999 { s += 10 ^ ($3 / 10); k++ } END { printf "%.4f", 10 * log(s / k) / log(10) }')" \
    "$(jq '.layers[] | select(.metric == "RSRP") | .mean' $S)" 0.0001
check "weak rsrp area" "$(jq '.layers[] | select(.metric == "RSRP") | .weak_area_m2' $S)" 65600
check "covered rsrp area" "$(jq '.layers[] | select(.metric == "RSRP") | .covered_area_m2' $S)" 4005600
check "weak sinr area" "$(jq '.layers[] | select(.metric == "SINR") | .weak_area_m2' $S)" 1164400
read -r cnt area < <(ogrinfo -q -dialect SQLite -sql \
    "SELECT COUNT(*) AS c, SUM(ST_Area(geom)) AS a FROM gaps_rsrp_lte" out/gaps.gpkg |
    awk -F'= ' '/ c \(/ { c = $2 } / a \(/ { a = $2 } END { print c + 0, a + 0 }')
check "rsrp gap polygons" "$cnt" 11
check "rsrp gap polygon area = weak area" "$area" 65600 0.001
echo "$((n - fail)) passed, $fail failed"
[ "$fail" -eq 0 ]
