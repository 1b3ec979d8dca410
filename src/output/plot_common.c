/* plot_common.c: one chart page drawn through PLplot into PNG and SVG, with PLplot's global
 * state (streams, abort and exit handlers) kept to the call, and the text and number helpers the
 * charts share. */
#include "output/plot_common.h"

#include <errno.h>
#include <math.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <plplot.h>

#include "core/text.h"
#include "dtmap/fileio.h"
#include "dtmap/plot.h"

/* ---- PLplot errors ----
 * plabort() (a bad argument: the call is skipped) goes to on_abort, which keeps the first
 * message. plexit() (out of memory and the like: PLplot would exit the process) goes to
 * on_exit, which jumps back into render_page. Both handlers are global in PLplot, so they are
 * set for one page and reset to none after it. */
static jmp_buf *exit_jump;
static char pl_message[256];

static void on_abort(const char *msg) {
    if (pl_message[0] == '\0') snprintf(pl_message, sizeof pl_message, "%s", msg ? msg : "");
}

static int on_exit_request(const char *msg) {
    on_abort(msg && *msg ? msg : "fatal error");
    if (exit_jump) longjmp(*exit_jump, 1);
    return 1; /* not reached while a page is drawn */
}

/* Trims PLplot's message to one line without a trailing newline. */
static void message_tidy(void) {
    size_t n = strcspn(pl_message, "\r\n");
    pl_message[n] = '\0';
}

static void colours_setup(void) {
    static const int fixed[][3] = {
        [PLOT_BG] = {255, 255, 255},    [PLOT_INK] = {34, 34, 34},
        [PLOT_GRID] = {214, 214, 214},  [PLOT_THRESHOLD] = {178, 24, 43},
        [PLOT_LINE] = {8, 48, 107},     [PLOT_GAP] = {33, 102, 172},
        [PLOT_PANEL] = {246, 246, 246}, [PLOT_WHITE] = {255, 255, 255},
        [PLOT_MUTED] = {110, 110, 110}, [PLOT_SCRATCH] = {0, 0, 0},
    };
    plscmap0n(PLOT_NCOLOURS);
    for (int i = 0; i < PLOT_NCOLOURS; i++) {
        const int *c = (size_t)i < sizeof fixed / sizeof fixed[0] ? fixed[i] : fixed[PLOT_INK];
        plscol0a(i, c[0], c[1], c[2], 1.0);
    }
}

/* Draws the page with one driver into *buf (malloc'd, *len bytes; the caller frees it). PLplot
 * closes the memory stream when the stream ends, which makes buf valid. */
static dtmap_status render_page(const char *dev, const char *path, int width, int height,
                                plot_draw_fn draw, const void *ctx, char **buf, size_t *len,
                                dtmap_error *err) {
    *buf = NULL;
    *len = 0;
    FILE *mem = open_memstream(buf, len);
    if (mem == NULL) return dtmap_error_set(err, DTMAP_ERR_NOMEM, "%s: memory stream", path);
    PLINT old = 0, strm = -1;
    plgstrm(&old);
    plmkstrm(&strm);
    if (strm < 0) {
        fclose(mem);
        free(*buf);
        *buf = NULL;
        return dtmap_error_set(err, DTMAP_ERR_IO, "%s: PLplot: no free stream", path);
    }
    jmp_buf jump;
    int failed = 0;
    pl_message[0] = '\0';
    exit_jump = &jump;
    plsexit(on_exit_request);
    plsabort(on_abort);
    if (setjmp(jump) == 0) {
        plsdev(dev);
        plsfile(mem); /* PLplot owns mem from here and fcloses it at plend1 */
        plspage(0.0, 0.0, width, height, 0, 0);
        colours_setup();
        plinit();
        pladv(0);
        draw(ctx);
        plend1();
    } else {
        /* PLplot gave up inside the page; end the stream as plexit would, guarded again. */
        failed = 1;
        if (setjmp(jump) == 0) plend1();
    }
    exit_jump = NULL;
    plsexit(NULL);
    plsabort(NULL);
    plsstrm(old);
    if (failed || pl_message[0] != '\0') {
        message_tidy();
        /* After a plexit the memory stream may still be open: its buffer cannot be freed
         * safely, so it is left (PLplot only exits on exhausted memory and the like). */
        if (!failed) free(*buf);
        *buf = NULL;
        return dtmap_error_set(err, DTMAP_ERR_IO, "%s: PLplot: %s", path, pl_message);
    }
    if (*buf == NULL || *len == 0) {
        free(*buf);
        *buf = NULL;
        return dtmap_error_set(err, DTMAP_ERR_IO, "%s: PLplot (%s) wrote nothing", path, dev);
    }
    return DTMAP_OK;
}

dtmap_status dtmap_plot_check(dtmap_error *err) {
    static const char *const need[][2] = {{"pngcairo", "plplot-driver-cairo"},
                                          {"svg", "libplplot17"}};
    enum { CAP = 256 };
    const char **menus = malloc(CAP * sizeof *menus), **names = malloc(CAP * sizeof *names);
    dtmap_status st = DTMAP_OK;
    if (menus == NULL || names == NULL) {
        st = dtmap_error_set(err, DTMAP_ERR_NOMEM, "PLplot device list");
        goto done;
    }
    int n = CAP;
    plgDevs(&menus, &names, &n);
    for (size_t k = 0; k < sizeof need / sizeof need[0]; k++) {
        int found = 0;
        for (int i = 0; i < n && !found; i++)
            found = names[i] && strcmp(names[i], need[k][0]) == 0;
        if (!found) {
            st = dtmap_error_set(err, DTMAP_ERR_IO,
                                 "PLplot has no \"%s\" driver (Debian package %s)", need[k][0],
                                 need[k][1]);
            goto done;
        }
    }
done:
    free(names);
    free(menus);
    return st;
}

/* Writes len bytes to the temporary of out. */
static dtmap_status write_tmp(const dtmap_outfile *out, const char *buf, size_t len,
                              dtmap_error *err) {
    FILE *fp = fopen(out->tmp, "wb");
    if (fp == NULL) return dtmap_error_set(err, DTMAP_ERR_IO, "%s: %s", out->path, strerror(errno));
    int bad = fwrite(buf, 1, len, fp) != len;
    int e = errno;
    if (fclose(fp) != 0 && !bad) {
        bad = 1;
        e = errno;
    }
    if (bad)
        return dtmap_error_set(err, DTMAP_ERR_IO, "%s: write failed: %s", out->path, strerror(e));
    return DTMAP_OK;
}

dtmap_status dtmapi_plot_render(const char *base, int width, int height, plot_draw_fn draw,
                                const void *ctx, int overwrite, dtmap_error *err) {
    static const char *const dev[2] = {"pngcairo", "svg"}, *const ext[2] = {".png", ".svg"};
    dtmap_outfile out[2] = {{0}};
    char *path[2] = {NULL, NULL}, *buf[2] = {NULL, NULL};
    size_t len[2] = {0, 0};
    dtmap_status st = DTMAP_OK;
    if (base == NULL || base[0] == '\0')
        return dtmap_error_set(err, DTMAP_ERR_USAGE, "plot: empty output name");
    st = dtmap_plot_check(err);
    if (st != DTMAP_OK) return st;
    for (int k = 0; k < 2; k++) {
        size_t n = strlen(base) + 5;
        path[k] = malloc(n);
        if (path[k] == NULL) {
            st = dtmap_error_set(err, DTMAP_ERR_NOMEM, "%s", base);
            goto done;
        }
        snprintf(path[k], n, "%s%s", base, ext[k]);
        st = dtmap_outfile_begin(path[k], overwrite, &out[k], err);
        if (st != DTMAP_OK) goto done;
    }
    for (int k = 0; k < 2; k++) {
        st = render_page(dev[k], path[k], width, height, draw, ctx, &buf[k], &len[k], err);
        if (st != DTMAP_OK) goto done;
    }
    for (int k = 0; k < 2; k++) {
        st = write_tmp(&out[k], buf[k], len[k], err);
        if (st != DTMAP_OK) goto done;
    }
    for (int k = 0; k < 2; k++) {
        st = dtmap_outfile_commit(&out[k], err);
        if (st != DTMAP_OK) goto done;
    }
done:
    for (int k = 1; k >= 0; k--) {
        dtmap_outfile_abort(&out[k]);
        free(buf[k]);
        free(path[k]);
    }
    return st;
}

/* ---- colours, text, numbers ---- */

static int hex_digit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

int dtmapi_plot_parse_colour(const char *s, int rgb[3]) {
    if (s == NULL || s[0] != '#' || strlen(s) != 7) return -1;
    for (int i = 0; i < 3; i++) {
        int hi = hex_digit(s[1 + 2 * i]), lo = hex_digit(s[2 + 2 * i]);
        if (hi < 0 || lo < 0) return -1;
        rgb[i] = hi * 16 + lo;
    }
    return 0;
}

void dtmapi_plot_set_colour(int slot, const int rgb[3], double alpha) {
    plscol0a(slot, rgb[0], rgb[1], rgb[2], alpha);
}

static void text_copy(const char *in, size_t maxcp, int escape, char *out, size_t size) {
    static const char ellipsis[] = "\xE2\x80\xA6";
    const unsigned char *p = (const unsigned char *)(in ? in : "");
    size_t o = 0, cp = 0;
    if (size == 0) return;
    while (*p) {
        int len = dtmapi_utf8_next((const char *)p, SIZE_MAX, NULL);
        size_t n = len > 0 ? (size_t)len : 0;
        const char *emit = (const char *)p;
        size_t elen = n;
        if (n == 0) {
            emit = "?", elen = 1, n = 1;
        } else if (*p < 0x20 || *p == 0x7F) {
            emit = " ", elen = 1;
        } else if (*p == '#' && escape) {
            emit = "##", elen = 2;
        }
        if (cp == maxcp || o + elen + sizeof ellipsis > size) {
            if (o + sizeof ellipsis <= size) {
                memcpy(out + o, ellipsis, sizeof ellipsis - 1);
                o += sizeof ellipsis - 1;
            }
            break;
        }
        memcpy(out + o, emit, elen);
        o += elen;
        p += n;
        cp++;
    }
    out[o] = '\0';
}

void dtmapi_plot_text(const char *in, size_t maxcp, char *out, size_t size) {
    text_copy(in, maxcp, 1, out, size);
}

void dtmapi_plot_clean(const char *in, size_t maxcp, char *out, size_t size) {
    text_copy(in, maxcp, 0, out, size);
}

void dtmapi_plot_fmt(double v, int decimals, char *buf, size_t size) {
    long long scale = 1;
    for (int i = 0; i < decimals; i++)
        scale *= 10;
    if (!isfinite(v) || fabs(v) * (double)scale > 9e15) {
        snprintf(buf, size, "%s", isnan(v) ? "nan" : "?");
        return;
    }
    long long q = llround(fabs(v) * (double)scale);
    const char *sign = v < 0 && q != 0 ? "-" : "";
    if (decimals <= 0)
        snprintf(buf, size, "%s%lld", sign, q);
    else
        snprintf(buf, size, "%s%lld.%0*lld", sign, q / scale, decimals > 9 ? 9 : decimals,
                 q % scale);
}

void dtmapi_plot_fmt_num(double v, char *buf, size_t size) {
    dtmapi_plot_fmt(v, fabs(v - round(v)) < 1e-9 ? 0 : 1, buf, size);
}

void dtmapi_plot_class_name(const char *name, char *buf, size_t size) {
    dtmapi_plot_clean(name, 40, buf, size);
    for (char *c = buf; *c; c++)
        if (*c == '_') *c = ' ';
}

/* ---- geometry of the current viewport ---- */

/* Viewport size in millimetres. */
static void viewport_mm(double *w, double *h) {
    PLFLT sx0, sx1, sy0, sy1, vx0, vx1, vy0, vy1;
    plgspa(&sx0, &sx1, &sy0, &sy1);
    plgvpd(&vx0, &vx1, &vy0, &vy1);
    *w = (sx1 - sx0) * (vx1 - vx0);
    *h = (sy1 - sy0) * (vy1 - vy0);
}

double dtmapi_plot_mm_to_wx(double mm) {
    PLFLT x0, x1, y0, y1;
    double w, h;
    plgvpw(&x0, &x1, &y0, &y1);
    viewport_mm(&w, &h);
    return w > 0 ? mm * (x1 - x0) / w : 0.0;
}

double dtmapi_plot_mm_to_wy(double mm) {
    PLFLT x0, x1, y0, y1;
    double w, h;
    plgvpw(&x0, &x1, &y0, &y1);
    viewport_mm(&w, &h);
    return h > 0 ? mm * (y1 - y0) / h : 0.0;
}

double dtmapi_plot_text_width(const char *text) {
    /* PLplot has no public string-length call: estimate from the character height, in ems of a
     * sans font (Latin about 0.56 em, CJK and other wide scripts 1 em, PLplot's "##" one '#').
     * The em is not the character height: the cairo driver hands pango the height in points,
     * which pango reads at 96 dpi (x 4/3); the svg driver writes 1.5 x the height. */
    if (text == NULL || text[0] == '\0') return 0.0;
    PLFLT def, ht;
    char dev[80] = "";
    plgchr(&def, &ht);
    plgdev(dev);
    ht *= strcmp(dev, "svg") == 0 ? 1.5 : 4.0 / 3.0;
    double ems = 0;
    for (const unsigned char *p = (const unsigned char *)text; *p;) {
        int len = dtmapi_utf8_next((const char *)p, SIZE_MAX, NULL);
        size_t n = len > 0 ? (size_t)len : 1;
        if (p[0] == '#' && p[1] == '#') n = 2;
        ems += (n >= 3 && p[0] >= 0xE2 && !(p[0] == 0xE2 && p[1] < 0xBA)) ? 1.0 : 0.56;
        p += n;
    }
    return dtmapi_plot_mm_to_wx(ems * ht);
}

void dtmapi_plot_rect(double x0, double y0, double x1, double y1) {
    PLFLT x[4] = {x0, x1, x1, x0}, y[4] = {y0, y0, y1, y1};
    plfill(4, x, y);
}
