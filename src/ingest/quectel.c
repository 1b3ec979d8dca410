/* quectel.c: the Quectel modem AT-transcript reader: line framing, the sniffer, command
 * tracking and the dispatch of response lines to their parsers (quectel_qeng.c,
 * quectel_nuestats.c, quectel_cesq.c, quectel_gnss.c), which hold measurements back in the
 * pending queue (quectel_pending.c); this file ends responses by flushing it.
 *
 * Line framing. A transcript line is
 *     <stamp><blanks>[<marker><blanks>]<modem text>
 * where <stamp> is one of
 *     2026-03-14T09:21:07.412+08:00     ISO 8601 with 'T'
 *     2026-03-14 09:21:07.412           ISO 8601 with a space
 *     [2026-03-14 09:21:07.412]         bracketed; 'T' or space inside, zone allowed inside
 *                                       (also after a space: [2026-03-14 09:21:07 +08:00])
 * The date is YYYY-MM-DD, the time hh:mm:ss with an optional fraction ('.' or ',', any number
 * of digits), the zone optional: Z, +hh, +hhmm or +hh:mm (or -). Outside brackets the zone must
 * follow the time directly and the stamp must be followed by a blank. The optional direction
 * marker is one of "<<", ">>", "<", ">" (each followed by a blank) or "RX:", "TX:" (any case).
 * A stamp with a zone gives UTC; without one, --tz converts it to UTC, else it stays local
 * time (time_utc 0). A line without a usable stamp is rejected (bad_time) when it would carry
 * a measurement or fix, else skipped as "unstamped".
 *
 * Responses. A serving-cell measurement is held until its response ends so that neighbour lines
 * travel with it: NUESTATS ones until OK/ERROR, QENG ones until the next AT command other than
 * AT+QENG="neighbourcell" (a neighbour query right after the serving-cell one belongs to it) or
 * the next serving cell; both end at a stamp of another whole second and at end of file. */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ingest/formats.h"
#include "ingest/lines.h"
#include "ingest/quectel.h"
#include "ingest/report.h"
#include "ingest/timeparse.h"

/* ---- framing ---- */

/* 1 when s starts with n decimal digits. */
static int digits(const char *s, int n) {
    for (int i = 0; i < n; i++)
        if (!isdigit((unsigned char)s[i])) return 0;
    return 1;
}

/* p past any blanks. */
static const char *blanks(const char *p) {
    while (*p == ' ' || *p == '\t')
        p++;
    return p;
}

/* Length of the date-time at s (see the file comment), 0 when there is none. space_zone lets a
 * blank come between time and zone (inside brackets only). */
static size_t datetime(const char *s, int space_zone) {
    if (!digits(s, 4) || s[4] != '-' || !digits(s + 5, 2) || s[7] != '-' || !digits(s + 8, 2) ||
        (s[10] != 'T' && s[10] != ' '))
        return 0;
    const char *p = s + 11;
    if (!digits(p, 2) || p[2] != ':' || !digits(p + 3, 2) || p[5] != ':' || !digits(p + 6, 2))
        return 0;
    p += 8;
    if ((*p == '.' || *p == ',') && isdigit((unsigned char)p[1]))
        for (p++; isdigit((unsigned char)*p); p++) {
        }
    const char *q = space_zone ? blanks(p) : p;
    if (*q == 'Z') {
        p = q + 1;
    } else if ((*q == '+' || *q == '-') && digits(q + 1, 2)) {
        q += 3;
        if (*q == ':' && digits(q + 1, 2))
            q += 3;
        else if (digits(q, 2))
            q += 2;
        p = q;
    }
    return (size_t)(p - s);
}

/* Skips a direction marker and the blanks after it. */
static const char *marker(const char *p) {
    static const char *const m[] = {"<<", ">>", "<", ">"};
    if (strncasecmp(p, "RX:", 3) == 0 || strncasecmp(p, "TX:", 3) == 0) return blanks(p + 3);
    for (size_t i = 0; i < sizeof m / sizeof *m; i++) {
        size_t n = strlen(m[i]);
        if (strncmp(p, m[i], n) == 0 && (p[n] == ' ' || p[n] == '\t' || p[n] == '\0'))
            return blanks(p + n);
    }
    return p;
}

/* Finds the stamp at the start of line: copies it (without brackets) to buf and returns the
 * offset of the modem text (blanks and marker skipped), or 0 when the line has no stamp. */
static size_t frame(const char *line, char *buf, size_t bufn) {
    const char *s = blanks(line), *after;
    size_t len;
    if (*s == '[') {
        len = datetime(s + 1, 1);
        if (!len || s[1 + len] != ']') return 0;
        snprintf(buf, bufn, "%.*s", (int)len, s + 1);
        after = s + len + 2;
    } else {
        len = datetime(s, 0);
        if (!len || (s[len] != '\0' && s[len] != ' ' && s[len] != '\t')) return 0;
        snprintf(buf, bufn, "%.*s", (int)len, s);
        after = s + len;
    }
    return (size_t)(marker(blanks(after)) - line);
}

/* Whether a line's text is something this reader is made for (used by the sniffer). */
static int at_content(const char *t) {
    static const char *const p[] = {"+QENG", "NUESTATS", "Signal power:", "+CESQ", "+QGPSLOC",
                                    "AT+",   "at+"};
    for (size_t i = 0; i < sizeof p / sizeof *p; i++)
        if (strncmp(t, p[i], strlen(p[i])) == 0) return 1;
    return 0;
}

int dtmapi_ingest_quectel_sniff(const char *head, size_t n) {
    const char *p = head, *end = head + n;
    if (n >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0) p += 3;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t len = (size_t)((nl ? nl : end) - p);
        char buf[256], stamp[64], why[64];
        snprintf(buf, sizeof buf, "%.*s", (int)(len < sizeof buf ? len : sizeof buf - 1), p);
        buf[strcspn(buf, "\r")] = '\0';
        size_t off = frame(buf, stamp, sizeof stamp);
        double t;
        int zoned;
        if (off && dtmapi_ingest_time_parse(stamp, &t, &zoned, why, sizeof why) &&
            at_content(buf + off))
            return 1;
        if (!nl) break;
        p = nl + 1;
    }
    return 0;
}

/* ---- commands, plain responses, lines ---- */

/* "AT", "ATI", "ATE0", "AT+QENG=...", "at+cesq": an echoed (or logged) command. */
static int is_command(const char *t) {
    if ((t[0] != 'A' && t[0] != 'a') || (t[1] != 'T' && t[1] != 't')) return 0;
    char c = t[2];
    if (c == '\0' || strchr("+&%$^#*", c)) return 1;
    return isalpha((unsigned char)c) && !isalpha((unsigned char)t[3]);
}

/* The command an echoed AT line t starts (its first command when several are chained). */
static qcmd classify(const char *t) {
    static const struct {
        const char *name;
        qcmd cmd;
    } table[] = {
        {"+NUESTATS", QCMD_NUESTATS}, {"+QGPSLOC", QCMD_QGPSLOC},  {"+CGMM", QCMD_IDENT_MODEL},
        {"+GMM", QCMD_IDENT_MODEL},   {"+CGMI", QCMD_IDENT_MAKER}, {"+GMI", QCMD_IDENT_MAKER},
        {"+GMR", QCMD_IDENT_OTHER},   {"+CGMR", QCMD_IDENT_OTHER}, {"+QGMR", QCMD_IDENT_OTHER}};
    const char *name = t + 2;
    size_t len = strcspn(name, "=?;");
    if (len == 5 && strncasecmp(name, "+QENG", 5) == 0) {
        for (const char *p = name; *p; p++)
            if (strncasecmp(p, "neighbourcell", 13) == 0) return QCMD_QENG_NBR;
        return QCMD_QENG;
    }
    if ((name[0] == 'I' || name[0] == 'i') && (len == 1 || digits(name + 1, (int)len - 1)))
        return QCMD_IDENT_ATI;
    for (size_t i = 0; i < sizeof table / sizeof *table; i++)
        if (strlen(table[i].name) == len && strncasecmp(name, table[i].name, len) == 0)
            return table[i].cmd;
    return QCMD_OTHER;
}

/* An AT command line: the previous response has ended (a QENG serving cell stays for an
 * AT+QENG="neighbourcell" query). */
static dtmap_status command(qreader *r, const char *t, dtmap_error *err) {
    qcmd c = classify(t);
    dtmap_status st = dtmapi_q_flush(r, c == QCMD_QENG_NBR, err);
    r->cmd = c;
    r->resp_lines = 0;
    dtmapi_ingest_sink_skip(r->k, r->line, "AT command");
    return st;
}

/* A final error result code. */
static int is_error(const char *t) {
    return strcmp(t, "ERROR") == 0 || strncmp(t, "+CME ERROR", 10) == 0 ||
           strncmp(t, "+CMS ERROR", 10) == 0;
}

/* Quectel's RedCap families (RG255C, RM255C and their -GL, -CN, ... variants; a revision such
 * as "RG255CGLR01A01M4G" starts the same): NR from them is RedCap, not a phone's NR. */
static const char *const redcap_models[] = {"RG255", "RM255"};

/* Notes in r->redcap the first identity line t (a model, "Quectel RG255C", "Revision: ...")
 * that names a RedCap model. */
static void note_redcap(qreader *r, const char *t) {
    t = blanks(t);
    if (strncasecmp(t, "Revision:", 9) == 0) t = blanks(t + 9);
    if (strncasecmp(t, "Quectel", 7) == 0) t = blanks(t + 7);
    for (size_t i = 0; !r->redcap[0] && i < sizeof redcap_models / sizeof *redcap_models; i++)
        if (strncasecmp(t, redcap_models[i], strlen(redcap_models[i])) == 0)
            snprintf(r->redcap, sizeof r->redcap, "%.*s", (int)strcspn(t, " \t,"), t);
}

/* A line of the answer to ATI / AT+CGMM / AT+CGMI / AT+GMR: the first model named becomes the
 * file's device ("Quectel RG255C" from ATI, or the manufacturer read earlier plus the model). */
static void identity(qreader *r, const char *t) {
    dtmapi_ingest_sink_skip(r->k, r->line, "device info");
    note_redcap(r, t);
    int i = r->resp_lines++;
    int maker = (r->cmd == QCMD_IDENT_ATI || r->cmd == QCMD_IDENT_MAKER) && i == 0;
    int model = (r->cmd == QCMD_IDENT_ATI && i == 1) || (r->cmd == QCMD_IDENT_MODEL && i == 0);
    if (maker) snprintf(r->maker, sizeof r->maker, "%s", t);
    char *dev = r->k->fr->device;
    if (!model || dev[0] || strncasecmp(t, "Revision", 8) == 0) return;
    if (r->maker[0] && strncasecmp(t, r->maker, strlen(r->maker)) != 0)
        snprintf(dev, sizeof r->k->fr->device, "%s %s", r->maker, t);
    else
        snprintf(dev, sizeof r->k->fr->device, "%s", t);
}

/* Whether text starting at t would become a sample or a fix. */
static int measuring(const char *t) {
    if (strncmp(t, "+CESQ:", 6) == 0 || strncmp(t, "+QGPSLOC:", 9) == 0 ||
        dtmapi_q_nuestats_is(t, 1) == 1)
        return 1;
    char buf[256], *f[Q_MAXF];
    snprintf(buf, sizeof buf, "%s", t);
    if (strncmp(buf, "NUESTATS:", 9) == 0) {
        dtmapi_q_split(buf + 9, f, Q_MAXF);
        return strcasecmp(f[0], "RADIO") == 0 || strcasecmp(f[0], "CELL") == 0;
    }
    if (strncmp(buf, "+QENG:", 6) != 0) return 0;
    size_t n = dtmapi_q_split(buf + 6, f, Q_MAXF);
    return (strcasecmp(f[0], "servingcell") == 0 && n >= 3) || strcasecmp(f[0], "LTE") == 0 ||
           strcasecmp(f[0], "NR5G-NSA") == 0;
}

/* Where a measurement or fix starts in t: at its start (after blanks and a marker) or behind
 * text this reader does not know (another stamp style, another marker); NULL when none. */
static const char *carrier(const char *t) {
    static const char *const starts[] = {
        "+QENG:", "+CESQ:", "+QGPSLOC:", "NUESTATS:", "Signal power:"};
    const char *s = marker(blanks(t));
    if (measuring(s)) return s;
    for (size_t i = 0; i < sizeof starts / sizeof *starts; i++) {
        const char *at = strstr(t, starts[i]);
        if (at && measuring(at)) return at;
    }
    return NULL;
}

/* One stamped line's modem text t (writable): exactly one sink call, now or when its response
 * is emitted. */
static dtmap_status dispatch(qreader *r, char *t, dtmap_error *err) {
    dtmap_status st = DTMAP_OK;
    const char *c;
    if (is_command(t)) return command(r, t, err);
    if (strcmp(t, "OK") == 0 || is_error(t)) {
        qcmd was = r->cmd;
        r->cmd = QCMD_NONE;
        if ((st = dtmapi_q_flush(r, 1, err)) != DTMAP_OK) return st;
        if (strcmp(t, "OK") == 0)
            dtmapi_ingest_sink_skip(r->k, r->line, "OK");
        else if (was == QCMD_QGPSLOC)
            return dtmapi_q_reject(r, DTMAP_REJ_NO_FIX, err, "%.60s answering AT+QGPSLOC", t);
        else
            dtmapi_ingest_sink_skip(r->k, r->line, "ERROR");
        return DTMAP_OK;
    }
    if (strncmp(t, "+QENG:", 6) == 0) return dtmapi_q_qeng(r, t, err);
    if (strncmp(t, "+CESQ:", 6) == 0) return dtmapi_q_cesq(r, t, err);
    if (strncmp(t, "+QGPSLOC:", 9) == 0) return dtmapi_q_qgpsloc(r, t, err);
    int in_nuestats = r->cmd == QCMD_NUESTATS || dtmapi_q_pend_find(r, QSRC_NUESTATS, -1);
    if (dtmapi_q_nuestats_is(t, !in_nuestats)) return dtmapi_q_nuestats(r, t, err);
    if (r->cmd >= QCMD_IDENT_ATI && r->cmd <= QCMD_IDENT_OTHER) {
        identity(r, t);
    } else if ((c = carrier(t)) != NULL) {
        return dtmapi_q_reject(r, DTMAP_REJ_FIELDS, err, "unrecognised text before '%.24s'", c);
    } else if (t[0] == '+' && isalpha((unsigned char)t[1])) {
        char kind[24];
        size_t n = 1;
        while (n < sizeof kind - 1 && isalnum((unsigned char)t[n]))
            n++;
        snprintf(kind, sizeof kind, "%.*s", (int)n, t);
        dtmapi_ingest_sink_skip(r->k, r->line, kind);
    } else {
        dtmapi_ingest_sink_skip(r->k, r->line, "other text");
    }
    return DTMAP_OK;
}

/* A line without a usable stamp: rejected when it would carry a measurement, also behind a
 * stamp style this reader does not know ("2026/03/14 09:21:07 +CESQ: ..."), else skipped. */
static dtmap_status unstamped(qreader *r, const char *t, const char *stamp, const char *why,
                              dtmap_error *err) {
    if (!carrier(t)) {
        dtmapi_ingest_sink_skip(r->k, r->line, "unstamped");
        return DTMAP_OK;
    }
    if (stamp) return dtmapi_q_reject(r, DTMAP_REJ_BAD_TIME, err, "timestamp '%s': %s", stamp, why);
    return dtmapi_q_reject(r, DTMAP_REJ_BAD_TIME, err, "no timestamp");
}

/* The splitter's callback: frames the line, ends responses at a new second, dispatches. */
static dtmap_status on_line(void *user, char *text, size_t len, uint32_t line, int truncated,
                            dtmap_error *err) {
    (void)len;
    qreader *r = user;
    r->line = line;
    if (truncated)
        return dtmapi_q_reject(r, DTMAP_REJ_FIELDS, err, "line longer than %d bytes",
                               INGEST_LINE_MAX);
    char stamp[64], why[64];
    size_t off = frame(text, stamp, sizeof stamp);
    if (!off) return unstamped(r, text, NULL, NULL, err);
    double t;
    int zoned;
    if (!dtmapi_ingest_time_parse(stamp, &t, &zoned, why, sizeof why))
        return unstamped(r, text + off, stamp, why, err);
    const dtmap_ingest_opts *o = r->k->opts;
    r->utc = zoned || o->tz_set;
    if (!zoned && o->tz_set) t -= o->tz_offset_s;
    r->t = t;
    int64_t sec = (int64_t)floor(t);
    if (r->have_sec && sec != r->sec) { /* another second: every response has ended */
        dtmap_status st = dtmapi_q_flush(r, 0, err);
        if (st != DTMAP_OK) return st;
    }
    r->have_sec = 1;
    r->sec = sec;
    return dispatch(r, text + off, err);
}

/* A RedCap module's transcript read without --redcap: its NR samples (the last ones in the
 * set) merge into phone NR, which is a warning naming the file, never silent. */
static dtmap_status warn_redcap(qreader *r, dtmap_error *err) {
    const ingest_sink *k = r->k;
    size_t nr = 0;
    if (!r->redcap[0] || k->opts->redcap) return DTMAP_OK;
    for (size_t i = k->set->n; i-- > 0 && k->set->v[i].file == k->fr->file;)
        nr += k->set->v[i].tech == DTMAP_TECH_NR;
    if (!nr) return DTMAP_OK;
    if (dtmapi_ingest_report_add_warning(k->rep, k->fr->file,
                                         "%s: the module is a RedCap model (%s), but its %zu NR "
                                         "sample(s) are mapped as phone NR: give --redcap %s",
                                         k->path, r->redcap, nr, k->path) != DTMAP_OK)
        return dtmap_error_set(err, DTMAP_ERR_NOMEM, "%s: out of memory", k->path);
    return DTMAP_OK;
}

dtmap_status dtmapi_ingest_quectel_read(ingest_sink *k, dtmap_error *err) {
    qreader r;
    memset(&r, 0, sizeof r);
    r.k = k;
    snprintf(k->fr->format, sizeof k->fr->format, "quectel-at");
    dtmap_status st = dtmapi_ingest_lines_read(k, on_line, &r, err);
    if (st != DTMAP_OK) goto done;
    if ((st = dtmapi_q_flush(&r, 0, err)) != DTMAP_OK) goto done;
    if (!r.have_sec)
        st = dtmap_error_set(err, DTMAP_ERR_FORMAT, "%s: no timestamped AT transcript line",
                             k->path);
    else
        st = warn_redcap(&r, err);
done:
    for (size_t i = 0; i < Q_PEND_MAX; i++)
        free(r.pend[i].nbr);
    return st;
}
