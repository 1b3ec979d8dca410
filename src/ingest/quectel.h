/* quectel.h: private parts of the Quectel AT-transcript reader shared by its files: the reader
 * state, the responses waiting for their neighbour lines, and the field helpers. The files call
 * downwards only: quectel.c (framing, dispatch) -> the response parsers (quectel_qeng.c,
 * quectel_nuestats.c, quectel_cesq.c, quectel_gnss.c) -> quectel_pending.c (the queue) ->
 * quectel_fields.c (fields, checks, rejects). */
#ifndef DTMAP_INGEST_QUECTEL_H
#define DTMAP_INGEST_QUECTEL_H

#include <stddef.h>
#include <stdint.h>

#include "dtmap/ingest.h"
#include "ingest/sink.h"

#define Q_MAXF 48    /* fields split from one response line (the rest stay in the last) */
#define Q_PEND_MAX 4 /* measurements of one response held back (NSA gives two) */

/* The AT command whose response is being read (from its echo). */
typedef enum qcmd {
    QCMD_NONE = 0,
    QCMD_QENG,        /* AT+QENG="servingcell" (and any other +QENG but the next) */
    QCMD_QENG_NBR,    /* AT+QENG="neighbourcell" */
    QCMD_NUESTATS,    /* AT+NUESTATS[=...] */
    QCMD_QGPSLOC,     /* AT+QGPSLOC[=mode] */
    QCMD_IDENT_ATI,   /* ATI: manufacturer, model, revision */
    QCMD_IDENT_MODEL, /* AT+CGMM / AT+GMM */
    QCMD_IDENT_MAKER, /* AT+CGMI / AT+GMI */
    QCMD_IDENT_OTHER, /* AT+GMR / AT+CGMR / AT+QGMR */
    QCMD_OTHER
} qcmd;

/* Where a held-back measurement came from. */
typedef enum qsrc { QSRC_QENG = 0, QSRC_NUESTATS } qsrc;

/* A measurement held until its response ends, so that the neighbour lines that follow it can
 * travel with it. It is accounted at the line that started it. NUESTATS ones are still being
 * filled (their fields come on later lines) and are checked only when emitted. */
typedef struct qpend {
    qsrc src;
    uint32_t line; /* the line that becomes the sample (or the reject) */
    dtmap_sample s;
    dtmap_neighbour *nbr; /* owned; freed by the reader */
    size_t nnbr, cap;
    int bad; /* NUESTATS: 1 = reject at emission with reason/detail */
    dtmap_reject_reason reason;
    char detail[112];
    unsigned seen; /* NUESTATS: bit per field already set (a repeat starts a new block) */
} qpend;

/* The reader of one transcript. */
typedef struct qreader {
    ingest_sink *k;
    qcmd cmd;       /* command whose response is being read */
    int resp_lines; /* text lines read in an identity command's response so far */
    qpend pend[Q_PEND_MAX];
    size_t npend;
    int have_sec; /* the whole second of the last stamped line, for response ends */
    int64_t sec;
    int have_tech; /* the transcript's current technology (last QENG / NUESTATS) */
    dtmap_tech tech;
    char maker[24];  /* manufacturer from ATI / AT+CGMI, "" if none yet */
    char redcap[24]; /* the RedCap model an identity line named, "" if none */
    uint32_t line;   /* the line being read and its stamp (time_s, time_utc) */
    double t;
    int utc;
} qreader;

/* ---- held-back measurements (quectel_pending.c) ---- */

/* Holds a copy of *s as a new pending measurement from src started at the current line; when
 * every slot is taken the pending ones are emitted first. Sets *out to the slot. DTMAP_OK or
 * DTMAP_ERR_NOMEM. */
dtmap_status dtmapi_q_pend_add(qreader *r, qsrc src, const dtmap_sample *s, qpend **out,
                               dtmap_error *err);
/* The newest pending measurement from src (of technology tech, or any when tech < 0), or NULL. */
qpend *dtmapi_q_pend_find(qreader *r, qsrc src, int tech);
/* Appends neighbour *n to p. DTMAP_OK or DTMAP_ERR_NOMEM. */
dtmap_status dtmapi_q_pend_neighbour(qreader *r, qpend *p, const dtmap_neighbour *n,
                                     dtmap_error *err);
/* Emits every pending measurement as a sample or a reject at the line that started it (those
 * from QENG stay when keep_qeng, waiting for an AT+QENG="neighbourcell" response). NUESTATS
 * ones are checked here (dtmapi_q_check). DTMAP_OK or DTMAP_ERR_NOMEM. */
dtmap_status dtmapi_q_flush(qreader *r, int keep_qeng, dtmap_error *err);

/* ---- fields and checks (quectel_fields.c) ---- */

/* Splits s in place at commas into at most maxf fields, each trimmed of blanks and of one pair
 * of surrounding double quotes. Returns the number of fields (at least 1). */
size_t dtmapi_q_split(char *s, char **f, size_t maxf);
/* Parses a number field: 1 and *v, 0 when missing ("-", empty, NaN..., or the unknown markers
 * -32768, 65535, 4294967295), -1 when not a number. */
int dtmapi_q_num(char *s, double *v);
/* A decimal id field (PCI, EARFCN, ...): the value, or -1 when missing, unknown or bad. */
int64_t dtmapi_q_id(char *s);
/* A hexadecimal cell identity ("94203C105"): the value, or -1 when missing or bad. */
int64_t dtmapi_q_hex(const char *s);
/* A blank sample of technology tech stamped with the current line's time. */
dtmap_sample dtmapi_q_sample(const qreader *r, dtmap_tech tech);
/* Checks a sample's metrics: returns 1 when it has at least one and all are inside the valid
 * range of its technology in the profile of opts, else 0 with reason and a detail naming the
 * value. */
int dtmapi_q_check(const dtmap_ingest_opts *opts, const dtmap_sample *s,
                   dtmap_reject_reason *reason, char *detail, size_t n);
/* Rejects the current line. DTMAP_OK or DTMAP_ERR_NOMEM. */
dtmap_status dtmapi_q_reject(qreader *r, dtmap_reject_reason reason, dtmap_error *err,
                             const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* ---- responses (one file each) ---- */

/* "+QENG: ..." lines (text after the stamp): serving cells, NSA legs, neighbours. */
dtmap_status dtmapi_q_qeng(qreader *r, char *text, dtmap_error *err);
/* Whether text is a line of an AT+NUESTATS "Key:value" block (1), a NUESTATS line of another
 * kind (2: "NUESTATS:..." record) or neither (0); only_signal limits blocks to "Signal power". */
int dtmapi_q_nuestats_is(const char *text, int only_signal);
/* One NUESTATS line (either style). */
dtmap_status dtmapi_q_nuestats(qreader *r, char *text, dtmap_error *err);
/* "+CESQ: ..." */
dtmap_status dtmapi_q_cesq(qreader *r, char *text, dtmap_error *err);
/* "+QGPSLOC: ..." (a fix owned by this transcript). */
dtmap_status dtmapi_q_qgpsloc(qreader *r, char *text, dtmap_error *err);

#endif
