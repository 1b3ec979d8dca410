#!/bin/sh
# make_fixtures.sh: rebuilds the binary area fixtures from the hand-written GeoJSON files with
# ogr2ogr (GDAL 3.6). Run from this folder; OGR_CURRENT_DATE keeps the GeoPackages stable.
set -eu
export OGR_CURRENT_DATE=2000-01-01T00:00:00Z
rm -f yangshuo.gpkg empty.gpkg yangshuo.kml yangshuo.shp yangshuo.shx yangshuo.dbf \
    yangshuo.prj yangshuo.cpg yangshuo_noprj.shp yangshuo_noprj.shx yangshuo_noprj.dbf \
    yangshuo_noprj.cpg

# GeoPackage in CGCS2000 / 3-degree Gauss-Kruger CM 114E (EPSG:4547, northing-first axes in
# the EPSG definition, easting-first in the file): a point layer "sites" first, then the
# polygon layer "areas" with a pinyin "name" field.
ogr2ogr -f GPKG yangshuo.gpkg points.geojson -nln sites -t_srs EPSG:4547
ogr2ogr -f GPKG -update yangshuo.gpkg yangshuo.geojson -nln areas -nlt MULTIPOLYGON \
    -t_srs EPSG:4547 -sql 'SELECT name_en AS name, kind FROM yangshuo_areas'

# Empty polygon layer.
ogr2ogr -f GPKG empty.gpkg yangshuo.geojson -nln areas -nlt MULTIPOLYGON -where '0=1'

# Shapefile set in WGS 84 with the Chinese names in NAME (UTF-8, declared by the .cpg).
ogr2ogr -f 'ESRI Shapefile' yangshuo.shp yangshuo.geojson -lco ENCODING=UTF-8 \
    -sql 'SELECT "名称" AS NAME, kind AS KIND FROM yangshuo_areas'
# The same without its .prj: the reader assumes WGS 84 and warns.
ogr2ogr -f 'ESRI Shapefile' yangshuo_noprj.shp yangshuo.shp -lco ENCODING=UTF-8
rm yangshuo_noprj.prj

# KML (always WGS 84); the Chinese names become <name>.
ogr2ogr -f KML yangshuo.kml yangshuo.geojson -dsco NameField=名称 -sql 'SELECT "名称", kind FROM yangshuo_areas'
