# many_logs.sh: make_logs DIR N writes N tiny, valid and pairwise different G-NetTrack logs
# (log00001.csv ...: a header and two LTE rows each, a few metres apart, the RSRP depending on
# the file's number) into DIR, fast (one awk process). For the folder-size test and bench.
# Source it (. "$DTMAP_SOURCE_DIR/tests/lib/many_logs.sh").
make_logs() {
    local dir=$1 n=$2
    mkdir -p "$dir" || return 1
    awk -v dir="$dir" -v n="$n" 'BEGIN {
        h = "Timestamp,Longitude,Latitude,Speed,Operatorname,CellID,NetworkMode,RSRP,RSRQ,SNR"
        for (i = 1; i <= n; i++) {
            f = sprintf("%s/log%05d.csv", dir, i)
            lon = 110.49 + (i % 100) * 0.0002
            lat = 24.78 + int(i / 100) * 0.0002
            printf "%s\n", h > f
            printf "2025.03.14_09.%02d.%02d,%.5f,%.5f,30,CMCC,1,LTE,-%d,-9,12.0\n",
                int(i / 60) % 60, i % 60, lon, lat, 70 + i % 50 > f
            printf "2025.03.14_09.%02d.%02d,%.5f,%.5f,30,CMCC,1,LTE,-%d,-10,8.0\n",
                int(i / 60) % 60, i % 60, lon + 0.0001, lat, 71 + i % 50 > f
            close(f)
        }
    }'
}
