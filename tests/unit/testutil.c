/* testutil.c: helpers shared by the cmocka unit tests. */
#define _DEFAULT_SOURCE
#include "testutil.h"

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
