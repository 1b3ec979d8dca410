#!/usr/bin/env bash
# cases.sh: runs every row of cases.tsv (command, expected exit status, expected message).
set -u
D="$DTMAP_TEST_DATA/cli"
fail=0 n=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
while IFS=$'\t' read -r name want expect args; do
    [ -z "$name" ] || [ "${name#\#}" != "$name" ] && continue
    n=$((n + 1))
    mkdir "$tmp/$name" && cd "$tmp/$name" || exit 1
    eval "set -- ${args//\$D/$D}"
    "$DTMAP_BIN" "$@" >out.txt 2>err.txt
    got=$?
    cat out.txt err.txt >all.txt
    if [ "$got" != "$want" ]; then
        echo "FAIL $name: exit $got, expected $want"; cat all.txt; fail=$((fail + 1))
    elif [ "$expect" != - ] && ! grep -qF -- "$expect" all.txt; then
        echo "FAIL $name: output lacks '$expect'"; cat all.txt; fail=$((fail + 1))
    elif [ "$name" = ok-quiet ] && [ -s out.txt ]; then
        echo "FAIL $name: --quiet printed to stdout"; fail=$((fail + 1))
    elif grep -qE 'Sanitizer|runtime error:' all.txt; then # UBSan prints no SUMMARY line
        echo "FAIL $name: sanitizer report"; cat all.txt; fail=$((fail + 1))
    elif [ "$want" = 2 ] && [ "$(wc -l <err.txt)" -gt 2 ]; then
        echo "FAIL $name: a usage error should be a one-line hint"; cat err.txt; fail=$((fail + 1))
    fi
    # No temporary file may survive, whatever happened.
    if find . -name '.*.tmp-*' | grep -q .; then
        echo "FAIL $name: temporary file left behind"; fail=$((fail + 1))
    fi
    cd "$tmp" || exit 1
done <"$(dirname "$0")/cases.tsv"
echo "$((n - fail)) passed, $fail failed"
[ "$fail" -eq 0 ]
