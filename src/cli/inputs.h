/* inputs.h: the LOG arguments as files: folders walked, duplicates dropped, and the options
 * that apply to one input only (--tz INPUT=OFFSET, --redcap INPUT) resolved per file. */
#ifndef DTMAP_CLI_INPUTS_H
#define DTMAP_CLI_INPUTS_H

#include "cli/options.h"

/* One file to read. */
typedef struct cli_input {
    char *path;      /* owned */
    int from_folder; /* found by walking a folder (a file that is not a log is then skipped) */
} cli_input;

typedef struct cli_inputs {
    cli_input *v;
    int n;
} cli_inputs;

/* Expands a->inputs: a file stays as given; a folder is walked recursively in byte order of
 * names, skipping hidden entries and the paths in skip[0..nskip) (the output folder, the
 * rejects file: compared by real path, so a run whose outputs sit inside its input folder
 * never reads them back). A file named twice is read once (note on stderr). Every --tz and
 * --redcap rule naming an input must match one: else a usage error. Returns 0, 1 (error
 * printed: unreadable path, empty folder) or 2 (usage error printed). Release with
 * cli_inputs_free. */
int cli_inputs_expand(const cli_args *a, const char *const *skip, int nskip, cli_inputs *out);
void cli_inputs_free(cli_inputs *in);

/* The reader options for one file: a->ingest plus the --tz rule that applies to it (the last
 * rule naming it or a folder holding it, else the rule without a name) and --redcap. */
void cli_inputs_opts(const cli_args *a, const char *path, dtmap_ingest_opts *opts);

#endif
