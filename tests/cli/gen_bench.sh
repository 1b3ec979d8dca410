#!/usr/bin/env bash
# gen_bench.sh: dtmap-gen's benchmark mode over a province-sized extent. (1) --extent-km 300
# (seed 3, whose drives reach a cell edge where the modelled RSRQ is -20 dB, below LTE's
# reporting floor: dtmap-gen stopped with "internal: bad sample" before it reported values
# clamped to the reporting range) writes every row, and dtmap ingest accepts all of them;
# (2) --bench-gaps puts weak coverage on the roads through the holes and --bench-areas writes
# the asked number of named town polygons, inside the extent, that OGR reads; (3) without the
# new options the campaign is the one it was (checksum of the default 20 km run).
set -u
[ -x "${DTMAP_GEN:-}" ] || { echo "FAIL: dtmap-gen not built"; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0

# (1) 300 km, a seed whose drives cross a cell edge
"$DTMAP_GEN" --bench 20000 --extent-km 300 --seed 3 --quiet --out-gnettrack "$tmp/b300.csv" \
    >"$tmp/gen.out" 2>&1 || { echo "FAIL: dtmap-gen --extent-km 300: $(cat "$tmp/gen.out")"; exit 1; }
"$DTMAP_BIN" ingest -q -o "$tmp/s300.csv" --rejects "$tmp/r300.csv" "$tmp/b300.csv" ||
    { echo "FAIL: ingest"; exit 1; }
rows=$(($(wc -l <"$tmp/s300.csv") - 1))
rej=$(($(wc -l <"$tmp/r300.csv") - 1))
[ "$rows" = 20000 ] || { echo "FAIL: $rows samples accepted of 20000"; fail=$((fail + 1)); }
[ "$rej" = 0 ] || { echo "FAIL: $rej rows rejected:"; head -5 "$tmp/r300.csv"; fail=$((fail + 1)); }
# the clamp is at the floor, not a shift of the values: RSRQ -19 occurs, nothing below
min=$(awk -F, 'NR > 1 && (m == "" || $9 < m) { m = $9 } END { print m }' "$tmp/b300.csv")
[ "$min" = -19 ] || { echo "FAIL: lowest RSRQ $min, not the floor -19"; fail=$((fail + 1)); }

# (2) holes and towns over 30 km
"$DTMAP_GEN" --bench 50000 --extent-km 30 --bench-gaps 4 --bench-areas "$tmp/towns.geojson" \
    --bench-towns 12 --out-gnettrack "$tmp/g.csv" --out-xyz "$tmp/g_xyz.csv" >"$tmp/gen2.out" 2>&1 ||
    { echo "FAIL: dtmap-gen --bench-gaps: $(cat "$tmp/gen2.out")"; exit 1; }
[ "$(grep -c '^gap EPSG:32649 ' "$tmp/gen2.out")" = 4 ] || { echo "FAIL: gap lines:"; cat "$tmp/gen2.out"; fail=$((fail + 1)); }
# rows within 1 km of a hole centre: mostly below -110 dBm; elsewhere mostly above
gaps=$(awk '$1 == "gap" { print $3 }' "$tmp/gen2.out" | tr '\n' ' ')
read -r near far < <(awk -F, -v list="$gaps" '
    BEGIN { n = split(list, v, /[ ,]+/); for (i = 1; i + 1 <= n; i += 2) { x[++k] = v[i]; y[k] = v[i + 1] } }
    NR > 1 { g = 0; for (i = 1; i <= k; i++) if (($1 - x[i])^2 + ($2 - y[i])^2 < 1e6) g = 1
             if (g) { ng++; wg += ($3 < -110) } else { nf++; wf += ($3 < -110) } }
    END { printf "%.3f %.3f\n", (ng ? wg / ng : 0), (nf ? wf / nf : 1) }' "$tmp/g_xyz.csv")
awk -v a="$near" -v b="$far" 'BEGIN { exit !(a > 0.5 && b < 0.1) }' ||
    { echo "FAIL: share below -110 dBm: $near in the holes, $far elsewhere"; fail=$((fail + 1)); }
"$DTMAP_BIN" ingest -q -o "$tmp/g_s.csv" --rejects "$tmp/g_r.csv" "$tmp/g.csv" || { echo "FAIL: ingest holes"; fail=$((fail + 1)); }
[ "$(wc -l <"$tmp/g_r.csv")" = 1 ] || { echo "FAIL: rows rejected in the holes campaign"; fail=$((fail + 1)); }
if command -v ogrinfo >/dev/null; then
    info=$(ogrinfo -ro -al -so "$tmp/towns.geojson" 2>&1)
    echo "$info" | grep -q "Feature Count: 12" || { echo "FAIL: towns: $info"; fail=$((fail + 1)); }
    echo "$info" | grep -q "Geometry: Polygon" || { echo "FAIL: towns are not polygons"; fail=$((fail + 1)); }
    names=$(ogrinfo -ro -al -q "$tmp/towns.geojson" | grep -c "name (String) = Town ")
    [ "$names" = 12 ] || { echo "FAIL: $names named towns"; fail=$((fail + 1)); }
    valid=$(ogrinfo -ro -q -dialect sqlite -sql "SELECT SUM(ST_IsValid(geometry)) AS v FROM bench_towns" \
        "$tmp/towns.geojson" 2>/dev/null | awk '/v \(/ { print $NF }')
    [ -z "$valid" ] || [ "$valid" = 12 ] || { echo "FAIL: $valid valid towns of 12"; fail=$((fail + 1)); }
fi
"$DTMAP_GEN" --bench 100 --extent-km 5 --bench-gaps 1 --out-gnettrack "$tmp/x.csv" >/dev/null 2>&1 &&
    { echo "FAIL: holes accepted on a 5 km extent"; fail=$((fail + 1)); }

# (3) the default campaign is unchanged by the new options' code
"$DTMAP_GEN" --bench 3000 --quiet --out-gnettrack "$tmp/d.csv" >/dev/null || { echo "FAIL: default bench"; exit 1; }
sum=$(md5sum <"$tmp/d.csv" | cut -c1-32)
[ "$sum" = "59f1ad245464b24980f229a79fd594fe" ] || { echo "FAIL: default --bench 3000 changed ($sum)"; fail=$((fail + 1)); }

[ "$fail" = 0 ] && echo "ok" || exit 1
