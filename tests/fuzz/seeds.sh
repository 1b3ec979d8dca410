#!/usr/bin/env bash
# seeds.sh: writes the seed corpus of one fuzz target into a folder, from the demo campaign
# (data/demo) and the test fixtures (tests/data): small fixtures whole, the demo's logs cut to
# their first lines (a few KiB, so the fuzzer's inputs stay small), and variants derived from
# them (other delimiters, CRLF, a BOM; for the ingest target, a GNSS track and transcripts in
# one input); with the field logs of ../shared/data/real (DTMAP_SHARED_REAL) where present,
# their heads too. Nothing is committed: the seeds are made again from the fixtures each time.
# Usage: seeds.sh TARGET FOLDER   (TARGET: csv nemo nmea quectel ingest profile areas)
set -euo pipefail
target=${1:?usage: seeds.sh TARGET FOLDER}
out=${2:?usage: seeds.sh TARGET FOLDER}
root=$(cd "$(dirname "$0")/../.." && pwd)
demo=$root/data/demo
fx=$root/tests/data
real=${DTMAP_SHARED_REAL:-$root/../shared/data/real}
sep='#dtmap-fuzz-next-file' # FUZZ_SEPARATOR of fuzz.h, without its line end
mkdir -p "$out"

# head_of FILE [LINES]: the first LINES (default 40) lines of FILE, at most 6000 bytes.
head_of() { { head -n "${2:-40}" "$1" || true; } | head -c 6000; } # head may see SIGPIPE
# put NAME: stdin into the seed NAME.
put() { cat >"$out/$1"; }
# copy FILE...: fixtures whole, named after their folder and file.
copy() {
    local f
    for f in "$@"; do
        [ -f "$f" ] && cp "$f" "$out/$(basename "$(dirname "$f")")_$(basename "$f")"
    done
    return 0
}
# variants NAME FILE: the head of FILE with ';' and tab delimiters, CRLF line ends, a UTF-8 BOM.
variants() {
    head_of "$2" 12 | tr ',' ';' | put "$1_semicolon"
    head_of "$2" 12 | tr ',' '\t' | put "$1_tab"
    head_of "$2" 12 | sed 's/$/\r/' | put "$1_crlf"
    { printf '\357\273\277'; head_of "$2" 12; } | put "$1_bom"
}

case $target in
csv)
    for f in "$demo"/*.csv; do head_of "$f" | put "demo_$(basename "$f")"; done
    copy "$fx"/ingest/*.csv "$fx"/cli/*.csv "$fx"/ties/ties.csv "$fx"/cli/junk.bin
    variants gnettrack "$demo/town_lte_2025.11.18_09.02.11.csv"
    variants opencellid "$fx/ingest/opencellid.csv"
    for f in "$real"/gnettrack-cork/*.csv; do
        [ -f "$f" ] && head_of "$f" 30 | put "real_$(basename "$f")"
    done
    ;;
nemo)
    for f in "$demo"/*.nmf; do head_of "$f" 80 | put "demo_$(basename "$f")"; done
    copy "$fx"/nemo/*.nmf
    head_of "$fx/nemo/ue_fdd.nmf" 80 | sed 's/$/\r/' | put ue_fdd_crlf
    for f in "$real"/nemo/*.nmf; do
        [ -f "$f" ] && head_of "$f" 120 | put "real_$(basename "$f")"
    done
    ;;
nmea)
    for f in "$demo"/*.nmea; do head_of "$f" | put "demo_$(basename "$f")"; done
    copy "$fx"/nmea/*.nmea
    head_of "$fx/nmea/gga_only.nmea" | sed 's/$/\r/' | put gga_only_crlf
    ;;
quectel)
    for f in "$demo"/*.log; do head_of "$f" 60 | put "demo_$(basename "$f")"; done
    copy "$fx"/quectel/*.log
    ;;
ingest)
    # 80 lines of the town track, 01:20:23 to 01:21:03 UTC, which the transcripts overlap
    track() { sed -n '55,135p' "$demo/town_gnss_2026.03.14_09.20.00.nmea"; }
    for f in "$demo"/*.log; do
        { track; echo "$sep"; head_of "$f" 60; } | put "track_and_$(basename "$f")"
    done
    { track; for f in "$demo"/*.log; do echo "$sep"; head_of "$f" 30; done; } |
        put track_and_both_modems
    for f in "$demo"/*.csv "$demo"/*.nmf "$demo"/*.nmea "$demo"/*.log; do
        head_of "$f" 20 | put "one_$(basename "$f")"
    done
    { head_of "$fx/cli/small.csv" 10; echo "$sep"; head_of "$fx/nemo/ue_fdd.nmf" 30; } |
        put csv_and_nemo
    ;;
profile)
    copy "$root"/data/profiles/*.profile "$fx"/profiles/*.profile "$fx"/cli/bad.profile
    ;;
areas)
    copy "$demo/areas.geojson" "$fx"/areas/*.geojson "$fx"/kpi/*.geojson \
        "$fx"/areareport/*.geojson
    ;;
*)
    echo "seeds.sh: unknown target '$target' (csv nemo nmea quectel ingest profile areas)" >&2
    exit 2
    ;;
esac
