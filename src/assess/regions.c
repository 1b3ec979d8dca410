/* regions.c: the region labeller: an iterative 4-connected flood fill over a class grid. */
#include "assess/regions.h"

#include <stdlib.h>
#include <string.h>

/* Fills the region of seed (class c, already known unlabelled) as region number id: appends its
 * cells to out->cells at *ncells, in pop order. stack has room for every nonzero cell, since
 * each cell is pushed at most once. */
static void fill(const uint8_t *cls, size_t ncols, size_t nrows, size_t seed, int32_t id,
                 size_t *stack, dtmapi_regions *out, size_t *ncells) {
    size_t nst = 0;
    uint8_t c = cls[seed];
    out->label[seed] = id;
    stack[nst++] = seed;
    while (nst > 0) {
        size_t i = stack[--nst], col = i % ncols, row = i / ncols, nb[4];
        int nnb = 0;
        out->cells[(*ncells)++] = i;
        if (row > 0) nb[nnb++] = i - ncols;
        if (col > 0) nb[nnb++] = i - 1;
        if (col + 1 < ncols) nb[nnb++] = i + 1;
        if (row + 1 < nrows) nb[nnb++] = i + ncols;
        for (int k = 0; k < nnb; k++) {
            size_t j = nb[k];
            if (out->label[j] != 0 || cls[j] != c) continue;
            out->label[j] = id;
            stack[nst++] = j;
        }
    }
}

/* See regions.h. Memory: the labels, and one cell index per nonzero cell for the cell list and
 * (while filling) the stack; the offsets grow as regions are found. */
dtmap_status dtmapi_regions_label(const uint8_t *cls, int ncols, int nrows, const char *ctx,
                                  dtmapi_regions *out, dtmap_error *err) {
    dtmap_status st = DTMAP_OK;
    size_t *stack = NULL;
    size_t ncells, nz = 0, filled = 0, cap = 0;

    if (ctx == NULL) ctx = "regions";
    if (out == NULL) return dtmap_error_set(err, DTMAP_ERR_USAGE, "%s: no output", ctx);
    memset(out, 0, sizeof *out);
    if (cls == NULL || ncols <= 0 || nrows <= 0)
        return dtmap_error_set(err, DTMAP_ERR_USAGE, "%s: missing or empty grid", ctx);
    ncells = (size_t)ncols * (size_t)nrows;
    for (size_t i = 0; i < ncells; i++)
        nz += cls[i] != 0;
    out->label = calloc(ncells, sizeof *out->label);
    out->cells = malloc((nz > 0 ? nz : 1) * sizeof *out->cells);
    stack = malloc((nz > 0 ? nz : 1) * sizeof *stack);
    cap = 16;
    out->first = malloc(cap * sizeof *out->first);
    if (out->label == NULL || out->cells == NULL || stack == NULL || out->first == NULL) {
        st = dtmap_error_set(err, DTMAP_ERR_NOMEM, "%s: out of memory for %zu labels", ctx, ncells);
        goto done;
    }
    out->first[0] = 0;
    for (size_t i = 0; i < ncells; i++) {
        if (cls[i] == 0 || out->label[i] != 0) continue;
        if (out->n == (size_t)INT32_MAX) {
            st = dtmap_error_set(err, DTMAP_ERR_USAGE, "%s: more than %d regions", ctx, INT32_MAX);
            goto done;
        }
        if (out->n + 2 > cap) {
            size_t *v = realloc(out->first, 2 * cap * sizeof *v);
            if (v == NULL) {
                st = dtmap_error_set(err, DTMAP_ERR_NOMEM, "%s: out of memory for regions", ctx);
                goto done;
            }
            out->first = v;
            cap *= 2;
        }
        fill(cls, (size_t)ncols, (size_t)nrows, i, (int32_t)(out->n + 1), stack, out, &filled);
        out->n++;
        out->first[out->n] = filled;
    }

done:
    free(stack);
    if (st != DTMAP_OK) dtmapi_regions_free(out);
    return st;
}

size_t dtmapi_regions_size(const dtmapi_regions *r, size_t k) {
    return r->first[k + 1] - r->first[k];
}

void dtmapi_regions_free(dtmapi_regions *r) {
    if (r == NULL) return;
    free(r->label);
    free(r->cells);
    free(r->first);
    memset(r, 0, sizeof *r);
}
