#!/usr/bin/env bash
# input_folders.sh: which files of an input folder are read, and that every file not read is
# named with its reason in summary.json and on stderr (also with -q). Regressions, each seen on
# a real upload folder:
# - a folder of 4000 small logs took minutes (dedupe() called realpath per pair of files);
# - samples.csv of an earlier `dtmap ingest`, found in the folder, was read back as a log (every
#   sample counted twice), and rejects.csv, summary.csv ... were "not a log" at best;
# - a byte-identical copy of a log (the same upload twice) was read twice;
# - an Excel workbook was "not a delimited text log (invalid UTF-8 ...)", with no hint;
# - a file that was not read was only on stdout, so `-q` (cron) lost it.
set -u
. "$DTMAP_SOURCE_DIR/tests/lib/assert.sh"
. "$DTMAP_SOURCE_DIR/tests/lib/many_logs.sh"
command -v jq >/dev/null && command -v python3 >/dev/null || { echo "SKIP: needs jq, python3"; exit 77; }
D="$DTMAP_TEST_DATA/cli"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1
check() { try assert_value "$@"; } # check NAME ACTUAL EXPECTED
has() { grep -qF -- "$2" "$1" && return 0; echo "FAIL $1 lacks '$2':" >&2; head -n 5 "$1" >&2; return 1; }

# 1. 4000 logs in one folder: read in seconds (before: > 40 s in the sanitizer build).
make_logs many 4000 || exit 1
start=$(date +%s)
timeout 25 "$DTMAP_BIN" ingest -q -o many.csv many 2>many.err
check "4000 logs read within 25 s (exit)" $? 0
echo "4000 logs: $(($(date +%s) - start)) s"
check "4000 logs: samples" "$(($(wc -l <many.csv) - 1))" 8000

# 2. dtmap's own outputs in a log folder are named, never read back; a copy is read once.
mkdir -p logs/old logs/copy
cp "$D/small.csv" logs/drive.csv
cp "$D/small.csv" logs/copy/drive-again.csv
"$DTMAP_BIN" ingest -q -o logs/old/samples.csv "$D/small_with_bad.csv" --rejects logs/old/rejects.csv || exit 1
"$DTMAP_BIN" run -q -o out0 "$D/small.csv" || exit 1
cp out0/summary.csv out0/summary.json logs/old/
printf 'Drive notes, morning.\n' >logs/notes.txt
python3 - <<'EOF' || exit 1
import zipfile
with zipfile.ZipFile("logs/drive.xlsx", "w") as z:  # what Excel saves: [Content_Types], xl/...
    z.writestr("[Content_Types].xml", "<Types/>")
    z.writestr("xl/workbook.xml", "<workbook/>")
    z.writestr("xl/worksheets/sheet1.xml", "<worksheet/>")
h = bytearray(1024)  # an Excel 97-2003 compound file: header, one directory sector
h[0:8] = bytes.fromhex("D0CF11E0A1B11AE1")
h[30:32] = (9).to_bytes(2, "little")   # 512-byte sectors
h[48:52] = (0).to_bytes(4, "little")   # the directory starts at sector 0
name = "Workbook".encode("utf-16-le")
h[512 + 128:512 + 128 + len(name)] = name
h[512 + 128 + 64:512 + 128 + 66] = (len(name) + 2).to_bytes(2, "little")
open("logs/old.xls", "wb").write(h)
EOF
ln -s nowhere.csv logs/broken.csv
"$DTMAP_BIN" run -q -o out logs 2>run.err
check "folder run exit" $? 0
j=out/summary.json
check "accepted: drive.csv once" "$(jq .accepted $j)" 8
check "inputs read" "$(jq '.inputs | length' $j)" 1
why() { jq -r --arg f "$1" '.not_logs[] | select(.file | endswith($f)) | .why' $j; }
check "samples.csv why" "$(why old/samples.csv)" "dtmap output (samples.csv written by dtmap ingest)"
try has <(why old/rejects.csv) "dtmap output (rejects.csv"
try has <(why old/summary.csv) "dtmap output (summary.csv"
try has <(why old/summary.json) "dtmap output (summary.json"
check "xlsx why" "$(why drive.xlsx)" "an Excel workbook, not a log: save it as CSV (File > Save As > CSV UTF-8)"
check "xls why" "$(why old.xls)" "an Excel workbook, not a log: save it as CSV (File > Save As > CSV UTF-8)"
try has <(why broken.csv) "cannot read it: No such file or directory"
try has <(why notes.txt) "no latitude/longitude column"
# name order: copy/drive-again.csv comes first, so it is the one read
check "duplicates" "$(jq -c '[.duplicates[] | [.file, .same_as]]' $j)" \
    '[["logs/drive.csv","logs/copy/drive-again.csv"]]'
# every one of them on stderr too, even with -q
for f in old/samples.csv old/rejects.csv old/summary.csv old/summary.json drive.xlsx old.xls \
    broken.csv notes.txt; do
    try has run.err "logs/$f: not read: "
done
try has run.err "logs/drive.csv: not read: the same bytes as logs/copy/drive-again.csv, read once"
check "stderr lines" "$(wc -l <run.err)" 9

# 3. Named on the command line, samples.csv is read (its dialect is made for that); a workbook
# alone is an error with the hint; the content decides, never the name.
"$DTMAP_BIN" ingest -q -o again.csv logs/old/samples.csv 2>again.err
check "samples.csv named: exit" $? 0
check "samples.csv named: samples" "$(($(wc -l <again.csv) - 1))" "$(($(wc -l <logs/old/samples.csv) - 1))"
"$DTMAP_BIN" run -q -o x logs/drive.xlsx 2>xlsx.err
check "xlsx alone: exit" $? 1
try has xlsx.err "dtmap: logs/drive.xlsx: an Excel workbook, not a log: save it as CSV (File > Save As > CSV UTF-8)"
cp "$D/small.csv" named.xlsx
"$DTMAP_BIN" run -q -o y named.xlsx 2>/dev/null
check "a CSV named .xlsx is read" $? 0

# 4. Two copies given different per-file options: read once with the first one's, said as a
# warning naming both and the option that differs (before: read once, silently).
cp "$D/small.csv" a.csv && cp "$D/small.csv" b.csv
"$DTMAP_BIN" ingest -q -o tz.csv --tz b.csv=+08:00 a.csv b.csv 2>tz.err
check "copies, --tz for one: exit" $? 0
try has tz.err "dtmap: warning: b.csv: the same bytes as a.csv, read once with a.csv's options (--tz +08:00 applies to b.csv only)"
"$DTMAP_BIN" ingest -q -o rc.csv --tz a.csv=-03:30 --tz b.csv=+08:00 --redcap a.csv a.csv b.csv 2>rc.err
check "copies, options for both: exit" $? 0
try has rc.err "dtmap: warning: b.csv: the same bytes as a.csv, read once with a.csv's options (--tz +08:00 applies to b.csv, --tz -03:30 to a.csv; --redcap applies to a.csv only)"
"$DTMAP_BIN" ingest -q -o same.csv --tz +08:00 a.csv b.csv 2>same.err
check "copies, the same options: exit" $? 0
try has same.err "dtmap: b.csv: not read: the same bytes as a.csv, read once"
assert_summary
