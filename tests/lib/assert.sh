# assert.sh: shared assertions for the script tests, read back with GDAL's own tools and jq.
# Source it (. "$DTMAP_SOURCE_DIR/tests/lib/assert.sh"). Each assert_* checks one fact; when the
# fact does not hold, it prints "FAIL <file>: <what is wrong>" on stderr and exits 1, which ends
# the script or the subshell it runs in. To go on after a failure and count, run it through `try`:
#
#   try assert_raster_stats out/rsrp_lte.tif 1 -120 -85 -104 1e-3
#   ...
#   assert_summary            # prints "N passed, F failed"; returns 1 when F > 0
#
# An optional MAX given as "" means no upper bound. Expected values must be numbers where a
# number is meant; an actual value that is not one (jq's null, an empty string) never passes a
# numeric check. Raster statistics are exact (gdalinfo -stats, not -approx_stats), computed with
# GDAL_PAM_ENABLED=NO so that no .aux.xml is read or written. Needs gdalinfo, gdal_translate,
# ogrinfo and jq.

ASSERT_RUN=0
ASSERT_FAILED=0

# try ASSERTION [ARGS...]: runs one assertion in a subshell and counts it; returns its status.
try() {
    ASSERT_RUN=$((ASSERT_RUN + 1))
    ("$@") && return 0
    ASSERT_FAILED=$((ASSERT_FAILED + 1))
    return 1
}

# assert_summary: prints how many of the assertions run by `try` passed; returns 1 if any failed.
assert_summary() {
    echo "$((ASSERT_RUN - ASSERT_FAILED)) passed, $ASSERT_FAILED failed"
    [ "$ASSERT_FAILED" -eq 0 ]
}

# assert_fail WHAT MESSAGE: the common failure: prints "FAIL WHAT: MESSAGE" on stderr (so that
# it shows even from inside a command substitution), exits 1.
assert_fail() {
    echo "FAIL $1: $2" >&2
    exit 1
}

# is_number VALUE: true when VALUE is a decimal number (sign, digits, point, exponent).
is_number() {
    [[ $1 =~ ^[-+]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?$ ]]
}

# near ACTUAL EXPECTED TOL: true when both are numbers and |ACTUAL - EXPECTED| <= TOL.
near() {
    is_number "$1" && is_number "$2" && is_number "$3" || return 1
    awk -v a="$1" -v b="$2" -v t="$3" 'BEGIN { d = a - b; exit !((d < 0 ? -d : d) <= t) }'
}

# assert_value NAME ACTUAL EXPECTED [TOL]: ACTUAL equals EXPECTED as a string, or, with TOL,
# both are numbers within TOL of each other. For facts that are not about one file.
assert_value() {
    if [ $# -ge 4 ]; then
        is_number "$3" || assert_fail "$1" "expected value '$3' is not a number"
        near "$2" "$3" "$4" || assert_fail "$1" "got '$2', expected $3 +- $4"
    else
        [ "$2" = "$3" ] || assert_fail "$1" "got '$2', expected '$3'"
    fi
}

# assert_file_nonempty FILE: FILE exists, is a regular file and is not empty.
assert_file_nonempty() {
    [ -f "$1" ] || assert_fail "$1" "no such file"
    [ -s "$1" ] || assert_fail "$1" "empty file"
}

# raster_json FILE [OPTION...]: gdalinfo -json [OPTION...] of FILE, or a failure naming it.
raster_json() {
    [ -f "$1" ] || assert_fail "$1" "no such file"
    GDAL_PAM_ENABLED=NO gdalinfo -json "${@:2}" "$1" 2>/dev/null ||
        assert_fail "$1" "gdalinfo cannot read it"
}

# assert_raster_bands FILE N: FILE is a raster GDAL reads, with N bands.
assert_raster_bands() {
    local info got
    info=$(raster_json "$1") || exit 1
    got=$(jq '.bands | length' <<<"$info")
    [ "$got" = "$2" ] || assert_fail "$1" "$got band(s), expected $2"
}

# valid_count FILE BAND INFO: how many pixels of band BAND are valid, counted one by one
# (gdal_translate -of XYZ) against the nodata value in INFO (FILE's gdalinfo -json); without a
# nodata value every pixel is valid.
valid_count() {
    local nd
    [ "$(jq ".bands | length >= $2" <<<"$3")" = true ] || assert_fail "$1" "no band $2"
    nd=$(jq -r ".bands[$(($2 - 1))].noDataValue // \"none\"" <<<"$3")
    gdal_translate -q -b "$2" -of XYZ "$1" /vsistdout/ 2>/dev/null |
        awk -v nd="$nd" '{ v = tolower($3) }
            nd == "none" || (tolower(nd) ~ /nan/ ? v !~ /nan/ : $3 + 0 != nd + 0) { n++ }
            END { print n + 0 }'
}

# check_count FILE WHAT COUNT MIN [MAX]: the COUNT of WHAT (e.g. "valid pixels in band 1") in
# FILE is at least MIN and at most MAX.
check_count() {
    [ "$3" -ge "$4" ] || assert_fail "$1" "$2: $3, expected at least $4"
    [ -z "${5:-}" ] || [ "$3" -le "$5" ] || assert_fail "$1" "$2: $3, expected at most $5"
}

# assert_raster_valid_count FILE BAND MIN [MAX]: band BAND has at least MIN (and at most MAX)
# valid pixels (not nodata), counted one by one. With MIN >= 1 an all-nodata band fails.
assert_raster_valid_count() {
    local info count
    info=$(raster_json "$1") || exit 1
    count=$(valid_count "$1" "$2" "$info") || exit 1
    check_count "$1" "valid pixels in band $2" "$count" "${@:3}"
}

# assert_raster FILE BANDS MIN [MAX]: FILE is a raster with BANDS bands, and band 1 has at
# least MIN (at most MAX) valid pixels: assert_raster_bands and assert_raster_valid_count with
# one gdalinfo.
assert_raster() {
    local info got count
    info=$(raster_json "$1") || exit 1
    got=$(jq '.bands | length' <<<"$info")
    [ "$got" = "$2" ] || assert_fail "$1" "$got band(s), expected $2"
    count=$(valid_count "$1" 1 "$info") || exit 1
    check_count "$1" "valid pixels in band 1" "$count" "${@:3}"
}

# raster_stats FILE BAND: "MIN MAX MEAN VALID_PERCENT" of band BAND, exact; fails, naming the
# file, when the band has no valid pixel (gdalinfo then reports no statistics).
raster_stats() {
    local info mn mx me valid
    info=$(raster_json "$1" -stats) || exit 1
    [ "$(jq ".bands | length >= $2" <<<"$info")" = true ] || assert_fail "$1" "no band $2"
    read -r mn mx me valid < <(jq -r ".bands[$(($2 - 1))] |
        \"\(.minimum) \(.maximum) \(.mean) \(.metadata[\"\"].STATISTICS_VALID_PERCENT)\"" <<<"$info")
    if ! is_number "$mn" || ! is_number "$mx" || ! is_number "$me" ||
        { is_number "$valid" && awk -v v="$valid" 'BEGIN { exit !(v <= 0) }'; }; then
        assert_fail "$1" "band $2 has no valid pixel: no statistics (min $mn, max $mx, mean $me, valid $valid %)"
    fi
    echo "$mn $mx $me $valid"
}

# assert_raster_stats FILE BAND MIN MAX MEAN TOL: band BAND's minimum, maximum and mean over its
# valid pixels are within TOL of MIN, MAX and MEAN ("-" leaves one unchecked). Fails when the
# band has no valid pixel.
assert_raster_stats() {
    local stats mn mx me
    stats=$(raster_stats "$1" "$2") || exit 1
    read -r mn mx me _ <<<"$stats"
    [ "$3" = - ] || near "$mn" "$3" "$6" || assert_fail "$1" "band $2 minimum $mn, expected $3 +- $6"
    [ "$4" = - ] || near "$mx" "$4" "$6" || assert_fail "$1" "band $2 maximum $mx, expected $4 +- $6"
    [ "$5" = - ] || near "$me" "$5" "$6" || assert_fail "$1" "band $2 mean $me, expected $5 +- $6"
}

# assert_raster_range FILE BAND LO HI: band BAND has valid pixels and all lie in LO..HI.
assert_raster_range() {
    local stats mn mx
    { is_number "$3" && is_number "$4"; } || assert_fail "$1" "range '$3..$4' is not two numbers"
    stats=$(raster_stats "$1" "$2") || exit 1
    read -r mn mx _ <<<"$stats"
    awk -v a="$mn" -v b="$mx" -v lo="$3" -v hi="$4" 'BEGIN { exit !(a >= lo && b <= hi) }' ||
        assert_fail "$1" "band $2 spans $mn..$mx, outside $3..$4"
}

# assert_json_expr FILE EXPR: jq -e EXPR holds on FILE (its result is neither false nor null).
assert_json_expr() {
    [ -f "$1" ] || assert_fail "$1" "no such file"
    local got
    got=$(jq -e "$2" "$1" 2>&1) || assert_fail "$1" "jq '$2' does not hold (gives: $(head -c 200 <<<"$got"))"
}

# assert_vector_features FILE LAYER MIN [MAX]: layer LAYER of FILE has at least MIN (and at
# most MAX) features, as ogrinfo counts them.
assert_vector_features() {
    [ -f "$1" ] || assert_fail "$1" "no such file"
    local count
    count=$(ogrinfo -ro -so "$1" "$2" 2>/dev/null | sed -n 's/^Feature Count: //p')
    is_number "$count" || assert_fail "$1" "no layer '$2' that ogrinfo reads"
    check_count "$1" "features in layer $2" "$count" "${@:3}"
}

# assert_csv_rows FILE MIN [MAX]: FILE has a header line and at least MIN (at most MAX) more lines.
assert_csv_rows() {
    assert_file_nonempty "$1"
    local rows
    rows=$(($(wc -l <"$1") - 1))
    check_count "$1" "data rows" "$rows" "${@:2}"
}
