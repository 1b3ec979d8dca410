/* main.c: dtmap's entry point: dispatches to one subcommand; nothing else lives here. */
#include <stdio.h>
#include <string.h>

#include "cli/commands.h"
#include "dtmap/plot.h"
#include "dtmap/version.h"

static void usage(FILE *fp) {
    fputs("Usage: dtmap COMMAND [options] LOG...\n"
          "Turn drive-test logs (G-NetTrack Pro, OpenCelliD-style and other CSV) into coverage\n"
          "maps.\n\n"
          "Commands:\n"
          "  run      logs -> coverage GeoTIFFs, gap GeoPackage, summaries (the usual job)\n"
          "  grid     logs -> coverage GeoTIFFs and summaries, no gap report\n"
          "  ingest   logs -> normalised sample CSV and rejected records\n"
          "  plan     split a run into N tasks (prints N), for GNU parallel or Slurm\n"
          "  task     compute one task of a plan: dtmap task --plan OUT K\n"
          "  merge    publish a planned run once its tasks are done: dtmap merge OUT\n\n"
          "'dtmap COMMAND --help' lists a command's options; 'dtmap --version' the versions of\n"
          "dtmap and the libraries it runs with.\n"
          "Exit status: 0 ok, 1 data or runtime error, 2 usage error. See dtmap(1).\n",
          fp);
}

/* --version: dtmap's version, then the libraries it runs with, one "name version" per line. */
static void print_version(void) {
    char plplot[DTMAP_PLOT_VERSION_MAX];
    printf("dtmap %s\n", dtmap_version());
    printf("GDAL %s\n", dtmap_version_gdal());
    printf("PROJ %s\n", dtmap_version_proj());
    printf("libcsv %s\n", dtmap_version_csv());
    printf("PLplot %s\n", dtmap_plot_version(plplot, sizeof plplot));
}

int main(int argc, char **argv) {
    if (argc < 2) {
        fputs("dtmap: no command given\nTry 'dtmap --help'.\n", stderr);
        return 2;
    }
    const char *cmd = argv[1];
    if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h") || !strcmp(cmd, "help")) {
        usage(stdout);
        return 0;
    }
    if (!strcmp(cmd, "--version") || !strcmp(cmd, "-V")) {
        print_version();
        return 0;
    }
    if (!strcmp(cmd, "run")) return cmd_map(CMD_RUN, argc - 1, argv + 1);
    if (!strcmp(cmd, "grid")) return cmd_map(CMD_GRID, argc - 1, argv + 1);
    if (!strcmp(cmd, "ingest")) return cmd_ingest(argc - 1, argv + 1);
    if (!strcmp(cmd, "plan")) return cmd_plan(argc - 1, argv + 1);
    if (!strcmp(cmd, "task")) return cmd_task(argc - 1, argv + 1);
    if (!strcmp(cmd, "merge")) return cmd_merge(argc - 1, argv + 1);
    fprintf(stderr, "dtmap: unknown command '%s'\nTry 'dtmap --help'.\n", cmd);
    return 2;
}
