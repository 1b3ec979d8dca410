/* publish_tree.h (private): the folder work behind dtmap/publish.h: sorted name sets, walking and
 * removing trees, the manifest, carrying files over into the staging folder and back, and the
 * leftovers of killed runs. Paths inside a tree are relative, '/'-separated, without "./". */
#ifndef DTMAP_JOB_PUBLISH_TREE_H
#define DTMAP_JOB_PUBLISH_TREE_H

#include <stddef.h>

#include "dtmap/status.h"

/* The manifest's file name inside the output folder. */
#define DTMAPI_MANIFEST "manifest.json"
/* The list of paths carried into a staging folder, written there before any is moved. */
#define DTMAPI_CARRIED ".dtmap-carried"

/* A set of relative paths (owned strings). Zero it to start; dtmapi_names_free releases it.
 * dtmapi_names_sort must run after the last add and before has / has_under. */
typedef struct dtmapi_names {
    char **v;
    size_t n, cap;
} dtmapi_names;

/* Adds a copy of name. DTMAP_ERR_NOMEM on failure. */
dtmap_status dtmapi_names_add(dtmapi_names *s, const char *name, dtmap_error *err);
/* Sorts in byte order and drops duplicates. */
void dtmapi_names_sort(dtmapi_names *s);
/* 1 when name is in s. */
int dtmapi_names_has(const dtmapi_names *s, const char *name);
/* 1 when some path of s lies under folder dir ("dir/..."). */
int dtmapi_names_has_under(const dtmapi_names *s, const char *dir);
void dtmapi_names_free(dtmapi_names *s);

/* Adds every entry of root that is not a folder (files, symbolic links, ...; links are not
 * followed), recursively, as paths relative to root. DTMAP_ERR_IO names an unreadable folder. */
dtmap_status dtmapi_tree_list(const char *root, dtmapi_names *out, dtmap_error *err);
/* Removes path and everything under it (links are removed, not followed); 0 or -1 (errno). */
int dtmapi_tree_remove(const char *path);

/* Reads the manifest of folder dir into *files (its paths). Returns 1 when dir has a dtmap
 * manifest, 0 when it has none, and DTMAP_ERR_EXISTS (as a negative: -1) with err set when dir
 * holds a manifest.json that dtmap did not write. */
int dtmapi_manifest_read(const char *dir, dtmapi_names *files, dtmap_error *err);
/* Writes stage/manifest.json (atomically): the dtmap version and every path of files (sorted)
 * with its size, read in stage, else in out (a file of an earlier run that is kept). */
dtmap_status dtmapi_manifest_write(const char *stage, const char *out, const dtmapi_names *files,
                                   dtmap_error *err);

/* Plans the carry-over from folder out into the staging folder: every entry of out that is not
 * in claimed, a folder as a whole when claimed has nothing under it. Fills *moves (relative
 * paths, in walk order). DTMAP_ERR_IO when a folder of out cannot be read or when out has a
 * file where the run writes a folder (or the reverse): named in err. */
dtmap_status dtmapi_carry_plan(const char *out, const dtmapi_names *claimed, dtmapi_names *moves,
                               dtmap_error *err);
/* Writes moves to stage/.dtmap-carried (fsync'd), then renames each out/PATH to stage/PATH,
 * creating the folders between. On failure the moves done are undone (dtmapi_carry_back). */
dtmap_status dtmapi_carry_run(const char *out, const char *stage, const dtmapi_names *moves,
                              dtmap_error *err);
/* Moves the paths listed in tree/.dtmap-carried back to out where out has nothing of that name
 * (a run killed between carrying and swapping); a tree without that file is left alone.
 * Best effort: returns the number of paths that could not be moved back. */
size_t dtmapi_carry_back(const char *tree, const char *out);

/* The leftovers of killed runs of output folder parent/name (the caller holds its lock): the
 * folder parent/.name.old-PID is renamed back to parent/name when that is missing (a run killed
 * between the two renames of a swap); then every parent/.name.staging-PID and .name.old-PID
 * whose PID is not a live process gets its carried files back (dtmapi_carry_back) and is
 * removed; in parent/name (recursively, links not followed) every ".STEM.tmp-PID" or
 * ".STEM.tmp-PID.EXT" file whose PID is not a live process, and a .dtmap-carried file, are
 * removed. Nothing else is touched. */
void dtmapi_leftovers_clean(const char *parent, const char *name);

#endif
