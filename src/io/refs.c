/* refs.c: finding the reference data shipped in refs/ (build tree or installed share/). */
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "io/io.h"

static int try_dir(const char *dir, const char *name, char *buf, size_t size)
{
    int n = snprintf(buf, size, "%s/%s", dir, name);
    return n > 0 && (size_t)n < size && access(buf, R_OK) == 0;
}

/* SEEDSCAN_REFS, then refs/ beside the executable (the build tree), then
 * ../share/seedscan beside it (an installed tree). */
int ssc_refs_path(const char *name, char *buf, size_t size)
{
    char exe[PATH_MAX], dir[PATH_MAX + 32];
    const char *env = getenv("SEEDSCAN_REFS");
    ssize_t n;
    if (env && *env) return try_dir(env, name, buf, size) ? 0 : SSC_ENOTFOUND;
    n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        exe[n] = 0;
        char *slash = strrchr(exe, '/');
        if (slash) *slash = 0;
        snprintf(dir, sizeof dir, "%s/refs", exe);
        if (try_dir(dir, name, buf, size)) return 0;
        snprintf(dir, sizeof dir, "%s/../refs", exe); /* build-asan/ and friends */
        if (try_dir(dir, name, buf, size)) return 0;
        snprintf(dir, sizeof dir, "%s/../share/seedscan", exe);
        if (try_dir(dir, name, buf, size)) return 0;
    }
    return SSC_ENOTFOUND;
}
