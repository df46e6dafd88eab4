/* fuzz.h: helpers shared by the libFuzzer targets: inputs as in-memory files, split into parts. */
#ifndef SSC_FUZZ_H
#define SSC_FUZZ_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <htslib/hts.h>
#include <htslib/kstring.h>
#include "seedscan.h"

/* The parsers open their inputs by name through htslib (bgzf_open -> hopen),
 * and htslib opens an RFC 2397 "data:" URL from memory: each input becomes
 * such a name, so nothing is written to disk and a target runs at the
 * parser's own speed. "text/plain" puts a '/' in the name, which the panel
 * loader needs to treat it as a path rather than a panel name. */
static inline const char *fz_url(kstring_t *s, const uint8_t *data, size_t size)
{
    static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    s->l = 0;
    if (kputs("data:text/plain;base64,", s) < 0 || ks_resize(s, s->l + 4 * (size / 3 + 1) + 1) < 0)
        abort();
    for (size_t i = 0; i < size; i += 3) {
        /* three bytes -> four 6-bit digits; missing bytes become '=' pads */
        uint32_t v = (uint32_t)data[i] << 16 | (i + 1 < size ? (uint32_t)data[i + 1] << 8 : 0) |
                     (i + 2 < size ? data[i + 2] : 0);
        s->s[s->l++] = b64[v >> 18];
        s->s[s->l++] = b64[(v >> 12) & 63];
        s->s[s->l++] = i + 1 < size ? b64[(v >> 6) & 63] : '=';
        s->s[s->l++] = i + 2 < size ? b64[v & 63] : '=';
    }
    s->s[s->l] = 0;
    return s->s;
}

/* Split data at 0xFF bytes (never in the text formats) into exactly n parts;
 * missing parts are empty. */
static inline void fz_split(const uint8_t *data, size_t size, int n, const uint8_t **part, size_t *len)
{
    int k = 0;
    size_t start = 0;
    for (size_t i = 0; i < size && k < n - 1; i++)
        if (data[i] == 0xff) {
            part[k] = data + start;
            len[k++] = i - start;
            start = i + 1;
        }
    part[k] = data + start;
    len[k++] = size - start;
    for (; k < n; k++) part[k] = data + size, len[k] = 0;
}

/* Library and htslib messages off: error paths are the common case here. */
static inline void fz_quiet(void)
{
    hts_set_log_level(HTS_LOG_OFF);
    ssc_log_set_level(SSC_LOG_OFF);
}

/* The default initialiser: quiet. A target with more to set up defines
 * FZ_OWN_INIT before including this file and calls fz_quiet() itself. */
#ifndef FZ_OWN_INIT
int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    fz_quiet();
    return 0;
}
#endif

/* A NUL-terminated copy of a part (for parsers of strings). */
static inline char *fz_strndup(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    if (!s) abort();
    memcpy(s, data, size);
    s[size] = 0;
    return s;
}

#endif
