#!/usr/bin/env bash
# gdal_grid_ties.sh: the tie proof of tests/lib/compare_gdal_grid.sh. On tests/data/ties/ties.csv
# (neighbours made equally far) dtmap grid and gdal_grid pick different neighbours in some cells:
# the comparison must pass by proving each a tie. Then tests/lib/idw_ties.awk alone on hand-made
# cells: a difference that no tie explains (unambiguous neighbours, or a value no choice of the
# tied neighbours gives) must fail; rank, radius and zero-distance ties must pass.
set -u
lib="$DTMAP_SOURCE_DIR/tests/lib"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1
fail=0 n=0

out=$(bash "$lib/compare_gdal_grid.sh" "$DTMAP_TEST_DATA/ties/ties.csv" EPSG:32649 +08:00 500)
rc=$?
echo "$out"
[ "$rc" = 77 ] && exit 77
n=$((n + 1))
if [ "$rc" != 0 ] || ! grep -Eq '^([1-9][0-9]*) differing cell\(s\): \1 proven ties .*, 0 not$' <<<"$out"; then
    echo "FAIL: ties.csv: expected differing cells, all proven ties (exit $rc)"; fail=$((fail + 1))
fi

# Hand-made cases, radius 100, K 2, M 2 unless said: centre (1000, 1000); p1 5 m east (-80),
# p2 10 m east (-90), p3 10 m west (-110) tie for 2nd place: {p1, p2} gives -82, {p1, p3} -86.
tie3='1005 1000 -80
1010 1000 -90
990 1000 -110'
case_() { # case_ NAME WANT_EXIT WANT_TEXT POINTS CELLS [K M]
    n=$((n + 1))
    printf '%s\n' "$4" >p.txt
    printf '%s\n' "$5" >c.txt
    got=$(awk -f "$lib/idw_ties.awk" -v radius=100 -v kmax="${6:-2}" -v kmin="${7:-2}" \
        -v nodata=-9999 p.txt c.txt)
    rc=$?
    if [ "$rc" != "$2" ] || ! grep -qF -- "$3" <<<"$got"; then
        echo "FAIL $1: exit $rc (expected $2), output lacks '$3':"; echo "$got"; fail=$((fail + 1))
    fi
}
case_ "rank tie" 0 "1 proven ties (1 rank)" "$tie3" "1000 1000 -82 -86"
case_ "rank tie, value between the choices" 1 "UNEXPLAINED rank tie" "$tie3" "1000 1000 -82 -84"
case_ "no tie: one more neighbour" 1 "NOT A TIE at 1000 1000" "$tie3" "1000 1000 -82 -86" 3 2
case_ "no tie: values differ" 1 "NOT A TIE" "1005 1000 -80
1010 1000 -90" "1000 1000 -82 -82.5"
case_ "no tie: nodata in one only" 1 "NOT A TIE" "1005 1000 -80
1010 1000 -90" "1000 1000 -82 -9999"
# p1 and a point exactly 100 m north: taken or not, the count is 2 or 1 (nodata with M 2).
case_ "radius tie" 0 "(1 radius)" "1005 1000 -80
1000 1100 -120" "1000 1000 -9999 -80.0998"
case_ "radius tie, wrong value" 1 "UNEXPLAINED radius tie" "1005 1000 -80
1000 1100 -120" "1000 1000 -9999 -80"
case_ "zero-distance tie" 0 "(1 zero-distance)" "1000 1000 -70
1000 1000.0000001 -75
1005 1000 -80" "1000 1000 -70 -75"
case_ "several cells, one not a tie" 1 "2 differing cell(s): 1 proven ties (1 rank), 1 not" \
    "$tie3" "1000 1000 -82 -86
1000 980 -85 -86"
echo "$((n - fail)) passed, $fail failed"
[ "$fail" -eq 0 ]
