/* main.c: dtmap-gen's entry point: parses the options and runs the demo or the benchmark. */
#include <stdio.h>

#include "dtmap/version.h"
#include "gen.h"

int main(int argc, char **argv) {
    options o = {".", DEFAULT_SEED, 0, 20.0, NULL, NULL, 0, 0, 0, 0, 0, NULL, 50};
    dtmap_error err;
    dtmap_status st;
    dtmap_error_clear(&err);
    if (parse_args(argc, argv, &o) != 0) return 2;
    if (o.help) {
        print_help(stdout);
        return 0;
    }
    if (o.version) {
        printf("dtmap-gen %s\n", DTMAP_VERSION_STRING);
        return 0;
    }
    if (o.bench_n < 0 || (o.bench_n > 0 && !o.out_gnettrack) ||
        (!o.bench_n && (o.out_gnettrack || o.out_xyz)) || !(o.extent_km >= 1.0) ||
        o.extent_km > 500.0) {
        fprintf(stderr, "dtmap-gen: --bench N (N > 0) needs --out-gnettrack, and --extent-km "
                        "must be 1..500 (try --help)\n");
        return 2;
    }
    if (o.bench_gaps < 0 || o.bench_gaps > 10000 || o.bench_towns < 1 || o.bench_towns > 10000 ||
        (!o.bench_n && (o.bench_gaps || o.bench_areas))) {
        fprintf(stderr, "dtmap-gen: --bench-gaps (0..10000) and --bench-areas go with --bench, "
                        "--bench-towns is 1..10000 (try --help)\n");
        return 2;
    }
    model_init();
    st = o.bench_n ? run_bench(&o, &err) : run_demo(&o, &err);
    if (st != DTMAP_OK) {
        fprintf(stderr, "dtmap-gen: %s: %s\n", dtmap_strerror(st), err.detail);
        return st == DTMAP_ERR_USAGE ? 2 : 1;
    }
    return 0;
}
