/* split.h (private): a run split into tasks for GNU parallel or Slurm. The plan (beside the
 * output folder, e.g. PARENT/.OUT.plan/) holds plan.json (the fingerprint of the run's inputs,
 * options and tiles; the tasks and their tile ranges) and, per finished task K, task-K.tiles:
 * the cells of the task's tiles, written atomically. Tasks are contiguous ranges of the tiles
 * in row-major order, balanced by the samples near each tile; the merge reads them in order
 * and feeds the same tile sink a single run feeds, so both give byte-identical outputs. */
#ifndef DTMAP_JOB_SPLIT_H
#define DTMAP_JOB_SPLIT_H

#include <stddef.h>
#include <stdint.h>

#include "job/produce.h"
#include "job/tiles.h"

/* The fingerprint of a run: its tiling and tiles, its layers, and every sample near a tile
 * (position and values), so that a task or merge that would see other inputs or options than
 * the plan is refused. */
uint64_t dtmapi_split_fingerprint(const dtmapi_produce_src *src);

/* Splits the tiles of src into at most wanted tasks (0: one per 16 tiles, at most 1000) of
 * contiguous tiles, balanced by their samples: task k is tiles bounds[k]..bounds[k+1]-1
 * (*bounds: ntasks + 1 entries, allocated; the caller frees). Errors: DTMAP_ERR_NOMEM. */
dtmap_status dtmapi_split_tasks(const dtmapi_tiles *tiles, size_t wanted, size_t **bounds,
                                size_t *ntasks, dtmap_error *err);

/* Writes dir/plan.json (creating dir) for the tasks. Errors: DTMAP_ERR_IO, DTMAP_ERR_NOMEM. */
dtmap_status dtmapi_split_write_plan(const char *dir, uint64_t fingerprint,
                                     const dtmapi_tiles *tiles, const size_t *bounds, size_t ntasks,
                                     dtmap_error *err);

/* Refuses (DTMAP_ERR_USAGE naming dir) when dir/plan.json is missing or was made for another
 * fingerprint or number of tasks: "the inputs or options differ from the plan's". */
dtmap_status dtmapi_split_check_plan(const char *dir, uint64_t fingerprint, size_t ntasks,
                                     dtmap_error *err);

/* Computes task k (tiles bounds[k]..bounds[k+1]-1) into dir/task-K.tiles, unless a complete
 * file of this plan is already there (then *done_before is 1 and nothing is written). */
dtmap_status dtmapi_split_run_task(const char *dir, const dtmapi_produce_src *src,
                                   uint64_t fingerprint, const size_t *bounds, size_t k,
                                   int *done_before, dtmap_error *err);

/* DTMAP_ERR_EMPTY listing the tasks without a complete file ("missing tasks: 1, 3-5 (of 8)"),
 * or DTMAP_OK when all are there. */
dtmap_status dtmapi_split_check_tasks(const char *dir, uint64_t fingerprint, const size_t *bounds,
                                      size_t ntasks, const dtmapi_produce_src *src,
                                      dtmap_error *err);

/* Reads every task's tiles in order and hands each to consume. Errors: DTMAP_ERR_IO (a file
 * unreadable or damaged, named), those of consume. */
dtmap_status dtmapi_split_read(const char *dir, const dtmapi_produce_src *src, uint64_t fingerprint,
                               const size_t *bounds, size_t ntasks, dtmapi_tile_fn consume,
                               void *user, dtmap_error *err);

#endif
