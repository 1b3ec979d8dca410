/* ingest_fixture.c: the shared fixture of the ingest unit tests (see ingest_fixture.h). */
#define _DEFAULT_SOURCE
#include "ingest_fixture.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int fx_setup(void **state) {
    fx_run *r = calloc(1, sizeof *r);
    if (!r) return -1;
    dtmap_samples_init(&r->set);
    dtmap_ingest_report_init(&r->rep);
    dtmap_ingest_opts_default(&r->opts);
    *state = r;
    return 0;
}

int fx_teardown(void **state) {
    fx_run *r = *state;
    dtmap_samples_free(&r->set);
    dtmap_ingest_report_free(&r->rep);
    free(r);
    return 0;
}

dtmap_status fx_ingest(fx_run *r, const char *path) {
    return dtmap_ingest_file(path, &r->opts, &r->set, &r->rep, &r->err);
}

dtmap_status fx_ingest_bytes(fx_run *r, const char *bytes, size_t n) {
    const char *dir = getenv("TMPDIR");
    snprintf(r->tmp, sizeof r->tmp, "%s/dtmap-fx-XXXXXX", dir && *dir ? dir : "/tmp");
    int fd = mkstemp(r->tmp);
    if (fd < 0) fail_msg("%s: cannot create", r->tmp);
    ssize_t wrote = write(fd, bytes, n);
    close(fd);
    if (wrote != (ssize_t)n) {
        unlink(r->tmp);
        fail_msg("%s: cannot write %zu bytes", r->tmp, n);
    }
    dtmap_status st = fx_ingest(r, r->tmp);
    unlink(r->tmp);
    return st;
}

dtmap_status fx_ingest_text(fx_run *r, const char *text) {
    return fx_ingest_bytes(r, text, strlen(text));
}

/* The checks of fx_read once the read returned st (r->err's detail names the file). */
static const dtmap_file_report *checked(fx_run *r, dtmap_status st, const char *format) {
    if (st != DTMAP_OK) fail_msg("%s: %s", dtmap_strerror(st), r->err.detail);
    const dtmap_file_report *f = fx_last_file(r);
    fx_assert_accounting(f);
    if (format) assert_string_equal(f->format, format);
    return f;
}

const dtmap_file_report *fx_read(fx_run *r, const char *path, const char *format) {
    return checked(r, fx_ingest(r, path), format);
}

const dtmap_file_report *fx_read_text(fx_run *r, const char *text, const char *format) {
    return checked(r, fx_ingest_text(r, text), format);
}

const dtmap_file_report *fx_last_file(const fx_run *r) {
    assert_true(r->rep.nfiles > 0);
    return &r->rep.files[r->rep.nfiles - 1];
}

uint64_t fx_skips(const dtmap_file_report *f, const char *kind) {
    for (int i = 0; i <= DTMAP_SKIP_KINDS; i++)
        if (strcmp(f->skip[i].kind, kind) == 0) return f->skip[i].count;
    return 0;
}

uint64_t fx_rejected(const dtmap_file_report *f) {
    uint64_t n = 0;
    for (int i = 0; i < DTMAP_REJ_COUNT; i++)
        n += f->rejected[i];
    return n;
}

void fx_assert_accounting(const dtmap_file_report *f) {
    if (f->lines) /* CSV logs count records, not lines */
        assert_int_equal(f->lines, f->blank + f->meta + f->records);
    assert_int_equal(f->records, f->accepted + f->fixes + f->skipped + fx_rejected(f));
    uint64_t kinds = 0;
    for (int i = 0; i <= DTMAP_SKIP_KINDS; i++)
        kinds += f->skip[i].count;
    assert_int_equal(kinds, f->skipped);
}

const dtmap_reject *fx_reject_at(const fx_run *r, uint32_t line) {
    for (size_t i = r->rep.nrejects; i-- > 0;)
        if (r->rep.rejects[i].line == line) return &r->rep.rejects[i];
    fail_msg("no reject at line %u", line);
    return NULL;
}

/* fx_assert_reject (exact) and fx_assert_reject_has (!exact); text NULL: detail not checked. */
static const dtmap_reject *check_reject(const fx_run *r, uint32_t line, dtmap_reject_reason reason,
                                        const char *text, int exact) {
    const dtmap_reject *j = fx_reject_at(r, line);
    int ok = j->reason == reason;
    if (ok && text) ok = exact ? strcmp(j->detail, text) == 0 : strstr(j->detail, text) != NULL;
    if (ok) return j;
    const char *how = !text ? "" : exact ? " \"" : " containing \"";
    fail_msg("line %u: %s \"%s\", expected %s%s%s%s", line,
             dtmap_reject_name((dtmap_reject_reason)j->reason), j->detail,
             dtmap_reject_name(reason), how, text ? text : "", text ? "\"" : "");
    return NULL;
}

const dtmap_reject *fx_assert_reject(const fx_run *r, uint32_t line, dtmap_reject_reason reason,
                                     const char *detail) {
    return check_reject(r, line, reason, detail, 1);
}

const dtmap_reject *fx_assert_reject_has(const fx_run *r, uint32_t line, dtmap_reject_reason reason,
                                         const char *part) {
    return check_reject(r, line, reason, part, 0);
}

const dtmap_sample *fx_sample_at(const fx_run *r, uint32_t line) {
    for (size_t i = r->set.n; i-- > 0;)
        if (r->set.v[i].line == line) return &r->set.v[i];
    fail_msg("no sample from line %u", line);
    return NULL;
}

const dtmap_fix *fx_fix_at(const fx_run *r, uint32_t line) {
    for (size_t i = r->set.nfix; i-- > 0;)
        if (r->set.fix[i].line == line) return &r->set.fix[i];
    fail_msg("no fix from line %u", line);
    return NULL;
}
