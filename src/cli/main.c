/* main.c: dtmap's entry point: dispatches to one subcommand; nothing else lives here. */
#include <stdio.h>
#include <string.h>

#include "cli/commands.h"

static void usage(FILE *fp) {
    fputs("Usage: dtmap COMMAND [options] LOG...\n"
          "Turn drive-test logs (G-NetTrack Pro, OpenCelliD-style and other CSV) into coverage\n"
          "maps.\n\n"
          "Commands:\n"
          "  run      logs -> coverage GeoTIFFs, gap GeoPackage, summaries (the usual job)\n"
          "  grid     logs -> coverage GeoTIFFs and summaries, no gap report\n"
          "  ingest   logs -> normalised sample CSV and rejected records\n\n"
          "'dtmap COMMAND --help' lists a command's options; 'dtmap --version' the version.\n"
          "Exit status: 0 ok, 1 data or runtime error, 2 usage error. See dtmap(1).\n",
          fp);
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
        printf("dtmap %s\n", DTMAP_VERSION);
        return 0;
    }
    if (!strcmp(cmd, "run")) return cmd_map(CMD_RUN, argc - 1, argv + 1);
    if (!strcmp(cmd, "grid")) return cmd_map(CMD_GRID, argc - 1, argv + 1);
    if (!strcmp(cmd, "ingest")) return cmd_ingest(argc - 1, argv + 1);
    fprintf(stderr, "dtmap: unknown command '%s'\nTry 'dtmap --help'.\n", cmd);
    return 2;
}
