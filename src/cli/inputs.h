/* inputs.h: the LOG arguments as files: folders walked, duplicates found, and the options that
 * apply to one input only (--tz INPUT=OFFSET, --redcap INPUT) resolved per file. */
#ifndef DTMAP_CLI_INPUTS_H
#define DTMAP_CLI_INPUTS_H

#include <sys/types.h>

#include "cli/options.h"

/* One input, in the order of mention (a folder's files in byte order of names). */
typedef struct cli_input {
    char *path;      /* owned */
    int from_folder; /* found by walking a folder (a file that is not a log is then skipped) */
    char *why;       /* owned; not NULL: found in a folder but not read, for this reason */
    int same_as;     /* >= 0: not read, v[same_as] (mentioned before) was: the same file */
    int same_file;   /* with same_as: 1 the same file under another path, 0 a copy (same bytes) */
    dev_t dev;       /* identity and size (stat) of a file to read */
    ino_t ino;
    off_t size;
} cli_input;

typedef struct cli_inputs {
    cli_input *v;
    int n, cap;
} cli_inputs;

/* Expands a->inputs: a file stays as given; a folder is walked recursively in byte order of
 * names, leaving out hidden entries and the paths in skip[0..nskip) (this run's output folder,
 * rejects file, areas file: compared by identity, so a run whose outputs sit inside its input
 * folder never reads them). A folder member that cannot be read (a broken link, a pipe, a
 * folder nested too deep or linking back up) is listed with its reason (why). A file mentioned
 * twice, or with the same bytes as one before it, is marked (same_as): the first mention is the
 * one read. O(n log n) in the number of files. Every --tz and --redcap rule naming an input
 * must match one: else a usage error. Returns 0, 1 (error printed: unreadable path, empty
 * folder) or 2 (usage error printed). Release with cli_inputs_free. */
int cli_inputs_expand(const cli_args *a, const char *const *skip, int nskip, cli_inputs *out);
void cli_inputs_free(cli_inputs *in);

/* Marks in->v[i].same_as for every file that is the same file as one mentioned before it (same
 * device and inode) or holds the same bytes (same size, then the same 64-bit content hash,
 * then equal bytes); empty files are never duplicates. Sorting makes it O(n log n) plus reading
 * the files whose size another file shares (duplicates.c). */
void cli_inputs_mark_duplicates(cli_inputs *in);

/* Accounts for input i when it is not read (why or same_as set): into rep (as a skipped file or
 * a duplicate) and as a line on stderr naming it and the reason. A duplicate whose per-file
 * options of a (--tz, --redcap) differ from those of the file read in its place is a warning
 * naming both files and the options that differ. Returns 1 when it was not read (check st), 0
 * when it is to be read. */
int cli_inputs_not_read(const cli_args *a, const cli_inputs *in, int i, dtmap_ingest_report *rep,
                        dtmap_status *st);

/* The reader options for one file: a->ingest plus the --tz rule that applies to it (the last
 * rule naming it or a folder holding it, else the rule without a name) and --redcap. */
void cli_inputs_opts(const cli_args *a, const char *path, dtmap_ingest_opts *opts);

#endif
