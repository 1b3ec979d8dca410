#!/usr/bin/env bash
# cases.sh: runs every row of cases.tsv (command, expected exit status, the stream and text of
# the expected message, facts about the files left behind; the format is in that file's header).
# Every case also obeys these rules: stdout never carries error text; a failure's stderr opens
# with "dtmap: " or "dtmap COMMAND: ", a usage error (exit 2) is at most two lines, a failure
# leaves no raster; a success writes nothing on stderr unless its message is expected there;
# no sanitizer report and no temporary file, whatever happened.
# bad_input.sh sources this file for fact and problems (then the table below is not run).
set -u
. "$DTMAP_SOURCE_DIR/tests/lib/assert.sh"
err_line="^dtmap( [a-z-]+)?: |^Try 'dtmap" # how the CLI's error and usage lines open

# counts COUNT: sets cmin and cmax for an exact count N, only cmin (cmax empty) for N+.
counts() {
    case $1 in *+) cmin=${1%+} cmax= ;; *) cmin=$1 cmax=$1 ;; esac
}

# fact KIND:ARGS: one fact of the facts column (tif:FILE:BANDS:COUNT, csv:FILE:COUNT,
# gpkg:FILE:LAYER:COUNT, json:FILE:EXPR, file:FILE, quiet), checked in the case's folder.
fact() {
    local kind=${1%%:*} rest=${1#*:} f a b cmin cmax
    IFS=: read -r f a b <<<"$rest"
    case $kind in
    tif) counts "$b" && assert_raster "$f" "$a" "$cmin" "$cmax" ;;
    csv) counts "$a" && assert_csv_rows "$f" "$cmin" "$cmax" ;;
    gpkg) counts "$b" && assert_vector_features "$f" "$a" "$cmin" "$cmax" ;;
    json) assert_json_expr "$f" "${rest#*:}" ;;
    file) assert_file_nonempty "$f" ;;
    quiet) [ ! -s stdout.txt ] || assert_fail stdout "not empty: $(head -c 200 stdout.txt)" ;;
    *) assert_fail cases.tsv "unknown fact '$1'" ;;
    esac
}

# problems: one line for each way the case just run (exit status $got, stdout in stdout.txt,
# stderr in stderr.txt) differs from its row; nothing when it passes. A message that opens
# with '~' is an extended regular expression (the rest of it), otherwise a fixed string. With
# leftovers=0 the rasters left by a failure are not looked for (the caller checks the folder).
problems() {
    local how=-F pat=$expect
    [ "${expect#\~}" = "$expect" ] || how=-E pat=${expect#\~}
    [ "$got" = "$want" ] || echo "exit $got, expected $want"
    if [ "$expect" != - ]; then
        grep -q $how -- "$pat" "std$stream.txt" || echo "std$stream lacks '$expect'"
        [ "$stream" = out ] || ! grep -q $how -- "$pat" stdout.txt ||
            echo "stdout carries the error message too"
    fi
    ! grep -Eq -- "$err_line" stdout.txt ||
        echo "stdout carries error text: $(grep -E -m1 -- "$err_line" stdout.txt)"
    if [ "$want" != 0 ]; then
        head -n 1 stderr.txt | grep -Eq -- "$err_line" ||
            echo "stderr does not open with 'dtmap: ' or 'dtmap COMMAND: '"
        [ "${leftovers:-1}" = 0 ] || ! find . -name '*.tif' | grep -q . ||
            echo "a failed command left rasters: $(find . -name '*.tif' | head -3 | tr '\n' ' ')"
    elif [ "$stream" != err ] && [ -s stderr.txt ]; then
        echo "a success wrote on stderr"
    fi
    [ "$want" != 2 ] || [ "$(wc -l <stderr.txt)" -le 2 ] || echo "a usage error should be a one-line hint"
    ! grep -qE 'Sanitizer|runtime error:' stdout.txt stderr.txt || echo "sanitizer report" # UBSan prints no SUMMARY line
    ! find . -name '.*.tmp-*' | grep -q . || echo "temporary file left behind"
    local x
    if [ "$facts" != - ]; then
        for x in $facts; do (fact "$x") 2>&1 | sed 's/^FAIL //'; done
    fi
}

[ "${BASH_SOURCE[0]}" = "$0" ] || return 0
D="$DTMAP_TEST_DATA/cli"
fail=0 n=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
while IFS=$'\t' read -r name want stream expect facts args; do
    [ -z "$name" ] || [ "${name#\#}" != "$name" ] && continue
    n=$((n + 1))
    mkdir "$tmp/$name" && cd "$tmp/$name" || exit 1
    eval "set -- ${args//\$D/$D}"
    "$DTMAP_BIN" "$@" >stdout.txt 2>stderr.txt
    got=$?
    p=$(problems)
    if [ -n "$p" ]; then
        while IFS= read -r line; do echo "FAIL $name: $line"; done <<<"$p"
        echo "--- stdout:"; head -n 20 stdout.txt; echo "--- stderr:"; head -n 20 stderr.txt
        fail=$((fail + 1))
    fi
    cd "$tmp" || exit 1
done <"$(dirname "$0")/cases.tsv"
echo "$((n - fail)) passed, $fail failed"
[ "$fail" -eq 0 ]
