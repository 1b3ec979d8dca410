/* ingest.c: dtmap_ingest_file, the entry point: picks the reader from the file's head (the rows
 * of registry.c) unless the head says the file is no log (identify.c), runs it, and keeps the
 * accounting whole: every record is either a sample or a reject, and a failed file leaves
 * nothing behind (no sample, reject or warning). */
#include "dtmap/ingest.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ingest/identify.h"
#include "ingest/registry.h"
#include "ingest/report.h"

/* Picks the reader from the first 64 KiB of the file (content, never the name); a file that
 * is no log (identify.c) is DTMAP_ERR_FORMAT with what it is. */
static dtmap_status sniff(const char *path, int from_folder, const ingest_reader **reader,
                          dtmap_error *err) {
    enum { HEAD = 65536 };
    FILE *fp = fopen(path, "rb");
    if (!fp) return dtmap_error_set(err, DTMAP_ERR_IO, "%s: %s", path, strerror(errno));
    char *head = malloc(HEAD + 1);
    if (!head) {
        fclose(fp);
        return dtmap_error_set(err, DTMAP_ERR_NOMEM, "%s: out of memory", path);
    }
    size_t n = fread(head, 1, HEAD, fp);
    int bad = ferror(fp) ? errno : 0;
    head[n] = '\0';
    const char *what = bad ? NULL : dtmapi_ingest_identify(head, n, fp, from_folder);
    fclose(fp);
    *reader = dtmapi_ingest_reader_sniff(head, n);
    free(head);
    if (bad) return dtmap_error_set(err, DTMAP_ERR_IO, "%s: %s", path, strerror(bad));
    if (what) return dtmap_error_set(err, DTMAP_ERR_FORMAT, "%s: %s", path, what);
    return DTMAP_OK;
}

/* See ingest.h. */
void dtmap_ingest_opts_default(dtmap_ingest_opts *o) {
    memset(o, 0, sizeof *o);
    o->size = sizeof *o;
}

dtmap_status dtmap_ingest_file(const char *path, const dtmap_ingest_opts *opts, dtmap_samples *set,
                               dtmap_ingest_report *rep, dtmap_error *err) {
    dtmap_ingest_opts known; /* the fields the caller knows, defaults for the rest */
    dtmap_ingest_opts_default(&known);
    if (opts != NULL) {
        if (opts->size < sizeof opts->size || opts->size > sizeof *opts)
            return dtmap_error_set(err, DTMAP_ERR_USAGE,
                                   "%s: ingest options: size %zu (this libdtmap knows %zu bytes; "
                                   "start from dtmap_ingest_opts_default)",
                                   path, opts->size, sizeof *opts);
        memcpy(&known, opts, opts->size);
        known.size = sizeof known;
    }
    dtmap_file_report fr;
    memset(&fr, 0, sizeof fr);
    ingest_sink k = {path, &known, set, rep, &fr};
    size_t n0 = set->n, r0 = rep->nrejects, f0 = set->nfix, nb0 = set->nnbr, w0 = rep->nwarnings;
    const ingest_reader *reader = NULL;
    dtmap_status st = dtmap_samples_add_file(set, path, &fr.file);
    if (st != DTMAP_OK) {
        st = dtmap_error_set(err, st, "%s: out of memory", path);
        goto done;
    }
    if ((st = sniff(path, known.from_folder, &reader, err)) != DTMAP_OK) goto done;
    if ((st = reader->read(&k, err)) != DTMAP_OK) goto done;
    if (dtmapi_ingest_report_add_file(rep, &fr) != DTMAP_OK)
        st = dtmap_error_set(err, DTMAP_ERR_NOMEM, "%s: out of memory", path);
done:
    if (st != DTMAP_OK) { /* a failed call leaves no samples or rejects behind */
        set->n = n0;
        set->nfix = f0;
        set->nnbr = nb0;
        rep->nrejects = r0;
        rep->nwarnings = w0;
    }
    return st;
}
