/* cmd_ingest.c: `dtmap ingest`: logs in, normalised sample CSV out, every reject accounted. */
#include "cli/commands.h"

#include <stdio.h>
#include <string.h>

int cmd_ingest(int argc, char **argv) {
    cli_args a;
    dtmap_samples set;
    dtmap_ingest_report rep;
    dtmap_error err;
    int rc;
    memset(&a, 0, sizeof a);
    dtmap_samples_init(&set);
    dtmap_ingest_report_init(&rep);

    if ((rc = cli_parse(CMD_INGEST, argc, argv, &a)) != 0) goto done;
    if (a.help) {
        cli_help(CMD_INGEST);
        goto done;
    }
    const char *out = a.output ? a.output : "samples.csv";
    if ((rc = cli_ingest_all(&a, NULL, &set, &rep)) != 0) goto done;
    dtmap_status st = dtmap_samples_write_csv(&set, out, a.overwrite, &err);
    if (st != DTMAP_OK) {
        rc = cli_fail(st, &err);
        goto done;
    }
    if (!a.quiet) printf("samples: %s\n", out);
done:
    cli_args_free(&a);
    dtmap_ingest_report_free(&rep);
    dtmap_samples_free(&set);
    return rc;
}
