/* hello.c: a program from outside dtmap's tree, built by tests/build/install.sh against an
 * installed libdtmap (once with pkg-config, once with find_package). It checks that the headers
 * and the library agree on the version and makes a few real library calls; prints the versions
 * and "ok", exits 0, or names the first failed check and exits 1. */
#include <dtmap/dtmap.h>

#include <stdio.h>
#include <string.h>

#define CHECK(cond)                                                                                \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            fprintf(stderr, "hello: check failed: %s\n", #cond);                                   \
            return 1;                                                                              \
        }                                                                                          \
    } while (0)

int main(void) {
    /* The headers' version is the library's, and the number is MAJOR * 10000 + MINOR * 100 +
     * PATCH. */
    int major = -1, minor = -1, patch = -1;
    CHECK(strcmp(dtmap_version(), DTMAP_VERSION_STRING) == 0);
    CHECK(sscanf(dtmap_version(), "%d.%d.%d", &major, &minor, &patch) == 3);
    CHECK(major == DTMAP_VERSION_MAJOR && minor == DTMAP_VERSION_MINOR &&
          patch == DTMAP_VERSION_PATCH);
    CHECK(DTMAP_VERSION_NUMBER == major * 10000 + minor * 100 + patch);

    /* The libraries behind it answer (GDAL, PROJ, libcsv, PLplot). */
    char plplot[DTMAP_PLOT_VERSION_MAX];
    CHECK(dtmap_version_gdal()[0] != '\0');
    CHECK(dtmap_version_proj()[0] != '\0');
    CHECK(dtmap_version_csv()[0] != '\0');
    CHECK(dtmap_plot_version(plplot, sizeof plplot)[0] != '\0');

    /* Grid arithmetic: 100 x 50 m at 10 m is 10 x 5 cells; (15, 45) lies in cell (1, 0), whose
     * centre it is. */
    dtmap_grid grid;
    dtmap_error err;
    dtmap_error_clear(&err);
    CHECK(dtmap_grid_from_extent(0, 0, 100, 50, 10, &grid, &err) == DTMAP_OK);
    CHECK(grid.ncols == 10 && grid.nrows == 5 && dtmap_grid_ncells(&grid) == 50);
    int col = -1, row = -1;
    double x = 0, y = 0;
    CHECK(dtmap_grid_cell_of(&grid, 15, 45, &col, &row) == 1 && col == 1 && row == 0);
    dtmap_grid_cell_center(&grid, col, row, &x, &y);
    CHECK(x == 15 && y == 45);
    CHECK(dtmap_grid_from_extent(0, 0, 100, 50, -1, &grid, &err) == DTMAP_ERR_USAGE);

    /* The built-in profiles are compiled into libdtmap.a: the default grades LTE RSRP -80 dBm
     * as its best class, and an unknown name is an I/O error with a message. */
    static dtmap_profile profile;
    CHECK(dtmap_profile_load("default", &profile, &err) == DTMAP_OK);
    CHECK(dtmap_profile_class(&profile, DTMAP_TECH_LTE, DTMAP_METRIC_RSRP, -80) == 0);
    CHECK(dtmap_profile_load("no-such-profile.profile", &profile, &err) == DTMAP_ERR_IO);
    CHECK(dtmap_strerror(err.status)[0] != '\0');

    printf("dtmap %s (headers %d)\nGDAL %s\nPROJ %s\nlibcsv %s\nPLplot %s\nok\n", dtmap_version(),
           DTMAP_VERSION_NUMBER, dtmap_version_gdal(), dtmap_version_proj(), dtmap_version_csv(),
           plplot);
    return 0;
}
