/* profile_parse.c: reads the profile text format (data/profiles/README.md): "[tech]" sections of
 * "key = value | source" lines, checked line by line, errors as "label:line: what". */
#include "core/profile_parse.h"

#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <cpl_conv.h>

#include "core/text.h"

/* The keys of a technology section, as slots: KEY_RANGE + metric, KEY_WEAK + metric, ... */
enum {
    KEY_RANGE = 0,
    KEY_WEAK = DTMAP_METRIC_COUNT,
    KEY_CLASSES = 2 * DTMAP_METRIC_COUNT,
    KEY_ECL = 3 * DTMAP_METRIC_COUNT,
    KEY_COUNT
};

/* Parser state for one text. */
typedef struct parser {
    const char *label; /* path or "built-in NAME", for details */
    int line;          /* current physical line; 0 for whole-text checks */
    int nul_line;      /* the line that held a NUL byte, 0 for none */
    dtmap_profile *p;
    int tech; /* current section (dtmap_tech), -1 before the first */
    int section_line[DTMAP_TECH_COUNT];
    int key_line[DTMAP_TECH_COUNT][KEY_COUNT]; /* where each key was set; 0: not set */
    int name_line, description_line;
    dtmap_error *err;
} parser;

/* Fills the error with DTMAP_ERR_FORMAT and "label:line: what" (or "label: what" for line 0);
 * returns DTMAP_ERR_FORMAT. */
__attribute__((format(printf, 2, 3))) static dtmap_status fail(const parser *ps, const char *fmt,
                                                               ...) {
    char what[768];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    if (ps->line > 0)
        return dtmap_error_set(ps->err, DTMAP_ERR_FORMAT, "%s:%d: %s", ps->label, ps->line, what);
    return dtmap_error_set(ps->err, DTMAP_ERR_FORMAT, "%s: %s", ps->label, what);
}

/* Spaces, tabs and a stray CR: what is trimmed from keys, values and lines. */
#define BLANKS " \t\r"

/* Parses a whole token as a finite number, whatever the locale; 0 on success, -1 if not one. */
static int parse_number(const char *tok, double *v) {
    char *end;
    double x = CPLStrtod(tok, &end);
    if (end == tok || *end != '\0' || !isfinite(x)) return -1;
    *v = x;
    return 0;
}

/* Reads exactly `want` (1 or 2) space-separated numbers of key's value into out[] (NAN on
 * error: fail()'s status is opaque to the compiler, which then saw out[] maybe unset). */
static dtmap_status numbers(const parser *ps, const char *key, const char *value, int want,
                            double *out) {
    dtmap_status st = DTMAP_OK;
    for (int i = 0; i < want; i++)
        out[i] = NAN;
    char **tok = CSLTokenizeString2(value, " \t", 0);
    if (CSLCount(tok) != want) {
        st = fail(ps, "%s: expected %s, got '%s'", key,
                  want == 1 ? "one number" : "two numbers LOW HIGH", value);
        goto done;
    }
    for (int i = 0; i < want; i++)
        if (parse_number(tok[i], &out[i]) != 0) {
            st = fail(ps, "%s: '%s' is not a number", key, tok[i]);
            goto done;
        }
done:
    CSLDestroy(tok);
    return st;
}

/* Reads "name bound #colour, ..., name #colour" (best first, bounds strictly descending, the
 * last without a bound) into out[] and *n. */
static dtmap_status parse_classes(const parser *ps, const char *key, const char *value,
                                  dtmap_class *out, int *n) {
    dtmap_status st = DTMAP_OK;
    char **tok = NULL;
    char **item = CSLTokenizeString2(
        value, ",", CSLT_STRIPLEADSPACES | CSLT_STRIPENDSPACES | CSLT_ALLOWEMPTYTOKENS);
    int count = CSLCount(item);
    if (count < 2 || count > DTMAP_PROFILE_MAX_CLASSES) {
        st = fail(ps, "%s: %d classes; give 2 to %d, best first", key, count,
                  DTMAP_PROFILE_MAX_CLASSES);
        goto done;
    }
    for (int i = 0; i < count; i++) {
        int last = i == count - 1;
        CSLDestroy(tok);
        tok = CSLTokenizeString2(item[i], " \t", 0);
        int nt = CSLCount(tok);
        if (nt == 0) {
            st = fail(ps, "%s: class %d is empty", key, i + 1);
            goto done;
        }
        const char *name = tok[0], *colour = tok[nt - 1];
        if (!last && nt != 3) {
            st = fail(ps, "%s: class '%s': expected 'NAME LOWER-BOUND #rrggbb'%s", key, name,
                      nt == 2 ? " (only the last class has no bound)" : "");
            goto done;
        }
        if (last && nt != 2) {
            st = fail(ps,
                      "%s: last class '%s': expected 'NAME #rrggbb' (it holds everything "
                      "below the previous bound)",
                      key, name);
            goto done;
        }
        if (strlen(name) >= sizeof out[i].name) {
            st = fail(ps, "%s: class name '%s' longer than %zu characters", key, name,
                      sizeof out[i].name - 1);
            goto done;
        }
        for (int j = 0; j < i; j++)
            if (strcmp(out[j].name, name) == 0) {
                st = fail(ps, "%s: class name '%s' used twice", key, name);
                goto done;
            }
        double lower = -INFINITY;
        if (!last && parse_number(tok[1], &lower) != 0) {
            st = fail(ps, "%s: class '%s': bound '%s' is not a number", key, name, tok[1]);
            goto done;
        }
        if (i > 0 && !(lower < out[i - 1].lower)) {
            st = fail(ps, "%s: classes not in descending order: %s %g is not below %s %g", key,
                      name, lower, out[i - 1].name, out[i - 1].lower);
            goto done;
        }
        if (!dtmap_colour_ok(colour)) {
            st = fail(ps, "%s: class '%s': bad colour '%s' (expected #rrggbb)", key, name, colour);
            goto done;
        }
        snprintf(out[i].name, sizeof out[i].name, "%s", name);
        out[i].lower = lower;
        memcpy(out[i].colour, colour, 8);
    }
    *n = count;
done:
    CSLDestroy(tok);
    CSLDestroy(item);
    return st;
}

/* name = ... and description = ...: free text, before the first section. */
static dtmap_status top_key(parser *ps, const char *key, const char *value) {
    int is_name = strcasecmp(key, "name") == 0;
    int *seen = is_name ? &ps->name_line : &ps->description_line;
    char *dst = is_name ? ps->p->name : ps->p->description;
    size_t cap = is_name ? sizeof ps->p->name : sizeof ps->p->description;
    if (ps->tech >= 0) return fail(ps, "%s belongs before the first section", key);
    if (*seen) return fail(ps, "%s given twice (first at line %d)", key, *seen);
    if (!*value) return fail(ps, "%s is empty", key);
    if (strlen(value) >= cap) return fail(ps, "%s longer than %zu characters", key, cap - 1);
    snprintf(dst, cap, "%s", value);
    *seen = ps->line;
    return DTMAP_OK;
}

/* Maps a section key to its slot (KEY_* + metric); -1 if unknown. */
static int key_slot(const char *key) {
    static const char *const kinds[] = {"range.", "weak.", "classes."};
    dtmap_metric m;
    if (strcasecmp(key, "ecl.ce2_share") == 0) return KEY_ECL;
    if (strcasecmp(key, "interference.sinr") == 0) return KEY_WEAK + DTMAP_METRIC_SINR;
    for (int k = 0; k < 3; k++) {
        size_t n = strlen(kinds[k]);
        if (strncasecmp(key, kinds[k], n) == 0 && dtmap_metric_parse(key + n, &m) == 0)
            return k * DTMAP_METRIC_COUNT + (int)m;
    }
    return -1;
}

/* One "key = value | source" line of a section (or name/description before the first). */
static dtmap_status key_value(parser *ps, const char *key, char *value) {
    if (strcasecmp(key, "name") == 0 || strcasecmp(key, "description") == 0)
        return top_key(ps, key, value);
    int slot = key_slot(key);
    if (slot < 0)
        return fail(ps,
                    "unknown key '%s' (expected name, description, range.METRIC, "
                    "weak.METRIC, interference.sinr, classes.METRIC or ecl.ce2_share; METRIC "
                    "rsrp, rsrq or sinr)",
                    key);
    if (ps->tech < 0)
        return fail(ps, "%s before any section: put it under [lte], [nr], [redcap] or [nbiot]",
                    key);
    if (slot == KEY_ECL && ps->tech != DTMAP_TECH_NBIOT)
        return fail(ps, "%s belongs in [nbiot]", key);
    const char *techname = dtmap_tech_name((dtmap_tech)ps->tech);
    if (ps->key_line[ps->tech][slot])
        return fail(ps, "%s: [%s] already set it at line %d", key, techname,
                    ps->key_line[ps->tech][slot]);

    char *bar = strchr(value, '|');
    if (!bar || !*dtmapi_trim(bar + 1, BLANKS))
        return fail(ps, "%s: missing '| source' (every value says where it comes from)", key);
    *bar = '\0';
    const char *source = dtmapi_trim(bar + 1, BLANKS), *val = dtmapi_trim(value, BLANKS);
    if (strlen(source) >= DTMAP_PROFILE_SOURCE)
        return fail(ps, "%s: source longer than %d characters", key, DTMAP_PROFILE_SOURCE - 1);
    if (!*val) return fail(ps, "%s: no value before '|'", key);

    dtmap_tech_profile *tp = &ps->p->tech[ps->tech];
    int m = slot % DTMAP_METRIC_COUNT;
    double v[2];
    dtmap_status st;
    if (slot == KEY_ECL) {
        if ((st = numbers(ps, key, val, 1, v)) != DTMAP_OK) return st;
        if (!(v[0] > 0 && v[0] <= 1)) return fail(ps, "%s: %g is not a share in (0, 1]", key, v[0]);
        ps->p->ecl_ce2_share.set = 1;
        ps->p->ecl_ce2_share.value = v[0];
        snprintf(ps->p->ecl_ce2_share.source, DTMAP_PROFILE_SOURCE, "%s", source);
    } else if (slot < KEY_WEAK) {
        if ((st = numbers(ps, key, val, 2, v)) != DTMAP_OK) return st;
        if (!(v[0] < v[1])) return fail(ps, "%s: low %g is not below high %g", key, v[0], v[1]);
        tp->has_range[m] = 1;
        tp->range_lo[m] = v[0];
        tp->range_hi[m] = v[1];
        snprintf(tp->range_source[m], DTMAP_PROFILE_SOURCE, "%s", source);
    } else if (slot < KEY_CLASSES) {
        if ((st = numbers(ps, key, val, 1, v)) != DTMAP_OK) return st;
        tp->weak[m].set = 1;
        tp->weak[m].value = v[0];
        snprintf(tp->weak[m].source, DTMAP_PROFILE_SOURCE, "%s", source);
    } else {
        if ((st = parse_classes(ps, key, val, tp->classes[m], &tp->nclasses[m])) != DTMAP_OK)
            return st;
        snprintf(tp->classes_source[m], DTMAP_PROFILE_SOURCE, "%s", source);
    }
    ps->key_line[ps->tech][slot] = ps->line;
    return DTMAP_OK;
}

/* "[lte]", "[nr]", "[redcap]" or "[nbiot]": opens that technology's section (once). */
static dtmap_status section(parser *ps, char *s) {
    size_t n = strlen(s);
    if (n < 2 || s[n - 1] != ']') return fail(ps, "expected '[section]', got '%.60s'", s);
    s[n - 1] = '\0';
    const char *name = dtmapi_trim(s + 1, BLANKS);
    dtmap_tech t;
    if (dtmap_tech_parse(name, &t) != 0 || t == DTMAP_TECH_OTHER)
        return fail(ps, "unknown section [%.40s] (expected [lte], [nr], [redcap] or [nbiot])",
                    name);
    if (ps->section_line[t])
        return fail(ps, "section [%s] given twice (first at line %d)", dtmap_tech_name(t),
                    ps->section_line[t]);
    ps->section_line[t] = ps->line;
    ps->p->tech[t].present = 1;
    ps->tech = (int)t;
    return DTMAP_OK;
}

/* Refuses a line that is not UTF-8 text, saying where (the details would otherwise echo its raw
 * bytes): a UTF-16 profile (as Windows Notepad saves "Unicode") by name, anything else by the
 * first bad byte. Returns DTMAP_OK for a good line. */
static dtmap_status check_text(const parser *ps, const char *line) {
    if (ps->line == 1 && (strncmp(line, "\xFF\xFE", 2) == 0 || strncmp(line, "\xFE\xFF", 2) == 0))
        return fail(ps, "UTF-16 text: save the profile as UTF-8");
    size_t n = strlen(line);
    for (size_t i = 0; i < n;) {
        int len = dtmapi_utf8_next(line + i, n - i, NULL);
        if (len <= 0)
            return fail(ps, "not UTF-8 text (byte 0x%02X at offset %zu of the line)",
                        (unsigned)(unsigned char)line[i], i);
        i += (size_t)len;
    }
    return DTMAP_OK;
}

/* One physical line (a writable copy): blank, # comment, [section] or key = value. */
static dtmap_status parse_line(parser *ps, char *line) {
    dtmap_status st = check_text(ps, line);
    if (st != DTMAP_OK) return st;
    if (ps->line == ps->nul_line) return fail(ps, "NUL byte"); /* the line is cut there */
    if (ps->line == 1 && strncmp(line, "\xEF\xBB\xBF", 3) == 0) line += 3; /* UTF-8 BOM */
    char *s = dtmapi_trim(line, BLANKS);
    if (!*s || *s == '#') return DTMAP_OK;
    if (*s == '[') return section(ps, s);
    char *key = NULL;
    const char *v = CPLParseNameValue(s, &key);
    char *value = v ? CPLStrdup(v) : NULL;
    if (!value || !key || !*dtmapi_trim(key, BLANKS))
        st = fail(ps, "expected 'key = value', '[section]' or a # comment, got '%.60s'", s);
    else
        st = key_value(ps, dtmapi_trim(key, BLANKS), value);
    CPLFree(value);
    CPLFree(key);
    return st;
}

/* Whole-text checks: a name, a section, and thresholds inside their metric's range. */
static dtmap_status check_profile(parser *ps) {
    for (int t = 0; t < DTMAP_TECH_COUNT; t++)
        for (int m = 0; m < DTMAP_METRIC_COUNT; m++) {
            const dtmap_tech_profile *tp = &ps->p->tech[t];
            double w = tp->weak[m].value;
            if (!tp->weak[m].set || !tp->has_range[m]) continue;
            if (w < tp->range_lo[m] || w > tp->range_hi[m]) {
                ps->line = ps->key_line[t][KEY_WEAK + m];
                return fail(ps, "threshold %s %g outside range.%s %g..%g of [%s]",
                            dtmap_metric_name((dtmap_metric)m), w,
                            dtmap_metric_name((dtmap_metric)m), tp->range_lo[m], tp->range_hi[m],
                            dtmap_tech_name((dtmap_tech)t));
            }
        }
    ps->line = 0;
    if (!ps->name_line) return fail(ps, "no 'name = ...' line");
    for (int t = 0; t < DTMAP_TECH_COUNT; t++)
        if (ps->section_line[t]) return DTMAP_OK;
    return fail(ps, "no technology section ([lte], [nr], [redcap] or [nbiot])");
}

dtmap_status dtmapi_profile_parse_lines(CSLConstList lines, const char *label, int nul_line,
                                        dtmap_profile *p, dtmap_error *err) {
    dtmap_status st = DTMAP_OK;
    memset(p, 0, sizeof *p);
    parser ps = {.label = label, .nul_line = nul_line, .p = p, .tech = -1, .err = err};
    for (int i = 0; lines && lines[i]; i++) {
        ps.line = i + 1;
        char *copy = CPLStrdup(lines[i]);
        st = parse_line(&ps, copy);
        CPLFree(copy);
        if (st != DTMAP_OK) goto done;
    }
    st = check_profile(&ps);
done:
    if (st != DTMAP_OK) memset(p, 0, sizeof *p);
    return st;
}
