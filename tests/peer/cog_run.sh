#!/usr/bin/env bash
# cog_run.sh: `dtmap run --cog` against GDAL's own readers: the maps are Cloud-Optimised
# GeoTIFFs (LAYOUT=COG) whose full-resolution values equal the plain GeoTIFF run's, and whose
# first overview holds, cell by cell, the mW mean (RSRP) or dB mean (SINR) of the 2 x 2 valid
# full-resolution cells beneath it, read back with gdal_translate -ovr and recomputed in awk.
# labels: slow
set -u
for t in gdalinfo gdal_translate; do command -v $t >/dev/null || { echo "no $t"; exit 77; }; done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1
fail=0
logs=("$DTMAP_SOURCE_DIR"/data/demo/town_lte_2025.11.18_09.02.11.csv)
opts=(-q --tz +08:00 --res 2 --radius 10 --techs lte --metrics rsrp,sinr --no-gaps)
"$DTMAP_BIN" run "${opts[@]}" -o plain "${logs[@]}" || { echo "FAIL: run"; exit 1; }
"$DTMAP_BIN" run "${opts[@]}" --cog -o cog "${logs[@]}" || { echo "FAIL: run --cog"; exit 1; }
for m in rsrp sinr; do
    f=cog/${m}_lte.tif
    gdalinfo "$f" | grep -q "LAYOUT=COG" || { echo "FAIL: $f is not a COG"; fail=$((fail + 1)); }
    gdalinfo "$f" | grep -q "Overviews:" || { echo "FAIL: $f has no overviews"; fail=$((fail + 1)); }
    gdal_translate -q -of XYZ plain/${m}_lte.tif a.xyz && gdal_translate -q -of XYZ "$f" b.xyz
    cmp -s a.xyz b.xyz || { echo "FAIL: $m full resolution differs from the plain run"; fail=$((fail + 1)); }
    gdal_translate -q -ovr 0 -of XYZ "$f" o.xyz || { echo "FAIL: no overview 0"; fail=$((fail + 1)); continue; }
    # full-resolution cells by (col,row) from their order, then each overview cell recomputed
    cols=$(gdalinfo "$f" | sed -n 's/^Size is \([0-9]*\), .*/\1/p')
    ocols=$(( (cols + 1) / 2 ))
    awk -v cols="$cols" -v ocols="$ocols" -v power=$([ $m = rsrp ] && echo 1 || echo 0) '
        NR == FNR { i = FNR - 1; v[i % cols, int(i / cols)] = $3; next }
        { i = FNR - 1; c = i % ocols; r = int(i / ocols); s = 0; n = 0
          for (dr = 0; dr < 2; dr++) for (dc = 0; dc < 2; dc++) {
              k = (2 * c + dc) SUBSEP (2 * r + dr)
              if (!(k in v) || v[k] == -9999) continue
              s += power ? 10 ^ (v[k] / 10) : v[k]; n++ }
          if (n == 0) { want = -9999 } else { want = power ? 10 * log(s / n) / log(10) : s / n }
          d = $3 - want; if (d < 0) d = -d
          if (d > 0.001) { bad++; if (bad < 4) print "cell", c, r, "overview", $3, "expected", want }
          if (n) valued++ }
        END { printf "'$m': %d overview cells with values checked, %d differ\n", valued, bad; exit bad > 0 || valued < 100 }' a.xyz o.xyz ||
        fail=$((fail + 1))
done
echo "cog run: $fail problem(s)"
[ "$fail" -eq 0 ]
