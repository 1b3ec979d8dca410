#!/usr/bin/env bash
# compare_gdal_grid.sh LOGDIR|LOGFILE CRS TZ [MIN_CELLS]: the whole pipeline against the peers. The
# logs' LTE RSRP samples are projected with cs2cs (not dtmap) and gridded by gdal_grid -a
# invdistnn; dtmap grid must agree within 0.01 dB on every cell where both have a value, and on
# which cells are nodata, with at least MIN_CELLS (default 1000) cells agreeing. A cell where
# they disagree passes only when idw_ties.awk (beside this script) proves it a tie: the K-th and
# (K+1)-th nearest samples (or a sample and the radius) are equally far within 1e-5 m, so the
# tools may pick different neighbours, and some choice of the tied samples gives each tool's value.
set -u
lib=$(cd "$(dirname "$0")" && pwd)
command -v gdal_grid >/dev/null && command -v cs2cs >/dev/null || { echo "no gdal_grid/cs2cs"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1
if [ -f "$1" ]; then logs=("$1"); else logs=("$1"/*.csv); fi
[ -e "${logs[0]}" ] || { echo "FAIL: no logs in $1"; exit 1; }
crs=$2 tz=$3 min_ok=${4:-1000} res=20 radius=100 maxp=8 minp=2 power=2

"$DTMAP_BIN" ingest -q --tz $tz -o samples.csv "${logs[@]}" || { echo "FAIL: ingest"; exit 1; }
# time,lon,lat,tech,rsrp,...: LTE samples with RSRP, projected by cs2cs (input lat lon order).
awk -F, 'NR > 1 && $4 == "lte" && $5 != "" { print $3, $2, $5 }' samples.csv >llz.txt
cut -d' ' -f1,2 llz.txt | cs2cs -f %.6f EPSG:4326 "$crs" | awk '{ print $1, $2 }' >xy.txt
{ echo x,y,z; paste -d' ' xy.txt <(cut -d' ' -f3 llz.txt) | tr ' ' ,; } >xyz.csv
npts=$(($(wc -l <xyz.csv) - 1))
# gdal_grid 3.6 has no -oo: an OGR VRT tells the CSV driver which columns are x and y.
cat >xyz.vrt <<VRT
<OGRVRTDataSource><OGRVRTLayer name="xyz"><SrcDataSource>xyz.csv</SrcDataSource>
<GeometryType>wkbPoint</GeometryType><GeometryField encoding="PointFromColumns" x="x" y="y" z="z"/>
</OGRVRTLayer></OGRVRTDataSource>
VRT
read -r xmin ymin xmax ymax < <(awk -F, -v r=$res 'NR > 1 { if (NR == 2 || $1 < x0) x0 = $1;
    if (NR == 2 || $1 > x1) x1 = $1; if (NR == 2 || $2 < y0) y0 = $2; if (NR == 2 || $2 > y1) y1 = $2 }
    function fl(v) { return v < 0 && v != int(v) ? int(v) - 1 : int(v) }
    END { printf "%d %d %d %d\n", fl(x0 / r) * r - 200, fl(y0 / r) * r - 200,
          (fl(x1 / r) + 1) * r + 200, (fl(y1 / r) + 1) * r + 200 }' xyz.csv)
cols=$(((xmax - xmin) / res)) rows=$(((ymax - ymin) / res))

"$DTMAP_BIN" grid -q --tz $tz --crs $crs --extent $xmin,$ymin,$xmax,$ymax --res $res \
    --power $power --radius $radius --max-points $maxp --min-points $minp --techs lte \
    --metrics rsrp -o d "${logs[@]}" || { echo "FAIL: dtmap grid"; exit 1; }
# gdal_grid on the raster's own grid: dtmap's tiles move its north-west corner out to whole
# multiples of 256 cells (the cells outside the --extent are nodata, checked below).
read -r gx0 gy1 gcols grows < <(gdalinfo -json d/rsrp_lte.tif | jq -r '"\(.geoTransform[0]) \(.geoTransform[3]) \(.size[0]) \(.size[1])"')
[ "$(awk -v a="$gx0" -v b="$gy1" -v c="$gcols" -v d="$grows" -v r=$res -v x1=$xmax -v y0=$ymin \
    'BEGIN { print (a + c * r == x1 && b - d * r == y0 && a <= '"$xmin"' && b >= '"$ymax"') }')" = 1 ] ||
    { echo "FAIL: dtmap's raster ($gx0 $gy1, $gcols x $grows) does not end at the extent's south-east corner"; exit 1; }
gdal_grid -q -a invdistnn:power=$power:smoothing=0:radius=$radius:max_points=$maxp:min_points=$minp:nodata=-9999 \
    -txe $gx0 $xmax -tye $gy1 $ymin -outsize $gcols $grows -ot Float32 -a_srs $crs \
    -l xyz -zfield z xyz.vrt g.tif || { echo "FAIL: gdal_grid"; exit 1; }
gdal_translate -q -b 1 -of XYZ d/rsrp_lte.tif d.xyz
gdal_translate -q -b 1 -of XYZ g.tif g.xyz

# Cells by coordinates, so neither tool's row order matters; the cells that differ go to
# differ.txt (x y dtmap gdal) for the tie proof.
awk -v np="$npts" -v min_ok="$min_ok" -v x0="$xmin" -v y1="$ymax" 'NR == FNR { g[$1 " " $2] = $3; next }
    { k = $1 " " $2; if (!(k in g)) { missing++; next }
      if ($1 < x0 || $2 > y1) { if ($3 != -9999) outside++; next } # beyond --extent: nodata
      a = $3; b = g[k]; cells++
      if (a == -9999 && b == -9999) { both_nodata++; next }
      if (a == -9999 || b == -9999) { mask++; print $1, $2, a, b >"differ.txt"; next }
      d = a - b; if (d < 0) d = -d
      if (d > 0.01) { off++; print $1, $2, a, b >"differ.txt"; next }
      ok++; if (d > maxd) maxd = d }
    END { printf "%d points, %d cells compared: %d with values agree within 0.01 dB (max diff %.4g), %d nodata in both, %d differ, %d nodata in one only, %d unmatched, %d valued outside the extent\n",
              np, cells, ok, maxd, both_nodata, off, mask, missing, outside
          if (missing || outside || cells == 0 || ok < min_ok) exit 1 }' g.xyz d.xyz || exit 1
[ -s differ.txt ] || exit 0
awk -F, 'NR > 1 { print $1, $2, $3 }' xyz.csv >points.txt
awk -f "$lib/idw_ties.awk" -v radius=$radius -v kmax=$maxp -v kmin=$minp -v nodata=-9999 \
    points.txt differ.txt
