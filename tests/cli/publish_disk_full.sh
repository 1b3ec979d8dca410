#!/usr/bin/env bash
# publish_disk_full.sh: a run that meets a full disk says "No space left on device" naming the
# file, exits 1 and leaves the earlier run intact (issue 10: the message was libtiff's
# "TIFFAppendToStrip" or SQLite's "database or disk is full", and the folder was half replaced).
# On a small tmpfs of its own (a user and mount namespace; as root a plain mount), an earlier run,
# then a filler file that leaves a little room (several sizes, so that different writers meet the
# end of the disk), then the same run again with --overwrite. Skips when no tmpfs can be mounted.
set -u
. "$DTMAP_SOURCE_DIR/tests/lib/assert.sh"
if [ "${PUBLISH_DISK_FULL_INSIDE:-}" != 1 ]; then
    export PUBLISH_DISK_FULL_INSIDE=1
    if unshare --user --map-root-user --mount true 2>/dev/null; then
        exec unshare --user --map-root-user --mount bash "$0"
    elif [ "$(id -u)" = 0 ] && unshare --mount true 2>/dev/null; then
        exec unshare --mount bash "$0"
    fi
    echo "SKIP: cannot make a mount namespace for a small tmpfs (unshare refused)"
    exit 77
fi
D="$DTMAP_TEST_DATA/cli"
disk=$(mktemp -d) logs=$(mktemp -d) # stderr goes to logs: the full disk could not take it
trap 'cd /; umount "$disk" 2>/dev/null; rm -rf "$disk" "$logs"' EXIT
mount -t tmpfs -o size=4m tmpfs "$disk" || { echo "SKIP: cannot mount a tmpfs here"; exit 77; }
cd "$disk" || exit 1
check() { try assert_value "$@"; }
snap() { (cd "$1" && find . -mindepth 1 \( -type f -exec sha256sum {} + \) -o \( ! -type f -printf '%y %p\n' \) | sort); }

"$DTMAP_BIN" run -q --method bin -o out "$D/small_with_bad.csv" 2>$logs/err.txt || { cat $logs/err.txt; echo "FAIL: earlier run"; exit 1; }
before=$(snap out)
for room_k in 8 60 120 200; do
    avail=$(df -k --output=avail . | tail -1)
    dd if=/dev/zero of=filler bs=1k count=$((avail - room_k)) 2>/dev/null
    "$DTMAP_BIN" run -q --overwrite --method bin --res 10 -o out "$D/small_with_bad.csv" 2>$logs/err.txt
    rc=$?
    check "$room_k KiB left: exit" $rc 1
    check "$room_k KiB left: says so, naming a file of out/ ($(head -c 300 $logs/err.txt))" \
        "$(grep -c '^dtmap: out/[^ ]*: \(write failed: \)\?No space left on device\|^dtmap: out: No space left on device (out/[^ ]*: ' $logs/err.txt)" 1
    check "$room_k KiB left: no GDAL text" "$(grep -c 'TIFFAppendToStrip\|disk is full' $logs/err.txt)" 0
    check "$room_k KiB left: earlier run intact" "$(snap out)" "$before"
    check "$room_k KiB left: no staging folder left" "$(ls -A | grep -c '^\.out\.staging-')" 0
    rm -f filler
done
"$DTMAP_BIN" run -q --overwrite --method bin --res 10 -o out "$D/small_with_bad.csv" 2>$logs/err.txt
check "with room again: exit" $? 0

assert_summary
