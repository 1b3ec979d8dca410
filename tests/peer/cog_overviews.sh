#!/usr/bin/env bash
# cog_overviews.sh: dtmap's Cloud-Optimised GeoTIFFs read back with GDAL's own tools. The unit
# test's fixtures (test_cog --write: RSRP 601 x 517 at 10 m, tiles 256, written as power, as
# ratio and a 300 x 300 class raster) must pass GDAL's COG validator (or at least show
# LAYOUT=COG), have overviews 301x259 and 151x130, and hold at the hand-made blocks the values
# worked out here with awk: the -60/-70/-80/-90 dBm block averages to 10 log10(mean mW), not to
# the dB mean -75; a block with one nodata cell averages the other three; an all-nodata block
# is nodata; class overviews take the most common code (ties to the smaller). Two runs give
# identical bytes, and nothing but the three files is left in the folder.
set -u
for t in gdalinfo gdallocationinfo cmp awk; do command -v $t >/dev/null || { echo "no $t"; exit 77; }; done
exe=${DTMAP_TEST_COG:-$(dirname "${DTMAP_BIN:-.}")/tests/test_cog}
[ -x "$exe" ] || { echo "no test_cog at $exe"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/a" "$tmp/b"
"$exe" --write "$tmp/a" || { echo "FAIL: writing the fixtures"; exit 1; }
"$exe" --write "$tmp/b" || { echo "FAIL: writing the fixtures again"; exit 1; }
cd "$tmp/a" || exit 1
fail=0
bad() { echo "FAIL: $*"; fail=$((fail + 1)); }

# Only the three outputs: no temporary, .aux.xml or .ovr left behind; equal bytes twice.
[ "$(ls -A | tr '\n' ' ')" = "class.tif power.tif ratio.tif " ] || bad "folder holds: $(ls -A)"
for f in power ratio class; do cmp -s "$f.tif" "../b/$f.tif" || bad "$f.tif differs between runs"; done

# COG layout, by GDAL's validator when its Python bindings are there, and by gdalinfo always.
validator=$(/usr/bin/python3 -c 'import osgeo_utils.samples.validate_cloud_optimized_geotiff as v;
print(v.__file__)' 2>/dev/null)
for f in power ratio class; do
    if [ -n "$validator" ]; then
        /usr/bin/python3 "$validator" --full-check=yes "$f.tif" | grep -q "is a valid cloud optimized GeoTIFF" ||
            bad "$f.tif fails GDAL's COG validator"
    fi
    info=$(gdalinfo "$f.tif")
    for want in LAYOUT=COG COMPRESSION=DEFLATE PREDICTOR=3 "Block=256x256 Type=Float32" "NoData Value=-9999"; do
        grep -qF "$want" <<<"$info" || bad "$f.tif: no '$want' in gdalinfo"
    done
done
[ -n "$validator" ] || echo "note: GDAL's COG validator (python3-gdal) not found; checked gdalinfo only"
grep -q "Overviews: 301x259, 151x130" <(gdalinfo power.tif) || bad "power.tif overview sizes"
grep -q "Overviews: 150x150" <(gdalinfo class.tif) || bad "class.tif overview sizes"
grep -q "DTMAP_OVERVIEWS=power_mean_mw" <(gdalinfo power.tif) || bad "power.tif overview rule"
grep -q "DTMAP_OVERVIEWS=mean" <(gdalinfo ratio.tif) || bad "ratio.tif overview rule"
grep -q "Unit Type: dBm" <(gdalinfo power.tif) || bad "power.tif unit"

# expect FILE OVERVIEW X Y VALUE: gdallocationinfo -overview takes full-resolution pixel x y.
expect() {
    got=$(gdallocationinfo -valonly -overview "$2" "$1" "$3" "$4")
    awk -v a="$got" -v b="$5" 'BEGIN { d = a - b; exit !(a != "" && d < 1e-4 && d > -1e-4) }' ||
        bad "$1 overview $2 at $3,$4 is '$got', expected $5"
}
db() { awk "BEGIN { printf \"%.6f\", 10 * log($1) / log(10) }"; } # 10 log10 of a mW figure
mw4=$(db "(1e-6 + 1e-7 + 1e-8 + 1e-9) / 4")
[ "$mw4" = "-65.563459" ] || bad "awk's mW mean is $mw4"
expect power.tif 1 0 0 "$mw4"                          # -65.56 dBm, not -75
expect power.tif 1 2 0 "$(db "(1e-6 + 1e-7 + 1e-8) / 3")" # one nodata cell: -64.32
expect power.tif 1 4 0 -9999                           # all nodata
expect power.tif 1 8 0 -60                             # the lone -60 of its 2 x 2 block
expect power.tif 2 8 0 "$(db "(1e-6 + 4e-10) / 5")"    # 16 cells, 5 valid: -66.99
expect ratio.tif 1 0 0 -75
expect ratio.tif 1 2 0 -70
expect ratio.tif 1 4 0 -9999
expect ratio.tif 2 8 0 -92
expect class.tif 1 0 0 2     # 2 2 3 nodata
expect class.tif 1 2 0 1     # 1 3 3 1: tie to the smaller
expect class.tif 1 4 0 4     # 4 and three nodata
expect class.tif 1 6 0 -9999
expect class.tif 1 8 0 5     # 5 5 5 1
# Full resolution is the input, untouched.
[ "$(gdallocationinfo -valonly power.tif 1 1)" = "-90" ] || bad "power.tif full resolution"

echo "cog overviews: $fail problem(s)"
[ "$fail" -eq 0 ]
