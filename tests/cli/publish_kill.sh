#!/usr/bin/env bash
# publish_kill.sh: a killed run never leaves a mixed folder (issue 10: after kill -9 the folder
# held new rsrp_lte* beside the earlier run's rsrq, sinr, gaps.gpkg and summary.json). kill -9
# at several moments of a run on data/demo (LTE only, a few seconds) leaves the earlier run
# byte-identical; the next run removes the leftovers (staging folder, temporaries); SIGTERM and
# SIGINT stop a run promptly with status 128 + signal, leaving no staging folder, no temporary
# and no lock holder.
set -u
. "$DTMAP_SOURCE_DIR/tests/lib/assert.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1
check() { try assert_value "$@"; }
snap() { (cd "$1" && find . -mindepth 1 \( -type f -exec sha256sum {} + \) -o \( ! -type f -printf '%y %p\n' \) | sort); }
demo="$DTMAP_SOURCE_DIR/data/demo"
run() { "$DTMAP_BIN" run -q --overwrite --tz +08:00 --techs lte "$@" -o out "$demo"; }
leftovers() { ls -A . | grep -c '^\.out\.staging-\|^\.out\.old-'; }
temporaries() { find out -name '.*.tmp-*' | wc -l; }

# The earlier run: RSRP, RSRQ and SINR of LTE. The runs killed map LTE RSRP only at 3 m (about
# 2 s in the sanitizer build, so most kill moments fall inside the run), so
# a mixed folder would show at once (other grid, missing layers). Each killed run must leave
# either the earlier run byte-identical or (killed after its swap) the whole new one; most of
# the moments fall before the swap, and at least three must.
run --metrics rsrp,rsrq,sinr 2>err.txt || { cat err.txt; echo "FAIL: earlier run"; exit 1; }
before=$(snap out)
# What a run that is not killed publishes (file contents do not depend on the folder's name).
"$DTMAP_BIN" run -q --tz +08:00 --techs lte --metrics rsrp --res 3 -o ref "$demo" 2>/dev/null
after=$(snap ref)
killed=0 staged=0
for t in 0.1 0.3 0.5 0.8 1.1 1.4 2; do
    "$DTMAP_BIN" run -q --overwrite --tz +08:00 --techs lte --metrics rsrp --res 3 -o out "$demo" 2>kill-$t.err &
    pid=$!
    sleep $t
    kill -9 $pid 2>/dev/null
    wait $pid 2>/dev/null
    rc=$?
    now=$(snap out)
    if [ $rc = 137 ] && [ "$now" = "$before" ]; then
        killed=$((killed + 1)) # killed before the swap: the earlier run, whole
        [ "$(leftovers)" -gt 0 ] && staged=$((staged + 1)) # its staging folder, for the next run
    else # killed after the swap (while exiting) or not killed: the whole new run
        check "run killed after $t s: the earlier run or the whole new one" "$now" "$after"
        "$DTMAP_BIN" run -q --overwrite --tz +08:00 --techs lte --metrics rsrp,rsrq,sinr -o out "$demo" 2>/dev/null
        check "run killed after $t s: earlier run made again" "$(snap out)" "$before"
    fi
done
check "runs killed before the swap, earlier run intact (of 7): $killed" "$((killed >= 3))" 1
check "killed runs that left a staging folder behind: $staged" "$((staged >= 1))" 1
# The last kill may have come after the run finished; the next run cleans whatever is left.
run --metrics rsrp,rsrq,sinr 2>err.txt
check "next run: exit" $? 0
check "next run: no staging folder left" "$(leftovers)" 0
check "next run: no temporary left" "$(temporaries)" 0
check "next run: same outputs as the earlier run" "$(snap out | grep -v manifest.json)" "$(grep -v manifest.json <<<"$before")"
before=$(snap out)

# SIGTERM (and SIGINT, which a shell's background job ignores unless reset) while mapping.
for sig in TERM INT; do
    python3 -c 'import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL); os.execv(sys.argv[1], sys.argv[1:])' \
        "$DTMAP_BIN" run -q --overwrite --tz +08:00 --techs lte --metrics rsrp --res 3 -o out "$demo" 2>err.txt &
    pid=$!
    # Once it holds the lock (its PID in the lock file) it handles signals; then mid-run.
    for _ in $(seq 200); do [ "$(cat .out.lock 2>/dev/null)" = "$pid" ] && break; sleep 0.02; done
    sleep 0.3
    start=$(date +%s%N)
    kill -$sig $pid
    wait $pid
    rc=$?
    ms=$(( ($(date +%s%N) - start) / 1000000 ))
    check "SIG$sig: exit status" $rc $((128 + $(kill -l $sig)))
    check "SIG$sig: stopped within 1.5 s (took $ms ms)" "$((ms < 1500))" 1
    check "SIG$sig: message" "$(grep -c '^dtmap: stopped by signal' err.txt)" 1
    check "SIG$sig: no staging folder" "$(leftovers)" 0
    check "SIG$sig: no temporary" "$(temporaries)" 0
    check "SIG$sig: lock free" "$(flock -n .out.lock true && echo free)" free
    check "SIG$sig: earlier run intact" "$(snap out)" "$before"
done

assert_summary
