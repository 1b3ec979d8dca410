/* profile.c: technology profiles: the built-in ones compiled from data/profiles/, loading by
 * name or path, the shared default, and class lookup. The text format is in profile_parse.c. */
#include "dtmap/profile.h"

#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cpl_conv.h>
#include <cpl_string.h>

#include "core/profile_parse.h"

/* A profile file larger than this is not a profile (a drive-test log given by mistake). */
#define MAX_PROFILE_BYTES (1 << 20)

const char *const *dtmap_profile_builtin_names(void) {
    return dtmapi_profile_builtin_names;
}

/* The built-in profile called name, or NULL. */
static const dtmapi_profile_builtin *find_builtin(const char *name) {
    for (const dtmapi_profile_builtin *b = dtmapi_profile_builtins; b->name; b++)
        if (strcmp(b->name, name) == 0) return b;
    return NULL;
}

/* Parses a built-in profile's text into *p (origin "built-in NAME"). */
static dtmap_status load_builtin(const dtmapi_profile_builtin *b, dtmap_profile *p,
                                 dtmap_error *err) {
    char label[96];
    snprintf(label, sizeof label, "built-in %s", b->name);
    char **lines = CSLTokenizeString2((const char *)b->text, "\n", CSLT_ALLOWEMPTYTOKENS);
    dtmap_status st = dtmapi_profile_parse_lines(lines, label, 0, p, err);
    CSLDestroy(lines);
    if (st == DTMAP_OK) snprintf(p->origin, sizeof p->origin, "%s", label);
    return st;
}

/* Fills err with DTMAP_ERR_IO for path (why: what failed) and lists the built-in names, since
 * the user may have meant one of them. */
static dtmap_status io_error(dtmap_error *err, const char *path, const char *why) {
    char names[256] = "";
    size_t used = 0;
    for (const dtmapi_profile_builtin *b = dtmapi_profile_builtins; b->name && used < sizeof names;
         b++) {
        int k = snprintf(names + used, sizeof names - used, "%s%s", used ? ", " : "", b->name);
        if (k < 0) break;
        used += (size_t)k;
    }
    return dtmap_error_set(err, DTMAP_ERR_IO,
                           "profile %s: %s (not a built-in profile either; built-in: %s)", path,
                           why, names);
}

/* Reads a profile file into *p (origin: the path). */
/* Splits the n bytes of text (written over: line ends become NUL) into a NULL-terminated list
 * of lines, LF, CRLF and CR ends alike, blank lines kept, so that index + 1 is the physical line
 * number. Returns a malloc'd array of pointers into text (free() it), or NULL out of memory. */
static char **split_lines(char *text, size_t n) {
    size_t count = 1;
    for (size_t i = 0; i < n; i++)
        count += text[i] == '\n' || (text[i] == '\r' && (i + 1 == n || text[i + 1] != '\n'));
    char **lines = malloc((count + 1) * sizeof *lines);
    if (!lines) return NULL;
    size_t k = 0, begin = 0;
    for (size_t i = 0; i < n; i++) {
        if (text[i] != '\n' && text[i] != '\r') continue;
        int crlf = text[i] == '\r' && i + 1 < n && text[i + 1] == '\n';
        text[i] = '\0';
        lines[k++] = text + begin;
        i += crlf;
        begin = i + 1;
    }
    if (begin < n) lines[k++] = text + begin; /* a last line without its end */
    lines[k] = NULL;
    return lines;
}

/* Reads the profile file at path (at most MAX_PROFILE_BYTES, no NUL byte) and parses it. */
static dtmap_status load_file(const char *path, dtmap_profile *p, dtmap_error *err) {
    struct stat sb;
    FILE *fp = NULL;
    char *text = NULL;
    char **lines = NULL;
    dtmap_status st;
    errno = 0;
    if (stat(path, &sb) != 0) {
        st = io_error(err, path, errno ? strerror(errno) : "cannot be read");
        goto done;
    }
    if (S_ISDIR(sb.st_mode)) {
        st = io_error(err, path, "is a folder");
        goto done;
    }
    if (sb.st_size > MAX_PROFILE_BYTES) {
        st = dtmap_error_set(err, DTMAP_ERR_FORMAT, "%s: %lld bytes, not a profile (at most %d)",
                             path, (long long)sb.st_size, MAX_PROFILE_BYTES);
        goto done;
    }
    errno = 0;
    if (!(fp = fopen(path, "rb"))) {
        st = io_error(err, path, errno ? strerror(errno) : "cannot be read");
        goto done;
    }
    /* One byte more than the limit, so that a file that grew since stat is told. */
    if (!(text = malloc(MAX_PROFILE_BYTES + 2))) {
        st = dtmap_error_set(err, DTMAP_ERR_NOMEM, "%s", path);
        goto done;
    }
    size_t n = fread(text, 1, MAX_PROFILE_BYTES + 1, fp);
    if (ferror(fp)) {
        st = io_error(err, path, errno ? strerror(errno) : "cannot be read");
        goto done;
    }
    if (n > MAX_PROFILE_BYTES) {
        st = dtmap_error_set(err, DTMAP_ERR_FORMAT, "%s: more than %d bytes, not a profile", path,
                             MAX_PROFILE_BYTES);
        goto done;
    }
    text[n] = '\0';
    /* The parser would read a line cut at a NUL byte: it is told at its line instead (after the
     * text checks of the lines up to it, so that UTF-16 or binary junk is named as such). */
    int nul_line = 0;
    const char *nul = memchr(text, '\0', n);
    if (nul) {
        nul_line = 1;
        for (const char *c = text; c < nul; c++)
            nul_line += *c == '\n' || (*c == '\r' && c[1] != '\n');
    }
    if (n > 0 && !(lines = split_lines(text, n))) {
        st = dtmap_error_set(err, DTMAP_ERR_NOMEM, "%s", path);
        goto done;
    }
    st = dtmapi_profile_parse_lines((CSLConstList)lines, path, nul_line, p, err);
    if (st == DTMAP_OK) snprintf(p->origin, sizeof p->origin, "%s", path);
done:
    free(lines);
    free(text);
    if (fp) fclose(fp);
    return st;
}

dtmap_status dtmap_profile_load(const char *name_or_path, dtmap_profile *p, dtmap_error *err) {
    if (p) memset(p, 0, sizeof *p);
    if (!name_or_path || !p)
        return dtmap_error_set(err, DTMAP_ERR_USAGE, "profile: no name or path given");
    if (!*name_or_path) return io_error(err, "''", "empty name");
    const dtmapi_profile_builtin *b = find_builtin(name_or_path);
    return b ? load_builtin(b, p, err) : load_file(name_or_path, p, err);
}

static dtmap_profile default_profile;
static pthread_once_t default_once = PTHREAD_ONCE_INIT;

/* Loads "default" into default_profile. The tests check that the built-in text parses; should
 * it ever fail, the profile stays empty (no ranges, thresholds or classes) but named. */
static void load_default(void) {
    dtmap_error err;
    if (load_builtin(&dtmapi_profile_builtins[0], &default_profile, &err) != DTMAP_OK)
        snprintf(default_profile.name, sizeof default_profile.name, "default");
}

const dtmap_profile *dtmap_profile_default(void) {
    pthread_once(&default_once, load_default);
    return &default_profile;
}

int dtmap_profile_class(const dtmap_profile *p, dtmap_tech tech, dtmap_metric metric, double v) {
    if (!p || (unsigned)tech >= DTMAP_TECH_COUNT || (unsigned)metric >= DTMAP_METRIC_COUNT ||
        isnan(v))
        return -1;
    const dtmap_tech_profile *tp = &p->tech[tech];
    return dtmap_class_index(tp->classes[metric], tp->nclasses[metric], v);
}
