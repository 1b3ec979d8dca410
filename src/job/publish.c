/* publish.c: the output folder as one unit (see dtmap/publish.h): the lock, the staging folder
 * and the swap. The folder work (manifest, carrying files over, leftovers) is publish_tree.c. */
#define _GNU_SOURCE /* flock, renameat2 */
#include "dtmap/publish.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dtmap/fileio.h"
#include "job/publish_tree.h"

struct dtmap_publish {
    char *parent, *name; /* OUT = parent/name, resolved */
    char *out, *stage, *lock_path;
    int lock_fd;
    int locked; /* lock_fd holds the flock */
    int done;   /* committed or discarded: the staging folder is gone */
    pthread_mutex_t mu;
};

/* Splits outdir into its real parent folder and name (a link to a folder, ".", ".." resolved),
 * creating the parent when missing. */
static dtmap_status resolve(const char *outdir, dtmap_publish *p, dtmap_error *err) {
    char *path = strdup(outdir), *real = NULL;
    dtmap_status st = DTMAP_OK;
    if (!path) return dtmap_error_set(err, DTMAP_ERR_NOMEM, "%s", outdir);
    for (size_t n = strlen(path); n > 1 && path[n - 1] == '/'; n--)
        path[n - 1] = '\0';
    struct stat sb;
    const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
    int exists = stat(path, &sb) == 0;
    if (exists && !S_ISDIR(sb.st_mode)) {
        st = dtmap_error_set(err, DTMAP_ERR_IO, "%s: not a folder", outdir);
        goto done;
    }
    if (exists && (lstat(path, &sb) != 0 || S_ISLNK(sb.st_mode) || !strcmp(base, ".") ||
                   !strcmp(base, "..") || !*base)) {
        if (!(real = realpath(path, NULL))) {
            st = dtmap_error_set(err, DTMAP_ERR_IO, "%s: %s", outdir, strerror(errno));
            goto done;
        }
        free(path);
        path = real;
    }
    char *slash = strrchr(path, '/');
    if ((slash && !slash[1]) || !strcmp(path, ".") || !strcmp(path, "..")) {
        st = dtmap_error_set(err, DTMAP_ERR_USAGE, "%s: not a folder a run can replace", outdir);
        goto done;
    }
    p->name = strdup(slash ? slash + 1 : path);
    if (slash) *(slash == path ? slash + 1 : slash) = '\0';
    p->parent = strdup(slash ? path : ".");
    if (!p->name || !p->parent) {
        st = dtmap_error_set(err, DTMAP_ERR_NOMEM, "%s", outdir);
        goto done;
    }
    st = dtmap_mkdir_p(p->parent, err);
done:
    free(path);
    return st;
}

/* "parent/.name<suffix>" (suffix a printf format taking a long), NULL when out of memory. */
static char *beside(const dtmap_publish *p, const char *suffix, long n) {
    char tail[64];
    snprintf(tail, sizeof tail, suffix, n);
    size_t len = strlen(p->parent) + strlen(p->name) + strlen(tail) + 3;
    char *s = malloc(len);
    if (s) snprintf(s, len, "%s/.%s%s", p->parent, p->name, tail);
    return s;
}

/* Takes the lock of OUT: flock on p->lock_path, waiting when wait is set, then writes our
 * PID into it. */
static dtmap_status lock(dtmap_publish *p, const char *outdir, int wait, dtmap_error *err) {
    p->lock_fd = open(p->lock_path, O_RDWR | O_CREAT | O_CLOEXEC, 0666);
    if (p->lock_fd < 0) /* the folder beside OUT must be writable: say which run it stops */
        return dtmap_error_set(err, DTMAP_ERR_IO, "%s: cannot create its lock %s: %s", outdir,
                               p->lock_path, strerror(errno));
    while (flock(p->lock_fd, LOCK_EX | LOCK_NB) != 0) {
        if (errno == EINTR) continue;
        if (errno != EWOULDBLOCK)
            return dtmap_error_set(err, DTMAP_ERR_IO, "%s: lock: %s", p->lock_path,
                                   strerror(errno));
        if (!wait) {
            char text[32] = "";
            ssize_t n = pread(p->lock_fd, text, sizeof text - 1, 0);
            long pid = n > 0 ? strtol(text, NULL, 10) : 0;
            if (pid > 0)
                return dtmap_error_set(err, DTMAP_ERR_IO,
                                       "%s is in use by process %ld (lock %s; --wait waits for it)",
                                       outdir, pid, p->lock_path);
            return dtmap_error_set(err, DTMAP_ERR_IO,
                                   "%s is in use by another process (lock %s; --wait waits for it)",
                                   outdir, p->lock_path);
        }
        while (flock(p->lock_fd, LOCK_EX) != 0)
            if (errno != EINTR)
                return dtmap_error_set(err, DTMAP_ERR_IO, "%s: lock: %s", p->lock_path,
                                       strerror(errno));
        break;
    }
    p->locked = 1;
    char text[32];
    int n = snprintf(text, sizeof text, "%ld\n", (long)getpid());
    if (ftruncate(p->lock_fd, 0) != 0 || pwrite(p->lock_fd, text, (size_t)n, 0) != n)
        return dtmap_error_set(err, DTMAP_ERR_IO, "%s: %s", p->lock_path, strerror(errno));
    return DTMAP_OK;
}

dtmap_status dtmap_publish_begin(const char *outdir, int wait, dtmap_publish **pub,
                                 dtmap_error *err) {
    dtmap_publish *p = calloc(1, sizeof *p);
    *pub = NULL;
    if (!p) return dtmap_error_set(err, DTMAP_ERR_NOMEM, "%s", outdir);
    p->lock_fd = -1;
    pthread_mutex_init(&p->mu, NULL);
    dtmap_status st = resolve(outdir, p, err);
    if (st != DTMAP_OK) goto done;
    p->out = dtmap_path_join_alloc(p->parent, p->name);
    p->stage = beside(p, ".staging-%ld", (long)getpid());
    p->lock_path = beside(p, ".lock", 0);
    if (!p->out || !p->stage || !p->lock_path) {
        st = dtmap_error_set(err, DTMAP_ERR_NOMEM, "%s", outdir);
        goto done;
    }
    if ((st = lock(p, outdir, wait, err)) != DTMAP_OK) goto done;
    dtmapi_leftovers_clean(p->parent, p->name);
    dtmapi_tree_remove(p->stage); /* our own PID's, from a reused PID: stale */
    struct stat sb;
    if (mkdir(p->stage, 0777) != 0) {
        st = dtmap_error_set(err, DTMAP_ERR_IO, "%s: %s", p->stage, strerror(errno));
        goto done;
    }
    if (stat(p->out, &sb) == 0) chmod(p->stage, sb.st_mode & 07777); /* keep OUT's mode */
done:
    if (st != DTMAP_OK) {
        p->done = 1; /* nothing staged that is ours to remove */
        dtmap_publish_end(p);
        p = NULL;
    }
    *pub = p;
    return st;
}

const char *dtmap_publish_stage_dir(const dtmap_publish *pub) {
    return pub->stage;
}

/* fsyncs folder dir (best effort: some file systems refuse it on folders). */
static void sync_dir(const char *dir) {
    int fd = open(dir, O_RDONLY | O_DIRECTORY);
    if (fd >= 0) fsync(fd), close(fd);
}

/* Step 3 of dtmap_publish_commit: the staging folder becomes OUT; *old is the earlier tree's
 * path now (NULL when OUT did not exist). */
static dtmap_status swap(dtmap_publish *p, char **old, dtmap_error *err) {
    struct stat sb;
    *old = NULL;
    if (lstat(p->out, &sb) != 0) {
        if (rename(p->stage, p->out) != 0)
            return dtmap_error_set(err, DTMAP_ERR_IO, "%s: rename from %s: %s", p->out, p->stage,
                                   strerror(errno));
        return DTMAP_OK;
    }
    if (renameat2(AT_FDCWD, p->stage, AT_FDCWD, p->out, RENAME_EXCHANGE) == 0) {
        *old = strdup(p->stage);
        return *old ? DTMAP_OK : dtmap_error_set(err, DTMAP_ERR_NOMEM, "%s", p->stage);
    }
    if (errno != EINVAL && errno != ENOSYS && errno != ENOTSUP && errno != EOPNOTSUPP)
        return dtmap_error_set(err, DTMAP_ERR_IO, "%s: exchange with %s: %s", p->out, p->stage,
                               strerror(errno));
    if (!(*old = beside(p, ".old-%ld", (long)getpid())))
        return dtmap_error_set(err, DTMAP_ERR_NOMEM, "%s", p->out);
    if (rename(p->out, *old) != 0) {
        dtmap_status st =
            dtmap_error_set(err, DTMAP_ERR_IO, "%s: rename: %s", p->out, strerror(errno));
        free(*old), *old = NULL;
        return st;
    }
    if (rename(p->stage, p->out) != 0) {
        dtmap_status st = dtmap_error_set(err, DTMAP_ERR_IO, "%s: rename from %s: %s", p->out,
                                          p->stage, strerror(errno));
        rename(*old, p->out);
        free(*old), *old = NULL;
        return st;
    }
    return DTMAP_OK;
}

dtmap_status dtmap_publish_commit(dtmap_publish *pub, int overwrite, dtmap_error *err) {
    dtmapi_names written = {0}, earlier = {0}, claimed = {0}, listed = {0}, moves = {0};
    char *old = NULL, *carried = NULL;
    dtmap_status st = DTMAP_OK;
    pthread_mutex_lock(&pub->mu);
    if (pub->done) {
        st = dtmap_error_set(err, DTMAP_ERR_CANCELLED, "%s: run discarded", pub->out);
        goto done;
    }
    struct stat sb;
    int have_out = lstat(pub->out, &sb) == 0;
    if ((st = dtmapi_tree_list(pub->stage, &written, err)) != DTMAP_OK) goto done;
    dtmapi_names_sort(&written);
    dtmap_error why;
    if (have_out && dtmapi_manifest_read(pub->out, &earlier, &why) < 0) {
        st = why.status;
        if (err) *err = why;
        goto done;
    }
    /* claimed: what does not come along from OUT; listed: what the new manifest names */
    for (size_t i = 0; i < written.n && st == DTMAP_OK; i++)
        if ((st = dtmapi_names_add(&claimed, written.v[i], err)) == DTMAP_OK)
            st = dtmapi_names_add(&listed, written.v[i], err);
    for (size_t i = 0; i < earlier.n && st == DTMAP_OK; i++) {
        char *p = dtmap_path_join_alloc(pub->out, earlier.v[i]);
        int kept = !overwrite && p && lstat(p, &sb) == 0;
        free(p);
        if (overwrite) st = dtmapi_names_add(&claimed, earlier.v[i], err);
        if (kept && st == DTMAP_OK) st = dtmapi_names_add(&listed, earlier.v[i], err);
    }
    if (st == DTMAP_OK) st = dtmapi_names_add(&claimed, DTMAPI_MANIFEST, err);
    if (st != DTMAP_OK) goto done;
    dtmapi_names_sort(&claimed);
    dtmapi_names_sort(&listed);
    if ((st = dtmapi_manifest_write(pub->stage, pub->out, &listed, err)) != DTMAP_OK) goto done;
    if (have_out && (st = dtmapi_carry_plan(pub->out, &claimed, &moves, err)) != DTMAP_OK)
        goto done;
    if ((st = dtmapi_carry_run(pub->out, pub->stage, &moves, err)) != DTMAP_OK) goto done;
    sync_dir(pub->stage);
    if ((st = swap(pub, &old, err)) != DTMAP_OK) {
        dtmapi_carry_back(pub->stage, pub->out);
        goto done;
    }
    pub->done = 1;
    if ((carried = dtmap_path_join_alloc(pub->out, DTMAPI_CARRIED))) unlink(carried);
    sync_dir(pub->parent);
    if (old) dtmapi_tree_remove(old);
done:
    pthread_mutex_unlock(&pub->mu);
    free(old), free(carried);
    dtmapi_names_free(&written), dtmapi_names_free(&earlier), dtmapi_names_free(&claimed);
    dtmapi_names_free(&listed), dtmapi_names_free(&moves);
    return st;
}

void dtmap_publish_discard(dtmap_publish *pub) {
    if (!pub) return;
    pthread_mutex_lock(&pub->mu);
    if (!pub->done) {
        dtmapi_carry_back(pub->stage, pub->out);
        for (int i = 0; i < 3 && dtmapi_tree_remove(pub->stage) != 0; i++)
            ; /* the run may still be adding files: try again */
        pub->done = 1;
    }
    pthread_mutex_unlock(&pub->mu);
}

void dtmap_publish_end(dtmap_publish *pub) {
    if (!pub) return;
    dtmap_publish_discard(pub);
    if (pub->locked && ftruncate(pub->lock_fd, 0) != 0) { /* a stale PID is harmless */
    }
    if (pub->lock_fd >= 0) close(pub->lock_fd); /* drops the flock */
    pthread_mutex_destroy(&pub->mu);
    free(pub->parent), free(pub->name), free(pub->out), free(pub->stage), free(pub->lock_path);
    free(pub);
}
