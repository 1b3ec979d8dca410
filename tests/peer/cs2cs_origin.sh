#!/usr/bin/env bash
# cs2cs_origin.sh: dtmap's projection checked against PROJ's cs2cs through the whole CLI. One
# sample at lon 12, lat 55 gridded at 1 m in EPSG:32632 must land in the cell that contains
# cs2cs's coordinates (the golden point: E 691875.632, N 6098907.825); likewise in a
# CGCS2000 Gauss-Kruger zone with northing-first axes (EPSG:4547).
set -u
command -v cs2cs >/dev/null || { echo "cs2cs not installed"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1
fail=0 n=0
run_one() { # run_one CRS LON LAT
    printf 'lat,lon,rsrp\n%s,%s,-90\n' "$3" "$2" >p.csv
    "$DTMAP_BIN" grid -q --overwrite --method bin --res 1 --crs "$1" -o out p.csv || return 1
    # cs2cs follows the CRS's axis order: lat,lon in for EPSG:4326, and for EPSG:4547 northing
    # first out; feed it lat lon and sort out the easting as the value near 500000.
    read -r a b < <(echo "$3 $2" | cs2cs -f %.6f EPSG:4326 "$1" | awk '{ print $1, $2 }')
    if [ "$1" = EPSG:4547 ]; then e=$b; nn=$a; else e=$a; nn=$b; fi
    # the one cell with a value (the raster's corner sits on the tiling, not on the sample)
    gt=$(gdal_translate -q -of XYZ out/rsrp_lte.tif /vsistdout/ | awk '$3 != -9999 { print $1 - 0.5, $2 + 0.5 }')
    n=$((n + 1))
    awk -v e="$e" -v nn="$nn" -v gt="$gt" 'BEGIN { split(gt, g, " ");
        exit !(g[1] != "" && g[1] <= e && e < g[1] + 1 && g[2] - 1 < nn && nn <= g[2]) }' || {
        echo "FAIL $1: cs2cs gives $e $nn, dtmap's cell has its corner at $gt"; fail=$((fail + 1)); }
    echo "$1: cs2cs $e $nn; dtmap cell corner $gt"
}
run_one EPSG:32632 12 55
run_one EPSG:4547 114.3 30.6
# The golden values themselves, as cs2cs prints them.
n=$((n + 1))
golden=$(echo "55 12" | cs2cs -f %.3f EPSG:4326 EPSG:32632 | awk '{ print $1, $2 }')
[ "$golden" = "691875.632 6098907.825" ] || { echo "FAIL golden: $golden"; fail=$((fail + 1)); }
echo "$((n - fail)) passed, $fail failed"
[ "$fail" -eq 0 ]
