#!/usr/bin/env bash
# split_parallel.sh: split mode with GNU parallel: `dtmap plan`, its tasks run by `parallel`,
# `dtmap merge` publish byte for byte what `dtmap run` writes with the same options (same file
# list, same bytes), on the whole demo folder (every format and technology, the time join,
# --areas with the report and charts) at 50 m. On the way: merge refuses (exit 1, "missing
# tasks: ..." naming exactly those not done) and publishes nothing while tasks are missing; a
# task run twice is harmless; a task killed with SIGKILL mid-way and run again gives the same
# result; after the merge nothing of the plan is left beside the outputs. Skipped (77) when
# the binary has no `plan` command or GNU parallel is not installed.
#
# The commands, as a user types them (README):
#   N=$(dtmap plan --tz +08:00 -o maps/2026-11 logs/ | head -n 1)
#   seq 0 $((N - 1)) | parallel -j2 dtmap task --plan maps/2026-11 {}
#   dtmap merge maps/2026-11
set -u
. "$DTMAP_SOURCE_DIR/tests/lib/assert.sh"
"$DTMAP_BIN" plan --help >/dev/null 2>&1 ||
    { echo "SKIP: $DTMAP_BIN has no plan command (split mode not built yet)"; exit 77; }
parallel --version 2>/dev/null | grep -q 'GNU parallel' ||
    { echo "SKIP: GNU parallel is not installed (Debian package parallel; scripts/install-deps)"; exit 77; }
demo="$DTMAP_SOURCE_DIR/data/demo"
# 32-cell tiles (the grid is 179 x 113 cells) and at most 4 tasks: several tasks, where the
# binary has those options.
tile=() tasks=()
"$DTMAP_BIN" run --help 2>&1 | grep -q -- --tile && tile=(--tile 32)
"$DTMAP_BIN" plan --help 2>&1 | grep -q -- --tasks && tasks=(--tasks 4)
opts=(--tz +08:00 --res 50 --redcap town_redcap_rg255c_2026.03.14_09.20.28.log
    --areas "$demo/areas.geojson" "${tile[@]}")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/work" && cd "$tmp/work" || exit 1
check() { try assert_value "$@"; } # check NAME ACTUAL EXPECTED
now_ms() { echo $(($(date +%s%N) / 1000000)); }
# published FOLDER: how many of A's files exist under FOLDER (0: nothing published).
published() { (cd A && find . -type f -print0) | (cd "$1" 2>/dev/null && xargs -0 -r ls -d 2>/dev/null) | wc -l; }
# missing_set: the task numbers after "missing tasks:" in err.txt, ranges (3-5) expanded,
# sorted, one line.
missing_set() {
    sed -n 's/.*missing tasks: *//p' err.txt | tr ', ' '\n\n' | awk -F- '
        /^[0-9]+$/ { print; next } /^[0-9]+-[0-9]+$/ { for (i = $1; i <= $2; i++) print i }' |
        sort -n | paste -s -d ' '
}

t=$(now_ms)
"$DTMAP_BIN" run -q "${opts[@]}" -o A "$demo" || { echo "FAIL: dtmap run"; exit 1; }
run_ms=$(($(now_ms) - t))
# As the README has it, through head: plan must be done with the plan when it prints N (a
# plan killed by SIGPIPE after head has gone exits 141 here).
N=$("$DTMAP_BIN" plan "${opts[@]}" "${tasks[@]}" -o B "$demo" | head -n 1; exit "${PIPESTATUS[0]}")
rc=$?
[ $rc -eq 0 ] || { echo "FAIL: dtmap plan exit $rc"; exit 1; }
[[ $N =~ ^[0-9]+$ ]] && [ "$N" -gt 0 ] || { echo "FAIL: dtmap plan printed '$N', not a task count"; exit 1; }
echo "dtmap run: $run_ms ms; dtmap plan: $N tasks"

# 1. Merge with no task done: exit 1, every task named, nothing published.
"$DTMAP_BIN" merge B 2>err.txt
check "merge before any task (exit)" $? 1
check "merge names every task" "$(missing_set)" "$(seq 0 $((N - 1)) | paste -s -d ' ')"
check "nothing published before the tasks" "$(published B)" 0

# 2. Task 0, twice: the second run is harmless. With more tasks, merge names the others.
t=$(now_ms)
"$DTMAP_BIN" task --plan B 0
check "task 0 (exit)" $? 0
task_ms=$(($(now_ms) - t))
"$DTMAP_BIN" task --plan B 0
check "task 0 again (exit)" $? 0
if [ "$N" -gt 1 ]; then
    "$DTMAP_BIN" merge B 2>err.txt
    check "merge with task 0 done (exit)" $? 1
    check "merge names the tasks not done" "$(missing_set)" "$(seq 1 $((N - 1)) | paste -s -d ' ')"
    check "nothing published with tasks missing" "$(published B)" 0
fi

# 3. Tasks killed with SIGKILL, then run again: the last one (with one task: a rerun of task 0)
#    half-way through what task 0 took, and with three tasks or more the one before it at 90 %
#    of that (while writing, most likely).
for victim_at in $((N - 1)):50 $((N - 2)):90; do
    victim=${victim_at%:*}
    at_ms=$((task_ms * ${victim_at#*:} / 100))
    # task 0 (done, and timed, above) only when it is the only task
    if [ "$victim" -lt 0 ] || { [ "$victim" -eq 0 ] && [ "$N" -gt 1 ]; }; then continue; fi
    "$DTMAP_BIN" task --plan B "$victim" &
    pid=$!
    sleep "$(awk -v ms=$at_ms 'BEGIN { printf "%.3f", ms / 1000 }')"
    kill -KILL $pid 2>/dev/null
    wait $pid 2>/dev/null
    rc=$?
    if [ $rc -eq 137 ]; then
        echo "task $victim killed $at_ms ms in (task 0 took $task_ms ms)"
    else
        echo "NOTE: task $victim finished (exit $rc) before the kill at $at_ms ms"
    fi
    "$DTMAP_BIN" task --plan B "$victim"
    check "task $victim killed, run again (exit)" $? 0
done

# 4. Every task with GNU parallel (those done again too: harmless), then the merge.
seq 0 $((N - 1)) | parallel -j2 "$DTMAP_BIN" task --plan B {}
check "parallel: every task (exit)" $? 0
"$DTMAP_BIN" merge B
check "merge (exit)" $? 0

# 5. Same files, same bytes; nothing of the plan left beside B, no temporary files.
check "same file list" "$(cd B && find . | sort | md5sum)" "$(cd A && find . | sort | md5sum)"
diff -r A B >diff.txt 2>&1
check "diff -r A B" "$?:$(head -c 300 diff.txt)" "0:"
rm -f err.txt diff.txt
# Beside B exactly what `dtmap run` leaves beside A (its lock file .A.lock, README "The output
# folder as one unit"): a plan file or folder left there fails this.
check "beside B what run leaves beside A" "$(ls -A | grep B | sed 's/B/X/g' | paste -s -d ' ')" \
    "$(ls -A | grep A | sed 's/A/X/g' | paste -s -d ' ')"
check "only A, B and their locks" "$(ls -A | grep -cv '[AB]')" 0
check "no temporary files" "$(find . -name '.*.tmp-*' | wc -l)" 0
assert_summary
