/* commands.h: the subcommands' entry points and the helpers they share. */
#ifndef DTMAP_CLI_COMMANDS_H
#define DTMAP_CLI_COMMANDS_H

#include "cli/options.h"
#include "dtmap/ingest.h"
#include "dtmap/sample.h"

/* Each returns the process exit status: 0 ok, 1 data or runtime error, 2 usage. */
int cmd_map(int command, int argc, char **argv); /* run and grid */
int cmd_ingest(int argc, char **argv);
int cmd_plan(int argc, char **argv); /* split runs: cmd_split.c */
int cmd_task(int argc, char **argv);
int cmd_merge(int argc, char **argv);

/* run and grid after parsing (cmd_map.c; merge too): lock the output folder, ingest, map into the
 * staging folder and publish. Returns the exit status. */
int cli_map_publish(int command, cli_args *a);

/* Prints "dtmap: <detail>" (or the status message) to stderr; returns the exit status for st. */
int cli_fail(dtmap_status st, const dtmap_error *err);

/* Progress line on stderr, only when stderr is a terminal and not quiet. */
int cli_progress(void *quiet_flag, const char *stage);

/* Writes the rejects of rep to path (--overwrite applies) and, unless quiet or a->rejects_later,
 * prints "rejected records: PATH". Returns the status (err filled; nothing printed on error). */
dtmap_status cli_write_rejects(const cli_args *a, const char *path, const dtmap_ingest_report *rep,
                               const dtmap_samples *set, dtmap_error *err);

/* Reads every input of a into set/rep, then applies the policies common to every command:
 * --rejects (or default_rejects when not NULL), --strict, "no accepted record" as an error,
 * and (unless quiet) the ingest summary on stdout. With a->rejects_later the rejects file is
 * only checked (--overwrite) and named here; the caller writes it. Returns an exit status. */
int cli_ingest_all(const cli_args *a, const char *default_rejects, dtmap_samples *set,
                   dtmap_ingest_report *rep);

#endif
