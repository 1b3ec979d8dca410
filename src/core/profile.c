/* profile.c: technology profiles: the built-in ones compiled from data/profiles/, loading by
 * name or path, the shared default, and class lookup. The text format is in profile_parse.c. */
#include "dtmap/profile.h"

#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
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
    dtmap_status st = dtmapi_profile_parse_lines(lines, label, p, err);
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
static dtmap_status load_file(const char *path, dtmap_profile *p, dtmap_error *err) {
    struct stat sb;
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
    if (sb.st_size > 0) {
        /* CSLLoad2 splits LF, CRLF and CR lines and keeps blank ones, so list index + 1 is the
         * physical line number. NULL here (with a non-empty file) means it could not be read. */
        char quiet[] = "EMIT_ERROR_IF_CANNOT_OPEN_FILE=FALSE";
        char *opts[] = {quiet, NULL};
        errno = 0;
        lines = CSLLoad2(path, -1, -1, opts);
        if (!lines) {
            st = io_error(err, path, errno ? strerror(errno) : "cannot be read");
            goto done;
        }
    }
    st = dtmapi_profile_parse_lines(lines, path, p, err);
    if (st == DTMAP_OK) snprintf(p->origin, sizeof p->origin, "%s", path);
done:
    CSLDestroy(lines);
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
