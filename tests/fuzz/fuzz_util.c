/* fuzz_util.c: the fuzz targets' shared helpers (see fuzz.h): inputs as files, one checked
 * ingest run, quiet GDAL. */
#define _GNU_SOURCE /* memfd_create */
#include "fuzz.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cpl_error.h>

#include "dtmap/ingest.h"
#include "ingest/registry.h"
#include "ingest/report.h"

#define SLOTS 4

void fuzz_init(void) {
    CPLSetErrorHandler(CPLQuietErrorHandler);
}

int fuzz_verbose(void) {
    static int v = -1;
    if (v < 0) v = getenv("DTMAP_FUZZ_VERBOSE") != NULL;
    return v;
}

static char tmp_path[SLOTS][64];

/* Removes the temporary files of the fallback (memfds need no cleaning). */
static void remove_tmp(void) {
    for (int i = 0; i < SLOTS; i++)
        if (tmp_path[i][0]) unlink(tmp_path[i]);
}

/* Opens slot's file once: a memfd reachable by path, else a temporary file. */
static int open_slot(int slot, char *path, size_t n) {
    int fd = memfd_create("dtmap-fuzz", 0);
    if (fd >= 0) {
        snprintf(path, n, "/proc/self/fd/%d", fd);
        if (access(path, R_OK) == 0) return fd;
        close(fd); /* no /proc: fall back */
    }
    const char *dir = getenv("TMPDIR");
    snprintf(tmp_path[slot], sizeof tmp_path[slot], "%s/dtmap-fuzz-XXXXXX",
             dir && *dir && strlen(dir) < 40 ? dir : "/tmp");
    fd = mkstemp(tmp_path[slot]);
    if (fd < 0) return -1;
    static int registered;
    if (!registered++) atexit(remove_tmp);
    snprintf(path, n, "%s", tmp_path[slot]);
    return fd;
}

const char *fuzz_file(int slot, const uint8_t *data, size_t size) {
    static int fd[SLOTS] = {-1, -1, -1, -1};
    static char path[SLOTS][64];
    if (slot < 0 || slot >= SLOTS) abort();
    if (fd[slot] < 0 && (fd[slot] = open_slot(slot, path[slot], sizeof path[slot])) < 0) {
        perror("fuzz_file: no file to write the input to");
        abort();
    }
    if (ftruncate(fd[slot], 0) != 0) abort();
    for (size_t done = 0; done < size;) {
        ssize_t k = pwrite(fd[slot], data + done, size - done, (off_t)done);
        if (k <= 0) {
            perror("fuzz_file: write");
            abort();
        }
        done += (size_t)k;
    }
    return path[slot];
}

/* The reader row called name (registry.c); aborts when there is none (a renamed row). */
static const ingest_reader *reader_named(const char *name) {
    for (size_t i = 0; dtmapi_ingest_reader_at(i); i++)
        if (strcmp(dtmapi_ingest_reader_at(i)->name, name) == 0) return dtmapi_ingest_reader_at(i);
    fprintf(stderr, "fuzz: no reader '%s' in the registry\n", name);
    abort();
}

/* Aborts with what broke (the fuzzer keeps the input). */
static void broken(const char *what, size_t i) {
    fprintf(stderr, "fuzz: invariant broken: %s (item %zu)\n", what, i);
    abort();
}

/* An identifier is -1 (unknown) or a real one, never a wrapped negative. */
static int id_ok(int64_t v) {
    return v >= -1;
}

/* Every value of s is NaN or inside the default profile's valid range for its technology (the
 * readers reject, never clamp), and one at least is measured. */
static int values_ok(const dtmap_sample *s) {
    int measured = 0;
    for (int m = 0; m < DTMAP_METRIC_COUNT; m++) {
        double v = s->value[m], lo, hi;
        if (isnan(v)) continue;
        measured = 1;
        if (dtmap_metric_range((dtmap_tech)s->tech, (dtmap_metric)m, &lo, &hi) &&
            !(v >= lo && v <= hi))
            return 0;
    }
    return measured;
}

static int lon_lat_ok(double lon, double lat) {
    if (isnan(lon) && isnan(lat)) return 1;
    return lon >= -180 && lon <= 180 && lat >= -90 && lat <= 90;
}

/* The promises of ingest.h and sample.h over what was read: every record accounted for once,
 * accepted counts matching the samples held, indexes and positions in range. joined: every
 * sample left must then have a position. */
static void check(const dtmap_samples *set, const dtmap_ingest_report *rep, int joined) {
    uint64_t rejected = 0;
    for (size_t i = 0; i < rep->nfiles; i++) {
        const dtmap_file_report *f = &rep->files[i];
        uint64_t rej = 0, kinds = 0;
        for (int r = 0; r < DTMAP_REJ_COUNT; r++)
            rej += f->rejected[r];
        for (int k = 0; k <= DTMAP_SKIP_KINDS; k++)
            kinds += f->skip[k].count;
        rejected += rej;
        if (f->records != f->accepted + f->fixes + f->skipped + rej)
            broken("records != accepted + fixes + skipped + rejected", i);
        if (kinds != f->skipped) broken("skip kinds do not add up to skipped", i);
        if (f->lines && f->lines != f->blank + f->meta + f->records)
            broken("lines != blank + meta + records", i);
        if (f->file >= set->nfiles) broken("file report names no file", i);
    }
    /* the last line of each file (line formats), for the line numbers below */
    uint64_t last[8] = {0};
    for (size_t i = 0; i < rep->nfiles; i++)
        if (rep->files[i].file < 8) last[rep->files[i].file] = rep->files[i].lines;
    if (dtmap_ingest_report_accepted(rep) != set->n) broken("accepted != samples held", set->n);
    if (rep->nrejects != rejected) broken("rejects listed != rejects counted", rep->nrejects);
    for (size_t i = 0; i < rep->nrejects; i++) {
        const dtmap_reject *r = &rep->rejects[i];
        if (r->reason >= DTMAP_REJ_COUNT || r->file >= set->nfiles)
            broken("reject with a bad reason or file", i);
        if (r->line == 0 || (r->file < 8 && last[r->file] && r->line > last[r->file]))
            broken("reject at a line the file does not have", i);
    }
    for (size_t i = 0; i < set->n; i++) {
        const dtmap_sample *s = &set->v[i];
        if (s->file >= set->nfiles || s->line == 0 ||
            (s->file < 8 && last[s->file] && s->line > last[s->file]))
            broken("sample file/line", i);
        if (!values_ok(s)) broken("sample value outside its valid range, or none", i);
        if (!id_ok(s->cell_id) || !id_ok(s->pci) || !id_ok(s->channel) || s->ecl < -1 || s->ecl > 2)
            broken("sample identifier or ECL", i);
        for (uint32_t k = 0; k < s->nnbr && (uint64_t)s->nbr + k < set->nnbr; k++)
            if (!id_ok(set->nbr[s->nbr + k].pci) || !id_ok(set->nbr[s->nbr + k].channel))
                broken("neighbour identifier", i);
        if ((uint64_t)s->nbr + s->nnbr > set->nnbr) broken("sample neighbours out of the table", i);
        if (!lon_lat_ok(s->lon, s->lat)) broken("sample position out of range", i);
        if (joined && isnan(s->lon)) broken("sample left without a position by the join", i);
        if (s->tech >= DTMAP_TECH_COUNT) broken("sample technology", i);
    }
    for (size_t i = 0; i < set->nfix; i++)
        if (isnan(set->fix[i].lon) || !lon_lat_ok(set->fix[i].lon, set->fix[i].lat))
            broken("fix position", i);
}

/* Reads one log from path into set/rep, through reader (NULL: sniffed). */
static void read_one(const char *reader, const char *path, const dtmap_ingest_opts *o,
                     dtmap_samples *set, dtmap_ingest_report *rep, dtmap_error *err) {
    dtmap_status st;
    if (!reader) {
        st = dtmap_ingest_file(path, o, set, rep, err);
        if (st != DTMAP_OK && fuzz_verbose()) fprintf(stderr, "fuzz: %s\n", err->detail);
        return;
    }
    /* dtmap_ingest_file without the sniffer: the same steps, the same roll-back on failure */
    dtmap_file_report fr;
    memset(&fr, 0, sizeof fr);
    size_t n0 = set->n, r0 = rep->nrejects, f0 = set->nfix, nb0 = set->nnbr;
    if (dtmap_samples_add_file(set, path, &fr.file) != DTMAP_OK) abort();
    ingest_sink k = {.path = path, .opts = o, .set = set, .rep = rep, .fr = &fr};
    st = reader_named(reader)->read(&k, err);
    if (st == DTMAP_OK) st = dtmapi_ingest_report_add_file(rep, &fr);
    if (st != DTMAP_OK) {
        if (fuzz_verbose()) fprintf(stderr, "fuzz: %s\n", err->detail);
        set->n = n0;
        set->nfix = f0;
        set->nnbr = nb0;
        rep->nrejects = r0;
    }
}

/* The folder for the round trip's sample CSV (/dev/shm where it exists: fsync is free there),
 * made once and removed at exit with what is in it. */
static char rt_dir[64], rt_file[96];

static void remove_rt(void) {
    unlink(rt_file);
    rmdir(rt_dir);
}

static const char *rt_path(void) {
    if (rt_file[0]) return rt_file;
    const char *base = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : getenv("TMPDIR");
    snprintf(rt_dir, sizeof rt_dir, "%s/dtmap-fuzz-XXXXXX",
             base && *base && strlen(base) < 40 ? base : "/tmp");
    if (!mkdtemp(rt_dir)) {
        perror("fuzz: round-trip folder");
        abort();
    }
    snprintf(rt_file, sizeof rt_file, "%s/samples.csv", rt_dir);
    atexit(remove_rt);
    return rt_file;
}

/* a and b are the same number, or both NaN. */
static int same(double a, double b) {
    return a == b || (isnan(a) && isnan(b));
}

/* The promise of dtmap_samples_write_csv: the CSV it writes reads back (dtmap_ingest_file, no
 * options) to the same samples, neighbours, source file and line excepted; and the GNSS fix
 * quality, whose "fix" column no dialect reads (there is no dtmap_column for it; reported, not
 * checked here). Checked when every sample has a position and a time. */
static void round_trip(const dtmap_samples *set) {
    for (size_t i = 0; i < set->n; i++)
        if (isnan(set->v[i].lon) || isnan(set->v[i].time_s)) return;
    dtmap_error err;
    const char *path = rt_path();
    if (dtmap_samples_write_csv(set, path, 1, &err) != DTMAP_OK) {
        fprintf(stderr, "fuzz: round trip: %s\n", err.detail);
        abort();
    }
    dtmap_samples back;
    dtmap_ingest_report rep;
    dtmap_samples_init(&back);
    dtmap_ingest_report_init(&rep);
    if (dtmap_ingest_file(path, NULL, &back, &rep, &err) != DTMAP_OK && set->n > 0) {
        fprintf(stderr, "fuzz: round trip: %s\n", err.detail);
        abort();
    }
    if (back.n != set->n) broken("round trip: samples lost or gained", back.n);
    for (size_t i = 0; i < set->n; i++) {
        const dtmap_sample *a = &set->v[i], *b = &back.v[i];
        int ok = same(a->time_s, b->time_s) && a->time_utc == b->time_utc && same(a->lon, b->lon) &&
                 same(a->lat, b->lat) && a->tech == b->tech && a->cell_id == b->cell_id &&
                 a->pci == b->pci && a->channel == b->channel && a->ecl == b->ecl &&
                 same(a->hdop, b->hdop);
        for (int m = 0; m < DTMAP_METRIC_COUNT; m++)
            ok = ok && same(a->value[m], b->value[m]);
        if (!ok) {
            fprintf(stderr,
                    "fuzz: wrote   t=%.17g utc=%d lon=%.17g lat=%.17g tech=%d cell=%lld pci=%d "
                    "ch=%d ecl=%d hdop=%.9g fix=%d v=%.9g/%.9g/%.9g\n"
                    "fuzz: read    t=%.17g utc=%d lon=%.17g lat=%.17g tech=%d cell=%lld pci=%d "
                    "ch=%d ecl=%d hdop=%.9g fix=%d v=%.9g/%.9g/%.9g\n",
                    a->time_s, a->time_utc, a->lon, a->lat, a->tech, (long long)a->cell_id, a->pci,
                    a->channel, a->ecl, a->hdop, a->fix_quality, a->value[0], a->value[1],
                    a->value[2], b->time_s, b->time_utc, b->lon, b->lat, b->tech,
                    (long long)b->cell_id, b->pci, b->channel, b->ecl, b->hdop, b->fix_quality,
                    b->value[0], b->value[1], b->value[2]);
            broken("round trip: a sample reads back different", i);
        }
    }
    dtmap_ingest_report_free(&rep);
    dtmap_samples_free(&back);
}

/* Reads the logs paths[0..n) into one set with the options variant picks (see fuzz.h), joins
 * them and checks the invariants; trip: also the round trip through the sample CSV. */
static void run(const char *reader, const char *const *paths, size_t n, unsigned variant,
                int trip) {
    dtmap_ingest_opts o;
    dtmap_ingest_opts_default(&o);
    o.tz_set = !(variant & 1);
    o.tz_offset_s = o.tz_set ? 8 * 3600 : 0;
    o.redcap = (variant & 2) != 0;
    o.lte_sinr = variant & 4 ? DTMAP_LTE_SINR_INDEX : DTMAP_LTE_SINR_DB;
    dtmap_samples set;
    dtmap_ingest_report rep;
    dtmap_error err;
    dtmap_samples_init(&set);
    dtmap_ingest_report_init(&rep);
    for (size_t i = 0; i < n; i++)
        read_one(reader, paths[i], &o, &set, &rep, &err);
    check(&set, &rep, 0);
    dtmap_status st = dtmap_ingest_join(&set, &rep, DTMAP_JOIN_MAX_GAP_S, &err);
    if (st == DTMAP_OK) check(&set, &rep, 1);
    if (trip) round_trip(&set);
    if (fuzz_verbose())
        fprintf(stderr,
                "fuzz: %zu of %zu logs read, %zu samples, %zu fixes, %zu rejects; join: %s\n",
                rep.nfiles, n, set.n, set.nfix, rep.nrejects, st == DTMAP_OK ? "ok" : err.detail);
    dtmap_ingest_report_free(&rep);
    dtmap_samples_free(&set);
}

void fuzz_ingest(const char *reader, const uint8_t *data, size_t size) {
    const char *path = fuzz_file(0, data, size);
    run(reader, &path, 1, (unsigned)(size % 8), 1);
}

void fuzz_ingest_many(const uint8_t *data, size_t size) {
    unsigned variant = (unsigned)(size % 8);
    const char *paths[SLOTS];
    size_t n = 0, sep = strlen(FUZZ_SEPARATOR);
    while (n + 1 < SLOTS) {
        const uint8_t *end = memmem(data, size, FUZZ_SEPARATOR, sep);
        if (!end) break;
        paths[n] = fuzz_file((int)n, data, (size_t)(end - data));
        n++;
        size -= (size_t)(end - data) + sep;
        data = end + sep;
    }
    paths[n] = fuzz_file((int)n, data, size);
    run(NULL, paths, n + 1, variant, 1);
}
