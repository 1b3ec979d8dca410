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

/* fsyncs path (a folder when dir); errors name name, the path the user knows (never a
 * temporary's). */
static dtmap_status fsync_path(const char *path, const char *name, int dir, dtmap_error *err) {
    int fd = open(path, dir ? O_RDONLY | O_DIRECTORY : O_RDONLY);
    if (fd < 0) return dtmap_error_set(err, DTMAP_ERR_IO, "%s: %s", name, strerror(errno));
    int rc = fsync(fd);
    int e = errno;
    close(fd);
    /* Some file systems refuse fsync on folders; that is not a data loss for us. */
    if (rc != 0 && !(dir && (e == EINVAL || e == EBADF)))
        return dtmap_error_set(err, DTMAP_ERR_IO, "%s: fsync: %s", name, strerror(e));
    return DTMAP_OK;
}

/* DTMAP_OK when the folder that is to hold path exists and this process may write there (so
 * that a writer, GDAL's included, does not fail on the temporary's name); else "PATH: cannot
 * write: REASON". */
static dtmap_status folder_check(const char *path, dtmap_error *err) {
    const char *slash = strrchr(path, '/');
    if (!slash) return DTMAP_OK; /* the current folder */
    size_t len = slash == path ? 1 : (size_t)(slash - path);
    char *dir = strndup(path, len);
    if (!dir) return dtmap_error_set(err, DTMAP_ERR_NOMEM, "%s", path);
    struct stat st;
    int e = 0;
    if (stat(dir, &st) != 0)
        e = errno;
    else if (!S_ISDIR(st.st_mode))
        e = ENOTDIR;
    else if (access(dir, W_OK | X_OK) != 0)
        e = errno;
    free(dir);
    dtmap_status rc = DTMAP_OK;
    if (e != 0) rc = dtmap_error_set(err, DTMAP_ERR_IO, "%s: cannot write: %s", path, strerror(e));
    return rc;
}

dtmap_status dtmap_outfile_begin(const char *path, int overwrite, dtmap_outfile *out,
                                 dtmap_error *err) {
    memset(out, 0, sizeof *out);
    struct stat st;
    if (!overwrite && stat(path, &st) == 0)
        return dtmap_error_set(err, DTMAP_ERR_EXISTS, "%s exists (use --overwrite to replace it)",
                               path);
    dtmap_status rc = folder_check(path, err);
    if (rc != DTMAP_OK) return rc;
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
    dtmap_status st = fsync_path(out->tmp, out->path, 0, err);
    if (st != DTMAP_OK) goto done;
    if (rename(out->tmp, out->path) != 0) {
        st = dtmap_error_set(err, DTMAP_ERR_IO, "%s: cannot write: %s", out->path, strerror(errno));
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
        st = fsync_path(slash ? dir : ".", slash ? dir : ".", 1, err);
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

/* Rewrites err's detail so that each mention of out's temporary (in a message of GDAL's, say)
 * names its final path instead; cut at the detail's size. */
static void untemp(const dtmap_outfile *out, dtmap_error *err) {
    if (!err || !out->tmp || !out->path || !strstr(err->detail, out->tmp)) return;
    char text[sizeof err->detail];
    size_t used = 0, tlen = strlen(out->tmp), plen = strlen(out->path);
    for (const char *s = err->detail; *s && used + 1 < sizeof text;) {
        const char *piece = s;
        size_t len = 1;
        if (strncmp(s, out->tmp, tlen) == 0) piece = out->path, len = plen;
        if (len > sizeof text - 1 - used) len = sizeof text - 1 - used;
        memcpy(text + used, piece, len);
        used += len;
        s += piece == s ? 1 : tlen;
    }
    text[used] = '\0';
    memcpy(err->detail, text, used + 1);
}

dtmap_status dtmap_outfile_fail(dtmap_outfile *out, dtmap_status st, dtmap_error *err) {
    st = dtmap_error_nospace(err, st, out->tmp, out->path);
    untemp(out, err);
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
        st = dtmap_error_set(err, DTMAP_ERR_IO, "%s: cannot write: %s", out->path, strerror(errno));
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
    if (dir == NULL || dir[0] == '\0') /* the loop below starts past the first byte */
        return dtmap_error_set(err, DTMAP_ERR_USAGE, "'': an empty folder name");
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
