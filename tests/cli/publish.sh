#!/usr/bin/env bash
# publish.sh: a run's output folder as one unit (issue 10). Regressions, on tests/data/cli/small.csv
# (LTE and NR):
# - an --overwrite LTE-only rerun into the folder of an LTE+NR run with areas kept the earlier
#   rsrp_nr*.tif, report.md and charts/ (nothing knew what the earlier run wrote); it must remove
#   them (they are in the manifest) and keep the user's own files, inside charts/ too;
# - a run that failed after ingest (bad --crs, bad --areas) had already replaced rejects.csv; the
#   folder must stay byte-identical, and a --rejects file outside it must not be written;
# - the output list names the final folder, never the staging folder;
# - leftovers of killed runs (staging folders, .NAME.tmp-PID.EXT files of dead PIDs) are removed
#   by the next run, and nothing else: names that only look alike stay.
set -u
. "$DTMAP_SOURCE_DIR/tests/lib/assert.sh"
D="$DTMAP_TEST_DATA/cli"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1
dead=4999999 # above any pid_max: never a live process
check() { try assert_value "$@"; }
# snap DIR: every entry of DIR with its type, and the checksum of every file.
snap() { (cd "$1" && find . -mindepth 1 \( -type f -exec sha256sum {} + \) -o \( ! -type f -printf '%y %p\n' \) | sort); }

# 1. An LTE+NR run with areas, then an LTE-only rerun with --overwrite.
"$DTMAP_BIN" run -q --method bin --areas "$DTMAP_TEST_DATA/areas/yangshuo.geojson" -o out \
    "$D/small.csv" 2>err.txt || { cat err.txt; echo "FAIL: first run"; exit 1; }
check "first run: manifest lists rsrp_nr.tif" "$(jq '[.files[].path] | index("rsrp_nr.tif") != null' out/manifest.json)" true
check "first run: manifest lists rejects.csv" "$(jq '[.files[].path] | index("rejects.csv") != null' out/manifest.json)" true
check "first run: manifest sizes" "$(jq -r '.files[] | select(.path == "summary.json") | .bytes' out/manifest.json)" "$(stat -c %s out/summary.json)"
echo mine >out/notes.txt
echo mine >out/charts/my-notes.txt
mkdir out/photos && echo jpeg >out/photos/a.jpg
"$DTMAP_BIN" run --overwrite --method bin --techs lte -o out "$D/small.csv" >stdout.txt 2>err.txt ||
    { cat err.txt; echo "FAIL: LTE-only rerun"; exit 1; }
check "rerun: rsrp_nr.tif removed" "$(ls out/rsrp_nr*.tif 2>/dev/null | wc -l)" 0
check "rerun: report.md removed" "$([ -e out/report.md ] && echo kept || echo removed)" removed
check "rerun: areas.json removed" "$([ -e out/areas.json ] && echo kept || echo removed)" removed
check "rerun: charts emptied of dtmap's charts" "$(ls out/charts)" my-notes.txt
check "rerun: user file kept" "$(cat out/notes.txt)" mine
check "rerun: user folder kept" "$(cat out/photos/a.jpg)" jpeg
check "rerun: rsrp_lte.tif written" "$([ -s out/rsrp_lte.tif ] && echo yes)" yes
check "rerun: manifest has no NR" "$(jq '[.files[].path | select(test("_nr"))] | length' out/manifest.json)" 0
check "rerun: manifest has no user file" "$(jq '[.files[].path | select(test("notes|photos"))] | length' out/manifest.json)" 0
check "rerun: output list names out/" "$(grep -c '^  out/rsrp_lte.tif$' stdout.txt)" 1
check "rerun: no staging path printed" "$(grep -c staging stdout.txt err.txt | awk -F: '{ s += $2 } END { print s }')" 0
check "rerun: nothing left beside out" "$(ls -A . | grep '^\.out\.' | grep -v '^\.out\.lock$' | wc -l)" 0
check "rerun: lock file emptied" "$(stat -c %s .out.lock)" 0

# 2. Without --overwrite a run that writes other files keeps the earlier run's and lists them.
"$DTMAP_BIN" run -q --method bin --techs lte --metrics rsrp -o keep "$D/small.csv" || echo "FAIL: keep run 1"
"$DTMAP_BIN" run -q --method bin --techs nr --metrics rsrp -o keep "$D/small.csv" 2>err.txt
check "no --overwrite, colliding run refused" "$(grep -c 'exists (use --overwrite' err.txt)" 1
check "refused run leaves the folder alone" "$(ls keep/rsrp_nr.tif 2>/dev/null | wc -l)" 0
# The earlier run's files that a run without --overwrite does not replace stay listed (here the
# summaries and rejects are gone, so the second run does not collide).
rm keep/summary.* keep/rejects.csv keep/gaps.gpkg
"$DTMAP_BIN" run -q --method bin --techs nr --metrics rsrp -o keep "$D/small.csv" 2>err.txt || { cat err.txt; echo "FAIL: keep run 2"; }
check "no --overwrite: earlier run's raster kept" "$([ -s keep/rsrp_lte.tif ] && echo yes)" yes
check "no --overwrite: manifest lists both runs" "$(jq '[.files[].path | select(. == "rsrp_lte.tif" or . == "rsrp_nr.tif")] | length' keep/manifest.json)" 2

# A folder without a manifest (an older dtmap's run, or the user's) only loses what this run
# writes; a --rejects file inside the folder goes with the run and into its manifest.
rm keep/manifest.json
"$DTMAP_BIN" run -q --overwrite --method bin --techs lte --metrics rsrp --rejects keep/bad.csv -o keep "$D/small_with_bad.csv" 2>err.txt ||
    { cat err.txt; echo "FAIL: run into a folder without manifest"; }
check "no manifest: other files kept" "$([ -s keep/rsrp_nr.tif ] && echo kept)" kept
check "no manifest: new manifest has only this run" "$(jq '[.files[].path | select(. == "rsrp_nr.tif")] | length' keep/manifest.json)" 0
check "--rejects inside the folder: written" "$(tail -n +2 keep/bad.csv | wc -l)" 2
check "--rejects inside the folder: in the manifest" "$(jq '[.files[].path | select(. == "bad.csv")] | length' keep/manifest.json)" 1

# 3. Runs that fail after ingest leave the folder byte-identical (rejects.csv included).
"$DTMAP_BIN" run -q --method bin -o fail "$D/small_with_bad.csv" || echo "FAIL: run before failures"
before=$(snap fail)
"$DTMAP_BIN" run -q --overwrite --crs EPSG:999999 -o fail "$D/small.csv" 2>err.txt
check "bad --crs exit (usage)" $? 2
check "bad --crs leaves the folder as it was" "$(snap fail)" "$before"
"$DTMAP_BIN" run -q --overwrite --areas "$D/junk.bin" -o fail "$D/small.csv" 2>err.txt
check "bad --areas exit" $? 1
check "bad --areas leaves the folder as it was" "$(snap fail)" "$before"
"$DTMAP_BIN" run -q --overwrite --crs EPSG:999999 --rejects outside.csv -o fail "$D/small_with_bad.csv" 2>err.txt
check "failed run: --rejects outside not written" "$([ -e outside.csv ] && echo written || echo absent)" absent
# ...and says nothing of a rejects file it did not write; when no record is usable, the
# reasons are in the message, since no rejects.csv is left to see
"$DTMAP_BIN" run --overwrite --areas "$D/junk.bin" -o fail "$D/small_with_bad.csv" >out.txt 2>err.txt
check "failed run: no 'rejected records:' line" "$(grep -c 'rejected records:' out.txt)" 0
printf 'lat,lon,rsrp\n24.78,110.49,nan\n24.78,110.49,-300\n' >none.csv
"$DTMAP_BIN" run -q -o none none.csv 2>err.txt
check "nothing usable: reasons and the first reject in the message" \
    "$(grep -c 'no usable record in none.csv (2 rejected: 1 .*, 1 .*; first none.csv:[23]: ' err.txt)" 1
"$DTMAP_BIN" run -q --overwrite --rejects outside.csv -o fail "$D/small_with_bad.csv" 2>err.txt
check "run: --rejects outside written" "$(tail -n +2 outside.csv | wc -l)" 2
check "failed runs leave nothing beside the folder" "$(ls -A . | grep '^\.fail\.' | grep -v '^\.fail\.lock$' | wc -l)" 0

# 4. Leftovers of killed runs, and look-alikes that must stay.
"$DTMAP_BIN" run -q --method bin -o left "$D/small.csv" || echo "FAIL: run before leftovers"
mkdir -p .left.staging-$dead/charts && echo x >.left.staging-$dead/rsrp_lte.tif
mkdir .left.staging-$$ .left.staging-12ab .left.old-x # a live PID, not a PID
echo x >left/.rsrp_lte.tmp-$dead.tif
echo x >left/.summary.tmp-$dead.json
echo x >left/.x.tmp-$dead.tif.bak      # not fileio's pattern
echo x >left/.notes.tmp-$$.txt         # a live PID
echo x >left/rsrp.tmp-$dead.tif        # not hidden
echo x >left/.keep
"$DTMAP_BIN" run -q --overwrite --method bin -o left "$D/small.csv" || echo "FAIL: run after leftovers"
check "dead staging removed" "$([ -e .left.staging-$dead ] && echo kept || echo removed)" removed
check "live PID's staging kept" "$([ -d .left.staging-$$ ] && echo kept)" kept
check "look-alike folders kept" "$(ls -d .left.staging-12ab .left.old-x | wc -l)" 2
check "dead temporaries removed" "$(ls -A left | grep -c "^\.rsrp_lte\.tmp-$dead\.tif\$\|^\.summary\.tmp-$dead\.json\$")" 0
check "look-alike files kept" "$(ls -A left | grep -c '^\.x\.tmp-.*\.bak$\|^\.notes\.tmp-\|^rsrp\.tmp-\|^\.keep$')" 4
check "look-alikes not in the manifest" "$(jq '[.files[].path | select(test("tmp|keep"))] | length' left/manifest.json)" 0

# 5. A run killed between carrying files into staging and the swap: the next run moves them back.
"$DTMAP_BIN" run -q --method bin -o carry "$D/small.csv" || echo "FAIL: run before carry"
mkdir .carry.staging-$dead && mv carry/rejects.csv .carry.staging-$dead/ && echo mine >.carry.staging-$dead/mine.txt
printf 'mine.txt\0' >.carry.staging-$dead/.dtmap-carried
"$DTMAP_BIN" run -q --overwrite --method bin -o carry "$D/small.csv" || echo "FAIL: run after carry"
check "carried user file moved back" "$(cat carry/mine.txt 2>/dev/null)" mine
check "its staging removed" "$([ -e .carry.staging-$dead ] && echo kept || echo removed)" removed

assert_summary
