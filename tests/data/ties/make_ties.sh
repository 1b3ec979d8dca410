#!/bin/sh
# make_ties.sh: rebuilds ties.csv, a G-NetTrack log made to hold neighbour ties (PROJ 9.1,
# cs2cs). Run from this folder. Six clusters 1 km apart in UTM 49N (EPSG:32649), each around a
# 20 m cell centre (x, y) of the grid tests/lib/compare_gdal_grid.sh lays: seven points at
# unsymmetric offsets, then two at (x - 50, y) and (x + 50, y), RSRP -70 and -120. Every cell
# centre on the line through x is equally far from those two, the 8th and 9th nearest, so with
# --max-points 8 dtmap (input order) and gdal_grid (quadtree order) may take either one.
# Positions go back to WGS 84 with 12 decimals (1e-7 m), so the ties survive the round trip.
set -eu
awk 'BEGIN {
    n = split("3.7,-11.3 -13.1,4.9 17.3,13.7 -6.1,-21.7 23.9,-2.3 -27.1,15.1 9.7,29.3", off, " ")
    for (c = 0; c < 6; c++) {
        x = 450010 + c * 1000; y = 2740010
        for (i = 1; i <= n; i++) {
            split(off[i], o, ","); printf "%.3f %.3f %d\n", x + o[1], y + o[2], -85 - i
        }
        printf "%.3f %.3f -70\n%.3f %.3f -120\n", x - 50, y, x + 50, y
    }
}' >utm.tmp
cut -d' ' -f1,2 utm.tmp | cs2cs -f %.12f EPSG:32649 EPSG:4326 | awk '{ print $1, $2 }' >ll.tmp
{
    echo "Timestamp,Longitude,Latitude,Speed,Operatorname,CellID,NetworkMode,RSRP,RSRQ,SNR,CQI,RSSI,DL_bitrate,UL_bitrate,State,PINGAVG,PINGMIN,PINGMAX,PINGSTDEV,PINGLOSS,CELLHEX,NODEHEX,LACHEX,RAWCELLID,NRxRSRP,NRxRSRQ"
    paste -d' ' ll.tmp utm.tmp | awk '{ s = NR - 1
        printf "2025.03.14_09.%02d.%02d,%s,%s,30,CMCC,1,LTE,%d,-9,12.0,10,-60,0,0,D,-,-,-,-,-,1,1E240,2A,123456001,-,-\n",
            int(s / 60), s % 60, $2, $1, $5 }'
} >ties.csv
rm utm.tmp ll.tmp
