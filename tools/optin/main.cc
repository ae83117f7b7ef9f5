// optin: the command line. Each command lives in its own file; this file only dispatches.
#include <cstdio>
#include <cstring>
#include <string_view>

#include "capture/crypto.h"

int main(int argc, char** argv) {
  (void)argv;
  if (!capture::InitCrypto().ok()) {
    std::fputs("optin: libsodium failed to start\n", stderr);
    return 1;
  }
  if (argc < 2) {
    std::fputs("usage: optin COMMAND ...\n", stderr);
    return 2;
  }
  return 2;
}
