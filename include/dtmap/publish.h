/* publish.h: a run's output folder as one unit: locked while a run works on it, built in a
 * staging folder beside it and swapped in whole at the end, with a manifest of what the run
 * wrote. A reader of the folder sees the whole earlier run or the whole new one, never a mix. */
#ifndef DTMAP_PUBLISH_H
#define DTMAP_PUBLISH_H

#include "dtmap/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* One run's hold on an output folder OUT = PARENT/NAME (opaque). */
typedef struct dtmap_publish dtmap_publish;

/* Starts publishing into folder outdir (a symbolic link is resolved; PARENT is created when
 * missing; outdir itself is not touched until dtmap_publish_commit):
 * - locks PARENT/.NAME.lock (flock, the holder's PID written in it). When another live process
 *   holds it: with wait 0, DTMAP_ERR_IO "OUT is in use by process N"; with wait 1 it waits.
 *   A lock left by a killed process is free again (the kernel drops it with the process) and
 *   is simply taken;
 * - cleans the leftovers of killed runs of OUT (staging folders, temporaries; see
 *   dtmapi_leftovers_clean in src/job/publish_tree.h): nothing else is ever deleted;
 * - creates the empty staging folder PARENT/.NAME.staging-PID, where the run writes everything.
 * On success *pub is the caller's, released with dtmap_publish_end. Errors: DTMAP_ERR_IO (OUT
 * is not a folder, in use, cannot be locked or staged), DTMAP_ERR_NOMEM. */
dtmap_status dtmap_publish_begin(const char *outdir, int wait, dtmap_publish **pub,
                                 dtmap_error *err);

/* The staging folder (lives as long as pub). */
const char *dtmap_publish_stage_dir(const dtmap_publish *pub);

/* Publishes what the run wrote into the staging folder:
 * 1. manifest.json is written there: the dtmap version and every file of the staging folder
 *    (relative path, bytes), plus, without overwrite, the files of OUT's earlier manifest that
 *    are kept; it has no time in it, so equal runs give equal manifests;
 * 2. every entry of OUT that the run does not replace is moved into the staging folder (a
 *    folder whole when the run writes nothing in it), except, with overwrite, the files that
 *    OUT's manifest names: those are the earlier run's, and go. A file that no dtmap run wrote
 *    is never deleted. A folder without a manifest only loses the files this run writes;
 * 3. the staging folder and OUT are exchanged atomically (renameat2 RENAME_EXCHANGE; where
 *    the file system refuses it, two renames) and the earlier tree is removed.
 * Errors before step 3 leave OUT as it was (moved files go back). Errors: DTMAP_ERR_EXISTS (an
 * OUT/manifest.json that dtmap did not write), DTMAP_ERR_IO, DTMAP_ERR_NOMEM. */
dtmap_status dtmap_publish_commit(dtmap_publish *pub, int overwrite, dtmap_error *err);

/* Removes the staging folder unless committed (files carried into it go back to OUT first).
 * May be called from another thread while the run still writes (a signal handler's thread):
 * it waits for a commit in progress. Accepts NULL. */
void dtmap_publish_discard(dtmap_publish *pub);

/* Discards (when not committed), unlocks (the lock file stays, emptied) and frees pub. Accepts
 * NULL. */
void dtmap_publish_end(dtmap_publish *pub);

#ifdef __cplusplus
}
#endif
#endif
