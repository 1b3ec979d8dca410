/* cmd_map.c: `dtmap run` and `dtmap grid`: lock the output folder, ingest every log, run the map
 * job into a staging folder and publish it whole (dtmap/publish.h), or leave the folder as it
 * was. SIGINT and SIGTERM stop the run with the folder as it was (signals.h). */
#include "cli/commands.h"

#include "cli/signals.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dtmap/fileio.h"
#include "dtmap/publish.h"
#include "dtmap/run.h"

/* The staging path of the rejects file rejects when it lies inside outdir, else NULL (NULL
 * too when out of memory: it is then written last, as one outside). */
static char *rejects_in_stage(const char *rejects, const char *outdir, const char *stage) {
    size_t n = strlen(outdir);
    while (n > 1 && outdir[n - 1] == '/')
        n--;
    if (strncmp(rejects, outdir, n) != 0 || rejects[n] != '/') return NULL;
    const char *rel = rejects + n;
    while (*rel == '/')
        rel++;
    return *rel ? dtmap_path_join_alloc(stage, rel) : NULL;
}

/* Prints the failure st of the run as cli_fail does, with the staging folder's name replaced by
 * the output folder's (the user never sees the staging folder), and a full disk said as such
 * whichever writer met it. Returns the exit status. */
static int run_fail(dtmap_status st, dtmap_error *err, const char *stage, const char *outdir) {
    dtmap_error out = *err;
    size_t n = strlen(stage), m = strlen(outdir);
    if (!strstr(err->detail, strerror(ENOSPC))) { /* the file the detail opens with, else OUT */
        const char *colon = strstr(err->detail, ": ");
        int named = !strncmp(err->detail, stage, n) && colon;
        char name[sizeof out.detail];
        snprintf(name, sizeof name, "%.*s", named ? (int)(colon - err->detail) : (int)strlen(stage),
                 named ? err->detail : stage);
        dtmap_status full = dtmap_error_nospace(&out, st, stage, name);
        if (full != st) st = full;
    }
    while (m > 1 && outdir[m - 1] == '/')
        m--;
    char text[sizeof out.detail];
    size_t k = 0;
    for (const char *p = out.detail; *p && k + 1 < sizeof text;) {
        if (n && !strncmp(p, stage, n) && k + m + 1 < sizeof text) {
            memcpy(text + k, outdir, m);
            k += m, p += n;
        } else {
            text[k++] = *p++;
        }
    }
    text[k] = '\0';
    memcpy(out.detail, text, k + 1);
    return cli_fail(st, &out);
}

/* Ingest, the map job into the staging folder of pub, then the rejects and the publish step. */
static int map_and_publish(int command, cli_args *a, dtmap_publish *pub, dtmap_samples *set,
                           dtmap_ingest_report *rep, dtmap_map_result *res) {
    dtmap_error err;
    dtmap_status st;
    const char *stage = dtmap_publish_stage_dir(pub);
    char *shown = dtmap_path_join_alloc(a->map.outdir, "rejects.csv");
    char *staged = a->rejects ? rejects_in_stage(a->rejects, a->map.outdir, stage)
                              : dtmap_path_join_alloc(stage, "rejects.csv");
    int rc = 1;
    if (!shown || (!a->rejects && !staged)) {
        fprintf(stderr, "dtmap: out of memory\n");
        goto done;
    }
    a->rejects_later = 1;
    if (a->rejects && !staged) { /* written last: refuse now, before any work, if it cannot be */
        dtmap_outfile probe;
        if ((st = dtmap_outfile_begin(a->rejects, a->overwrite, &probe, &err)) != DTMAP_OK) {
            rc = cli_fail(st, &err);
            goto done;
        }
        dtmap_outfile_abort(&probe);
    }
    if ((rc = cli_ingest_all(a, shown, set, rep)) != 0) goto done;
    if (staged && (st = cli_write_rejects(a, staged, rep, set, &err)) != DTMAP_OK) {
        rc = run_fail(st, &err, stage, a->map.outdir);
        goto done;
    }
    if (command == CMD_GRID) a->map.gaps = 0;
    a->map.stage_dir = stage;
    if ((st = dtmap_map_run(set, rep, &a->map, cli_signals_progress, &a->quiet, res, &err)) !=
        DTMAP_OK) {
        rc = cli_signals_caught() ? 1 : run_fail(st, &err, stage, a->map.outdir);
        goto done;
    }
    dtmap_map_result_warnings(res, "dtmap: warning: ", stderr); /* with -q too */
    rc = 1;
    if (cli_signals_caught()) goto done;
    /* --rejects outside the folder: written only now that the run has succeeded */
    if (a->rejects && !staged &&
        (st = cli_write_rejects(a, a->rejects, rep, set, &err)) != DTMAP_OK) {
        rc = cli_fail(st, &err);
        goto done;
    }
    if ((st = dtmap_publish_commit(pub, a->overwrite, &err)) != DTMAP_OK) {
        rc = run_fail(st, &err, stage, a->map.outdir);
        goto done;
    }
    if (!a->quiet) { /* only now that the run and its rejects are published */
        printf("rejected records: %s\n", a->rejects ? a->rejects : shown);
        dtmap_map_result_print(res, stdout);
    }
    rc = 0;
done:
    free(shown), free(staged);
    return rc;
}

int cli_map_publish(int command, cli_args *a) {
    dtmap_samples set;
    dtmap_ingest_report rep;
    dtmap_map_result res;
    dtmap_error err;
    dtmap_publish *pub = NULL;
    int rc;
    memset(&res, 0, sizeof res);
    dtmap_samples_init(&set);
    dtmap_ingest_report_init(&rep);
    if (a->output) a->map.outdir = a->output;
    cli_signals_start(a->map.outdir);
    dtmap_status st = dtmap_publish_begin(a->map.outdir, a->wait, &pub, &err);
    if (st != DTMAP_OK) {
        rc = cli_signals_caught() ? 1 : cli_fail(st, &err);
        goto done;
    }
    cli_signals_watch(pub);
    rc = map_and_publish(command, a, pub, &set, &rep, &res);
done:
    rc = cli_signals_end(pub, rc);
    dtmap_map_result_free(&res);
    dtmap_ingest_report_free(&rep);
    dtmap_samples_free(&set);
    return rc;
}

int cmd_map(int command, int argc, char **argv) {
    cli_args a;
    int rc;
    memset(&a, 0, sizeof a);
    if ((rc = cli_parse(command, argc, argv, &a)) == 0) {
        if (a.help)
            cli_help(command);
        else
            rc = cli_map_publish(command, &a);
    }
    cli_args_free(&a);
    return rc;
}
