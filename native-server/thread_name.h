#pragma once

#include <pthread.h>

namespace optin::server {

// Names the calling thread (at most 15 characters) so `top -H`, perf and /proc/PID/task show
// which of the server's background threads uses the CPU. Best effort: a failure changes nothing.
inline void NameThisThread(const char* name) { (void)pthread_setname_np(pthread_self(), name); }

}  // namespace optin::server
