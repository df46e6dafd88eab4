/* log.c: leveled diagnostics with a replaceable sink, and error strings. */
#include <stdarg.h>
#include <stdio.h>
#include "seedscan.h"

static int log_level = SSC_LOG_WARNING;
static ssc_log_sink_f log_sink;
static void *log_data;

void ssc_log_set_level(int level) { log_level = level; }
int ssc_log_get_level(void) { return log_level; }

void ssc_log_set_sink(ssc_log_sink_f sink, void *data)
{
    log_sink = sink;
    log_data = data;
}

void ssc_log(int level, const char *func, const char *fmt, ...)
{
    static const char tag[] = "?EWMD";
    char msg[2048];
    va_list ap;
    if (level > log_level) return;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (log_sink) {
        log_sink(level, func, msg, log_data);
        return;
    }
    fflush(stdout);
    fprintf(stderr, "[%c::%s] %s\n", tag[level >= 1 && level <= 4 ? level : 0], func, msg);
}

const char *ssc_strerror(int err)
{
    switch (err) {
    case SSC_OK: return "success";
    case SSC_ENOMEM: return "out of memory";
    case SSC_EIO: return "input/output error";
    case SSC_EFORMAT: return "malformed input";
    case SSC_EINVAL: return "invalid argument";
    case SSC_ENOTFOUND: return "not found";
    default: return "unknown error";
    }
}
