/* Fault injection for the fault tests (server_faults_test.cc): loaded into the real optin-server
 * with LD_PRELOAD, it makes the C library calls the server and SQLite rely on fail or lie, on the
 * test's command, the way a failing disk or a clock set back would. Nothing in the server knows
 * about it. The test steers it with files in $OPTIN_FAULT_DIR:
 *   fsync_fails        present: fsync and fdatasync fail with EIO (a dying disk)
 *   disk_full          present: writes to files fail with ENOSPC (when no small tmpfs can be
 *                      mounted; the test prefers a real full file system)
 *   clock_offset_ms    a signed number: added to every wall-clock reading (CLOCK_REALTIME,
 *                      gettimeofday, time), as when an operator or a broken NTP steps the clock
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

static int Present(const char* name) {
  const char* dir = getenv("OPTIN_FAULT_DIR");
  if (dir == NULL) return 0;
  char path[4096];
  if (snprintf(path, sizeof path, "%s/%s", dir, name) >= (int)sizeof path) return 0;
  struct stat st;
  return stat(path, &st) == 0;
}

/* Writes to sockets and pipes are left alone: only a full disk is simulated. */
static int IsRegularFile(int fd) {
  struct stat st;
  return fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
}

typedef int (*SyncFn)(int);
typedef ssize_t (*WriteFn)(int, const void*, size_t);
typedef ssize_t (*PwriteFn)(int, const void*, size_t, off_t);
typedef int (*ClockFn)(clockid_t, struct timespec*);
typedef int (*TimeOfDayFn)(struct timeval*, void*);

int fsync(int fd) {
  if (Present("fsync_fails")) {
    errno = EIO;
    return -1;
  }
  return ((SyncFn)dlsym(RTLD_NEXT, "fsync"))(fd);
}

int fdatasync(int fd) {
  if (Present("fsync_fails")) {
    errno = EIO;
    return -1;
  }
  return ((SyncFn)dlsym(RTLD_NEXT, "fdatasync"))(fd);
}

ssize_t write(int fd, const void* buf, size_t n) {
  if (n > 0 && Present("disk_full") && IsRegularFile(fd)) {
    errno = ENOSPC;
    return -1;
  }
  return ((WriteFn)dlsym(RTLD_NEXT, "write"))(fd, buf, n);
}

ssize_t pwrite(int fd, const void* buf, size_t n, off_t at) {
  if (n > 0 && Present("disk_full") && IsRegularFile(fd)) {
    errno = ENOSPC;
    return -1;
  }
  return ((PwriteFn)dlsym(RTLD_NEXT, "pwrite"))(fd, buf, n, at);
}

ssize_t pwrite64(int fd, const void* buf, size_t n, off_t at) {
  if (n > 0 && Present("disk_full") && IsRegularFile(fd)) {
    errno = ENOSPC;
    return -1;
  }
  return ((PwriteFn)dlsym(RTLD_NEXT, "pwrite64"))(fd, buf, n, at);
}

/* The offset file is read at most every 20 ms (clock readings are frequent). */
static _Atomic long long offset_ms;
static _Atomic long long offset_read_at_ns;

static long long OffsetMs(ClockFn real) {
  struct timespec mono;
  real(CLOCK_MONOTONIC, &mono);
  const long long now = (long long)mono.tv_sec * 1000000000LL + mono.tv_nsec;
  if (now - atomic_load(&offset_read_at_ns) > 20000000LL) {
    long long value = 0;
    const char* dir = getenv("OPTIN_FAULT_DIR");
    char path[4096];
    if (dir != NULL && snprintf(path, sizeof path, "%s/clock_offset_ms", dir) < (int)sizeof path) {
      FILE* f = fopen(path, "r");
      if (f != NULL) {
        if (fscanf(f, "%lld", &value) != 1) value = 0;
        fclose(f);
      }
    }
    atomic_store(&offset_ms, value);
    atomic_store(&offset_read_at_ns, now);
  }
  return atomic_load(&offset_ms);
}

static void Shift(struct timespec* ts, long long ms) {
  long long ns = (long long)ts->tv_nsec + (ms % 1000) * 1000000LL;
  long long s = (long long)ts->tv_sec + ms / 1000;
  if (ns < 0) {
    ns += 1000000000LL;
    s -= 1;
  } else if (ns >= 1000000000LL) {
    ns -= 1000000000LL;
    s += 1;
  }
  ts->tv_sec = (time_t)s;
  ts->tv_nsec = (long)ns;
}

int clock_gettime(clockid_t clock, struct timespec* ts) {
  const ClockFn real = (ClockFn)dlsym(RTLD_NEXT, "clock_gettime");
  const int rc = real(clock, ts);
  if (rc == 0 && (clock == CLOCK_REALTIME || clock == CLOCK_REALTIME_COARSE)) {
    Shift(ts, OffsetMs(real));
  }
  return rc;
}

int gettimeofday(struct timeval* tv, void* tz) {
  const ClockFn real = (ClockFn)dlsym(RTLD_NEXT, "clock_gettime");
  const int rc = ((TimeOfDayFn)dlsym(RTLD_NEXT, "gettimeofday"))(tv, tz);
  if (rc == 0) {
    struct timespec ts = {tv->tv_sec, (long)tv->tv_usec * 1000L};
    Shift(&ts, OffsetMs(real));
    tv->tv_sec = ts.tv_sec;
    tv->tv_usec = ts.tv_nsec / 1000L;
  }
  return rc;
}

time_t time(time_t* out) {
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  if (out != NULL) *out = ts.tv_sec;
  return ts.tv_sec;
}
