/* produce.c: the cells of each tile for every layer, computed on worker threads and handed to
 * the caller in tile order (see produce.h). */
#include "job/produce.h"

#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "assess/ecl_stats.h"
#include "dtmap/interp.h"

#define MAX_WORKERS 64

dtmap_status dtmapi_tile_alloc(const dtmapi_produce_src *src, dtmapi_tile *t, dtmap_error *err) {
    size_t cells = (size_t)src->tiles->T * (size_t)src->tiles->T, nl = src->nlayers;
    memset(t, 0, sizeof *t);
    t->value = calloc(nl ? nl : 1, sizeof *t->value);
    t->count = calloc(nl ? nl : 1, sizeof *t->count);
    if (!t->value || !t->count) goto nomem;
    for (size_t l = 0; l < nl; l++)
        if (!(t->value[l] = malloc(cells * sizeof(float))) ||
            !(t->count[l] = malloc(cells * sizeof(float))))
            goto nomem;
    if (src->ecl && (!(t->ecl_mode = malloc(cells * sizeof(float))) ||
                     !(t->ecl_share = malloc(cells * sizeof(float))) ||
                     !(t->ecl_count = malloc(cells * sizeof(float)))))
        goto nomem;
    return DTMAP_OK;
nomem:
    dtmapi_tile_free(src, t);
    return dtmap_error_set(err, DTMAP_ERR_NOMEM, "tile of %d x %d cells", src->tiles->T,
                           src->tiles->T);
}

void dtmapi_tile_free(const dtmapi_produce_src *src, dtmapi_tile *t) {
    for (size_t l = 0; l < src->nlayers; l++) {
        if (t->value) free(t->value[l]);
        if (t->count) free(t->count[l]);
    }
    free(t->value), free(t->count);
    free(t->ecl_mode), free(t->ecl_share), free(t->ecl_count);
    memset(t, 0, sizeof *t);
}

/* A worker's scratch: the samples of one layer near the tile being computed. */
typedef struct scratch {
    double *x, *y, *z;
    size_t cap;
    uint32_t *ecl_n; /* 3 * T * T level counts */
    dtmap_idw_scratch *idw;
} scratch;

static dtmap_status scratch_fit(scratch *s, size_t n, dtmap_error *err) {
    if (n <= s->cap) return DTMAP_OK;
    double *a = realloc(s->x, n * sizeof *a);
    if (a) s->x = a;
    double *b = a ? realloc(s->y, n * sizeof *b) : NULL;
    if (b) s->y = b;
    double *c = b ? realloc(s->z, n * sizeof *c) : NULL;
    if (c) s->z = c;
    if (!c) return dtmap_error_set(err, DTMAP_ERR_NOMEM, "%zu samples near a tile", n);
    s->cap = n;
    return DTMAP_OK;
}

/* Sets the cells of buf outside the run's grid (tile coordinates c0..c1, r0..r1 inside) to v. */
static void mask(float *buf, int T, int c0, int r0, int c1, int r1, float v) {
    for (int r = 0; r < T; r++)
        for (int c = 0; c < T; c++)
            if (r < r0 || r >= r1 || c < c0 || c >= c1) buf[(size_t)r * T + c] = v;
}

/* Computes tile k of src into t (arrays allocated by dtmapi_tile_alloc). */
static dtmap_status compute(const dtmapi_produce_src *src, size_t k, scratch *s, dtmapi_tile *t,
                            dtmap_error *err) {
    const dtmapi_tiles *ts = src->tiles;
    const uint32_t *pts = ts->pts + ts->first[k];
    size_t m = ts->first[k + 1] - ts->first[k];
    int T = ts->T, c0, r0, c1, r1;
    dtmap_grid tg;
    dtmapi_tiles_grid(ts, k, &tg);
    dtmapi_tiles_inside(ts, k, &c0, &r0, &c1, &r1);
    dtmap_status st = scratch_fit(s, m, err);
    if (st == DTMAP_OK && src->method == DTMAP_METHOD_IDW && !s->idw)
        st = dtmap_idw_scratch_create(&src->idw, &s->idw, err);
    t->k = k;
    for (size_t l = 0; l < src->nlayers && st == DTMAP_OK; l++) {
        const dtmap_layer *ly = &src->layers[l];
        int power = dtmap_metric_is_power(ly->metric);
        size_t c = 0;
        for (size_t i = 0; i < m; i++) {
            const dtmap_sample *v = &src->set->v[pts[i]];
            double z = v->value[ly->metric];
            if (v->tech != ly->tech || !isfinite(z)) continue;
            s->x[c] = src->x[pts[i]], s->y[c] = src->y[pts[i]], s->z[c] = z;
            c++;
        }
        int bin = src->method == DTMAP_METHOD_BIN;
        st = dtmap_bin_grid(&tg, s->x, s->y, s->z, c, power, src->nodata, bin ? t->value[l] : NULL,
                            t->count[l], err);
        if (st == DTMAP_OK && !bin)
            st = dtmap_idw_tile(s->idw, &tg, s->x, s->y, s->z, c, src->nodata, t->value[l], T, err);
        mask(t->value[l], T, c0, r0, c1, r1, src->nodata);
        mask(t->count[l], T, c0, r0, c1, r1, src->nodata);
    }
    if (st == DTMAP_OK && src->ecl) {
        size_t cells = (size_t)T * (size_t)T;
        if (!s->ecl_n && !(s->ecl_n = malloc(3 * cells * sizeof *s->ecl_n)))
            return dtmap_error_set(err, DTMAP_ERR_NOMEM, "ECL bins of a tile");
        memset(s->ecl_n, 0, 3 * cells * sizeof *s->ecl_n);
        dtmapi_ecl_bin_list(&tg, src->x, src->y, src->set, pts, m, src->nodata, s->ecl_n,
                            t->ecl_mode, t->ecl_share, t->ecl_count);
        mask(t->ecl_mode, T, c0, r0, c1, r1, src->nodata);
        mask(t->ecl_share, T, c0, r0, c1, r1, src->nodata);
        mask(t->ecl_count, T, c0, r0, c1, r1, src->nodata);
    }
    return st;
}

/* ---- the ordered pipeline ---- */

enum { FREE, BUSY, READY };

typedef struct pipe {
    const dtmapi_produce_src *src;
    size_t k0, k1, next; /* next: the next tile a worker takes */
    size_t nslots;
    dtmapi_tile *slot;
    size_t *seq; /* the tile each slot holds or will hold */
    int *state;
    dtmap_status st; /* first worker error */
    dtmap_error err;
    int stop;
    pthread_mutex_t mu;
    pthread_cond_t cv;
} pipe_t;

static void *worker(void *arg) {
    pipe_t *p = arg;
    scratch s = {0};
    dtmap_error err = {0};
    pthread_mutex_lock(&p->mu);
    for (;;) {
        if (p->stop || p->next >= p->k1) break;
        size_t k = p->next, i = (k - p->k0) % p->nslots;
        if (p->state[i] != FREE) { /* the consumer has not taken the tile nslots before */
            pthread_cond_wait(&p->cv, &p->mu);
            continue;
        }
        p->next++;
        p->state[i] = BUSY;
        p->seq[i] = k;
        pthread_mutex_unlock(&p->mu);
        dtmap_status st = compute(p->src, k, &s, &p->slot[i], &err);
        pthread_mutex_lock(&p->mu);
        if (st != DTMAP_OK && p->st == DTMAP_OK) {
            p->st = st;
            p->err = err;
            p->stop = 1;
        }
        p->state[i] = READY;
        pthread_cond_broadcast(&p->cv);
    }
    pthread_mutex_unlock(&p->mu);
    free(s.x), free(s.y), free(s.z), free(s.ecl_n);
    dtmap_idw_scratch_destroy(s.idw);
    return NULL;
}

static int workers_for(int asked, size_t tiles) {
    long n = asked > 0 ? asked : sysconf(_SC_NPROCESSORS_ONLN);
    if (n < 1) n = 1;
    if (n > MAX_WORKERS) n = MAX_WORKERS;
    if ((size_t)n > tiles) n = tiles ? (long)tiles : 1;
    return (int)n;
}

dtmap_status dtmapi_produce_run(const dtmapi_produce_src *src, size_t k0, size_t k1,
                                dtmapi_tile_fn consume, void *user, dtmap_error *err) {
    if (k1 <= k0) return DTMAP_OK;
    int nw = workers_for(src->idw.threads, k1 - k0), started = 0;
    pipe_t p = {.src = src, .k0 = k0, .k1 = k1, .next = k0, .nslots = 2 * (size_t)nw};
    pthread_t th[MAX_WORKERS];
    dtmap_status st = DTMAP_OK;
    p.slot = calloc(p.nslots, sizeof *p.slot);
    p.seq = calloc(p.nslots, sizeof *p.seq);
    p.state = calloc(p.nslots, sizeof *p.state);
    if (!p.slot || !p.seq || !p.state) {
        st = dtmap_error_set(err, DTMAP_ERR_NOMEM, "tile pipeline");
        goto done;
    }
    for (size_t i = 0; i < p.nslots && st == DTMAP_OK; i++)
        st = dtmapi_tile_alloc(src, &p.slot[i], err);
    if (st != DTMAP_OK) goto done;
    pthread_mutex_init(&p.mu, NULL);
    pthread_cond_init(&p.cv, NULL);
    for (; started < nw; started++)
        if (pthread_create(&th[started], NULL, worker, &p) != 0) break;
    if (started == 0) {
        st = dtmap_error_set(err, DTMAP_ERR_NOMEM, "tile pipeline: no thread");
    } else {
        for (size_t k = k0; k < k1 && st == DTMAP_OK; k++) {
            size_t i = (k - k0) % p.nslots;
            pthread_mutex_lock(&p.mu);
            while (!(p.state[i] == READY && p.seq[i] == k) && p.st == DTMAP_OK)
                pthread_cond_wait(&p.cv, &p.mu);
            if (p.st != DTMAP_OK) {
                st = p.st;
                if (err) *err = p.err;
            }
            pthread_mutex_unlock(&p.mu);
            if (st == DTMAP_OK) st = consume(user, &p.slot[i], err);
            pthread_mutex_lock(&p.mu);
            p.state[i] = FREE;
            if (st != DTMAP_OK) p.stop = 1;
            pthread_cond_broadcast(&p.cv);
            pthread_mutex_unlock(&p.mu);
        }
    }
    pthread_mutex_lock(&p.mu);
    p.stop = 1;
    pthread_cond_broadcast(&p.cv);
    pthread_mutex_unlock(&p.mu);
    for (int w = 0; w < started; w++)
        pthread_join(th[w], NULL);
    pthread_cond_destroy(&p.cv);
    pthread_mutex_destroy(&p.mu);
done:
    for (size_t i = 0; p.slot && i < p.nslots; i++)
        dtmapi_tile_free(src, &p.slot[i]);
    free(p.slot), free(p.seq), free(p.state);
    return st;
}
