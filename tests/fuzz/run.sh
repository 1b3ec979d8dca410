#!/usr/bin/env bash
# run.sh: runs one fuzz target, for ctest (tests/fuzz/CMakeLists.txt) and scripts/fuzz.
#   run.sh replay BIN TARGET WORK          every seed and every kept regression input once
#   run.sh fuzz BIN TARGET WORK SECONDS    libFuzzer for SECONDS, then the executions it made
# WORK is a folder outside the repository (made if missing) holding seeds-MODE/TARGET (made
# again from the fixtures by seeds.sh each time), corpus/TARGET (what libFuzzer found, kept between
# runs) and artifacts/TARGET (inputs that crashed, leaked or hung). Regression inputs are
# tests/fuzz/regress/TARGET/*. BIN is the target built with libFuzzer, or (replay only) with
# replay.c. Environment: DTMAP_FUZZ_TIMEOUT, seconds one input may take before it counts as a
# hang (default 10: CI machines are shared; scripts/fuzz passes its own).
# Exit 0 when the target ran clean, 1 on a finding (the input's path is printed), 2 on usage.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
mode=${1:-}
bin=${2:-}
target=${3:-}
work=${4:-}
if [ -z "$work" ] || { [ "$mode" != replay ] && [ "$mode" != fuzz ]; }; then
    echo "usage: run.sh replay|fuzz BIN TARGET WORK [SECONDS]" >&2
    exit 2
fi
seeds=$work/seeds-$mode/$target
corpus=$work/corpus/$target
artifacts=$work/artifacts/$target
regress=$here/regress/$target
rm -rf "$seeds"
mkdir -p "$corpus" "$artifacts"
bash "$here/seeds.sh" "$target" "$seeds"
dirs=("$seeds")
[ -d "$regress" ] && dirs+=("$regress")

if [ "$mode" = replay ]; then
    # libFuzzer runs each input of the folders once with -runs=0; replay.c ignores the flag.
    exec "$bin" -runs=0 "${dirs[@]}"
fi

secs=${5:?run.sh fuzz: how many seconds?}
flags=(-max_total_time="$secs" -timeout="${DTMAP_FUZZ_TIMEOUT:-10}" -max_len=16384
    -rss_limit_mb=2048 -print_final_stats=1 -error_exitcode=1 -timeout_exitcode=1
    -artifact_prefix="$artifacts/")
[ -f "$here/dict/$target.dict" ] && flags+=(-dict="$here/dict/$target.dict")
log=$work/$target.log
stamp=$work/$target.start
: >"$stamp"
set +e
"$bin" "${flags[@]}" "$corpus" "${dirs[@]}" >"$log" 2>&1
rc=$?
set -e
execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
echo "fuzz: $target: ${execs:-?} executions in ${secs} s, corpus $(find "$corpus" -type f |
    wc -l) inputs ($corpus)"
if [ "$rc" -ne 0 ]; then
    tail -n 60 "$log"
    echo "fuzz: $target: FAILED (exit $rc); full log $log"
    find "$artifacts" -type f -newer "$stamp" | while read -r a; do
        echo "fuzz: $target: input: $a (replay: $bin $a; keep it under" \
            "tests/fuzz/regress/$target/ with the fix)"
    done
    exit 1
fi
