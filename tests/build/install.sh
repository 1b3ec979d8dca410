#!/usr/bin/env bash
# install.sh: `cmake --install` of the build into a scratch prefix gives a tree another program
# can use: binary, man page, every public header (dtmap.h including all of them), libdtmap.a,
# dtmap.pc and the CMake package. tests/build/external/hello.c is then built against it twice,
# with pkg-config and with find_package(dtmap), and run. Skips (77) without pkg-config.
# labels: unit
set -u
command -v pkg-config >/dev/null 2>&1 || { echo "SKIP: no pkg-config"; exit 77; }
build=${DTMAP_BUILD_DIR:?DTMAP_BUILD_DIR: the build folder to install}
src="$DTMAP_SOURCE_DIR"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
prefix="$tmp/prefix"
fail=0 n=0
check() { # check NAME COMMAND...: counts, and prints NAME when COMMAND fails
    local name=$1
    shift
    n=$((n + 1))
    "$@" || { echo "FAIL: $name"; fail=$((fail + 1)); }
}

# The build's compiler, and its sanitizers: an ASan/UBSan libdtmap.a needs the same runtime in
# the program that links it. The flags go on the test's command lines; dtmap.pc stays clean.
cache="$build/CMakeCache.txt"
cc=$(sed -n 's/^CMAKE_C_COMPILER:[A-Z]*=//p' "$cache")
cc=${cc:-cc}
san=""
case $(sed -n 's/^DTMAP_SANITIZE:BOOL=//p' "$cache") in
ON | on | TRUE | true | YES | yes | Y | 1) san="-fsanitize=address,undefined" ;;
esac

if ! cmake --install "$build" --prefix "$prefix" >"$tmp/install.log" 2>&1; then
    cat "$tmp/install.log"
    echo "FAIL: cmake --install"
    exit 1
fi

# The tree. The library folder is the build's CMAKE_INSTALL_LIBDIR (lib, or lib/<multiarch>).
pc=$(find "$prefix" -name dtmap.pc -path '*/pkgconfig/*')
libdir=$(dirname "$(dirname "$pc")")
check "bin/dtmap" test -x "$prefix/bin/dtmap"
check "share/man/man1/dtmap.1" test -f "$prefix/share/man/man1/dtmap.1"
check "lib/libdtmap.a" test -f "$libdir/libdtmap.a"
check "pkgconfig/dtmap.pc" test -f "$pc"
for f in dtmapConfig.cmake dtmapConfigVersion.cmake dtmapTargets.cmake FindCSV.cmake; do
    check "cmake/dtmap/$f" test -f "$libdir/cmake/dtmap/$f"
done
for h in "$src"/include/dtmap/*.h version.h; do
    h=$(basename "$h")
    check "include/dtmap/$h" test -f "$prefix/include/dtmap/$h"
    [ "$h" = dtmap.h ] && continue
    check "dtmap.h includes $h" grep -q "^#include \"dtmap/$h\"" "$src/include/dtmap/dtmap.h"
done

# One version everywhere: the build's binary, the installed one, dtmap.pc, and (below) the
# headers and library the external program sees.
version=$("$DTMAP_BIN" --version | sed -n '1s/^dtmap //p')
check "dtmap --version names a version" test -n "$version"
check "installed dtmap --version" test "$("$prefix/bin/dtmap" --version | sed -n 1p)" = "dtmap $version"
check "dtmap --version lists GDAL, PROJ, libcsv, PLplot" test \
    "$("$DTMAP_BIN" --version | awk '{ print $1 }' | tr '\n' ' ')" = "dtmap GDAL PROJ libcsv PLplot "
export PKG_CONFIG_PATH="$(dirname "$pc")"
check "pkg-config --modversion dtmap" test "$(pkg-config --modversion dtmap)" = "$version"

# pkg-config --static: dtmap.pc's Requires.private name gdal, proj and plplot.
static=$(pkg-config --static --libs dtmap)
check "pkg-config --static --libs dtmap" test -n "$static"
for l in -ldtmap -lcsv -lgdal -lproj -lplplot; do
    check "pkg-config --static lists $l" grep -q -- "$l\\b" <<<"$static"
done
# Linking walks --static only to dtmap's own requirements (pkgconf counts the query as level
# 1): GDAL, PROJ and PLplot are shared libraries here and bring what they need, whereas the
# full walk reaches libcurl's private libraries (nghttp2, rtmp, ssh2, ...), whose -dev packages
# Debian 12 only suggests, so that link fails on a stock system.
if pkg-config --maximum-traverse-depth=3 --exists dtmap 2>/dev/null; then
    libs=$(pkg-config --static --maximum-traverse-depth=3 --libs dtmap)
else
    libs=$static
fi
ran() { # ran NAME EXE: EXE prints the library's version and "ok"
    "$2" >"$tmp/$1.out" 2>&1 || { cat "$tmp/$1.out"; return 1; }
    grep -qx "dtmap $version (headers [0-9]*)" "$tmp/$1.out" && grep -qx ok "$tmp/$1.out" ||
        { cat "$tmp/$1.out"; return 1; }
}
# shellcheck disable=SC2046,SC2086 # word splitting of the flag lists is wanted
if "$cc" -std=c17 -Wall -Wextra -Wpedantic -Werror $san -o "$tmp/hello-pc" \
    "$src/tests/build/external/hello.c" $(pkg-config --cflags dtmap) $libs >"$tmp/cc.log" 2>&1; then
    check "hello (pkg-config) runs" ran pc "$tmp/hello-pc"
else
    cat "$tmp/cc.log"
    check "hello builds with pkg-config" false
fi

# find_package(dtmap VERSION EXACT) from the installed prefix, and a version it must refuse.
cm=(cmake -S "$src/tests/build/external" -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_C_COMPILER="$cc"
    -DCMAKE_C_FLAGS="$san" -DCMAKE_EXE_LINKER_FLAGS="$san")
if "${cm[@]}" -B "$tmp/cm" -DDTMAP_EXPECT_VERSION="$version" >"$tmp/cm.log" 2>&1 &&
    cmake --build "$tmp/cm" >>"$tmp/cm.log" 2>&1; then
    check "hello (find_package) runs" ran cmake "$tmp/cm/hello"
else
    cat "$tmp/cm.log"
    check "hello builds with find_package(dtmap)" false
fi
check "find_package(dtmap 99.0 EXACT) fails" \
    eval '! "${cm[@]}" -B "$tmp/cm99" -DDTMAP_EXPECT_VERSION=99.0 >"$tmp/cm99.log" 2>&1'

echo "$((n - fail)) passed, $fail failed"
[ "$fail" -eq 0 ]
