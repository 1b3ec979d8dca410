/* inputs.c: LOG arguments to files (see inputs.h). */
#define _XOPEN_SOURCE 700 /* realpath */
#include "cli/inputs.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "dtmap/fileio.h"

/* 1 when rule names path: the same text, the same base name, or a folder holding it. */
static int rule_matches(const char *rule, const char *path) {
    size_t n = strlen(rule);
    while (n > 1 && rule[n - 1] == '/')
        n--;
    if (strlen(path) == n && strncmp(rule, path, n) == 0) return 1;
    if (strncmp(rule, path, n) == 0 && path[n] == '/') return 1;
    const char *base = strrchr(path, '/');
    return base && strcmp(base + 1, rule) == 0;
}

static int push(cli_inputs *in, const char *path, int from_folder) {
    cli_input *v = realloc(in->v, (size_t)(in->n + 1) * sizeof *v);
    if (!v) return 0;
    in->v = v;
    if (!(v[in->n].path = strdup(path))) return 0;
    v[in->n++].from_folder = from_folder;
    return 1;
}

static int skipped(const char *path, const char *const *skip, int nskip) {
    char real[PATH_MAX], other[PATH_MAX];
    if (!realpath(path, real)) return 0;
    for (int i = 0; i < nskip; i++)
        if (skip[i] && realpath(skip[i], other) && strcmp(real, other) == 0) return 1;
    return 0;
}

static int by_name(const struct dirent **a, const struct dirent **b) {
    return strcmp((*a)->d_name, (*b)->d_name);
}

static int visible(const struct dirent *d) {
    return d->d_name[0] != '.';
}

/* Walks dir in name order; returns 0 or 1 (error printed). */
static int walk(const char *dir, const char *const *skip, int nskip, cli_inputs *in, int depth) {
    struct dirent **list = NULL;
    int rc = 0;
    int n = scandir(dir, &list, visible, by_name);
    if (n < 0) {
        fprintf(stderr, "dtmap: %s: %s\n", dir, strerror(errno));
        return 1;
    }
    for (int i = 0; i < n && !rc; i++) {
        char *p = dtmap_path_join_alloc(dir, list[i]->d_name);
        struct stat sb;
        if (!p) {
            fprintf(stderr, "dtmap: out of memory\n");
            rc = 1;
            break;
        }
        if (stat(p, &sb) == 0 && !skipped(p, skip, nskip)) {
            if (S_ISDIR(sb.st_mode) && depth < 16)
                rc = walk(p, skip, nskip, in, depth + 1);
            else if (S_ISREG(sb.st_mode) && !push(in, p, 1)) {
                fprintf(stderr, "dtmap: out of memory\n");
                rc = 1;
            }
        }
        free(p);
    }
    for (int i = 0; i < n; i++)
        free(list[i]);
    free(list);
    return rc;
}

/* Drops a second mention of the same file (by real path), keeping the first. */
static void dedupe(cli_inputs *in) {
    int out = 0;
    for (int i = 0; i < in->n; i++) {
        char a[PATH_MAX], b[PATH_MAX];
        int dup = 0;
        if (realpath(in->v[i].path, a))
            for (int j = 0; j < out && !dup; j++)
                dup = realpath(in->v[j].path, b) && strcmp(a, b) == 0;
        if (dup) {
            fprintf(stderr, "dtmap: %s given more than once: read once\n", in->v[i].path);
            free(in->v[i].path);
            continue;
        }
        in->v[out++] = in->v[i];
    }
    in->n = out;
}

static int check_rule(const cli_inputs *in, const char *opt, const char *rule) {
    for (int i = 0; i < in->n; i++)
        if (rule_matches(rule, in->v[i].path)) return 0;
    fprintf(stderr,
            "dtmap: %s '%s' names no input file (give the path, file name or folder "
            "as on the command line)\n",
            opt, rule);
    return 2;
}

int cli_inputs_expand(const cli_args *a, const char *const *skip, int nskip, cli_inputs *out) {
    int rc = 0;
    memset(out, 0, sizeof *out);
    for (int i = 0; i < a->ninputs && !rc; i++) {
        const char *p = a->inputs[i];
        struct stat sb;
        if (stat(p, &sb) != 0) {
            fprintf(stderr, "dtmap: %s: %s\n", p, strerror(errno));
            rc = 1;
        } else if (S_ISDIR(sb.st_mode)) {
            int before = out->n;
            rc = walk(p, skip, nskip, out, 0);
            if (!rc && out->n == before) {
                fprintf(stderr, "dtmap: %s: folder holds no file to read\n", p);
                rc = 1;
            }
        } else if (!push(out, p, 0)) {
            fprintf(stderr, "dtmap: out of memory\n");
            rc = 1;
        }
    }
    if (!rc) dedupe(out);
    for (int i = 0; i < a->ntz && !rc; i++)
        if (a->tz[i].input) rc = check_rule(out, "--tz", a->tz[i].input);
    for (int i = 0; i < a->nredcap && !rc; i++)
        rc = check_rule(out, "--redcap", a->redcap[i]);
    if (rc) cli_inputs_free(out);
    return rc;
}

void cli_inputs_free(cli_inputs *in) {
    for (int i = 0; in && i < in->n; i++)
        free(in->v[i].path);
    if (in) free(in->v);
    if (in) memset(in, 0, sizeof *in);
}

void cli_inputs_opts(const cli_args *a, const char *path, dtmap_ingest_opts *opts) {
    *opts = a->ingest;
    for (int i = 0; i < a->ntz; i++) /* the general rule first, named ones override it */
        if (!a->tz[i].input) opts->tz_set = 1, opts->tz_offset_s = a->tz[i].offset_s;
    for (int i = 0; i < a->ntz; i++)
        if (a->tz[i].input && rule_matches(a->tz[i].input, path))
            opts->tz_set = 1, opts->tz_offset_s = a->tz[i].offset_s;
    for (int i = 0; i < a->nredcap; i++)
        if (rule_matches(a->redcap[i], path)) opts->redcap = 1;
}
