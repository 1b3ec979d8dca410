#!/usr/bin/env bash
# bad_input.sh: the bad-input corpus (issue 10): runs every row of bad_input.tsv through the CLI
# (the format is in that file's header). Each case runs in a fresh folder, after its setup, and
# obeys the rules of cases.sh (whose fact and problems it uses) and these: no crash (exit below
# 128, no hang, no sanitizer report); a failure changes nothing in its folder (no new file under
# any name, no temporary, files that were there before byte-identical: a fresh output folder
# holds no file, an earlier run's is as it was); a success leaves outputs that GDAL, OGR and jq
# read. A row tagged pending:AREA is run but not counted: its result is printed as a note, as is
# that of a row tagged pending:AREA:leftovers for the folder rule alone (the fix belongs to
# another part of issue 10; the tag goes when it is in). BAD_INPUT_VERBOSE=1 prints each case's
# exit status, time and first line on stderr; BAD_INPUT_ONLY=REGEX runs the cases it matches;
# DTMAP_SHARD=K/N (set by ctest, see "shards" below) runs every N-th case from the K-th.
# labels: slow
# shards: 4
set -u
. "$(dirname "$0")/cases.sh" # fact, problems
command -v jq >/dev/null && command -v iconv >/dev/null || { echo "SKIP: needs jq and iconv"; exit 77; }
D="$DTMAP_TEST_DATA/bad"
C="$DTMAP_TEST_DATA/cli"
fail=0 n=0 pending=0 rows=0
shard=${DTMAP_SHARD:-0/1}
tmp=$(mktemp -d)
trap 'chmod -R u+rwX "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT

# Setup helpers for the setup column (each writes into the case's folder).
# small FILE: a copy of tests/data/cli/small.csv (5 LTE and 3 NR samples).
small() { cp "$C/small.csv" "$1"; }
# nul FILE: small.csv with three NUL bytes inside the RSRP of its second record.
nul() { sed '3s/,-95,/,-9@@@5,/' "$C/small.csv" | tr '@' '\000' >"$1"; }
# zeros FILE BYTES: BYTES NUL bytes.
zeros() { head -c "$2" /dev/zero >"$1"; }
# hugeline FILE KIB: small.csv's header, then one line of KIB KiB of 'x' without a newline.
hugeline() { { head -n 1 "$C/small.csv"; head -c "$(($2 << 10))" /dev/zero | tr '\000' x; } >"$1"; }
# hugefield FILE KIB: small.csv with an operator name of KIB KiB in its first record.
hugefield() {
    { head -n 1 "$C/small.csv"; sed -n 2p "$C/small.csv" | cut -d, -f1-4 | tr -d '\n'
      printf ,; head -c "$(($2 << 10))" /dev/zero | tr '\000' O; printf ,
      sed -n 2p "$C/small.csv" | cut -d, -f6-; tail -n +3 "$C/small.csv"; } >"$1"
}
# encode FILE ENCODING [BOM]: small.csv converted with iconv (UTF-16LE, UTF-16BE, UTF-32LE),
# after BOM (printf escapes) when given.
encode() { { printf "${3:-}"; iconv -f UTF-8 -t "$2" "$C/small.csv"; } >"$1"; }
# bom FILE BOM...: small.csv after the given BOM bytes (printf escapes), e.g. two UTF-8 BOMs.
bom() { { printf "$2"; cat "$C/small.csv"; } >"$1"; }
# eol FILE crlf|cr: small.csv with CRLF or CR-only line ends.
eol() { if [ "$2" = cr ]; then tr '\n' '\r' <"$C/small.csv"; else sed 's/$/\r/' "$C/small.csv"; fi >"$1"; }
# loop FILE: FILE is a symbolic link to FILE.b, which links back to FILE.
loop() { ln -s "$1.b" "$1" && ln -s "$1" "$1.b"; }
# dirloop DIR: folder DIR with small.csv and a link "self" to itself.
dirloop() { mkdir "$1" && small "$1/small.csv" && ln -s . "$1/self"; }
# prior DIR [LOG]: an earlier successful run of LOG (default small.csv) into DIR.
prior() { "$DTMAP_BIN" run -q -o "$1" "${2:-$C/small.csv}" >/dev/null 2>&1; }

# snapshot: every file and link under the case's folder with its content (or target), but the
# case's own stdout.txt and stderr.txt and the output folder's lock file (.NAME.lock beside it,
# which a run creates and leaves empty: not an output): what a failure must leave as it was.
snapshot() {
    find . \( -name stdout.txt -o -name stderr.txt -o -name '.*.lock' \) -prune -o -type f -print0 |
        sort -z | xargs -0r sha256sum
    find . -type l -printf '%p -> %l\n' | sort
}

# outputs_valid: the success wrote something, and every raster, GeoPackage and JSON file under
# the folder reads back.
outputs_valid() {
    local f
    [ "$(snapshot)" != "$before" ] || echo "a success wrote nothing"
    while IFS= read -r -d '' f; do
        case $f in
        *.tif) gdalinfo "$f" >/dev/null 2>&1 || echo "gdalinfo cannot read $f" ;;
        *.gpkg) ogrinfo -ro -so -al "$f" >/dev/null 2>&1 || echo "ogrinfo cannot read $f" ;;
        *.json) jq -e . "$f" >/dev/null 2>&1 || echo "$f is not JSON" ;;
        esac
    done < <(find . -type f \( -name '*.tif' -o -name '*.gpkg' -o -name '*.json' \) -print0)
}

# more_problems: the rules of this corpus beyond cases.sh's, one line per way they fail.
more_problems() {
    [ "$got" -lt 124 ] || echo "crashed or hung (exit $got)"
    ! grep -q 'LeakSanitizer' stderr.txt || echo "leak report"
    [ "$got" != 0 ] || outputs_valid
}

# folder_problems: what a failure changed in the case's folder (nothing when it passes).
folder_problems() {
    [ "$want" != 0 ] && [ "$got" != 0 ] && [ "$(snapshot)" != "$before" ] || return 0
    echo "the failure changed its folder:"
    diff <(echo "$before") <(snapshot) | sed -n 's/^\([<>]\) /  \1 /p' | head -n 5
}

# note STATUS NAME LINES: prints the problems of a case (FAIL or PENDING) with its output.
note() {
    while IFS= read -r line; do echo "$1 $2: $line"; done <<<"$3"
    echo "--- stdout:"; head -c 2000 stdout.txt | head -n 10
    echo "--- stderr:"; head -c 2000 stderr.txt | head -n 10
}

while IFS=$'\t' read -r name want stream expect setup facts tag args; do
    [ -z "$name" ] || [ "${name#\#}" != "$name" ] && continue
    rows=$((rows + 1))
    [ $(((rows - 1) % ${shard#*/})) -eq "${shard%/*}" ] || continue
    [[ $name =~ ${BAD_INPUT_ONLY:-.} ]] || continue
    n=$((n + 1))
    mkdir "$tmp/$name" && cd "$tmp/$name" || exit 1
    [ "$setup" = - ] || eval "$setup" </dev/null || { echo "FAIL $name: setup '$setup' failed"; fail=$((fail + 1)); cd "$tmp"; continue; }
    before=$(snapshot)
    eval "set -- $args"
    t0=$(date +%s.%N)
    ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1} timeout 60 "$DTMAP_BIN" "$@" </dev/null >stdout.txt 2>stderr.txt
    got=$?
    t1=$(date +%s.%N)
    leftovers=0
    p=$(printf '%s\n%s' "$(problems)" "$(more_problems)" | sed '/^$/d')
    f=$(folder_problems)
    case $tag in
    -) p=$(printf '%s\n%s' "$p" "$f" | sed '/^$/d') ;;
    pending:*:leftovers) # only the folder rule is pending
        [ -n "$p" ] || { note PENDING "$name [$tag]" "${f:-now passes: remove the tag}"; pending=$((pending + 1)); }
        ;;
    pending:*)
        q=$(printf '%s\n%s' "$p" "$f" | sed '/^$/d')
        note PENDING "$name [$tag]" "${q:-now passes: remove the tag}"
        p= pending=$((pending + 1))
        ;;
    *) p="unknown tag '$tag'" ;;
    esac
    if [ -n "${BAD_INPUT_VERBOSE:-}" ]; then # one line per case: what it did
        printf 'CASE %s\t%s\t%.1fs\t%s\n' "$name" "$got" "$(awk "BEGIN { print $t1 - $t0 }")" \
            "$(head -c 300 stderr.txt | head -n 1)"
    fi
    if [ -n "$p" ]; then
        note FAIL "$name" "$p"
        fail=$((fail + 1))
    fi
    cd "$tmp" || exit 1
done <"$(dirname "$0")/bad_input.tsv"
echo "$((n - fail - pending)) passed, $fail failed, $pending pending (not counted)"
[ "$rows" -ge 60 ] || { echo "FAIL: only $rows cases in bad_input.tsv"; exit 1; }
[ "$fail" -eq 0 ]
