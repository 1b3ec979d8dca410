/* inputs.c: LOG arguments to files (see inputs.h); duplicates.c finds the duplicates. */
#define _XOPEN_SOURCE 700 /* scandir */
#include "cli/inputs.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "dtmap/fileio.h"

#define MAX_DEPTH 16 /* folders below a folder given on the command line */

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

/* Appends path (a file to read when why is NULL, its stat in sb; else not read, for why).
 * Returns 0, or 1 out of memory (printed). */
static int push(cli_inputs *in, const char *path, int from_folder, const struct stat *sb,
                const char *why) {
    if (in->n == in->cap) {
        int cap = in->cap ? 2 * in->cap : 64;
        cli_input *v = realloc(in->v, (size_t)cap * sizeof *v);
        if (!v) goto nomem;
        in->v = v;
        in->cap = cap;
    }
    cli_input *f = &in->v[in->n];
    memset(f, 0, sizeof *f);
    f->from_folder = from_folder;
    f->same_as = -1;
    if (sb) f->dev = sb->st_dev, f->ino = sb->st_ino, f->size = sb->st_size;
    if (!(f->path = strdup(path))) goto nomem;
    if (why && !(f->why = strdup(why))) {
        free(f->path);
        goto nomem;
    }
    in->n++;
    return 0;
nomem:
    fprintf(stderr, "dtmap: out of memory\n");
    return 1;
}

/* Identities (device, inode) of the paths a walk leaves out, and of the folders being walked
 * (so that a link back up is not walked again). */
typedef struct ident {
    dev_t dev;
    ino_t ino;
} ident;

typedef struct walker {
    cli_inputs *in;
    ident skip[8];
    int nskip;
    ident up[MAX_DEPTH + 1]; /* up[0..depth]: the folder given and those below it being walked */
    const char *up_path[MAX_DEPTH + 1]; /* their paths, as walked */
} walker;

static int same(const ident *a, const struct stat *sb) {
    return a->dev == sb->st_dev && a->ino == sb->st_ino;
}

static int by_name(const struct dirent **a, const struct dirent **b) {
    return strcmp((*a)->d_name, (*b)->d_name);
}

static int visible(const struct dirent *d) {
    return d->d_name[0] != '.';
}

/* What a file that is neither a regular file nor a folder is, for messages. */
static const char *kind(mode_t mode) {
    if (S_ISFIFO(mode)) return "a FIFO";
    if (S_ISCHR(mode)) return "a character device";
    if (S_ISBLK(mode)) return "a block device";
    if (S_ISSOCK(mode)) return "a socket";
    return "a special file";
}

static int walk(walker *w, const char *dir, int depth, int given);

/* One entry p of a folder at depth: a file to read, a folder to walk, or a reason it is not
 * read. Returns 0 or 1 (error printed). */
static int entry(walker *w, const char *p, int depth) {
    struct stat sb;
    char why[200];
    if (stat(p, &sb) != 0) {
        snprintf(why, sizeof why, "cannot read it: %s", strerror(errno));
        return push(w->in, p, 1, NULL, why);
    }
    for (int k = 0; k < w->nskip; k++)
        if (same(&w->skip[k], &sb)) return 0; /* this run's own output or areas file */
    if (S_ISREG(sb.st_mode)) return push(w->in, p, 1, &sb, NULL);
    if (!S_ISDIR(sb.st_mode)) {
        snprintf(why, sizeof why, "not a regular file (%s)", kind(sb.st_mode));
        return push(w->in, p, 1, NULL, why);
    }
    for (int k = 0; k <= depth; k++)
        if (same(&w->up[k], &sb)) { /* a link back up: walking it would repeat its files */
            snprintf(why, sizeof why, "a link back to %.150s: not followed", w->up_path[k]);
            return push(w->in, p, 1, NULL, why);
        }
    if (depth == MAX_DEPTH)
        return push(w->in, p, 1, NULL, "folder nested more than 16 deep: not walked");
    w->up[depth + 1] = (ident){sb.st_dev, sb.st_ino};
    w->up_path[depth + 1] = p;
    return walk(w, p, depth + 1, 0);
}

/* Walks dir in name order. A folder given on the command line that cannot be listed is an
 * error; one found inside it is listed as not read. Returns 0 or 1 (error printed). */
static int walk(walker *w, const char *dir, int depth, int given) {
    struct dirent **list = NULL;
    int rc = 0;
    int n = scandir(dir, &list, visible, by_name);
    if (n < 0 && given) {
        fprintf(stderr, "dtmap: %s: %s\n", dir, strerror(errno));
        return 1;
    }
    if (n < 0) {
        char why[200];
        snprintf(why, sizeof why, "cannot read the folder: %s", strerror(errno));
        return push(w->in, dir, 1, NULL, why);
    }
    for (int i = 0; i < n && !rc; i++) {
        char *p = dtmap_path_join_alloc(dir, list[i]->d_name);
        if (!p) {
            fprintf(stderr, "dtmap: out of memory\n");
            rc = 1;
            break;
        }
        rc = entry(w, p, depth);
        free(p);
    }
    for (int i = 0; i < n; i++)
        free(list[i]);
    free(list);
    return rc;
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
    walker w;
    memset(out, 0, sizeof *out);
    memset(&w, 0, sizeof w);
    w.in = out;
    for (int k = 0; k < nskip && w.nskip < (int)(sizeof w.skip / sizeof *w.skip); k++) {
        struct stat sb;
        if (skip[k] && stat(skip[k], &sb) == 0) w.skip[w.nskip++] = (ident){sb.st_dev, sb.st_ino};
    }
    for (int i = 0; i < a->ninputs && !rc; i++) {
        const char *p = a->inputs[i];
        struct stat sb;
        if (stat(p, &sb) != 0) {
            fprintf(stderr, "dtmap: %s: %s\n", p, strerror(errno));
            rc = 1;
        } else if (S_ISDIR(sb.st_mode)) {
            int before = out->n;
            w.up[0] = (ident){sb.st_dev, sb.st_ino};
            w.up_path[0] = p;
            rc = walk(&w, p, 0, 1);
            if (!rc && out->n == before) {
                fprintf(stderr, "dtmap: %s: folder holds no file to read\n", p);
                rc = 1;
            }
        } else if (!S_ISREG(sb.st_mode)) { /* opening a FIFO would wait for a writer */
            fprintf(stderr, "dtmap: %s: not a regular file (%s)\n", p, kind(sb.st_mode));
            rc = 1;
        } else {
            rc = push(out, p, 0, &sb, NULL);
        }
    }
    if (!rc) cli_inputs_mark_duplicates(out);
    for (int i = 0; i < a->ntz && !rc; i++)
        if (a->tz[i].input) rc = check_rule(out, "--tz", a->tz[i].input);
    for (int i = 0; i < a->nredcap && !rc; i++)
        rc = check_rule(out, "--redcap", a->redcap[i]);
    if (rc) cli_inputs_free(out);
    return rc;
}

void cli_inputs_free(cli_inputs *in) {
    for (int i = 0; in && i < in->n; i++) {
        free(in->v[i].path);
        free(in->v[i].why);
    }
    if (in) free(in->v);
    if (in) memset(in, 0, sizeof *in);
}

/* "--tz +08:00" for the zone of o into buf (n bytes), or "" when o sets none. */
static void tz_text(const dtmap_ingest_opts *o, char *buf, size_t n) {
    long s = o->tz_offset_s < 0 ? -(long)o->tz_offset_s : (long)o->tz_offset_s;
    if (!o->tz_set)
        buf[0] = '\0';
    else
        snprintf(buf, n, "--tz %c%02ld:%02ld", o->tz_offset_s < 0 ? '-' : '+', s / 3600,
                 s / 60 % 60);
}

/* Whether the per-file options (--tz, --redcap) of path differ from those of first, which is
 * read in its place; when they do, buf (n bytes) says how ("--tz +08:00 applies to B only"). */
static int options_differ(const cli_args *a, const char *first, const char *path, char *buf,
                          size_t n) {
    dtmap_ingest_opts o1, o2;
    char z1[32], z2[32];
    size_t k = 0;
    cli_inputs_opts(a, first, &o1);
    cli_inputs_opts(a, path, &o2);
    tz_text(&o1, z1, sizeof z1);
    tz_text(&o2, z2, sizeof z2);
    buf[0] = '\0';
    if (strcmp(z1, z2) != 0) {
        if (z1[0] && z2[0])
            k += (size_t)snprintf(buf, n, "%s applies to %s, %s to %s", z2, path, z1, first);
        else
            k += (size_t)snprintf(buf, n, "%s applies to %s only", z1[0] ? z1 : z2,
                                  z1[0] ? first : path);
    }
    if (o1.redcap != o2.redcap && k < n)
        snprintf(buf + k, n - k, "%s--redcap applies to %s only", k ? "; " : "",
                 o1.redcap ? first : path);
    return buf[0] != '\0';
}

int cli_inputs_not_read(const cli_args *a, const cli_inputs *in, int i, dtmap_ingest_report *rep,
                        dtmap_status *st) {
    const cli_input *f = &in->v[i];
    char differ[1024];
    *st = DTMAP_OK;
    if (f->why) {
        fprintf(stderr, "dtmap: %s: not read: %s\n", f->path, f->why);
        *st = dtmap_ingest_report_skip_file(rep, f->path, f->why);
    } else if (f->same_as >= 0) {
        const char *first = in->v[f->same_as].path;
        if (options_differ(a, first, f->path, differ, sizeof differ))
            fprintf(stderr,
                    "dtmap: warning: %s: the same %s as %s, read once with %s's options (%s)\n",
                    f->path, f->same_file ? "file" : "bytes", first, first, differ);
        else if (f->same_file && strcmp(f->path, first) == 0)
            fprintf(stderr, "dtmap: %s given more than once: read once\n", f->path);
        else
            fprintf(stderr, "dtmap: %s: not read: the same %s as %s, read once\n", f->path,
                    f->same_file ? "file" : "bytes", first);
        *st = dtmap_ingest_report_duplicate(rep, f->path, first);
    } else {
        return 0;
    }
    return 1;
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
