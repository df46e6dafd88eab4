/* encode.c: the 2-bit nucleotide table (A C G T/U, any case; 4 = not a base). */
#include "io/io.h"

#define X4 4, 4, 4, 4
#define X16 X4, X4, X4, X4
const uint8_t ssc_nt4[256] = {
    X16, X16, X16, X16,
    /* @ A  B  C  D  E  F  G  H  I  J  K  L  M  N  O */
    4, 0, 4, 1, 4, 4, 4, 2, 4, 4, 4, 4, 4, 4, 4, 4,
    /* P Q  R  S  T  U  V  W  X  Y  Z  [  \  ]  ^  _ */
    4, 4, 4, 4, 3, 3, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4,
    4, 0, 4, 1, 4, 4, 4, 2, 4, 4, 4, 4, 4, 4, 4, 4,
    4, 4, 4, 4, 3, 3, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4,
    X16, X16, X16, X16, X16, X16, X16, X16
};
