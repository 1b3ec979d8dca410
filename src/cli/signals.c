/* signals.c: SIGINT and SIGTERM during a run (see signals.h). */
#include "cli/signals.h"

#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

#include "cli/commands.h"

/* What the signal thread shares with the run. */
static struct {
    pthread_mutex_t mu;
    dtmap_publish *pub; /* under mu */
    const char *outdir; /* for the message */
    atomic_int signal;  /* the signal caught, or 0 */
    atomic_int done;    /* the run has released pub: the thread lets it exit by itself */
    sigset_t sigs;
    pthread_t thread;
    int started;
} run = {PTHREAD_MUTEX_INITIALIZER, NULL, NULL, 0, 0, {{0}}, 0, 0};

/* The last line of a run stopped by signal sig. */
static void say_stopped(int sig) {
    fprintf(stderr, "dtmap: stopped by signal %d: %s left as it was\n", sig,
            run.outdir ? run.outdir : "the output folder");
}

static void *signal_thread(void *arg) {
    int sig;
    (void)arg;
    do /* SIGUSR1 from the run itself, once done, ends the thread */
        if (sigwait(&run.sigs, &sig) != 0) return NULL;
    while (sig == SIGUSR1 && !atomic_load(&run.done));
    if (sig == SIGUSR1) return NULL;
    atomic_store(&run.signal, sig);
    struct timespec tick = {0, 10 * 1000 * 1000};
    for (int i = 0; i < 100 && !atomic_load(&run.done); i++)
        nanosleep(&tick, NULL);
    pthread_mutex_lock(&run.mu);
    if (!atomic_load(&run.done)) {
        dtmap_publish_discard(run.pub); /* waits for a swap in progress */
        say_stopped(sig);
        fflush(NULL);
        _exit(128 + sig); /* the kernel drops the lock */
    }
    pthread_mutex_unlock(&run.mu);
    return NULL;
}

void cli_signals_start(const char *outdir) {
    run.outdir = outdir;
    sigemptyset(&run.sigs);
    sigaddset(&run.sigs, SIGINT);
    sigaddset(&run.sigs, SIGTERM);
    sigaddset(&run.sigs, SIGUSR1);
    if (pthread_sigmask(SIG_BLOCK, &run.sigs, NULL) != 0) return;
    if (pthread_create(&run.thread, NULL, signal_thread, NULL) == 0)
        run.started = 1;
    else
        pthread_sigmask(SIG_UNBLOCK, &run.sigs, NULL);
}

void cli_signals_watch(dtmap_publish *pub) {
    pthread_mutex_lock(&run.mu);
    run.pub = pub;
    pthread_mutex_unlock(&run.mu);
}

int cli_signals_caught(void) {
    return atomic_load(&run.signal);
}

int cli_signals_end(dtmap_publish *pub, int rc) {
    pthread_mutex_lock(&run.mu);
    dtmap_publish_end(pub); /* the staging folder goes unless published; the lock is released */
    run.pub = NULL;
    atomic_store(&run.done, 1);
    pthread_mutex_unlock(&run.mu);
    if (run.started) {
        pthread_kill(run.thread, SIGUSR1);
        pthread_join(run.thread, NULL);
        run.started = 0;
    }
    int sig = atomic_load(&run.signal);
    if (sig && rc != 0) {
        say_stopped(sig);
        rc = 128 + sig;
    }
    return rc;
}

int cli_signals_progress(void *quiet_flag, const char *stage) {
    if (atomic_load(&run.signal)) return 1;
    return cli_progress(quiet_flag, stage);
}
