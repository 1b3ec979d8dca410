/* fuzz_areas.c: libFuzzer target for the areas-of-interest reader (src/geo/areas.c) on GeoJSON:
 * each input is a vector file opened through OGR with only its GeoJSON driver registered and
 * read into areas in UTM zone 49N (the demo's); the areas it accepts are then used as a run
 * uses them: extent, rings, point tests and per-cell coverage on a small grid. */
#include "fuzz.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gdal.h>

#include "dtmap/areas.h"
#include "dtmap/crs.h"
#include "dtmap/grid.h"

static dtmap_crs *crs;

/* Registers GDAL's drivers, then drops all but GeoJSON: dtmap_areas_create registers nothing
 * more once a driver exists, so every input goes to the GeoJSON driver and no time is spent in
 * the others' probes. */
static void only_geojson(void) {
    GDALAllRegister();
    for (int i = GDALGetDriverCount(); i-- > 0;) {
        GDALDriverH d = GDALGetDriver(i);
        if (strcmp(GDALGetDriverShortName(d), "GeoJSON") != 0) {
            GDALDeregisterDriver(d);
            GDALDestroyDriver(d);
        }
    }
    if (GDALGetDriverCount() != 1) {
        fprintf(stderr, "fuzz_areas: this GDAL has no GeoJSON driver\n");
        abort();
    }
}

int LLVMFuzzerInitialize(int *argc, char ***argv) {
    (void)argc;
    (void)argv;
    fuzz_init();
    only_geojson();
    dtmap_error err;
    if (dtmap_crs_create("EPSG:32649", 0, 0, &crs, &err) != DTMAP_OK) {
        fprintf(stderr, "fuzz_areas: %s\n", err.detail);
        abort();
    }
    return 0;
}

/* What a run does with area i: its rings and bounds, point tests at its corners and centre,
 * and its cover on a grid of at most 64 x 64 cells over its bounds. */
static void use_area(const dtmap_areas *as, size_t i) {
    size_t nrings;
    const dtmap_ring *rings = dtmap_areas_rings(as, i, &nrings);
    for (size_t r = 0; r < nrings; r++)
        if (rings[r].n < 4 || rings[r].x[0] != rings[r].x[rings[r].n - 1] ||
            rings[r].y[0] != rings[r].y[rings[r].n - 1]) {
            fprintf(stderr, "fuzz_areas: area %zu ring %zu is not closed\n", i, r);
            abort();
        }
    double b[4];
    dtmap_areas_bounds(as, i, b);
    double x[5] = {b[0], b[2], b[0], b[2], (b[0] + b[2]) / 2};
    double y[5] = {b[1], b[1], b[3], b[3], (b[1] + b[3]) / 2};
    unsigned char inside[5];
    dtmap_error err;
    if (dtmap_areas_contains_n(as, i, x, y, 5, inside, &err) == DTMAP_OK)
        for (int k = 0; k < 5; k++)
            if (inside[k] != dtmap_areas_contains(as, i, x[k], y[k])) {
                fprintf(stderr, "fuzz_areas: area %zu point %d: indexed test disagrees\n", i, k);
                abort();
            }
    double res = fmax(b[2] - b[0], b[3] - b[1]) / 64;
    dtmap_grid g;
    if (!(res > 0) || !isfinite(res) ||
        dtmap_grid_from_extent(b[0], b[1], b[2], b[3], res, &g, &err) != DTMAP_OK)
        return;
    dtmap_area_cover cover;
    if (dtmap_areas_cover(as, i, &g, &cover, &err) != DTMAP_OK) return;
    for (int k = 0; k < cover.ncols * cover.nrows; k++)
        if (!(cover.frac[k] >= 0 && cover.frac[k] <= 1 + 1e-6)) {
            fprintf(stderr, "fuzz_areas: area %zu cell %d: cover fraction %g\n", i, k,
                    cover.frac[k]);
            abort();
        }
    dtmap_area_cover_free(&cover);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    dtmap_areas *as = NULL;
    dtmap_error err;
    if (dtmap_areas_create(fuzz_file(0, data, size), NULL, crs, &as, &err) != DTMAP_OK) {
        if (fuzz_verbose()) fprintf(stderr, "fuzz_areas: %s\n", err.detail);
        return 0;
    }
    double ext[4];
    dtmap_areas_extent(as, 200, ext);
    if (fuzz_verbose())
        fprintf(stderr, "fuzz_areas: %zu areas, extent %g %g %g %g\n", dtmap_areas_count(as),
                ext[0], ext[1], ext[2], ext[3]);
    for (size_t i = 0; i < dtmap_areas_count(as); i++)
        use_area(as, i);
    dtmap_areas_destroy(as);
    return 0;
}
