#!/usr/bin/env bash
# publish_lock.sh: one run at a time per output folder (issue 10: overlapping cron jobs wrote into
# one folder at once). A second run while another holds PARENT/.NAME.lock exits 1 saying which
# process holds it; --wait waits for it instead; a lock left by a killed process is taken.
set -u
. "$DTMAP_SOURCE_DIR/tests/lib/assert.sh"
D="$DTMAP_TEST_DATA/cli"
tmp=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null; rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1
check() { try assert_value "$@"; }
command -v flock >/dev/null || { echo "SKIP: no flock(1)"; exit 77; }
demo="$DTMAP_SOURCE_DIR/data/demo"

# 1. dtmap against dtmap: the second run names the first's PID.
"$DTMAP_BIN" run -q --tz +08:00 --techs lte -o out "$demo" 2>first.err &
first=$!
for _ in $(seq 100); do [ "$(cat .out.lock 2>/dev/null)" = "$first" ] && break; sleep 0.05; done
"$DTMAP_BIN" run -q --overwrite --method bin -o out "$D/small.csv" 2>err.txt
check "busy: exit" $? 1
check "busy: message names the holder" "$(grep -c "^dtmap: out is in use by process $first " err.txt)" 1
wait $first
check "first run done" $? 0

# 2. --wait waits for the holder, then runs.
flock -x .out.lock sleep 1.5 &
holder=$!
sleep 0.2
echo $holder >.out.lock # flock(1) opens without truncating: this is what a dtmap holder writes
"$DTMAP_BIN" run -q --overwrite --method bin -o out "$D/small.csv" 2>err.txt
check "held: exit" $? 1
check "held: message names the holder" "$(grep -c "out is in use by process $holder " err.txt)" 1
start=$(date +%s%N)
"$DTMAP_BIN" run -q --overwrite --wait --method bin -o out "$D/small.csv" 2>err.txt
check "--wait: exit" $? 0
check "--wait: waited for the holder" "$(( ($(date +%s%N) - start) / 100000000 >= 8 ))" 1
check "--wait: the run wrote" "$(jq -r '.files | length > 10' out/manifest.json)" true

# 3. A lock file left by a killed process (its PID still in it, nobody holds it) is taken.
echo 4999999 >.out.lock
"$DTMAP_BIN" run -q --overwrite --method bin -o out "$D/small.csv" 2>err.txt
check "stale lock: exit" $? 0
check "stale lock: lock emptied after the run" "$(stat -c %s .out.lock)" 0
check "stale lock: nothing on stderr" "$(cat err.txt)" ""

assert_summary
