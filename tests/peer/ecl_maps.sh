#!/usr/bin/env bash
# ecl_maps.sh: the NB-IoT coverage-enhancement maps on a case known by hand, read back with
# GDAL's own tools (gdallocationinfo, gdalinfo, ogrinfo): four places 300 m apart, each with a
# few samples whose ECL gives a known most common level (ties to the higher level) and CE2
# share; the CE2 gap layer holds exactly the cells with a CE2 share of at least 50 %.
set -u
for t in gdallocationinfo gdalinfo ogrinfo; do command -v $t >/dev/null || { echo "no $t"; exit 77; }; done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1
fail=0
# place: lon lat, ECLs; expected mode, CE2 percentage
cat >nb.csv <<CSV
time,lat,lon,tech,rsrp,ecl
2026-03-14T01:20:00Z,24.7800,110.4900,nbiot,-118,2
2026-03-14T01:20:05Z,24.7800,110.4900,nbiot,-119,2
2026-03-14T01:20:10Z,24.7800,110.4900,nbiot,-100,0
2026-03-14T01:20:15Z,24.7800,110.4930,nbiot,-112,1
2026-03-14T01:20:20Z,24.7800,110.4930,nbiot,-113,1
2026-03-14T01:20:25Z,24.7800,110.4930,nbiot,-121,2
2026-03-14T01:20:30Z,24.7827,110.4900,nbiot,-104,0
2026-03-14T01:20:35Z,24.7827,110.4900,nbiot,-111,1
2026-03-14T01:20:40Z,24.7827,110.4930,nbiot,-122,2
2026-03-14T01:20:45Z,24.7827,110.4930,nbiot,-101,0
2026-03-14T01:20:50Z,24.7827,110.4930,nbiot,-103,255
CSV
"$DTMAP_BIN" run -q --method bin --res 20 -o out nb.csv || { echo "FAIL: run"; exit 1; }
at() { gdallocationinfo -valonly -wgs84 "out/$1" "$2" "$3"; }
expect() { # raster lon lat value
    got=$(at "$1" "$2" "$3")
    awk -v a="$got" -v b="$4" 'BEGIN { d = a - b; exit !(d < 0.01 && d > -0.01) }' ||
        { echo "FAIL: $1 at $2,$3 is '$got', expected $4"; fail=$((fail + 1)); }
}
expect ecl_nbiot.tif 110.4900 24.7800 2
expect ecl_ce2_share_nbiot.tif 110.4900 24.7800 66.667
expect ecl_nbiot.tif 110.4930 24.7800 1
expect ecl_ce2_share_nbiot.tif 110.4930 24.7800 33.333
expect ecl_nbiot.tif 110.4900 24.7827 1        # tie 0/1: the higher level
expect ecl_ce2_share_nbiot.tif 110.4900 24.7827 0
expect ecl_nbiot.tif 110.4930 24.7827 2        # tie 0/2 (the 255 is unknown, not a level)
expect ecl_ce2_share_nbiot.tif 110.4930 24.7827 50
# four valued cells, the rest nodata
valid=$(gdalinfo -stats out/ecl_nbiot.tif | sed -n 's/.*STATISTICS_VALID_PERCENT=//p')
cells=$(gdalinfo out/ecl_nbiot.tif | sed -n 's/^Size is \([0-9]*\), \([0-9]*\)/\1 \2/p')
awk -v v="$valid" -v c="$cells" 'BEGIN { split(c, s, " "); n = v / 100 * s[1] * s[2];
    exit !(n > 3.99 && n < 4.01) }' || { echo "FAIL: $valid % of $cells valid, not 4 cells"; fail=$((fail + 1)); }
# CE2 gaps: the two cells at or above 50 %, each its own polygon of one 20 m cell
n=$(ogrinfo -ro -so out/gaps.gpkg gaps_ce2_nbiot | sed -n 's/^Feature Count: //p')
[ "$n" = 2 ] || { echo "FAIL: $n CE2 gap polygons, expected 2"; fail=$((fail + 1)); }
area=$(ogrinfo -ro -q -sql "SELECT SUM(area_m2) AS a FROM gaps_ce2_nbiot" out/gaps.gpkg | sed -n 's/.*a (Real) = //p')
[ "$area" = 800 ] || { echo "FAIL: CE2 gap area $area, expected 800"; fail=$((fail + 1)); }
[ "$(jq -c .ecl.samples_by_level out/summary.json)" = "[3,3,4]" ] || { echo "FAIL: summary levels"; fail=$((fail + 1)); }
echo "ecl maps: $fail problem(s)"
[ "$fail" -eq 0 ]
