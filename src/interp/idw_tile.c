/* idw_tile.c: the IDW of idw.c evaluated one tile at a time from the points near the tile, with
 * per-thread scratch buffers, for the sparse tiled engine. */
#include <stdlib.h>
#include <string.h>

#include "dtmap/interp.h"
#include "interp/idw_private.h"

struct dtmap_idw_scratch {
    dtmap_idw_opts opts;
    float *buf; /* one tile's cells, row-major, stride ncols */
    size_t cap; /* floats in buf */
};

void dtmap_idw_scratch_destroy(dtmap_idw_scratch *s) {
    if (!s) return;
    free(s->buf);
    free(s);
}

dtmap_status dtmap_idw_scratch_create(const dtmap_idw_opts *opts, dtmap_idw_scratch **out,
                                      dtmap_error *err) {
    *out = NULL;
    dtmap_status st = dtmapi_idw_check_opts(opts, err);
    if (st != DTMAP_OK) return st;
    dtmap_idw_scratch *s = calloc(1, sizeof *s);
    if (!s) return dtmap_error_set(err, DTMAP_ERR_NOMEM, "idw tile scratch");
    s->opts = *opts;
    s->opts.threads = 1;
    *out = s;
    return DTMAP_OK;
}

dtmap_status dtmap_idw_tile(dtmap_idw_scratch *s, const dtmap_grid *tile, const double *x,
                            const double *y, const double *z, size_t n, float nodata, float *out,
                            int stride, dtmap_error *err) {
    dtmap_idw *w = NULL;
    if (!s || !out) return dtmap_error_set(err, DTMAP_ERR_USAGE, "idw tile: no scratch or output");
    dtmap_status st = dtmapi_idw_check_grid(tile, err);
    if (st != DTMAP_OK) return st;
    if (stride < tile->ncols)
        return dtmap_error_set(err, DTMAP_ERR_USAGE, "idw tile: stride %d < %d columns", stride,
                               tile->ncols);
    size_t cells = dtmap_grid_ncells(tile);
    if (cells == 0) return DTMAP_OK;
    if (cells > s->cap) {
        float *b = realloc(s->buf, cells * sizeof *b);
        if (!b) return dtmap_error_set(err, DTMAP_ERR_NOMEM, "idw tile of %zu cells", cells);
        s->buf = b;
        s->cap = cells;
    }
    if ((st = dtmap_idw_create(tile, x, y, z, n, &s->opts, &w, err)) != DTMAP_OK) goto done;
    if ((st = dtmap_idw_rows(w, 0, tile->nrows, nodata, s->buf, err)) != DTMAP_OK) goto done;
    for (int r = 0; r < tile->nrows; r++)
        memcpy(out + (size_t)r * (size_t)stride, s->buf + (size_t)r * (size_t)tile->ncols,
               (size_t)tile->ncols * sizeof *out);
done:
    dtmap_idw_destroy(w);
    return st;
}
