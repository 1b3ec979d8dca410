/* split.c: the plan and task files of a split run (see split.h). */
#include "job/split.h"

#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cpl_conv.h>

#include "dtmap/fileio.h"

#define MAGIC "DTMAPTK1"
#define TRAILER "DTMAPEND"

/* FNV-1a over bytes. */
static uint64_t fnv(uint64_t h, const void *p, size_t n) {
    const unsigned char *b = p;
    for (size_t i = 0; i < n; i++)
        h = (h ^ b[i]) * 0x100000001b3ULL;
    return h;
}

uint64_t dtmapi_split_fingerprint(const dtmapi_produce_src *src) {
    const dtmapi_tiles *t = src->tiles;
    uint64_t h = 0xcbf29ce484222325ULL;
    int head[4] = {t->T, (int)src->method, (int)src->nlayers, src->ecl};
    h = fnv(h, head, sizeof head);
    h = fnv(h, &t->area, sizeof t->area);
    h = fnv(h, &src->idw.power, sizeof src->idw.power);
    h = fnv(h, &src->idw.radius_m, sizeof src->idw.radius_m);
    h = fnv(h, &src->idw.max_points, sizeof src->idw.max_points);
    h = fnv(h, &src->idw.min_points, sizeof src->idw.min_points);
    h = fnv(h, &src->nodata, sizeof src->nodata);
    for (size_t l = 0; l < src->nlayers; l++) {
        int tm[2] = {(int)src->layers[l].tech, (int)src->layers[l].metric};
        h = fnv(h, tm, sizeof tm);
    }
    h = fnv(h, t->id, t->n * sizeof *t->id);
    h = fnv(h, t->first, (t->n + 1) * sizeof *t->first);
    for (size_t k = 0; k < t->first[t->n]; k++) {
        uint32_t i = t->pts[k];
        const dtmap_sample *v = &src->set->v[i];
        h = fnv(h, &src->x[i], sizeof src->x[i]);
        h = fnv(h, &src->y[i], sizeof src->y[i]);
        h = fnv(h, v->value, sizeof v->value);
        h = fnv(h, &v->tech, sizeof v->tech);
        h = fnv(h, &v->ecl, sizeof v->ecl);
    }
    return h;
}

dtmap_status dtmapi_split_tasks(const dtmapi_tiles *tiles, size_t wanted, size_t **bounds,
                                size_t *ntasks, dtmap_error *err) {
    size_t n = tiles->n;
    if (wanted == 0) wanted = (n + 15) / 16 > 1000 ? 1000 : (n + 15) / 16;
    if (wanted > n) wanted = n;
    if (wanted == 0) wanted = 1;
    if (!(*bounds = malloc((wanted + 1) * sizeof **bounds)))
        return dtmap_error_set(err, DTMAP_ERR_NOMEM, "%zu tasks", wanted);
    /* cost of a tile: its cells plus its samples (a tile's IDW costs about both) */
    double per_tile = (double)tiles->T * tiles->T / 64.0, total = 0;
    for (size_t k = 0; k < n; k++)
        total += per_tile + (double)(tiles->first[k + 1] - tiles->first[k]);
    size_t t = 0, k = 0;
    double acc = 0;
    (*bounds)[0] = 0;
    for (t = 1; t < wanted; t++) {
        double goal = total * (double)t / (double)wanted;
        /* at least one tile per task, and enough left for the tasks after */
        while (k < n - (wanted - t) && (k < (*bounds)[t - 1] + 1 || acc < goal)) {
            acc += per_tile + (double)(tiles->first[k + 1] - tiles->first[k]);
            k++;
        }
        (*bounds)[t] = k;
    }
    (*bounds)[wanted] = n;
    *ntasks = wanted;
    return DTMAP_OK;
}

/* dir/name (allocated), NULL when out of memory. */
static char *in_dir(const char *dir, const char *fmt, size_t k) {
    char name[64];
    snprintf(name, sizeof name, fmt, k);
    return dtmap_path_join_alloc(dir, name);
}

/* Removes dir's task files (of an earlier plan) and the temporaries of killed tasks
 * (".task-K.tmp-PID.tiles": no task runs while a plan is made or removed). */
static void remove_tasks(const char *dir) {
    DIR *d = opendir(dir);
    struct dirent *e;
    while (d && (e = readdir(d)) != NULL) {
        const char *name = e->d_name[0] == '.' ? e->d_name + 1 : e->d_name;
        size_t n = strlen(name);
        if (strncmp(name, "task-", 5) != 0 || n < 6 || strcmp(name + n - 6, ".tiles") ||
            (name != e->d_name && !strstr(name, ".tmp-")))
            continue;
        char *p = dtmap_path_join_alloc(dir, e->d_name);
        if (p) unlink(p);
        free(p);
    }
    if (d) closedir(d);
}

dtmap_status dtmapi_split_write_plan(const char *dir, uint64_t fingerprint,
                                     const dtmapi_tiles *tiles, const size_t *bounds, size_t ntasks,
                                     dtmap_error *err) {
    dtmap_status st = dtmap_mkdir_p(dir, err);
    if (st != DTMAP_OK) return st;
    remove_tasks(dir);
    char *path = dtmap_path_join_alloc(dir, "plan.json");
    if (!path) return dtmap_error_set(err, DTMAP_ERR_NOMEM, "plan");
    dtmap_outfile of;
    FILE *fp;
    st = dtmap_outfile_fopen(path, 1, &of, &fp, err);
    if (st == DTMAP_OK) {
        fprintf(fp, "{\n  \"dtmap_plan\": 1,\n  \"fingerprint\": \"%016" PRIx64 "\",\n",
                fingerprint);
        fprintf(fp, "  \"tile_cells\": %d,\n  \"tiles\": %zu,\n  \"tasks\": %zu,\n", tiles->T,
                tiles->n, ntasks);
        fprintf(fp,
                "  \"grid\": {\"xmin\": %.17g, \"ymax\": %.17g, \"res_m\": %.17g, "
                "\"ncols\": %d, \"nrows\": %d},\n",
                tiles->file.xmin, tiles->file.ymax, tiles->file.res_m, tiles->file.ncols,
                tiles->file.nrows);
        fprintf(fp, "  \"task_tiles\": [");
        for (size_t k = 0; k < ntasks; k++)
            fprintf(fp, "%s[%zu, %zu]", k ? ", " : "", bounds[k], bounds[k + 1]);
        fprintf(fp, "]\n}\n");
        st = dtmap_outfile_close_commit(&of, fp, err);
    }
    free(path);
    return st;
}

dtmap_status dtmapi_split_check_plan(const char *dir, uint64_t fingerprint, size_t ntasks,
                                     dtmap_error *err) {
    char *path = dtmap_path_join_alloc(dir, "plan.json"), text[4096], want[64];
    if (!path) return dtmap_error_set(err, DTMAP_ERR_NOMEM, "plan");
    FILE *fp = fopen(path, "r");
    size_t len = fp ? fread(text, 1, sizeof text - 1, fp) : 0;
    if (fp) fclose(fp);
    text[len] = '\0';
    dtmap_status st = DTMAP_OK;
    if (!fp) {
        st = dtmap_error_set(err, DTMAP_ERR_USAGE, "%s: no plan (%s): run dtmap plan first", dir,
                             strerror(errno));
    } else {
        snprintf(want, sizeof want, "\"fingerprint\": \"%016" PRIx64 "\"", fingerprint);
        const char *tasks = strstr(text, "\"tasks\": ");
        if (!strstr(text, want) || !tasks || strtoull(tasks + 9, NULL, 10) != ntasks)
            st = dtmap_error_set(err, DTMAP_ERR_USAGE,
                                 "%s: the inputs or options differ from the plan's (the logs "
                                 "changed since dtmap plan?): plan again",
                                 path);
    }
    free(path);
    return st;
}

/* 1 when path is a complete task file of this plan for task k. */
static int complete(const char *path, uint64_t fingerprint, size_t k) {
    FILE *fp = fopen(path, "rb");
    if (!fp) return 0;
    char magic[8], end[8];
    uint64_t h[2] = {0};
    int ok = fread(magic, 1, 8, fp) == 8 && memcmp(magic, MAGIC, 8) == 0 &&
             fread(h, sizeof h[0], 2, fp) == 2 && h[0] == fingerprint && h[1] == k &&
             fseek(fp, -8, SEEK_END) == 0 && fread(end, 1, 8, fp) == 8 &&
             memcmp(end, TRAILER, 8) == 0;
    fclose(fp);
    return ok;
}

/* The arrays of one tile, in file order. */
static size_t arrays(const dtmapi_produce_src *src, const dtmapi_tile *t, float **out) {
    size_t n = 0;
    for (size_t l = 0; l < src->nlayers; l++)
        out[n++] = t->value[l], out[n++] = t->count[l];
    if (src->ecl) out[n++] = t->ecl_mode, out[n++] = t->ecl_share, out[n++] = t->ecl_count;
    return n;
}

typedef struct writer {
    const dtmapi_produce_src *src;
    FILE *fp;
    void *buf;
    size_t cap;
    float **arr;
} writer;

/* A dtmapi_tile_fn: appends the tile's id and its arrays, each DEFLATE-compressed. */
static dtmap_status put_tile(void *user, const dtmapi_tile *t, dtmap_error *err) {
    writer *w = user;
    size_t na = arrays(w->src, t, w->arr), bytes = (size_t)w->src->tiles->T * w->src->tiles->T * 4;
    uint64_t id = w->src->tiles->id[t->k];
    if (fwrite(&id, sizeof id, 1, w->fp) != 1) goto io;
    for (size_t i = 0; i < na; i++) {
        size_t out = 0;
        if (!CPLZLibDeflate(w->arr[i], bytes, 1, w->buf, w->cap, &out))
            return dtmap_error_set(err, DTMAP_ERR_NOMEM, "compressing a tile");
        uint32_t n32 = (uint32_t)out;
        if (fwrite(&n32, sizeof n32, 1, w->fp) != 1 || fwrite(w->buf, 1, out, w->fp) != out)
            goto io;
    }
    return DTMAP_OK;
io:
    return dtmap_error_set(err, DTMAP_ERR_IO, "task file: %s", strerror(errno));
}

dtmap_status dtmapi_split_run_task(const char *dir, const dtmapi_produce_src *src,
                                   uint64_t fingerprint, const size_t *bounds, size_t k,
                                   int *done_before, dtmap_error *err) {
    char *path = in_dir(dir, "task-%zu.tiles", k);
    size_t T = (size_t)src->tiles->T;
    writer w = {.src = src, .cap = T * T * 4 + T * T / 4 + 1024};
    dtmap_outfile of = {0};
    dtmap_status st = DTMAP_OK;
    *done_before = 0;
    w.buf = malloc(w.cap);
    w.arr = malloc((2 * src->nlayers + 3) * sizeof *w.arr);
    if (!path || !w.buf || !w.arr) {
        st = dtmap_error_set(err, DTMAP_ERR_NOMEM, "task %zu", k);
        goto done;
    }
    if (complete(path, fingerprint, k)) {
        *done_before = 1;
        goto done;
    }
    if ((st = dtmap_outfile_fopen(path, 1, &of, &w.fp, err)) != DTMAP_OK) goto done;
    uint64_t h[4] = {fingerprint, k, bounds[k], bounds[k + 1]};
    if (fwrite(MAGIC, 1, 8, w.fp) != 8 || fwrite(h, sizeof h[0], 4, w.fp) != 4)
        st = dtmap_error_set(err, DTMAP_ERR_IO, "%s: %s", path, strerror(errno));
    if (st == DTMAP_OK) st = dtmapi_produce_run(src, bounds[k], bounds[k + 1], put_tile, &w, err);
    if (st == DTMAP_OK && fwrite(TRAILER, 1, 8, w.fp) != 8)
        st = dtmap_error_set(err, DTMAP_ERR_IO, "%s: %s", path, strerror(errno));
    if (st == DTMAP_OK) {
        st = dtmap_outfile_close_commit(&of, w.fp, err);
    } else {
        fclose(w.fp);
        dtmap_outfile_abort(&of);
    }
done:
    free(path), free(w.buf), free(w.arr);
    return st;
}

/* Appends "a" or "a-b" to text. */
static void add_range(char *text, size_t size, size_t a, size_t b, int first) {
    size_t len = strlen(text);
    if (a == b)
        snprintf(text + len, size - len, "%s%zu", first ? "" : ", ", a);
    else
        snprintf(text + len, size - len, "%s%zu-%zu", first ? "" : ", ", a, b);
}

dtmap_status dtmapi_split_check_tasks(const char *dir, uint64_t fingerprint, const size_t *bounds,
                                      size_t ntasks, const dtmapi_produce_src *src,
                                      dtmap_error *err) {
    (void)bounds, (void)src;
    char list[400] = "";
    size_t missing = 0, run = 0, start = 0;
    for (size_t k = 0; k <= ntasks; k++) {
        int absent = 0;
        if (k < ntasks) {
            char *p = in_dir(dir, "task-%zu.tiles", k);
            if (!p) return dtmap_error_set(err, DTMAP_ERR_NOMEM, "task names");
            absent = !complete(p, fingerprint, k);
            free(p);
        }
        if (absent) {
            if (!run) start = k;
            run++;
            missing++;
        } else if (run) {
            add_range(list, sizeof list, start, k - 1, missing == run);
            run = 0;
        }
    }
    if (!missing) return DTMAP_OK;
    return dtmap_error_set(err, DTMAP_ERR_EMPTY,
                           "%s: missing tasks: %s (%zu of %zu; run dtmap task --plan OUT K for "
                           "each)",
                           dir, list, missing, ntasks);
}

dtmap_status dtmapi_split_read(const char *dir, const dtmapi_produce_src *src, uint64_t fingerprint,
                               const size_t *bounds, size_t ntasks, dtmapi_tile_fn consume,
                               void *user, dtmap_error *err) {
    size_t T = (size_t)src->tiles->T, bytes = T * T * 4, cap = bytes + bytes / 4 + 1024;
    dtmapi_tile t = {0};
    float *arr[2 * 64 + 3];
    void *buf = malloc(cap);
    char *path = NULL;
    FILE *fp = NULL;
    dtmap_status st = dtmapi_tile_alloc(src, &t, err);
    if (st == DTMAP_OK && !buf) st = dtmap_error_set(err, DTMAP_ERR_NOMEM, "task reader");
    if (st == DTMAP_OK && 2 * src->nlayers + 3 > sizeof arr / sizeof *arr)
        st = dtmap_error_set(err, DTMAP_ERR_USAGE, "%zu layers", src->nlayers);
    for (size_t k = 0; k < ntasks && st == DTMAP_OK; k++) {
        free(path);
        if (!(path = in_dir(dir, "task-%zu.tiles", k))) {
            st = dtmap_error_set(err, DTMAP_ERR_NOMEM, "task names");
            break;
        }
        char magic[8];
        uint64_t h[4];
        if (!(fp = fopen(path, "rb")) || fread(magic, 1, 8, fp) != 8 ||
            memcmp(magic, MAGIC, 8) != 0 || fread(h, sizeof h[0], 4, fp) != 4 ||
            h[0] != fingerprint || h[1] != k || h[2] != bounds[k] || h[3] != bounds[k + 1])
            goto bad;
        for (size_t i = bounds[k]; i < bounds[k + 1] && st == DTMAP_OK; i++) {
            uint64_t id;
            if (fread(&id, sizeof id, 1, fp) != 1 || id != src->tiles->id[i]) goto bad;
            size_t na = arrays(src, &t, arr);
            for (size_t a = 0; a < na; a++) {
                uint32_t n32;
                size_t out = 0;
                if (fread(&n32, sizeof n32, 1, fp) != 1 || n32 > cap ||
                    fread(buf, 1, n32, fp) != n32 ||
                    !CPLZLibInflate(buf, n32, arr[a], bytes, &out) || out != bytes)
                    goto bad;
            }
            t.k = i;
            st = consume(user, &t, err);
        }
        fclose(fp);
        fp = NULL;
        continue;
    bad:
        st = dtmap_error_set(err, DTMAP_ERR_IO,
                             "%s: unreadable or damaged task file (run the task "
                             "again)",
                             path);
    }
    if (fp) fclose(fp);
    free(path), free(buf);
    dtmapi_tile_free(src, &t);
    return st;
}

char *dtmap_plan_dir_alloc(const char *outdir) {
    size_t n = strlen(outdir);
    while (n > 1 && outdir[n - 1] == '/')
        n--;
    size_t b = n;
    while (b > 0 && outdir[b - 1] != '/')
        b--;
    size_t len = n + 8;
    char *p = malloc(len);
    if (p) snprintf(p, len, "%.*s.%.*s.plan", (int)b, outdir, (int)(n - b), outdir + b);
    return p;
}

void dtmap_plan_remove(const char *dir) {
    remove_tasks(dir);
    const char *files[] = {"plan.json", "args"};
    for (size_t i = 0; i < 2; i++) {
        char *p = dtmap_path_join_alloc(dir, files[i]);
        if (p) unlink(p);
        free(p);
    }
    rmdir(dir);
}
