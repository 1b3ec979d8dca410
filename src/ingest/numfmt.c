/* numfmt.c: shortest-of-three-precisions number text (the sample CSV's "%.15g".."%.17g" and
 * "%.6g".."%.9g" that read back), by exact integer arithmetic instead of printf and strtod. */
/*
 * For a precision p, printf "%.*g" prints the p-digit decimal nearest to v's exact binary value:
 * N * 10^(X - p + 1) with 10^(p-1) <= N < 10^p and X the decimal exponent after rounding, then
 * lays it out in fixed or exponential style (X < -4 or X >= p) without trailing zeros. Here N
 * comes from v = m * 2^e in 128-bit integers: floor(m * 2^e * 10^q), q = p - 1 - X, and the
 * remainder against one half (an exact tie, which printf breaks by its own rule, is left to
 * printf). Whether the text reads back is decided without strtod when N <= 2^53 and
 * |X - p + 1| <= 22: N and 10^|X - p + 1| are then exact doubles, and one IEEE multiplication or
 * division of the two is the correctly rounded value of the decimal, which is what strtod
 * returns. Values outside these bounds (subnormal, huge, tiny, non-finite) take the printf and
 * strtod loop itself, so the text is the loop's for every input.
 */
#include "ingest/numfmt.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef unsigned __int128 u128;

static const uint64_t pow10u[20] = {1ULL,
                                    10ULL,
                                    100ULL,
                                    1000ULL,
                                    10000ULL,
                                    100000ULL,
                                    1000000ULL,
                                    10000000ULL,
                                    100000000ULL,
                                    1000000000ULL,
                                    10000000000ULL,
                                    100000000000ULL,
                                    1000000000000ULL,
                                    10000000000000ULL,
                                    100000000000000ULL,
                                    1000000000000000ULL,
                                    10000000000000000ULL,
                                    100000000000000000ULL,
                                    1000000000000000000ULL,
                                    10000000000000000000ULL};

static const double pow10d[23] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                  1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                  1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

/* 10^k as a 128-bit integer, 0 <= k <= 38. */
static u128 pow10_128(int k) {
    return k <= 19 ? (u128)pow10u[k] : (u128)pow10u[19] * pow10u[k - 19];
}

/* floor(m * 2^e * 10^q) into *t and the comparison of the rest with one half into *cmp (-1
 * below, 0 a tie, 1 above). Returns 0 when the numbers would not fit 128 bits. */
static int scaled(uint64_t m, int e, int q, u128 *t, int *cmp) {
    if (q >= 0) {
        if (q > 22) return 0;
        u128 num = (u128)m * pow10_128(q); /* < 2^53 * 10^22 < 2^127 */
        if (e >= 0) {
            if (e >= 127 || (num >> (127 - e))) return 0; /* num * 2^e must stay below 2^127 */
            *t = num << e;
            *cmp = -1;
            return 1;
        }
        int s = -e;
        if (s > 127) return 0;
        u128 half = (u128)1 << (s - 1), rem = num & ((half << 1) - 1);
        *t = num >> s;
        *cmp = rem < half ? -1 : rem > half;
        return 1;
    }
    if (-q > 38) return 0;
    u128 p10 = pow10_128(-q), num, den;
    if (e >= 0) {
        if (e > 74) return 0; /* m << e < 2^127 */
        num = (u128)m << e;
        den = p10;
    } else {
        int s = -e;
        if (s > 126 || (p10 >> (126 - s))) return 0; /* den = p10 * 2^s < 2^126 */
        num = m;
        den = p10 << s;
    }
    *t = num / den;
    u128 rem2 = (num % den) * 2;
    *cmp = rem2 < den ? -1 : rem2 > den;
    return 1;
}

/* The p-digit decimal nearest to v (finite, > 0, normal): N into *n, its exponent into *x.
 * Returns 0 on an exact tie or when the arithmetic would not fit (the caller uses printf). */
static int round_digits(double v, int p, uint64_t *n, int *x) {
    uint64_t bits;
    memcpy(&bits, &v, sizeof bits);
    int be = (int)(bits >> 52) & 0x7ff;
    if (be == 0 || be == 0x7ff) return 0;
    uint64_t m = (bits & ((UINT64_C(1) << 52) - 1)) | (UINT64_C(1) << 52);
    int e = be - 1075;
    /* floor(log10(2^(e + 52))): the decimal exponent of v or one less */
    int ex = (e + 52) >= 0 ? (e + 52) * 78913 >> 18 : -((-(e + 52) * 78913 + 262143) >> 18);
    for (int tries = 0; tries < 4; tries++) {
        u128 t;
        int cmp;
        if (!scaled(m, e, p - 1 - ex, &t, &cmp)) return 0;
        if (t < pow10u[p - 1]) {
            ex--;
            continue;
        }
        if (t >= pow10u[p]) {
            ex++;
            continue;
        }
        if (cmp == 0) return 0;
        if (cmp > 0) t++;
        if (t == pow10u[p]) { /* 99..9.5 rounds up to the next power of ten */
            t = pow10u[p - 1];
            ex++;
        }
        *n = (uint64_t)t;
        *x = ex;
        return 1;
    }
    return 0;
}

/* The double strtod gives for the decimal n * 10^e10, into *out. Returns 0 when n or 10^|e10|
 * is not an exact double (the caller then asks strtod). */
static int exact_value(uint64_t n, int e10, double *out) {
    if (n > (UINT64_C(1) << 53) || e10 < -22 || e10 > 22) return 0;
    double d = (double)n;
    *out = e10 < 0 ? d / pow10d[-e10] : d * pow10d[e10];
    return 1;
}

/* Lays out n (p digits) with exponent x as printf "%.*g" does, '-' first when neg. */
static size_t layout(char *buf, int neg, uint64_t n, int x, int p) {
    char dig[20];
    int left = p;
    for (; left >= 2; left -= 2) { /* two digits a step */
        unsigned r = (unsigned)(n % 100);
        n /= 100;
        dig[left - 1] = (char)('0' + r % 10);
        dig[left - 2] = (char)('0' + r / 10);
    }
    if (left == 1) dig[0] = (char)('0' + n);
    int k = p;
    while (k > 1 && dig[k - 1] == '0')
        k--;
    char *o = buf;
    if (neg) *o++ = '-';
    if (x < -4 || x >= p) {
        *o++ = dig[0];
        if (k > 1) {
            *o++ = '.';
            memcpy(o, dig + 1, (size_t)(k - 1));
            o += k - 1;
        }
        *o++ = 'e';
        *o++ = x < 0 ? '-' : '+';
        int ax = x < 0 ? -x : x;
        if (ax >= 100) {
            *o++ = (char)('0' + ax / 100);
            ax %= 100;
        }
        *o++ = (char)('0' + ax / 10);
        *o++ = (char)('0' + ax % 10);
    } else if (x >= 0) {
        for (int i = 0; i <= x; i++)
            *o++ = i < k ? dig[i] : '0';
        if (k > x + 1) {
            *o++ = '.';
            memcpy(o, dig + x + 1, (size_t)(k - x - 1));
            o += k - x - 1;
        }
    } else {
        *o++ = '0';
        *o++ = '.';
        for (int i = 0; i < -x - 1; i++)
            *o++ = '0';
        memcpy(o, dig, (size_t)k);
        o += k;
    }
    *o = '\0';
    return (size_t)(o - buf);
}

/* The printf/strtod loop itself, for what the integer path leaves out. */
static size_t slow_double(char *buf, double v) {
    for (int p = 15; p <= 17; p++) {
        snprintf(buf, DTMAPI_NUMFMT_SIZE, "%.*g", p, v);
        if (strtod(buf, NULL) == v) break;
    }
    return strlen(buf);
}

static size_t slow_float(char *buf, float v) {
    for (int p = 6; p <= 9; p++) {
        snprintf(buf, DTMAPI_NUMFMT_SIZE, "%.*g", p, (double)v);
        if ((float)strtod(buf, NULL) == v) break;
    }
    return strlen(buf);
}

/* One precision of the loop: the text into buf when it reads back (or when last is set),
 * returning its length; 0 when it does not read back; -1 when printf must decide. */
static long try_precision(char *buf, double v, int p, int as_float, int last) {
    int neg = v < 0;
    double a = neg ? -v : v;
    uint64_t n;
    int x;
    if (!round_digits(a, p, &n, &x)) return -1;
    if (!last) {
        double back;
        if (!exact_value(n, x - p + 1, &back)) {
            layout(buf, 0, n, x, p); /* decided by strtod on the very text (of |v|) */
            back = strtod(buf, NULL);
        }
        if (as_float ? (float)back != (float)a : back != a) return 0;
    }
    return (long)layout(buf, neg, n, x, p);
}

/* The text of a whole number below 10^limit_digits in magnitude, which every precision from
 * limit_digits up prints as its digits (and which reads back exactly). Returns 0 otherwise. */
static size_t whole(char *buf, double v, double limit) {
    double a = v < 0 ? -v : v;
    if (!(a < limit) || a != (double)(uint64_t)a) return 0;
    char *o = buf;
    if (v < 0) *o++ = '-';
    o += dtmapi_fmt_u64(o, (unsigned long long)a);
    *o = '\0';
    return (size_t)(o - buf);
}

size_t dtmapi_fmt_double(char *buf, double v) {
    if (v == 0) return (size_t)layout(buf, signbit(v) != 0, 0, 0, 1);
    size_t w = whole(buf, v, 1e15);
    if (w) return w;
    for (int p = 15; p <= 17; p++) {
        long len = try_precision(buf, v, p, 0, p == 17);
        if (len < 0) return slow_double(buf, v);
        if (len > 0) return (size_t)len;
    }
    return slow_double(buf, v); /* not reached: precision 17 always gives a text */
}

size_t dtmapi_fmt_float(char *buf, float v) {
    if (v == 0) return (size_t)layout(buf, signbit(v) != 0, 0, 0, 1);
    size_t w = whole(buf, (double)v, 1e6);
    if (w) return w;
    for (int p = 6; p <= 9; p++) {
        long len = try_precision(buf, (double)v, p, 1, p == 9);
        if (len < 0) return slow_float(buf, v);
        if (len > 0) return (size_t)len;
    }
    return slow_float(buf, v);
}

size_t dtmapi_fmt_u64(char *buf, unsigned long long v) {
    char tmp[24];
    size_t n = 0;
    do {
        tmp[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    for (size_t i = 0; i < n; i++)
        buf[i] = tmp[n - 1 - i];
    return n;
}
