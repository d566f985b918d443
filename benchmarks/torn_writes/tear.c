/* Preloaded into a fledger process: the TEAR_AT-th write to the file TEAR_FILE writes only
 * its first half, then the process kills itself, as a kill -9 (or a power cut) in the middle
 * of a large write leaves the file.  pwrite covers DuckDB's database file, write its WAL. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int writes_seen = 0;

static int is_target(int fd) {
    const char *want = getenv("TEAR_FILE");
    char link[64], path[4096];
    if (!want) return 0;
    snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
    ssize_t n = readlink(link, path, sizeof path - 1);
    if (n <= 0) return 0;
    path[n] = 0;
    return strcmp(path, want) == 0;
}

static int tear_now(int fd) {
    const char *at = getenv("TEAR_AT");
    return fd > 2 && is_target(fd) && ++writes_seen == (at ? atoi(at) : 0);
}

ssize_t pwrite64(int fd, const void *buf, size_t len, off_t off) {
    static ssize_t (*real)(int, const void *, size_t, off_t);
    if (!real) real = dlsym(RTLD_NEXT, "pwrite64");
    if (tear_now(fd)) {
        real(fd, buf, len / 2, off);
        kill(getpid(), SIGKILL);
    }
    return real(fd, buf, len, off);
}

ssize_t pwrite(int fd, const void *buf, size_t len, off_t off) { return pwrite64(fd, buf, len, off); }

ssize_t write(int fd, const void *buf, size_t len) {
    static ssize_t (*real)(int, const void *, size_t);
    if (!real) real = dlsym(RTLD_NEXT, "write");
    if (tear_now(fd)) {
        real(fd, buf, len / 2);
        kill(getpid(), SIGKILL);
    }
    return real(fd, buf, len);
}
