#!/usr/bin/env bash
# demo_vs_gdal_grid.sh: dtmap grid on the demo campaign against cs2cs + gdal_grid invdistnn.
exec bash "$DTMAP_SOURCE_DIR/tests/lib/compare_gdal_grid.sh" "$DTMAP_SOURCE_DIR/data/demo" EPSG:32649 +08:00
