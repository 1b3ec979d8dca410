/* fileio.c: write-to-temporary-then-rename outputs, and folder creation. */
#include "dtmap/fileio.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

/* Builds "<dir>/.<base>.tmp-<pid><ext>" for path. Returns a malloc'd string or NULL. */
static char *temp_name(const char *path) {
    const char *slash = strrchr(path, '/');
    const char *base = slash ? slash + 1 : path;
    size_t dirlen = (size_t)(base - path);
    const char *dot = strrchr(base, '.');
    const char *ext = (dot && dot != base) ? dot : "";
    size_t stemlen = strlen(base) - strlen(ext);
    size_t len = dirlen + strlen(base) + strlen(ext) + 48;
    char *tmp = malloc(len);
    if (!tmp) return NULL;
    snprintf(tmp, len, "%.*s.%.*s.tmp-%ld%s", (int)dirlen, path, (int)stemlen, base, (long)getpid(),
             ext);
    return tmp;
}

static dtmap_status fsync_path(const char *path, int dir, dtmap_error *err) {
    int fd = open(path, dir ? O_RDONLY | O_DIRECTORY : O_RDONLY);
    if (fd < 0) return dtmap_error_set(err, DTMAP_ERR_IO, "%s: %s", path, strerror(errno));
    int rc = fsync(fd);
    int e = errno;
    close(fd);
    /* Some file systems refuse fsync on folders; that is not a data loss for us. */
    if (rc != 0 && !(dir && (e == EINVAL || e == EBADF)))
        return dtmap_error_set(err, DTMAP_ERR_IO, "%s: fsync: %s", path, strerror(e));
    return DTMAP_OK;
}

dtmap_status dtmap_outfile_begin(const char *path, int overwrite, dtmap_outfile *out,
                                 dtmap_error *err) {
    memset(out, 0, sizeof *out);
    struct stat st;
    if (!overwrite && stat(path, &st) == 0)
        return dtmap_error_set(err, DTMAP_ERR_EXISTS, "%s exists (use --overwrite to replace it)",
                               path);
    out->path = strdup(path);
    out->tmp = temp_name(path);
    if (!out->path || !out->tmp) {
        dtmap_outfile_abort(out);
        return dtmap_error_set(err, DTMAP_ERR_NOMEM, "%s", path);
    }
    unlink(out->tmp);
    return DTMAP_OK;
}

dtmap_status dtmap_outfile_commit(dtmap_outfile *out, dtmap_error *err) {
    dtmap_status st = fsync_path(out->tmp, 0, err);
    if (st != DTMAP_OK) goto done;
    if (rename(out->tmp, out->path) != 0) {
        st = dtmap_error_set(err, DTMAP_ERR_IO, "%s: rename from %s: %s", out->path, out->tmp,
                             strerror(errno));
        goto done;
    }
    free(out->tmp);
    out->tmp = NULL;
    {
        char *dir = strdup(out->path);
        if (!dir) {
            st = dtmap_error_set(err, DTMAP_ERR_NOMEM, "%s", out->path);
            goto done;
        }
        char *slash = strrchr(dir, '/');
        if (slash) *(slash == dir ? slash + 1 : slash) = '\0';
        st = fsync_path(slash ? dir : ".", 1, err);
        free(dir);
    }
done:
    dtmap_outfile_abort(out);
    return st;
}

void dtmap_outfile_abort(dtmap_outfile *out) {
    if (!out) return;
    if (out->tmp) unlink(out->tmp);
    free(out->tmp);
    free(out->path);
    out->tmp = out->path = NULL;
}

/* 1 when the file system holding path has (next to) no room left: less than 256 KiB free, as
 * after a write that failed for want of space (GDAL's drivers do not pass errno on). */
static int fs_full(const char *path) {
    struct statvfs vfs;
    if (statvfs(path, &vfs) != 0) return 0;
    double room = (double)vfs.f_bavail * (double)vfs.f_frsize;
    return room < 256.0 * 1024;
}

dtmap_status dtmap_error_nospace(dtmap_error *err, dtmap_status st, const char *where,
                                 const char *name) {
    int e = errno;
    if ((st != DTMAP_ERR_IO && st != DTMAP_ERR_GDAL) || !where) return st; /* not a write */
    if (e != ENOSPC && e != EDQUOT && !fs_full(where)) return st;
    return dtmap_error_set(err, DTMAP_ERR_IO, "%s: %s", name, strerror(ENOSPC));
}

dtmap_status dtmap_outfile_fail(dtmap_outfile *out, dtmap_status st, dtmap_error *err) {
    st = dtmap_error_nospace(err, st, out->tmp, out->path);
    dtmap_outfile_abort(out);
    return st;
}

dtmap_status dtmap_outfile_fopen(const char *path, int overwrite, dtmap_outfile *out, FILE **fp,
                                 dtmap_error *err) {
    *fp = NULL;
    dtmap_status st = dtmap_outfile_begin(path, overwrite, out, err);
    if (st != DTMAP_OK) return st;
    *fp = fopen(out->tmp, "w");
    if (!*fp) {
        st = dtmap_error_set(err, DTMAP_ERR_IO, "%s: %s", out->tmp, strerror(errno));
        dtmap_outfile_abort(out);
    }
    return st;
}

dtmap_status dtmap_outfile_close_commit(dtmap_outfile *out, FILE *fp, dtmap_error *err) {
    int bad = ferror(fp);
    int e = errno;
    if (fclose(fp) != 0 && !bad) {
        bad = 1;
        e = errno;
    }
    if (bad) {
        dtmap_status st =
            dtmap_error_set(err, DTMAP_ERR_IO, "%s: write failed: %s", out->path, strerror(e));
        dtmap_outfile_abort(out);
        return st;
    }
    return dtmap_outfile_commit(out, err);
}

dtmap_status dtmap_mkdir_p(const char *dir, dtmap_error *err) {
    char *buf = strdup(dir);
    if (!buf) return dtmap_error_set(err, DTMAP_ERR_NOMEM, "%s", dir);
    dtmap_status st = DTMAP_OK;
    for (char *p = buf + 1;; p++) {
        if (*p == '/' || *p == '\0') {
            char c = *p;
            *p = '\0';
            if (mkdir(buf, 0777) != 0 && errno != EEXIST) {
                st = dtmap_error_set(err, DTMAP_ERR_IO, "%s: %s", buf, strerror(errno));
                break;
            }
            *p = c;
            if (c == '\0') break;
        }
    }
    struct stat sb;
    if (st == DTMAP_OK && (stat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode)))
        st = dtmap_error_set(err, DTMAP_ERR_IO, "%s: not a folder", dir);
    free(buf);
    return st;
}
