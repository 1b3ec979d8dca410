/* testutil.c: helpers shared by the cmocka unit tests. */
#define _DEFAULT_SOURCE
#include "testutil.h"

#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void testutil_double_near(double a, double b, double tol, const char *file, int line) {
    if (!(fabs(a - b) <= tol)) {
        print_error("%s:%d: %.9f != %.9f (tolerance %g)\n", file, line, a, b, tol);
        _fail(file, line);
    }
}

const char *testutil_data(const char *name) {
    static char buf[4096];
    const char *dir = getenv("DTMAP_TEST_DATA");
    snprintf(buf, sizeof buf, "%s/%s", dir ? dir : "tests/data", name);
    return buf;
}

const char *testutil_tmpfile(const char *suffix, const char *text) {
    static char buf[4096];
    const char *tmp = getenv("TMPDIR");
    snprintf(buf, sizeof buf, "%s/dtmap-test-XXXXXX%s", tmp ? tmp : "/tmp", suffix ? suffix : "");
    int fd = mkstemps(buf, suffix ? (int)strlen(suffix) : 0);
    if (fd < 0) return NULL;
    size_t len = strlen(text);
    if (write(fd, text, len) != (ssize_t)len) {
        close(fd);
        return NULL;
    }
    close(fd);
    return buf;
}

void testutil_rmtree(const char *dir) {
    DIR *d = opendir(dir);
    struct dirent *e;
    char p[8192];
    while (d != NULL && (e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
        snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
        unlink(p);
    }
    if (d != NULL) closedir(d);
    rmdir(dir);
}

int testutil_dir_entries(const char *dir) {
    DIR *d = opendir(dir);
    struct dirent *e;
    int n = 0;
    while (d != NULL && (e = readdir(d)) != NULL)
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0) n++;
    if (d != NULL) closedir(d);
    return n;
}

void *testutil_slurp(const char *path, size_t *n) {
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    size_t cap = 0;
    *n = 0;
    if (f == NULL) return NULL;
    for (;;) {
        if (*n + 1 >= cap) {
            cap = cap ? cap * 2 : 65536;
            char *b2 = realloc(buf, cap);
            if (b2 == NULL) {
                free(buf);
                fclose(f);
                *n = 0;
                return NULL;
            }
            buf = b2;
        }
        size_t got = fread(buf + *n, 1, cap - *n - 1, f);
        *n += got;
        if (got == 0) break;
    }
    fclose(f);
    buf[*n] = '\0';
    return buf;
}

char *testutil_command(const char *cmd) {
    FILE *p = popen(cmd, "r");
    if (p == NULL) return NULL;
    size_t n = 0, cap = 65536, got;
    char *buf = malloc(cap);
    while (buf != NULL && (got = fread(buf + n, 1, cap - n - 1, p)) > 0) {
        n += got;
        if (n + 1 == cap) {
            char *b2 = realloc(buf, cap * 2);
            if (b2 == NULL) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = b2;
            cap *= 2;
        }
    }
    if (pclose(p) != 0) {
        free(buf);
        return NULL;
    }
    if (buf != NULL) buf[n] = '\0';
    return buf;
}
