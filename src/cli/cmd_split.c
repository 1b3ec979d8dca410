/* cmd_split.c: `dtmap plan`, `dtmap task` and `dtmap merge`: one run split into tasks that GNU
 * parallel or a Slurm job array can run anywhere the folder is shared. plan checks the logs and
 * options, writes the plan beside the output folder (PARENT/.OUT.plan: the library's plan.json,
 * and `args`, the folder plan ran in and its arguments) and prints the number of tasks N on its
 * first line; task K computes task K of it; merge publishes the outputs as `dtmap run` would,
 * byte for byte, and removes the plan. */
#include "cli/commands.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dtmap/fileio.h"
#include "dtmap/run.h"

#define MAX_ARGS 4096

/* Writes dir/args: the working folder, then each argument, each ended by a NUL byte. */
static dtmap_status write_args(const char *dir, int argc, char **argv, dtmap_error *err) {
    char cwd[4096];
    if (!getcwd(cwd, sizeof cwd))
        return dtmap_error_set(err, DTMAP_ERR_IO, "working folder: %s", strerror(errno));
    char *path = dtmap_path_join_alloc(dir, "args");
    if (!path) return dtmap_error_set(err, DTMAP_ERR_NOMEM, "plan arguments");
    dtmap_outfile of;
    FILE *fp;
    dtmap_status st = dtmap_outfile_fopen(path, 1, &of, &fp, err);
    if (st == DTMAP_OK) {
        fwrite(cwd, 1, strlen(cwd) + 1, fp);
        for (int i = 0; i < argc; i++)
            fwrite(argv[i], 1, strlen(argv[i]) + 1, fp);
        st = dtmap_outfile_close_commit(&of, fp, err);
    }
    free(path);
    return st;
}

/* The arguments plan saved in dir: *text holds them (the caller frees it); argv[0] is "plan",
 * argv[1..] the arguments; *cwd the folder plan ran in. Returns the count, or -1 with a message
 * on stderr. */
static int read_args(const char *dir, char **text, char **cwd, char **argv) {
    char *path = dtmap_path_join_alloc(dir, "args");
    FILE *fp = path ? fopen(path, "rb") : NULL;
    size_t len = 0, cap = 0;
    *text = NULL;
    if (!fp) {
        fprintf(stderr, "dtmap: %s: no plan there (%s): run dtmap plan first\n", dir,
                strerror(errno));
        free(path);
        return -1;
    }
    for (;;) {
        if (len + 4096 + 1 > cap) {
            char *g = realloc(*text, cap = 2 * cap + 8192);
            if (!g) break;
            *text = g;
        }
        size_t got = fread(*text + len, 1, 4096, fp);
        len += got;
        if (got < 4096) break;
    }
    fclose(fp);
    free(path);
    if (!*text || len == 0 || (*text)[len - 1] != '\0') {
        fprintf(stderr, "dtmap: %s/args: damaged: run dtmap plan again\n", dir);
        return -1;
    }
    int n = 1;
    argv[0] = "plan";
    *cwd = *text;
    for (size_t i = strlen(*text) + 1; i < len && n < MAX_ARGS; i += strlen(*text + i) + 1)
        argv[n++] = *text + i;
    argv[n] = NULL;
    return n;
}

/* Reads the plan of outdir (plan_dir), moves to the folder plan ran in and parses its
 * arguments into *a. Returns 0, or the exit status on failure. */
static int load_plan(const char *plan_dir, cli_args *a, char **text, char **argv) {
    char *cwd;
    int argc = read_args(plan_dir, text, &cwd, argv);
    if (argc < 0) return 1;
    if (chdir(cwd) != 0) {
        fprintf(stderr, "dtmap: %s: cannot enter the folder the plan was made in: %s\n", cwd,
                strerror(errno));
        return 1;
    }
    return cli_parse(CMD_PLAN, argc, argv, a);
}

/* The plan folder named by an absolute path (so that it holds after chdir); NULL on failure. */
static char *plan_dir_of(const char *outdir) {
    char *rel = dtmap_plan_dir_alloc(outdir), *abs = NULL;
    char cwd[4096];
    if (rel && rel[0] != '/' && getcwd(cwd, sizeof cwd)) abs = dtmap_path_join_alloc(cwd, rel);
    if (abs) {
        free(rel);
        return abs;
    }
    return rel;
}

int cmd_plan(int argc, char **argv) {
    cli_args a;
    dtmap_samples set;
    dtmap_ingest_report rep;
    dtmap_map_result res;
    dtmap_error err;
    char *dir = NULL;
    int rc;
    memset(&a, 0, sizeof a);
    memset(&res, 0, sizeof res);
    dtmap_samples_init(&set);
    dtmap_ingest_report_init(&rep);
    if ((rc = cli_parse(CMD_PLAN, argc, argv, &a)) != 0) goto done;
    if (a.help) {
        cli_help(CMD_PLAN);
        goto done;
    }
    if (a.output) a.map.outdir = a.output;
    int quiet = a.quiet;
    a.quiet = 1; /* stdout starts with the number of tasks */
    a.rejects_later = 1;
    if ((rc = cli_ingest_all(&a, NULL, &set, &rep)) != 0) goto done;
    rc = 1;
    if (!(dir = plan_dir_of(a.map.outdir))) {
        fprintf(stderr, "dtmap: out of memory\n");
        goto done;
    }
    a.map.split = DTMAP_SPLIT_PLAN;
    a.map.plan_dir = dir;
    dtmap_status st = dtmap_map_run(&set, &rep, &a.map, cli_progress, &a.quiet, &res, &err);
    if (st == DTMAP_OK) st = write_args(dir, argc - 1, argv + 1, &err);
    if (st != DTMAP_OK) {
        rc = cli_fail(st, &err);
        goto done;
    }
    printf("%zu\n", res.ntasks);
    if (!quiet)
        printf("plan: %s (%zu tiles of %d x %d cells in %zu tasks)\n"
               "next: dtmap task --plan %s K, for K = 0..%zu, then dtmap merge %s\n",
               dir, res.ntiles, res.tile, res.tile, res.ntasks, a.map.outdir, res.ntasks - 1,
               a.map.outdir);
    rc = 0;
done:
    free(dir);
    cli_args_free(&a);
    dtmap_map_result_free(&res);
    dtmap_ingest_report_free(&rep);
    dtmap_samples_free(&set);
    return rc;
}

/* A whole number >= 0 in s, or -1. */
static long task_number(const char *s) {
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    return (*s && !*end && !errno && v >= 0) ? v : -1;
}

static const char *const TASK_USAGE = "Usage: dtmap task [-q] --plan OUT K\n"
                                      "Compute task K (0-based) of the plan 'dtmap plan -o OUT' "
                                      "wrote. Safe to run again:\na task already done is not "
                                      "redone, and a killed task leaves nothing behind.\n";

int cmd_task(int argc, char **argv) {
    const char *out = NULL, *k = NULL;
    int quiet = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            fputs(TASK_USAGE, stdout);
            return 0;
        }
        if (!strcmp(argv[i], "-q") || !strcmp(argv[i], "--quiet"))
            quiet = 1;
        else if (!strcmp(argv[i], "--plan") && i + 1 < argc)
            out = argv[++i];
        else if (!k && argv[i][0] != '-')
            k = argv[i];
        else
            out = k = NULL, i = argc;
    }
    long task = k ? task_number(k) : -1;
    if (!out || task < 0) {
        fprintf(stderr, "dtmap task: expected --plan OUT and a task number K\n%s", TASK_USAGE);
        return 2;
    }
    cli_args a;
    dtmap_samples set;
    dtmap_ingest_report rep;
    dtmap_map_result res;
    dtmap_error err;
    char *text = NULL, *pargv[MAX_ARGS + 1], *dir = plan_dir_of(out);
    int rc = 1;
    memset(&a, 0, sizeof a);
    memset(&res, 0, sizeof res);
    dtmap_samples_init(&set);
    dtmap_ingest_report_init(&rep);
    if (!dir) goto done;
    if ((rc = load_plan(dir, &a, &text, pargv)) != 0) goto done;
    a.quiet = 1;
    a.rejects_later = 1;
    if ((rc = cli_ingest_all(&a, NULL, &set, &rep)) != 0) goto done;
    a.map.split = DTMAP_SPLIT_TASK;
    a.map.plan_dir = dir;
    a.map.task = (size_t)task;
    dtmap_status st = dtmap_map_run(&set, &rep, &a.map, cli_progress, &a.quiet, &res, &err);
    rc = st == DTMAP_OK ? 0 : cli_fail(st, &err);
    if (!rc && !quiet)
        printf("task %ld of %zu: %s\n", task, res.ntasks,
               res.task_done_before ? "already done" : "done");
done:
    free(dir), free(text);
    cli_args_free(&a);
    dtmap_map_result_free(&res);
    dtmap_ingest_report_free(&rep);
    dtmap_samples_free(&set);
    return rc;
}

static const char *const MERGE_USAGE =
    "Usage: dtmap merge [-q] [--wait] OUT\n"
    "Publish the outputs of the plan 'dtmap plan -o OUT' wrote, once all its tasks are done, as\n"
    "'dtmap run' would (byte for byte), then remove the plan. Exit 1 listing the missing tasks\n"
    "when some are not done.\n";

int cmd_merge(int argc, char **argv) {
    const char *out = NULL;
    int quiet = 0, wait = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            fputs(MERGE_USAGE, stdout);
            return 0;
        }
        if (!strcmp(argv[i], "-q") || !strcmp(argv[i], "--quiet"))
            quiet = 1;
        else if (!strcmp(argv[i], "--wait"))
            wait = 1;
        else if (!out && argv[i][0] != '-')
            out = argv[i];
        else
            out = NULL, i = argc;
    }
    if (!out) {
        fprintf(stderr, "dtmap merge: expected the output folder OUT\n%s", MERGE_USAGE);
        return 2;
    }
    cli_args a;
    char *text = NULL, *pargv[MAX_ARGS + 1], *dir = plan_dir_of(out);
    int rc = 1;
    memset(&a, 0, sizeof a);
    if (dir && (rc = load_plan(dir, &a, &text, pargv)) == 0) {
        a.quiet = quiet;
        a.wait = wait;
        a.map.split = DTMAP_SPLIT_MERGE;
        a.map.plan_dir = dir;
        rc = cli_map_publish(CMD_RUN, &a);
        if (rc == 0) dtmap_plan_remove(dir);
    }
    free(dir), free(text);
    cli_args_free(&a);
    return rc;
}
