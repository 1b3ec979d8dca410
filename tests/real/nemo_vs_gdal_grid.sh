#!/usr/bin/env bash
# nemo_vs_gdal_grid.sh: the real Nemo UE log (RYG0443, LTE FDD, Thailand) through the whole
# pipeline: read, joined to its own GPS track by time, then gridded by dtmap and, from the
# same positioned samples projected by cs2cs, by gdal_grid invdistnn: they must agree (measured:
# 181 cells with values, max diff 7.6e-6 dB, none differ).
f="$DTMAP_SHARED_REAL/nemo/RYG0443_R1_R001.3.nmf"
[ -f "$f" ] || { echo "no $f: skipped"; exit 77; }
exec bash "$DTMAP_SOURCE_DIR/tests/lib/compare_gdal_grid.sh" "$f" EPSG:32647 +07:00 150
