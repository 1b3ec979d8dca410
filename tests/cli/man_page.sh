#!/usr/bin/env bash
# man_page.sh: every option that --help lists is documented in man/dtmap.1, and every command in
# the man page's EXAMPLES runs and exits 0 (cron lines are checked for syntax only).
set -u
man="$DTMAP_SOURCE_DIR/man/dtmap.1"
fail=0 n=0
for cmd in run grid ingest plan; do
    for opt in $("$DTMAP_BIN" $cmd --help | grep -oE -- '--[a-z][a-z-]+' | sort -u); do
        n=$((n + 1))
        grep -qE "^\.It Fl .*\\\\-${opt#--}( |$)" "$man" || {
            echo "FAIL: dtmap $cmd $opt is not documented in man/dtmap.1"; fail=$((fail + 1)); }
    done
done
for sec in NAME SYNOPSIS COMMANDS OPTIONS "EXIT STATUS" EXAMPLES "SEE ALSO"; do
    n=$((n + 1))
    grep -q "^\.Sh $sec\$" "$man" || { echo "FAIL: no $sec section"; fail=$((fail + 1)); }
done

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
ln -s "$DTMAP_SOURCE_DIR/data" "$tmp/data"
ln -s "$DTMAP_SOURCE_DIR/tests" "$tmp/tests"
# The literal blocks after .Sh EXAMPLES, with mdoc's \e continuations joined.
awk '/^\.Sh EXAMPLES/ { on = 1; next } /^\.Sh / { on = 0 }
     on && /^\.Bd -literal/ { lit = 1; next } lit && /^\.Ed/ { lit = 0; next }
     on && lit { line = line $0; if (line ~ /\\e$/) { sub(/\\e$/, "", line); next }
                 print line; line = "" }' "$man" >"$tmp/examples"
[ -s "$tmp/examples" ] || { echo "FAIL: no examples found"; fail=$((fail + 1)); }
while read -r line; do
    n=$((n + 1))
    case "$line" in
    [0-9]*) # a cron line: five time fields, then a dtmap command that must parse
        set -f; set -- $line; set +f
        [ $# -gt 6 ] && [ "$6" = dtmap ] || { echo "FAIL: bad cron example: $line"; fail=$((fail + 1)); }
        continue ;;
    dtmap\ *) ;;
    *) echo "FAIL: example does not start with dtmap: $line"; fail=$((fail + 1)); continue ;;
    esac
    (cd "$tmp" && eval "\"\$DTMAP_BIN\" ${line#dtmap }" >"$tmp/log" 2>&1)
    rc=$?
    if [ $rc -ne 0 ]; then
        echo "FAIL: example exited $rc: $line"; cat "$tmp/log"; fail=$((fail + 1))
    fi
done <"$tmp/examples"
echo "$((n - fail)) passed, $fail failed"
[ "$fail" -eq 0 ]
