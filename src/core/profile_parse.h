/* profile_parse.h (private): the profile text parser and the built-in profile table that
 * cmake/EmbedProfiles.cmake generates from data/profiles/NAME.profile. */
#ifndef DTMAP_PROFILE_PARSE_H
#define DTMAP_PROFILE_PARSE_H

#include <stddef.h>

#include <cpl_string.h>

#include "dtmap/profile.h"

/* One built-in profile: its name (the file name without .profile) and its text, NUL-terminated
 * (len excludes the NUL). */
typedef struct dtmapi_profile_builtin {
    const char *name;
    const unsigned char *text;
    size_t len;
} dtmapi_profile_builtin;

/* Generated (profiles_builtin.c): the built-in profiles, "default" first, ended by a NULL name,
 * and their names, NULL-terminated. Static storage. */
extern const dtmapi_profile_builtin dtmapi_profile_builtins[];
extern const char *const dtmapi_profile_builtin_names[];

/* Parses a profile given as lines (line i of the list is physical line i + 1; the list may be
 * NULL for an empty text) into *p. label names the text in error details ("label:line: what").
 * nul_line, when not 0, is the line that held a NUL byte (its string ends there): once that line
 * passes the text checks (UTF-16, UTF-8) it is the error "label:LINE: NUL byte". Fills everything
 * but p->origin. Returns DTMAP_OK or DTMAP_ERR_FORMAT (then *p is zeroed). */
dtmap_status dtmapi_profile_parse_lines(CSLConstList lines, const char *label, int nul_line,
                                        dtmap_profile *p, dtmap_error *err);

#endif
