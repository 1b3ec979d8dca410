/* fileio.h: outputs are written to a temporary name in the target folder and renamed into place
 * (flushed and fsync'd first), so a killed run never leaves a half-written file behind. */
#ifndef DTMAP_FILEIO_H
#define DTMAP_FILEIO_H

#include <stdio.h>

#include "dtmap/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* An output in progress: final path and the temporary path actually being written. */
typedef struct dtmap_outfile {
    char *path; /* final path (owned) */
    char *tmp;  /* "<dir>/.<base>.tmp-<pid><ext>" in the same folder (owned); the extension is
                 * kept so GDAL drivers recognise the format */
} dtmap_outfile;

/* Prepares an output: fails with DTMAP_ERR_EXISTS when path exists and overwrite is 0, with
 * DTMAP_ERR_IO "PATH: cannot write: REASON" when the folder that is to hold path is missing, not
 * a folder or not writable (access(2)), and removes a stale temporary of the same name. Errors of
 * these functions name the final path, never the temporary. On success the caller writes to
 * out->tmp (with stdio or GDAL) and ends with dtmap_outfile_commit or dtmap_outfile_abort. */
dtmap_status dtmap_outfile_begin(const char *path, int overwrite, dtmap_outfile *out,
                                 dtmap_error *err);
/* fsyncs out->tmp, renames it to out->path, fsyncs the folder and frees *out. On failure the
 * temporary is removed. */
dtmap_status dtmap_outfile_commit(dtmap_outfile *out, dtmap_error *err);
/* Removes the temporary (if any) and frees *out. Accepts a zeroed struct. */
void dtmap_outfile_abort(dtmap_outfile *out);
/* When st is a write error (DTMAP_ERR_IO or DTMAP_ERR_GDAL) and the file system holding path where
 * is full (errno ENOSPC or EDQUOT, or less than 256 KiB left there: GDAL's drivers report their own
 * text, such as libtiff's "TIFFAppendToStrip" or SQLite's "database or disk is full"), err
 * becomes "NAME: No space left on device" and DTMAP_ERR_IO is returned; else st, err as it was.
 * Call it on the failure path before anything that could free space or change errno. */
dtmap_status dtmap_error_nospace(dtmap_error *err, dtmap_status st, const char *where,
                                 const char *name);
/* The failure path of a writer whose status st is an error: dtmap_error_nospace for out (its
 * temporary, named by its final path), every mention of the temporary in err's detail (GDAL's
 * messages quote the file they were given) replaced by the final path, then dtmap_outfile_abort.
 * Returns the status to pass on. */
dtmap_status dtmap_outfile_fail(dtmap_outfile *out, dtmap_status st, dtmap_error *err);

/* Convenience for text outputs: begin + fopen(tmp, "w"). On success *fp is open on out->tmp;
 * the caller writes, then calls dtmap_outfile_close_commit, which fcloses (checking write
 * errors) and commits. */
dtmap_status dtmap_outfile_fopen(const char *path, int overwrite, dtmap_outfile *out, FILE **fp,
                                 dtmap_error *err);
dtmap_status dtmap_outfile_close_commit(dtmap_outfile *out, FILE *fp, dtmap_error *err);

/* Creates a folder (and its parents) if missing. DTMAP_ERR_IO names the folder on failure;
 * DTMAP_ERR_USAGE for an empty (or NULL) name. */
dtmap_status dtmap_mkdir_p(const char *dir, dtmap_error *err);

/* dir "/" name in a new string the caller frees with free() (no '/' added when dir is empty
 * or already ends in one); NULL when out of memory. */
char *dtmap_path_join_alloc(const char *dir, const char *name);

#ifdef __cplusplus
}
#endif
#endif
