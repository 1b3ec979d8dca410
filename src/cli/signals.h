/* signals.h: SIGINT and SIGTERM during `dtmap run` / `dtmap grid`. A thread waits for them (they
 * are blocked in every other thread); the run polls cli_signals_caught through its progress
 * callback, which ends in the ordinary cleanup. When the run does not get there within a second
 * (a stage that reports no progress: reading a large log, one big layer, waiting for the lock),
 * the thread discards the staging folder itself and exits with 128 + the signal's number. */
#ifndef DTMAP_CLI_SIGNALS_H
#define DTMAP_CLI_SIGNALS_H

#include "dtmap/publish.h"

/* Blocks SIGINT, SIGTERM (and SIGUSR1, used to end the thread) and starts the waiting thread;
 * outdir (borrowed, must outlive the run) is named in the last line. Without a thread (it
 * could not start) the signals keep their default action. */
void cli_signals_start(const char *outdir);
/* The run's publish step, which the thread discards when the run does not stop in time; NULL
 * for none. */
void cli_signals_watch(dtmap_publish *pub);
/* The signal caught, or 0. */
int cli_signals_caught(void);
/* Ends the run's publish step (dtmap_publish_end(pub), under the thread's lock so that it never
 * races the thread's discard), then the thread. Returns rc, or 128 + the signal after printing
 * "stopped by signal" when a signal stopped a run that did not succeed. */
int cli_signals_end(dtmap_publish *pub, int rc);
/* The progress callback of a run: non-zero (stop) once a signal was caught, else
 * cli_progress. */
int cli_signals_progress(void *quiet_flag, const char *stage);

#endif
