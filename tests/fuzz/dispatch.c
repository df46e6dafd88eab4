/* dispatch.c: the entry points of the one fuzz binary that holds every target: the name it runs
 * under (fuzz_NAME, a hard link made by the Makefile) picks the target. Each target's own entry
 * points were renamed as it was compiled (fz_init_NAME, fz_one_NAME); targets.h lists them. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FZ_TARGET(n) int fz_init_##n(int *argc, char ***argv); int fz_one_##n(const uint8_t *data, size_t size);
#include "targets.h"
#undef FZ_TARGET

static const struct {
    const char *name;
    int (*init)(int *, char ***);
    int (*one)(const uint8_t *, size_t);
} targets[] = {
#define FZ_TARGET(n) { #n, fz_init_##n, fz_one_##n },
#include "targets.h"
#undef FZ_TARGET
};
#define NTARGETS (sizeof targets / sizeof *targets)

static int (*one)(const uint8_t *, size_t);

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    const char *base = strrchr((*argv)[0], '/');
    base = base ? base + 1 : (*argv)[0];
    for (size_t i = 0; i < NTARGETS; i++)
        if (strncmp(base, "fuzz_", 5) == 0 && strcmp(base + 5, targets[i].name) == 0) {
            one = targets[i].one;
            return targets[i].init(argc, argv);
        }
    fprintf(stderr, "%s: run this binary as fuzz_NAME, NAME one of:", base);
    for (size_t i = 0; i < NTARGETS; i++) fprintf(stderr, " %s", targets[i].name);
    fprintf(stderr, "\n");
    exit(1);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return one(data, size);
}
