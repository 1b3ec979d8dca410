/* help.c: --help, generated from the option table, with every default taken from the library. */
#include "cli/options.h"

#include <stdio.h>
#include <string.h>

#include "dtmap/ingest.h"
#include "dtmap/run.h"

/* Writes help text to stdout with each "{name}" replaced by that option's default, taken from
 * the library (dtmap_map_opts_default, DTMAP_JOIN_MAX_GAP_S), so --help never states a
 * default of its own. An unknown name is printed as written. */
static void put_help(const char *text) {
    dtmap_map_opts d;
    dtmap_map_opts_default(&d);
    const struct {
        const char *name;
        double value;
    } nums[] = {{"res", d.res_m},
                {"power", d.idw.power},
                {"max_points", d.idw.max_points},
                {"min_points", d.idw.min_points},
                {"areas_margin", d.areas_margin_m},
                {"min_gap_area", d.min_gap_area_m2},
                {"max_gap", DTMAP_JOIN_MAX_GAP_S}};
    for (const char *p = text; *p;) {
        const char *end = *p == '{' ? strchr(p, '}') : NULL;
        size_t len = end ? (size_t)(end - p - 1) : 0;
        int done = 0;
        if (end && len == 6 && strncmp(p + 1, "outdir", len) == 0) {
            fputs(d.outdir, stdout);
            done = 1;
        }
        for (size_t i = 0; end && !done && i < sizeof nums / sizeof nums[0]; i++)
            if (strlen(nums[i].name) == len && strncmp(p + 1, nums[i].name, len) == 0) {
                printf("%g", nums[i].value);
                done = 1;
            }
        if (done) {
            p = end + 1;
        } else {
            putchar(*p);
            p++;
        }
    }
}

void cli_help(int command) {
    static const char *const what[] = {
        [CMD_RUN] = "Read drive-test logs and write coverage GeoTIFFs, gap polygons and "
                    "summaries; with --areas, the area report (key figures, ranked gaps, "
                    "charts).",
        [CMD_GRID] = "Like run, without the gap report: coverage GeoTIFFs and summaries.",
        [CMD_INGEST] = "Read drive-test logs and write the accepted samples as a normalised "
                       "CSV.",
        [CMD_PLAN] = "Split a run into tasks: read and check the logs, write the plan beside "
                     "the output folder (.OUT.plan) and print the number of tasks N on the first "
                     "line. Then compute each task K = 0..N-1 with 'dtmap task' (GNU parallel, "
                     "Slurm job arrays) and publish them with 'dtmap merge OUT'."};
    printf("Usage: dtmap %s [options] LOG...\n%s\n\nOptions:\n", cli_command_name(command),
           what[command]);
    size_t n;
    const cli_option *options = cli_options(&n);
    for (size_t i = 0; i < n; i++) {
        const cli_option *o = &options[i];
        char left[64];
        if (!(o->commands & command)) continue;
        if (o->shortname)
            snprintf(left, sizeof left, "-%c, --%s%s%s", o->shortname, o->name, o->arg ? " " : "",
                     o->arg ? o->arg : "");
        else
            snprintf(left, sizeof left, "    --%s%s%s", o->name, o->arg ? " " : "",
                     o->arg ? o->arg : "");
        printf("  %-32s ", left);
        put_help(o->help);
        putchar('\n');
    }
    printf("\nExit status: 0 ok, 1 data or runtime error, 2 usage error. See dtmap(1).\n");
}
