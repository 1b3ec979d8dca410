/* cmd_map.c: `dtmap run` and `dtmap grid`: ingest every log, then the map job. */
#include "cli/commands.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dtmap/fileio.h"
#include "dtmap/run.h"

int cmd_map(int command, int argc, char **argv) {
    cli_args a;
    dtmap_samples set;
    dtmap_ingest_report rep;
    dtmap_map_result res;
    dtmap_error err;
    char rejects[4096];
    int rc;
    memset(&a, 0, sizeof a);
    memset(&res, 0, sizeof res);
    dtmap_samples_init(&set);
    dtmap_ingest_report_init(&rep);

    if ((rc = cli_parse(command, argc, argv, &a)) != 0) goto done;
    if (a.help) {
        cli_help(command);
        goto done;
    }
    if (command == CMD_GRID) a.map.gaps = 0;
    if (a.output) a.map.outdir = a.output;
    dtmap_status st = dtmap_mkdir_p(a.map.outdir, &err);
    if (st != DTMAP_OK) {
        rc = cli_fail(st, &err);
        goto done;
    }
    snprintf(rejects, sizeof rejects, "%s/rejects.csv", a.map.outdir);
    if ((rc = cli_ingest_all(&a, rejects, &set, &rep)) != 0) goto done;

    st = dtmap_map_run(&set, &rep, &a.map, cli_progress, &a.quiet, &res, &err);
    if (st != DTMAP_OK) {
        rc = cli_fail(st, &err);
        goto done;
    }
    dtmap_map_result_warnings(&res, "dtmap: warning: ", stderr); /* with -q too */
    if (!a.quiet) dtmap_map_result_print(&res, stdout);
done:
    cli_args_free(&a);
    dtmap_map_result_free(&res);
    dtmap_ingest_report_free(&rep);
    dtmap_samples_free(&set);
    return rc;
}
