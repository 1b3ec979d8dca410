/* options.h: the CLI's option table (one row per option, shared by every command) that drives
 * both argument parsing and --help, and the parsed values. */
#ifndef DTMAP_CLI_OPTIONS_H
#define DTMAP_CLI_OPTIONS_H

#include "dtmap/ingest.h"
#include "dtmap/run.h"

/* Commands, as bits so a table row can say which commands take it. */
enum { CMD_RUN = 1, CMD_GRID = 2, CMD_INGEST = 4, CMD_ALL = 7 };

/* Everything the commands need from the command line. */
typedef struct cli_args {
    int command;                /* CMD_* */
    const char *output;         /* --output (NULL: command default) */
    const char *rejects;        /* --rejects */
    int strict, overwrite, quiet, help;
    dtmap_ingest_opts ingest;
    dtmap_map_opts map;
    char **inputs;              /* LOG... (points into argv) */
    int ninputs;
} cli_args;

/* Parses argv (argv[0] is the command name) for command into *a, which must be zeroed.
 * Returns 0 on success, 2 on a usage error (a one-line hint already printed to stderr). */
int cli_parse(int command, int argc, char **argv, cli_args *a);

/* Prints the usage and option table of one command to stdout. */
void cli_help(int command);

/* The command's name ("run", "grid", "ingest"). */
const char *cli_command_name(int command);

#endif
