/* pipeline.c: read, work on worker threads, write in input order (bounded in flight). */
#include <pthread.h>
#include <stdlib.h>
#include "core/core.h"

enum { SLOT_EMPTY, SLOT_READ, SLOT_DONE };

typedef struct {
    const ssc_pipeline_t *pl;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    int cap;
    void **item;
    int *state, *ret;
    long nread, nwork, nwritten;
    int eof, err;
} run_t;

static int run_serial(const ssc_pipeline_t *pl)
{
    int err = 0;
    void *it;
    while ((it = pl->read(pl->shared, &err)) != NULL) {
        int ret = pl->work(pl->shared, it, 0);
        if (ret < 0) {
            pl->discard(pl->shared, it);
            return ret;
        }
        if ((ret = pl->write(pl->shared, it)) < 0) return ret;
    }
    return err;
}

static void *reader_main(void *arg)
{
    run_t *r = arg;
    for (;;) {
        int err = 0;
        pthread_mutex_lock(&r->mu);
        while (!r->err && r->nread - r->nwritten >= r->cap) pthread_cond_wait(&r->cv, &r->mu);
        int stop = r->err;
        pthread_mutex_unlock(&r->mu);
        void *it = stop ? NULL : r->pl->read(r->pl->shared, &err);
        pthread_mutex_lock(&r->mu);
        if (it) {
            int k = (int)(r->nread % r->cap);
            r->item[k] = it;
            r->state[k] = SLOT_READ;
            r->nread++;
        } else {
            if (err < 0 && !r->err) r->err = err;
            r->eof = 1;
        }
        pthread_cond_broadcast(&r->cv);
        pthread_mutex_unlock(&r->mu);
        if (!it) return NULL;
    }
}

typedef struct {
    run_t *r;
    int tid;
} worker_arg_t;

static void *worker_main(void *arg)
{
    worker_arg_t *w = arg;
    run_t *r = w->r;
    pthread_mutex_lock(&r->mu);
    for (;;) {
        while (!r->err && r->nwork == r->nread && !r->eof) pthread_cond_wait(&r->cv, &r->mu);
        if (r->err || r->nwork == r->nread) break;
        int k = (int)(r->nwork++ % r->cap);
        pthread_mutex_unlock(&r->mu);
        int ret = r->pl->work(r->pl->shared, r->item[k], w->tid);
        pthread_mutex_lock(&r->mu);
        r->ret[k] = ret;
        r->state[k] = SLOT_DONE;
        pthread_cond_broadcast(&r->cv);
    }
    pthread_mutex_unlock(&r->mu);
    return NULL;
}

/* The caller's thread writes, in order. */
static void writer_loop(run_t *r)
{
    pthread_mutex_lock(&r->mu);
    for (;;) {
        int k = (int)(r->nwritten % r->cap);
        while (!r->err && !(r->nwritten < r->nread && r->state[k] == SLOT_DONE) &&
               !(r->eof && r->nwritten == r->nread))
            pthread_cond_wait(&r->cv, &r->mu);
        if (r->err || r->nwritten == r->nread) break;
        void *it = r->item[k];
        int ret = r->ret[k];
        r->item[k] = NULL;
        r->state[k] = SLOT_EMPTY;
        pthread_mutex_unlock(&r->mu);
        if (ret < 0) r->pl->discard(r->pl->shared, it);
        else ret = r->pl->write(r->pl->shared, it);
        pthread_mutex_lock(&r->mu);
        if (ret < 0 && !r->err) r->err = ret;
        r->nwritten++;
        pthread_cond_broadcast(&r->cv);
    }
    pthread_mutex_unlock(&r->mu);
}

int ssc_pipeline_run(const ssc_pipeline_t *pl)
{
    run_t r = { 0 };
    pthread_t rd, *wk;
    worker_arg_t *wa;
    int nt = pl->nthreads, nstarted = 0, rd_started = 0;
    if (nt <= 1) return run_serial(pl);
    r.pl = pl;
    r.cap = 2 * nt + 1;
    r.item = calloc((size_t)r.cap, sizeof *r.item);
    r.state = calloc((size_t)r.cap, sizeof *r.state);
    r.ret = calloc((size_t)r.cap, sizeof *r.ret);
    wk = calloc((size_t)nt, sizeof *wk);
    wa = calloc((size_t)nt, sizeof *wa);
    pthread_mutex_init(&r.mu, NULL);
    pthread_cond_init(&r.cv, NULL);
    if (!r.item || !r.state || !r.ret || !wk || !wa) r.err = SSC_ENOMEM;
    if (!r.err && pthread_create(&rd, NULL, reader_main, &r) == 0) rd_started = 1;
    else r.err = r.err ? r.err : SSC_ENOMEM;
    for (int i = 0; !r.err && i < nt; i++) {
        wa[i].r = &r;
        wa[i].tid = i;
        if (pthread_create(&wk[i], NULL, worker_main, &wa[i]) != 0) {
            pthread_mutex_lock(&r.mu);
            r.err = SSC_ENOMEM;
            pthread_cond_broadcast(&r.cv);
            pthread_mutex_unlock(&r.mu);
            break;
        }
        nstarted++;
    }
    if (!r.err) writer_loop(&r);
    pthread_mutex_lock(&r.mu);
    if (!r.err && !r.eof) r.err = SSC_EIO; /* cannot happen: writer stops only at EOF */
    pthread_cond_broadcast(&r.cv);
    pthread_mutex_unlock(&r.mu);
    if (rd_started) pthread_join(rd, NULL);
    for (int i = 0; i < nstarted; i++) pthread_join(wk[i], NULL);
    for (int k = 0; r.item && k < r.cap; k++)
        if (r.item[k]) pl->discard(pl->shared, r.item[k]);
    pthread_cond_destroy(&r.cv);
    pthread_mutex_destroy(&r.mu);
    free(r.item);
    free(r.state);
    free(r.ret);
    free(wk);
    free(wa);
    return r.err;
}
