/* replay.c: a main for the fuzz targets where libFuzzer is absent (GCC builds): runs the target
 * once on every file given, or on every file of every folder given (in name order, not
 * recursing), as libFuzzer does with -runs=0. Arguments starting with '-' (libFuzzer flags)
 * are ignored. Exit 0 when every input ran (a crash ends the process with the sanitizer's
 * report), 1 when an argument cannot be read, 2 when no input was given. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"

/* Reads path whole into a fresh buffer (*data, freed by the caller), *n bytes. 0 or -1. */
static int slurp(const char *path, uint8_t **data, size_t *n) {
    FILE *fp = fopen(path, "rb");
    if (!fp) return -1;
    uint8_t *buf = NULL;
    size_t len = 0, cap = 0;
    int rc = 0;
    for (;;) {
        if (len == cap) {
            cap = cap ? cap * 2 : 4096;
            uint8_t *b = realloc(buf, cap);
            if (!b) {
                rc = -1;
                break;
            }
            buf = b;
        }
        size_t k = fread(buf + len, 1, cap - len, fp);
        len += k;
        if (k == 0) {
            if (ferror(fp)) rc = -1;
            break;
        }
    }
    fclose(fp);
    if (rc != 0) {
        free(buf);
        return -1;
    }
    *data = buf;
    *n = len;
    return 0;
}

/* Runs the target on the file at path. 0, or -1 (message printed) when it cannot be read. */
static int run_file(const char *path) {
    uint8_t *data;
    size_t n;
    if (slurp(path, &data, &n) != 0) {
        fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
        return -1;
    }
    LLVMFuzzerTestOneInput(data, n);
    free(data);
    return 0;
}

/* Runs the target on every regular file of dir in name order; *count grows by those run. */
static int run_dir(const char *dir, size_t *count) {
    struct dirent **names;
    int n = scandir(dir, &names, NULL, alphasort);
    if (n < 0) {
        fprintf(stderr, "replay: %s: %s\n", dir, strerror(errno));
        return -1;
    }
    int rc = 0;
    for (int i = 0; i < n; i++) {
        char path[4096];
        struct stat sb;
        snprintf(path, sizeof path, "%s/%s", dir, names[i]->d_name);
        if (names[i]->d_name[0] != '.' && stat(path, &sb) == 0 && S_ISREG(sb.st_mode)) {
            if (run_file(path) != 0)
                rc = -1;
            else
                ++*count;
        }
        free(names[i]);
    }
    free(names);
    return rc;
}

int main(int argc, char **argv) {
    LLVMFuzzerInitialize(&argc, &argv);
    size_t count = 0;
    int rc = 0, given = 0;
    for (int i = 1; i < argc; i++) {
        struct stat sb;
        if (argv[i][0] == '-') continue;
        given = 1;
        if (stat(argv[i], &sb) == 0 && S_ISDIR(sb.st_mode)) {
            if (run_dir(argv[i], &count) != 0) rc = 1;
        } else if (run_file(argv[i]) != 0) {
            rc = 1;
        } else {
            count++;
        }
    }
    if (!given) {
        fprintf(stderr, "usage: %s [-flag ...] FILE|FOLDER ...\n", argv[0]);
        return 2;
    }
    printf("replay: %s: %zu inputs run\n", argv[0], count);
    return rc;
}
