/* json.h (private): the one JSON writer of string literals and numbers, used by summary.json
 * and the area report's areas.json; whatever bytes it is given, it writes valid UTF-8. */
#ifndef DTMAP_JSON_H
#define DTMAP_JSON_H

#include <stdio.h>

/* Size of the buffers dtmapi_json_num_format writes into. */
#define DTMAPI_JSON_NUM 64

/* Writes s as a JSON string literal (RFC 8259): '"' and '\' escaped, the control characters
 * as \b \f \n \r \t or \u00XX (lower-case hex), valid UTF-8 as it is. A byte that is not part
 * of a valid UTF-8 sequence is read as Latin-1 and written as \u0080..\u00ff, so that a
 * Latin-1 file name keeps its letters ("caf\xe9" -> "caf\u00e9") and the output is always
 * valid UTF-8. NULL is "". */
void dtmapi_json_str(FILE *fp, const char *s);

/* v as a JSON number into buf, "" when v is not finite. digits 0: the fewest significant digits
 * (15 to 17) that read back as the same double ("0.4832", "-110", "1e-07"), no "-0"; digits >
 * 0: printf's "%.*g" with that many (so -0 prints "-0"). Needs the C numeric locale. Returns
 * buf. */
const char *dtmapi_json_num_format(char buf[DTMAPI_JSON_NUM], double v, int digits);
/* Writes v as dtmapi_json_num_format does, or null when v is not finite. */
void dtmapi_json_num(FILE *fp, double v, int digits);

#endif
