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

#endif
