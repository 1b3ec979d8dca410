/* common.c: what every command does alike: reading the inputs, rejects, strictness, errors. */
#include "cli/commands.h"

#include "cli/inputs.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

int cli_fail(dtmap_status st, const dtmap_error *err) {
    if (err && err->detail[0])
        fprintf(stderr, "dtmap: %s\n", err->detail);
    else
        fprintf(stderr, "dtmap: %s\n", dtmap_strerror(st));
    return st == DTMAP_ERR_USAGE ? 2 : 1;
}

int cli_progress(void *quiet_flag, const char *stage) {
    if (*(const int *)quiet_flag || !isatty(STDERR_FILENO)) return 0;
    fprintf(stderr, "dtmap: %s\n", stage);
    return 0;
}

dtmap_status cli_write_rejects(const cli_args *a, const char *path, const dtmap_ingest_report *rep,
                               const dtmap_samples *set, dtmap_error *err) {
    dtmap_status st = dtmap_ingest_write_rejects(rep, set, path, a->overwrite, err);
    if (st == DTMAP_OK && !a->quiet && !a->rejects_later) printf("rejected records: %s\n", path);
    return st;
}

/* ": 2 no_metric, 1 bad_number; first FILE:LINE: DETAIL" into buf (len bytes): the three most
 * frequent reject reasons of rep and its first reject. */
static void reject_reasons(const dtmap_ingest_report *rep, const dtmap_samples *set, char *buf,
                           size_t len) {
    uint64_t n[DTMAP_REJ_COUNT] = {0};
    size_t k = 0;
    for (size_t i = 0; i < rep->nfiles; i++)
        for (int r = 0; r < DTMAP_REJ_COUNT; r++)
            n[r] += rep->files[i].rejected[r];
    k += (size_t)snprintf(buf + k, len - k, ":");
    for (int shown = 0; shown < 3 && k < len; shown++) {
        int best = -1;
        for (int r = 0; r < DTMAP_REJ_COUNT; r++)
            if (n[r] && (best < 0 || n[r] > n[best])) best = r;
        if (best < 0) break;
        k += (size_t)snprintf(buf + k, len - k, "%s %llu %s", shown ? "," : "",
                              (unsigned long long)n[best],
                              dtmap_reject_name((dtmap_reject_reason)best));
        n[best] = 0;
    }
    if (rep->nrejects && k < len) {
        const dtmap_reject *j = &rep->rejects[0];
        snprintf(buf + k, len - k, "; first %s:%u: %s",
                 j->file < set->nfiles ? set->files[j->file] : "?", (unsigned)j->line, j->detail);
    }
}

int cli_ingest_all(const cli_args *a, const char *default_rejects, dtmap_samples *set,
                   dtmap_ingest_report *rep) {
    dtmap_error err;
    dtmap_status st;
    char stage[512];
    const char *rejects = a->rejects ? a->rejects : default_rejects;
    int quiet = a->quiet, rc;
    cli_inputs in;
    const char *skip[4] = {a->command == CMD_INGEST ? NULL : a->map.outdir, rejects,
                           a->command == CMD_INGEST ? (a->output ? a->output : "samples.csv")
                                                    : NULL,
                           a->map.areas}; /* an areas file kept beside the logs is no log */

    /* Refuse early, before any work, when the rejects file would collide. */
    if (rejects && !a->overwrite && access(rejects, F_OK) == 0) {
        dtmap_error_set(&err, DTMAP_ERR_EXISTS, "%s exists (use --overwrite to replace it)",
                        rejects);
        return cli_fail(DTMAP_ERR_EXISTS, &err);
    }
    if ((rc = cli_inputs_expand(a, skip, 4, &in)) != 0) return rc;
    int nread = 0;
    for (int i = 0; i < in.n; i++) {
        dtmap_ingest_opts opts;
        size_t nwarn = rep->nwarnings;
        if (cli_inputs_not_read(a, &in, i, rep, &st)) { /* named on stderr with its reason */
            if (st != DTMAP_OK) dtmap_error_set(&err, st, "out of memory");
        } else {
            cli_inputs_opts(a, in.v[i].path, &opts);
            opts.from_folder = in.v[i].from_folder;
            snprintf(stage, sizeof stage, "reading %s", in.v[i].path);
            cli_progress(&quiet, stage);
            st = dtmap_ingest_file(in.v[i].path, &opts, set, rep, &err);
            nread += st == DTMAP_OK;
        }
        if (st == DTMAP_ERR_FORMAT && in.v[i].from_folder) { /* a README beside the logs */
            const char *why = err.detail;
            size_t plen = strlen(in.v[i].path);
            if (!strncmp(why, in.v[i].path, plen) && !strncmp(why + plen, ": ", 2)) why += plen + 2;
            fprintf(stderr, "dtmap: %s: not read: %s\n", in.v[i].path, why);
            st = dtmap_ingest_report_skip_file(rep, in.v[i].path, why);
            if (st != DTMAP_OK) dtmap_error_set(&err, st, "out of memory");
        }
        for (size_t w = nwarn; w < rep->nwarnings; w++)
            fprintf(stderr, "dtmap: warning: %s\n", rep->warnings[w].text);
        if (st != DTMAP_OK) {
            cli_inputs_free(&in);
            return cli_fail(st, &err);
        }
    }
    if (nread == 0) {
        if (rep->nskipped_files)
            dtmap_error_set(&err, DTMAP_ERR_EMPTY, "no drive-test log among %d file(s): %s: %s",
                            in.n, rep->skipped_files[0].path, rep->skipped_files[0].why);
        else
            dtmap_error_set(&err, DTMAP_ERR_EMPTY, "no drive-test log among %d file(s)", in.n);
        cli_inputs_free(&in);
        return cli_fail(DTMAP_ERR_EMPTY, &err);
    }
    cli_inputs_free(&in);
    cli_progress(&quiet, "joining measurements to GNSS fixes");
    if ((st = dtmap_ingest_join(set, rep, a->max_gap_s, &err)) != DTMAP_OK)
        return cli_fail(st, &err);
    uint64_t accepted = dtmap_ingest_report_accepted(rep);
    uint64_t rejected = dtmap_ingest_report_rejected(rep);
    if (!a->quiet) dtmap_ingest_report_print(rep, set, stdout);
    /* Written even when empty (header only): a stale rejects.csv from an earlier run into the
     * same folder must never sit beside fresh outputs. run and grid write it later, with the
     * run (cli_write_rejects), so that a failed run leaves everything as it was. */
    if (rejects && !a->rejects_later) {
        if ((st = cli_write_rejects(a, rejects, rep, set, &err)) != DTMAP_OK)
            return cli_fail(st, &err);
    }
    if (a->rejects_later) rejects = NULL; /* not written (yet): no "see FILE" */
    if (a->strict && rejected) {
        dtmap_error_set(&err, DTMAP_ERR_STRICT, "%llu record(s) rejected and --strict is set%s%s",
                        (unsigned long long)rejected, rejects ? ": see " : "",
                        rejects ? rejects : "");
        return cli_fail(DTMAP_ERR_STRICT, &err);
    }
    if (accepted == 0) {
        /* One file read is named: "no usable record in FILE (3 rejected, ...)"; with no rejects
         * file to see (run and grid write none for a failed run), the reasons and the first
         * reject are in the message itself. */
        const char *one = rep->nfiles == 1 && rep->files[0].file < set->nfiles
                              ? set->files[rep->files[0].file]
                              : NULL;
        char many[48];
        snprintf(many, sizeof many, "%zu input file(s)", rep->nfiles);
        char why[sizeof err.detail / 2] = "";
        if (rejected && !rejects) reject_reasons(rep, set, why, sizeof why);
        dtmap_error_set(
            &err, DTMAP_ERR_EMPTY, "no usable record in %s (%llu rejected%s%s%s): nothing to map",
            one ? one : many, (unsigned long long)rejected, rejects && rejected ? ", see " : "",
            rejects && rejected ? rejects : "", why);
        return cli_fail(DTMAP_ERR_EMPTY, &err);
    }
    return 0;
}
