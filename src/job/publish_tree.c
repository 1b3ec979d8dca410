/* publish_tree.c: the folder work behind the publish step (see publish_tree.h): name sets, tree
 * walks, the manifest, carrying files over, and the leftovers of killed runs. */
#define _GNU_SOURCE /* nftw's FTW_PHYS and FTW_DEPTH */
#include "job/publish_tree.h"

#include <dirent.h>
#include <errno.h>
#include <ftw.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dtmap/fileio.h"
#include "dtmap/version.h"

dtmap_status dtmapi_names_add(dtmapi_names *s, const char *name, dtmap_error *err) {
    if (s->n == s->cap) {
        size_t cap = s->cap ? 2 * s->cap : 32;
        char **v = realloc(s->v, cap * sizeof *v);
        if (!v) return dtmap_error_set(err, DTMAP_ERR_NOMEM, "file list");
        s->v = v, s->cap = cap;
    }
    if (!(s->v[s->n] = strdup(name))) return dtmap_error_set(err, DTMAP_ERR_NOMEM, "file list");
    s->n++;
    return DTMAP_OK;
}

static int cmp_names(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

void dtmapi_names_sort(dtmapi_names *s) {
    if (s->n == 0) return;
    qsort(s->v, s->n, sizeof *s->v, cmp_names);
    size_t k = 1;
    for (size_t i = 1; i < s->n; i++) {
        if (strcmp(s->v[i], s->v[k - 1]) == 0)
            free(s->v[i]);
        else
            s->v[k++] = s->v[i];
    }
    s->n = k;
}

/* The index of the first name >= key (s->n when none). */
static size_t lower_bound(const dtmapi_names *s, const char *key) {
    size_t lo = 0, hi = s->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(s->v[mid], key) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

int dtmapi_names_has(const dtmapi_names *s, const char *name) {
    size_t i = lower_bound(s, name);
    return i < s->n && strcmp(s->v[i], name) == 0;
}

int dtmapi_names_has_under(const dtmapi_names *s, const char *dir) {
    size_t len = strlen(dir);
    char *key = malloc(len + 2);
    if (!key) return 1; /* when in doubt, walk into it */
    memcpy(key, dir, len);
    key[len] = '/', key[len + 1] = '\0';
    size_t i = lower_bound(s, key);
    int under = i < s->n && strncmp(s->v[i], key, len + 1) == 0;
    free(key);
    return under;
}

void dtmapi_names_free(dtmapi_names *s) {
    for (size_t i = 0; i < s->n; i++)
        free(s->v[i]);
    free(s->v);
    memset(s, 0, sizeof *s);
}

/* "a/b" from a and b ("b" when a is empty); NULL when out of memory. */
static char *join(const char *a, const char *b) {
    return *a ? dtmap_path_join_alloc(a, b) : strdup(b);
}

/* What a walk does with one entry: rel is its path under the root, full its path on disk. */
typedef dtmap_status (*visit_fn)(void *user, const char *rel, const char *full,
                                 const struct stat *sb, int *descend, dtmap_error *err);

/* Walks root/rel in byte order of names; visit decides whether a folder is entered. */
static dtmap_status walk(const char *root, const char *rel, visit_fn visit, void *user,
                         dtmap_error *err) {
    char *dir = join(root, rel);
    if (!dir) return dtmap_error_set(err, DTMAP_ERR_NOMEM, "%s", root);
    struct dirent **ents = NULL;
    int n = scandir(dir, &ents, NULL, alphasort);
    dtmap_status st = DTMAP_OK;
    if (n < 0) st = dtmap_error_set(err, DTMAP_ERR_IO, "%s: %s", dir, strerror(errno));
    for (int i = 0; i < n; i++) {
        const char *e = ents[i]->d_name;
        if (st == DTMAP_OK && strcmp(e, ".") != 0 && strcmp(e, "..") != 0) {
            char *r = join(rel, e), *full = dtmap_path_join_alloc(dir, e);
            struct stat sb;
            int descend = 0;
            if (!r || !full)
                st = dtmap_error_set(err, DTMAP_ERR_NOMEM, "%s", dir);
            else if (lstat(full, &sb) != 0)
                st = dtmap_error_set(err, DTMAP_ERR_IO, "%s: %s", full, strerror(errno));
            else if ((st = visit(user, r, full, &sb, &descend, err)) == DTMAP_OK && descend)
                st = walk(root, r, visit, user, err);
            free(r), free(full);
        }
        free(ents[i]);
    }
    free(ents);
    free(dir);
    return st;
}

static dtmap_status list_visit(void *user, const char *rel, const char *full, const struct stat *sb,
                               int *descend, dtmap_error *err) {
    (void)full;
    if (S_ISDIR(sb->st_mode)) return (*descend = 1), DTMAP_OK;
    return dtmapi_names_add(user, rel, err);
}

dtmap_status dtmapi_tree_list(const char *root, dtmapi_names *out, dtmap_error *err) {
    return walk(root, "", list_visit, out, err);
}

static int remove_one(const char *path, const struct stat *sb, int flag, struct FTW *ftw) {
    (void)sb, (void)flag, (void)ftw;
    return remove(path) == 0 || errno == ENOENT ? 0 : -1;
}

int dtmapi_tree_remove(const char *path) {
    struct stat sb;
    if (lstat(path, &sb) != 0) return errno == ENOENT ? 0 : -1;
    if (!S_ISDIR(sb.st_mode)) return unlink(path);
    return nftw(path, remove_one, 16, FTW_DEPTH | FTW_PHYS);
}

/* The manifest: line 2 says what it is; one file a line, so that it reads back line by line. */
static const char *const MANIFEST_MARK = "  \"dtmap_manifest\": 1,";

/* Writes s as a JSON string body. */
static void put_json(FILE *fp, const char *s) {
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\')
            fprintf(fp, "\\%c", *p);
        else if (*p < 0x20)
            fprintf(fp, "\\u%04x", *p);
        else
            fputc(*p, fp);
    }
}

int dtmapi_manifest_read(const char *dir, dtmapi_names *files, dtmap_error *err) {
    char *path = dtmap_path_join_alloc(dir, DTMAPI_MANIFEST);
    if (!path) return dtmap_error_set(err, DTMAP_ERR_NOMEM, "%s", dir), -1;
    FILE *fp = fopen(path, "r");
    int rc = 0, line_no = 0;
    char line[8192];
    while (fp && fgets(line, sizeof line, fp)) {
        line_no++;
        if (line_no == 2) {
            if (strncmp(line, MANIFEST_MARK, strlen(MANIFEST_MARK)) != 0) break;
            rc = 1;
        }
        const char *p = strstr(line, "{\"path\": \"");
        if (rc != 1 || !p) continue;
        char name[sizeof line];
        size_t k = 0;
        for (p += 10; *p && *p != '"'; p++) {
            unsigned v;
            if (*p == '\\' && p[1] == 'u' && sscanf(p + 2, "%4x", &v) == 1)
                name[k++] = (char)v, p += 5;
            else if (*p == '\\' && p[1])
                name[k++] = *++p;
            else
                name[k++] = *p;
        }
        name[k] = '\0';
        if (*p == '"' && k && dtmapi_names_add(files, name, err) != DTMAP_OK) {
            rc = -1;
            break;
        }
    }
    if (fp && rc == 0)
        rc = -1, dtmap_error_set(err, DTMAP_ERR_EXISTS,
                                 "%s was not written by dtmap (dtmap keeps its list of the run's "
                                 "files there): move it away",
                                 path);
    if (fp) fclose(fp);
    free(path);
    dtmapi_names_sort(files);
    return rc;
}

dtmap_status dtmapi_manifest_write(const char *stage, const char *out, const dtmapi_names *files,
                                   dtmap_error *err) {
    char *path = dtmap_path_join_alloc(stage, DTMAPI_MANIFEST);
    if (!path) return dtmap_error_set(err, DTMAP_ERR_NOMEM, "%s", stage);
    dtmap_outfile of;
    FILE *fp;
    dtmap_status st = dtmap_outfile_fopen(path, 1, &of, &fp, err);
    free(path);
    if (st != DTMAP_OK) return st;
    fprintf(fp, "{\n%s\n  \"dtmap_version\": \"%s\",\n  \"files\": [", MANIFEST_MARK,
            DTMAP_VERSION_STRING);
    for (size_t i = 0; i < files->n; i++) {
        char *a = dtmap_path_join_alloc(stage, files->v[i]),
             *b = dtmap_path_join_alloc(out, files->v[i]);
        struct stat sb;
        long long bytes = -1;
        if (a && b && (lstat(a, &sb) == 0 || lstat(b, &sb) == 0)) bytes = (long long)sb.st_size;
        free(a), free(b);
        fprintf(fp, "%s\n    {\"path\": \"", i ? "," : "");
        put_json(fp, files->v[i]);
        fprintf(fp, "\", \"bytes\": %lld}", bytes);
    }
    fprintf(fp, "%s]\n}\n", files->n ? "\n  " : "");
    return dtmap_outfile_close_commit(&of, fp, err);
}

/* State of dtmapi_carry_plan's walk. */
typedef struct carry_walk {
    const char *out;
    const dtmapi_names *claimed;
    dtmapi_names *moves;
} carry_walk;

static dtmap_status carry_visit(void *user, const char *rel, const char *full,
                                const struct stat *sb, int *descend, dtmap_error *err) {
    carry_walk *w = user;
    int dir = S_ISDIR(sb->st_mode), under = dtmapi_names_has_under(w->claimed, rel);
    if (dir && under) return (*descend = 1), DTMAP_OK;
    if (dir && dtmapi_names_has(w->claimed, rel))
        return dtmap_error_set(err, DTMAP_ERR_IO,
                               "%s is a folder where this run writes a file: move it away", full);
    if (!dir && under)
        return dtmap_error_set(err, DTMAP_ERR_IO,
                               "%s is a file where this run writes a folder: move it away", full);
    if (!dir && dtmapi_names_has(w->claimed, rel)) return DTMAP_OK; /* replaced or removed */
    return dtmapi_names_add(w->moves, rel, err);
}

dtmap_status dtmapi_carry_plan(const char *out, const dtmapi_names *claimed, dtmapi_names *moves,
                               dtmap_error *err) {
    carry_walk w = {out, claimed, moves};
    return walk(out, "", carry_visit, &w, err);
}

/* Creates the folders of root/rel's parent chain (rel relative). 0 or -1. */
static int make_parents(const char *root, const char *rel) {
    char *p = dtmap_path_join_alloc(root, rel);
    if (!p) return -1;
    int rc = 0;
    for (char *s = p + strlen(root) + 1; (s = strchr(s, '/')) != NULL; s++) {
        *s = '\0';
        if (mkdir(p, 0777) != 0 && errno != EEXIST) rc = -1;
        *s = '/';
    }
    free(p);
    return rc;
}

/* Renames from/rel to to/rel (folders between created); with keep, not when to/rel exists. */
static int move_one(const char *from, const char *to, const char *rel, int keep) {
    char *a = dtmap_path_join_alloc(from, rel), *b = dtmap_path_join_alloc(to, rel);
    struct stat sb;
    int rc = -1;
    if (a && b && lstat(a, &sb) == 0 && !(keep && lstat(b, &sb) == 0) && make_parents(to, rel) == 0)
        rc = rename(a, b);
    else if (a && b && lstat(a, &sb) != 0)
        rc = 0; /* nothing to move */
    free(a), free(b);
    return rc;
}

dtmap_status dtmapi_carry_run(const char *out, const char *stage, const dtmapi_names *moves,
                              dtmap_error *err) {
    if (moves->n == 0) return DTMAP_OK;
    char *list = dtmap_path_join_alloc(stage, DTMAPI_CARRIED);
    if (!list) return dtmap_error_set(err, DTMAP_ERR_NOMEM, "%s", stage);
    dtmap_outfile of;
    FILE *fp;
    dtmap_status st = dtmap_outfile_fopen(list, 1, &of, &fp, err);
    free(list);
    if (st != DTMAP_OK) return st;
    for (size_t i = 0; i < moves->n; i++) /* names may hold any byte but '\0': '\0'-separated */
        fwrite(moves->v[i], 1, strlen(moves->v[i]) + 1, fp);
    if ((st = dtmap_outfile_close_commit(&of, fp, err)) != DTMAP_OK) return st;
    for (size_t i = 0; i < moves->n; i++)
        if (move_one(out, stage, moves->v[i], 1) != 0) {
            int e = errno;
            char *p = dtmap_path_join_alloc(out, moves->v[i]);
            st = dtmap_error_set(err, DTMAP_ERR_IO, "%s: keeping it in the new run: %s",
                                 p ? p : moves->v[i], strerror(e));
            free(p);
            dtmapi_carry_back(stage, out);
            return st;
        }
    return DTMAP_OK;
}

size_t dtmapi_carry_back(const char *tree, const char *out) {
    char *list = dtmap_path_join_alloc(tree, DTMAPI_CARRIED);
    FILE *fp = list ? fopen(list, "rb") : NULL;
    size_t failed = 0, k = 0;
    char name[4096];
    int c;
    while (fp && (c = fgetc(fp)) != EOF) {
        if (c != '\0' && k + 1 < sizeof name) {
            name[k++] = (char)c;
            continue;
        }
        name[k] = '\0';
        if (k && move_one(tree, out, name, 1) != 0) failed++;
        k = 0;
    }
    if (fp) fclose(fp);
    if (list) unlink(list);
    free(list);
    return failed;
}

/* 1 when pid names no live process (kill(pid, 0) fails with ESRCH). */
static int dead(long pid) {
    if (pid <= 0 || pid > INT_MAX) return 0; /* no PID: never "dead", so never removed */
    return kill((pid_t)pid, 0) != 0 && errno == ESRCH;
}

/* The PID of a name that is prefix followed by digits up to the end, else 0. */
static long pid_after(const char *name, const char *prefix) {
    size_t n = strlen(prefix);
    if (strncmp(name, prefix, n) != 0 || !name[n]) return 0;
    char *end;
    long pid = strtol(name + n, &end, 10);
    return *end || name[n] < '0' || name[n] > '9' ? 0 : pid;
}

/* The PID of a temporary of fileio.c, ".STEM.tmp-PID" or ".STEM.tmp-PID.EXT" (EXT without '.'
 * or '/'), else 0. */
static long temp_pid(const char *name) {
    if (name[0] != '.') return 0;
    const char *t = NULL;
    for (const char *p = strstr(name + 1, ".tmp-"); p; p = strstr(p + 1, ".tmp-"))
        t = p;
    if (!t || t == name + 1) return 0;
    char *end;
    if (t[5] < '0' || t[5] > '9') return 0;
    long pid = strtol(t + 5, &end, 10);
    if (*end == '.' && !strchr(end + 1, '.') && end[1]) return pid;
    return *end ? 0 : pid;
}

static dtmap_status temp_visit(void *user, const char *rel, const char *full, const struct stat *sb,
                               int *descend, dtmap_error *err) {
    (void)user, (void)err;
    const char *base = strrchr(rel, '/');
    base = base ? base + 1 : rel;
    if (S_ISDIR(sb->st_mode))
        *descend = 1;
    else if (S_ISREG(sb->st_mode) && (dead(temp_pid(base)) || strcmp(rel, DTMAPI_CARRIED) == 0))
        unlink(full);
    return DTMAP_OK;
}

void dtmapi_leftovers_clean(const char *parent, const char *name) {
    size_t n = strlen(name) + 16;
    char *staging = malloc(n), *old = malloc(n), *out = dtmap_path_join_alloc(parent, name);
    struct dirent **ents = NULL;
    int count = staging && old && out ? scandir(parent, &ents, NULL, alphasort) : -1;
    if (count >= 0) {
        snprintf(staging, n, ".%s.staging-", name);
        snprintf(old, n, ".%s.old-", name);
    }
    struct stat sb;
    for (int pass = 0; pass < 2; pass++) /* old trees first: one may be the run itself */
        for (int i = 0; i < count; i++) {
            const char *e = ents[i]->d_name;
            long pid = pid_after(e, pass ? staging : old);
            char *p = pid && dead(pid) ? dtmap_path_join_alloc(parent, e) : NULL;
            if (!p || lstat(p, &sb) != 0 || !S_ISDIR(sb.st_mode)) {
                free(p);
                continue;
            }
            if (!pass && lstat(out, &sb) != 0 && errno == ENOENT && rename(p, out) == 0) {
                free(p);
                continue;
            }
            if (dtmapi_carry_back(p, out) == 0) dtmapi_tree_remove(p);
            free(p);
        }
    for (int i = 0; i < count; i++)
        free(ents[i]);
    free(ents);
    dtmap_error err;
    if (out && lstat(out, &sb) == 0 && S_ISDIR(sb.st_mode)) walk(out, "", temp_visit, NULL, &err);
    free(staging), free(old), free(out);
}
