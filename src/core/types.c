/* types.c: site type names, their place in the seed window, and type lists. */
#include <string.h>
#include <strings.h>
#include "core/core.h"

static const char *const type_names[SSC_NTYPES_ALL] = {
    "8mer", "7mer-m8", "7mer-A1", "6mer", "offset-6mer", "6mer-A1",
    "GU-7mer", "GU-6mer", "mm-7mer", "bulge-7mer", "centered", "3p-comp"
};
/* Window position k pairs with miRNA nt 8-k: 8mer spans nt 8..1 (0..7),
 * 7mer-m8 nt 8..2 (0..6), 7mer-A1 nt 7..1 (1..7), 6mer nt 7..2 (1..6),
 * offset-6mer nt 8..3 (0..5), 6mer-A1 nt 6..1 (2..7). */
const uint8_t ssc_type_off[SSC_NTYPES] = { 0, 0, 1, 1, 0, 2 };
const uint8_t ssc_type_len[SSC_NTYPES] = { 8, 7, 7, 6, 6, 6 };

const char *ssc_type_name(int type)
{
    return type >= 0 && type < SSC_NTYPES_ALL ? type_names[type] : NULL;
}

/* TargetScan 7's names for the types it shares (its site table, its papers). */
static const struct { const char *name; int type; } aliases[] = {
    { "8mer-1a", SSC_8MER }, { "7mer-1a", SSC_7MER_A1 }
};

int ssc_type_from_name(const char *name)
{
    for (int t = 0; t < SSC_NTYPES_ALL; t++)
        if (strcasecmp(name, type_names[t]) == 0) return t;
    for (size_t i = 0; i < sizeof aliases / sizeof aliases[0]; i++)
        if (strcasecmp(name, aliases[i].name) == 0) return aliases[i].type;
    return -1;
}

int ssc_types_parse(const char *list, unsigned *mask)
{
    char word[32];
    unsigned m = 0;
    const char *p = list;
    if (!list || !*list) return SSC_EINVAL;
    while (*p) {
        size_t n = strcspn(p, ",");
        if (n == 0 || n >= sizeof word) return SSC_EINVAL;
        memcpy(word, p, n);
        word[n] = 0;
        if (strcasecmp(word, "default") == 0) m |= SSC_TYPES_DEFAULT;
        else if (strcasecmp(word, "all") == 0) m |= SSC_TYPES_ALL;
        else if (strcasecmp(word, "noncanonical") == 0) m |= SSC_TYPES_NONCANON;
        else {
            int t = ssc_type_from_name(word);
            if (t < 0) return SSC_EINVAL;
            m |= 1u << t;
        }
        p += n;
        if (*p == ',' && !*++p) return SSC_EINVAL;
    }
    *mask = m;
    return 0;
}
