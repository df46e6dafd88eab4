/* suggest.c: miRNA names close to a name that is not in a set ("did you mean"). */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "core/core.h"

#define NAME_MAX_LEN 64 /* longer names are only matched as words */

/* Whether name occurs in cand (any case) as whole '-'-separated words. */
static int has_words(const char *cand, const char *name)
{
    size_t n = strlen(name);
    for (const char *p = cand; (p = strcasestr(p, name)); p++)
        if ((p == cand || p[-1] == '-') && (p[n] == 0 || p[n] == '-')) return 1;
    return 0;
}

/* Levenshtein distance of a and b ignoring case; more than cap is cap + 1. */
static int distance(const char *a, const char *b, int cap)
{
    int la = (int)strlen(a), lb = (int)strlen(b), row[NAME_MAX_LEN + 1];
    if (la > NAME_MAX_LEN || lb > NAME_MAX_LEN || abs(la - lb) > cap) return cap + 1;
    for (int j = 0; j <= lb; j++) row[j] = j;
    for (int i = 1; i <= la; i++) {
        int diag = row[0], best;
        row[0] = best = i;
        for (int j = 1; j <= lb; j++) {
            int up = row[j], sub = diag + (tolower((unsigned char)a[i - 1]) != tolower((unsigned char)b[j - 1]));
            row[j] = sub < up + 1 ? sub : up + 1;
            if (row[j - 1] + 1 < row[j]) row[j] = row[j - 1] + 1;
            if (row[j] < best) best = row[j];
            diag = up;
        }
        if (best > cap) return cap + 1;
    }
    return row[lb];
}

/* How close cand is to name: 0 = it has name as words, 1 = it starts with
 * name, 2 + d = d edits away; -1 = not close (or the same name). */
static int closeness(const char *cand, const char *name, int cap)
{
    int d;
    if (!strcasecmp(cand, name)) return -1;
    if (has_words(cand, name)) return 0;
    if (!strncasecmp(cand, name, strlen(name))) return 1;
    return (d = distance(cand, name, cap)) <= cap ? 2 + d : -1;
}

int ssc_mirset_suggest(const ssc_mirset_t *ms, const char *name, int max, kstring_t *out)
{
    int n = ssc_mirset_size(ms), cap = 1 + (int)strlen(name) / 8, k = 0;
    /* one pass per level, the closest first; names that contain the name
     * as words, or start with it, make the edits moot */
    for (int level = 0; level <= 2 + cap && k < max; level++) {
        if (k && level <= 2) break;
        for (int i = 0; i < n && k < max; i++)
            if (closeness(ssc_mirset_name(ms, i), name, cap) == level)
                ksprintf(out, "%s%s", k++ ? ", " : "", ssc_mirset_name(ms, i));
    }
    return k;
}
