#!/usr/bin/env bash
# split_slurm.sh: split mode under a real Slurm (a single-node cluster on loopback started by
# tests/lib/slurm.sh for this test alone): scripts/dtmap-slurm submits `dtmap plan`'s tasks as
# a job array and `dtmap merge` as a job depending on it (afterok), and, beside it, the
# README's three commands do the same by hand; both publish byte for byte what `dtmap run`
# writes with the same options (the whole demo folder, every technology, --areas without the
# charts, 50 m), every array task and the merge jobs complete with exit 0, and nothing of the
# plan is left beside the outputs. Skipped (77) when the binary has no `plan` command, when not
# root, or when slurm-wlm or munge are not installed or will not start.
# labels: slurm
set -u
. "$DTMAP_SOURCE_DIR/tests/lib/assert.sh"
. "$DTMAP_SOURCE_DIR/tests/lib/slurm.sh"
"$DTMAP_BIN" plan --help >/dev/null 2>&1 ||
    { echo "SKIP: $DTMAP_BIN has no plan command (split mode not built yet)"; exit 77; }
demo="$DTMAP_SOURCE_DIR/data/demo"
# 32-cell tiles (the grid is 179 x 113 cells) and at most 4 tasks: several tasks, where the
# binary has those options.
tile=() tasks=()
"$DTMAP_BIN" run --help 2>&1 | grep -q -- --tile && tile=(--tile 32)
"$DTMAP_BIN" plan --help 2>&1 | grep -q -- --tasks && tasks=(--tasks 4)
# No charts here (half the run's time; split_parallel.sh compares them): this test is about
# the scheduler.
opts=(--tz +08:00 --res 50 --redcap town_redcap_rg255c_2026.03.14_09.20.28.log
    --areas "$demo/areas.geojson" --no-charts "${tile[@]}")
tmp=$(mktemp -d)
trap 'slurm_stop; rm -rf "$tmp"' EXIT
now_ms() { echo $(($(date +%s%N) / 1000000)); }
check() { try assert_value "$@"; } # check NAME ACTUAL EXPECTED
t=$(now_ms)
slurm_start || exit $?
echo "Slurm up in $(($(now_ms) - t)) ms ($SLURM_TEST_DIR)"
mkdir "$tmp/work" "$tmp/readme" "$tmp/logs" && cd "$tmp/work" || exit 1

"$DTMAP_BIN" run -q "${opts[@]}" -o A "$demo" || { echo "FAIL: dtmap run"; exit 1; }

# scripts/dtmap-slurm: the array, then the merge; prints their job ids.
t=$(now_ms)
ids=$(DTMAP=$DTMAP_BIN "$DTMAP_SOURCE_DIR/scripts/dtmap-slurm" --output="$tmp/logs/%x-%j.out" \
    -- "${opts[@]}" "${tasks[@]}" -o B "$demo")
check "dtmap-slurm (exit)" $? 0
jtasks=${ids%%$'\n'*}
jmerge=${ids##*$'\n'}
# The README's commands, literally (dtmap being $DTMAP_BIN), in a folder of their own, where
# the jobs' slurm-*.out files go.
cd "$tmp/readme" || exit 1
N=$("$DTMAP_BIN" plan "${opts[@]}" "${tasks[@]}" -o C "$demo" | head -n 1)
rtasks=$(sbatch --parsable --array=0-$((N - 1)) --wrap "$DTMAP_BIN task --plan C \$SLURM_ARRAY_TASK_ID")
rmerge=$(sbatch --parsable --dependency=afterok:$rtasks --kill-on-invalid-dep=yes --wrap "$DTMAP_BIN merge C")
cd "$tmp/work" || exit 1

slurm_wait 90 "$jtasks" "$jmerge" "$rtasks" "$rmerge"
rc=$?
check "every job completed with exit 0 (slurm_wait)" $rc 0
echo "$N tasks; both arrays and merges done in $(($(now_ms) - t)) ms"
if [ $rc -ne 0 ]; then
    for f in "$tmp"/logs/* "$tmp"/readme/slurm-*.out; do
        [ -s "$f" ] && { echo "--- $f"; tail -n 5 "$f"; }
    done
fi
check "array tasks" "$(scontrol -o show job "$jtasks" | grep -c 'JobState=COMPLETED')" "$N"

# Same files, same bytes as dtmap run; beside B only what run leaves beside A (.A.lock).
for out in B "$tmp/readme/C"; do
    check "$out: same file list" "$(cd "$out" 2>/dev/null && find . | sort | md5sum)" \
        "$(cd A && find . | sort | md5sum)"
    diff -r A "$out" >"$tmp/diff.txt" 2>&1
    check "diff -r A $out" "$?:$(head -c 300 "$tmp/diff.txt")" "0:"
done
check "beside B what run leaves beside A" "$(ls -A | grep B | sed 's/B/X/g' | paste -s -d ' ')" \
    "$(ls -A | grep A | sed 's/A/X/g' | paste -s -d ' ')"
check "only A, B and their locks" "$(ls -A | grep -cv '[AB]')" 0
check "no temporary files" "$(find . -name '.*.tmp-*' | wc -l)" 0
assert_summary
