/* testutil.h: helpers shared by the cmocka unit tests (double comparisons, fixture paths). */
#ifndef DTMAP_TESTUTIL_H
#define DTMAP_TESTUTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

/* Fails the test unless |a - b| <= tol (cmocka's assert_float_equal is float precision). */
#define assert_double_near(a, b, tol) testutil_double_near((a), (b), (tol), __FILE__, __LINE__)
void testutil_double_near(double a, double b, double tol, const char *file, int line);

/* Path of a fixture under tests/data (static buffer, valid until the next call). */
const char *testutil_data(const char *name);

/* Writes text to a fresh temporary file and returns its path (static buffer, valid until the
 * next call). The file lives under $TMPDIR and is the caller's to unlink. */
const char *testutil_tmpfile(const char *suffix, const char *text);

/* Removes every entry of dir (files only: test folders are flat), then dir itself. */
void testutil_rmtree(const char *dir);

/* Number of entries in dir besides "." and "..", 0 when it cannot be opened. */
int testutil_dir_entries(const char *dir);

/* The whole file, malloc'd with a NUL after its n bytes (so text can be searched), or NULL.
 * Returned as void * so byte and text callers need no cast; the caller frees it. */
void *testutil_slurp(const char *path, size_t *n);

/* Runs cmd through the shell and returns its whole stdout, malloc'd and NUL-terminated, or NULL
 * when it cannot run or exits non-zero (for reading outputs back with gdalinfo, ogrinfo, ...).
 * The caller frees it. */
char *testutil_command(const char *cmd);

#endif
