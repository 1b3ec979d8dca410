/* options.h: the CLI's option table (one row per option, shared by every command) that drives
 * both argument parsing and --help, and the parsed values. */
#ifndef DTMAP_CLI_OPTIONS_H
#define DTMAP_CLI_OPTIONS_H

#include "dtmap/ingest.h"
#include "dtmap/profile.h"
#include "dtmap/run.h"

/* Commands, as bits so a table row can say which commands take it. */
enum { CMD_RUN = 1, CMD_GRID = 2, CMD_INGEST = 4, CMD_PLAN = 8, CMD_ALL = 15 };

/* --tz [INPUT=]OFFSET: input NULL for the rule that applies to every input. */
typedef struct cli_tz_rule {
    const char *input;
    double offset_s;
} cli_tz_rule;

#define CLI_MAX_RULES 64

/* Everything the commands need from the command line. */
typedef struct cli_args {
    int command;         /* CMD_* */
    const char *output;  /* --output (NULL: command default) */
    const char *rejects; /* --rejects */
    int strict, overwrite, quiet, help;
    int wait;          /* --wait: wait for the output folder's lock */
    int rejects_later; /* set by run/grid: cli_ingest_all leaves writing the rejects to them */
    dtmap_ingest_opts ingest; /* options for every input (per-input rules below) */
    cli_tz_rule tz[CLI_MAX_RULES];
    int ntz;
    const char *redcap[CLI_MAX_RULES]; /* --redcap INPUT */
    int nredcap;
    double max_gap_s;         /* --max-gap (time join) */
    const char *profile_name; /* --profile NAME|FILE (NULL: built-in default) */
    dtmap_profile profile;    /* the loaded profile (ingest.profile and map.profile point here) */
    const char *thresholds[CLI_MAX_RULES]; /* --threshold texts, applied over the profile's */
    int nthresholds;
    char *owned[CLI_MAX_RULES]; /* strings parsing allocated (cli_args_free) */
    int nowned;
    dtmap_map_opts map;
    char **inputs; /* LOG... (points into argv) */
    int ninputs;
} cli_args;

/* Parses argv (argv[0] is the command name) for command into *a, which must be zeroed, and
 * loads the profile (its thresholds, then --threshold over them). *a must not be copied
 * afterwards (a->ingest.profile and a->map.profile point into it). Returns 0 on success, 1 when
 * the profile cannot be loaded, 2 on a usage error (messages already printed to stderr). */
int cli_parse(int command, int argc, char **argv, cli_args *a);

/* Frees what cli_parse allocated in *a. */
void cli_args_free(cli_args *a);

/* One row of the option table: what parsing, --help and (by a test) the man page share. */
typedef struct cli_option {
    int id;
    const char *name;
    char shortname;
    const char *arg; /* NULL for flags */
    int commands;
    const char *help;
} cli_option;

/* The option table (static storage) and its number of rows in *n. */
const cli_option *cli_options(size_t *n);

/* Prints the usage and option table of one command to stdout (help.c). */
void cli_help(int command);

/* The command's name ("run", "grid", "ingest", "plan"). */
const char *cli_command_name(int command);

#endif
