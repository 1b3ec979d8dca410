/* duplicates.c: inputs read once (see cli_inputs_mark_duplicates in inputs.h). Two sorts do
 * the work: by identity (device, inode), which finds a file mentioned twice (a folder and a
 * file in it, a link); then by size, where only files whose size another file shares are
 * hashed, and a hash match is confirmed byte by byte. Ties are broken by the order of mention,
 * so the first mention is always the one read. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/inputs.h"

enum { CHUNK = 65536 };

/* One file to read, as the sorts see it. */
typedef struct key {
    int i; /* index in the inputs */
    dev_t dev;
    ino_t ino;
    off_t size;
    int hashed; /* 1 when hash is the file's content hash (it could be read) */
    uint64_t hash;
} key;

static int by_identity(const void *pa, const void *pb) {
    const key *a = pa, *b = pb;
    if (a->dev != b->dev) return a->dev < b->dev ? -1 : 1;
    if (a->ino != b->ino) return a->ino < b->ino ? -1 : 1;
    return a->i - b->i;
}

static int by_size(const void *pa, const void *pb) {
    const key *a = pa, *b = pb;
    if (a->size != b->size) return a->size < b->size ? -1 : 1;
    return a->i - b->i;
}

static int by_hash(const void *pa, const void *pb) {
    const key *a = pa, *b = pb;
    if (a->hashed != b->hashed) return a->hashed - b->hashed;
    if (a->hash != b->hash) return a->hash < b->hash ? -1 : 1;
    return a->i - b->i;
}

/* FNV-1a (64 bit) of the whole file; 0 when it cannot be read (the reader says why later). */
static int hash_file(const char *path, unsigned char *buf, uint64_t *h) {
    FILE *fp = fopen(path, "rb");
    if (!fp) return 0;
    uint64_t v = 14695981039346656037ull;
    size_t n;
    while ((n = fread(buf, 1, CHUNK, fp)) > 0)
        for (size_t k = 0; k < n; k++)
            v = (v ^ buf[k]) * 1099511628211ull;
    int ok = !ferror(fp);
    fclose(fp);
    *h = v;
    return ok;
}

/* 1 when the two files hold the same bytes (both readable to the end). */
static int same_bytes(const char *pa, const char *pb, unsigned char *a, unsigned char *b) {
    FILE *fa = fopen(pa, "rb"), *fb = fa ? fopen(pb, "rb") : NULL;
    int same = fa && fb;
    while (same) {
        size_t na = fread(a, 1, CHUNK, fa), nb = fread(b, 1, CHUNK, fb);
        same = na == nb && memcmp(a, b, na) == 0 && !ferror(fa) && !ferror(fb);
        if (na == 0) break;
    }
    if (fa) fclose(fa);
    if (fb) fclose(fb);
    return same;
}

/* Keys k[lo..hi) have one size: hash them, then mark each file equal to an earlier one. */
static void mark_copies(cli_inputs *in, key *k, size_t lo, size_t hi, unsigned char *buf) {
    for (size_t j = lo; j < hi; j++)
        k[j].hashed = hash_file(in->v[k[j].i].path, buf, &k[j].hash);
    qsort(k + lo, hi - lo, sizeof *k, by_hash);
    for (size_t a = lo, b; a < hi; a = b) {
        for (b = a + 1; b < hi && k[b].hashed == k[a].hashed && k[b].hash == k[a].hash;)
            b++;
        if (!k[a].hashed) continue;
        for (size_t j = a + 1; j < b; j++) /* against each earlier file with other bytes */
            for (size_t r = a; r < j; r++) {
                cli_input *first = &in->v[k[r].i], *f = &in->v[k[j].i];
                if (first->same_as >= 0) continue;
                if (same_bytes(first->path, f->path, buf, buf + CHUNK)) {
                    f->same_as = k[r].i;
                    break;
                }
            }
    }
}

void cli_inputs_mark_duplicates(cli_inputs *in) {
    key *k = malloc((size_t)(in->n ? in->n : 1) * sizeof *k);
    unsigned char *buf = malloc(2 * CHUNK);
    size_t n = 0;
    if (!k || !buf) goto done; /* no duplicate is found then: each file is read */
    for (int i = 0; i < in->n; i++)
        if (!in->v[i].why) k[n++] = (key){i, in->v[i].dev, in->v[i].ino, in->v[i].size, 0, 0};
    qsort(k, n, sizeof *k, by_identity);
    size_t m = 0; /* the first mention of each file stays in k[0..m) */
    for (size_t j = 0; j < n; j++) {
        if (m && k[m - 1].dev == k[j].dev && k[m - 1].ino == k[j].ino) {
            in->v[k[j].i].same_as = k[m - 1].i;
            in->v[k[j].i].same_file = 1;
        } else {
            k[m++] = k[j];
        }
    }
    qsort(k, m, sizeof *k, by_size);
    for (size_t a = 0, b; a < m; a = b) {
        for (b = a + 1; b < m && k[b].size == k[a].size;)
            b++;
        if (b - a > 1 && k[a].size > 0) mark_copies(in, k, a, b, buf);
    }
done:
    free(k);
    free(buf);
}
