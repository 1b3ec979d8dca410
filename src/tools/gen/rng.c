/* rng.c: dtmap-gen's random numbers (splitmix64-seeded xoshiro256**) and seeded value noise. */
#include <math.h>

#include "gen.h"

uint64_t splitmix64(uint64_t *state) {
    uint64_t z = (*state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

void rng_seed(rng *r, uint64_t seed) {
    for (int i = 0; i < 4; i++)
        r->s[i] = splitmix64(&seed);
}

static uint64_t rotl(uint64_t x, int k) {
    return (x << k) | (x >> (64 - k));
}

uint64_t rng_next(rng *r) {
    uint64_t *s = r->s;
    uint64_t result = rotl(s[1] * 5, 7) * 9;
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
}

double rng_u01(rng *r) {
    return (double)(rng_next(r) >> 11) * 0x1.0p-53;
}

double rng_range(rng *r, double lo, double hi) {
    return lo + (hi - lo) * rng_u01(r);
}

int rng_int(rng *r, int n) {
    return (int)(rng_u01(r) * n);
}

/* Irwin-Hall of three uniforms, scaled: variance sigma^2, never beyond 3 sigma. */
double rng_bnormal(rng *r, double sigma) {
    double s = rng_u01(r) + rng_u01(r) + rng_u01(r) - 1.5; /* variance 1/4 */
    return 2.0 * sigma * s;
}

/* ---- value noise (stateless, seeded) -------------------------------------------------- */

static double noise_norm; /* 1/sqrt(mean squared interpolation weight), set by noise_init */

static double smooth(double t) {
    return t * t * (3.0 - 2.0 * t);
}

/* Normalises value noise to unit variance on average: the interpolated value of independent
 * unit-variance lattice values has variance sum(w^2), averaged here over the cell. */
void noise_init(void) {
    double k1 = 0.0;
    const int n = 4096;
    for (int i = 0; i < n; i++) {
        double s = smooth((i + 0.5) / n);
        k1 += (1.0 - s) * (1.0 - s) + s * s;
    }
    k1 /= n;
    noise_norm = 1.0 / k1; /* 1/sqrt(k1^2) in two dimensions */
}

/* Lattice value, uniform with unit variance, from a hash of (seed, ix, iy). */
static double lattice(uint64_t seed, int64_t ix, int64_t iy) {
    uint64_t h =
        seed ^ ((uint64_t)ix * 0xD6E8FEB86659FD93ULL) ^ ((uint64_t)iy * 0xA0761D6478BD642FULL);
    h = splitmix64(&h);
    return ((double)(h >> 11) * 0x1.0p-53 * 2.0 - 1.0) * 1.7320508075688772;
}

static double value_noise(uint64_t seed, double x, double y, double cell_m) {
    double gx = x / cell_m, gy = y / cell_m;
    double fx = floor(gx), fy = floor(gy);
    int64_t ix = (int64_t)fx, iy = (int64_t)fy;
    double sx = smooth(gx - fx), sy = smooth(gy - fy);
    double a = lattice(seed, ix, iy), b = lattice(seed, ix + 1, iy);
    double c = lattice(seed, ix, iy + 1), d = lattice(seed, ix + 1, iy + 1);
    double top = a + (b - a) * sx, bottom = c + (d - c) * sx;
    return (top + (bottom - top) * sy) * noise_norm;
}

double noise_field(uint64_t seed, double x, double y) {
    return 0.7745966692414834 * value_noise(seed, x, y, 50.0) +
           0.6324555320336759 * value_noise(seed ^ 0x5bd1e995ULL, x, y, 250.0);
}
