// optin-server --data DIR --listen HOST:PORT [--web-root DIR] [--wasm-root DIR] [--database URL]
// [--dev]
// optin-server --help-config [--format markdown|text]: the option table (docs/config-reference.md)
#include <unistd.h>
#include <atomic>
#include <csignal>
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

#include "app.h"
#include "config_options.h"
#include "http_server.h"

namespace {

// Signals are turned into a clean stop by a thread that waits for them (no work in a handler).
std::atomic<bool> g_signalled{false};

void WaitForSignalThenStop(optin::server::HttpServer& http) {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  int sig = 0;
  sigwait(&set, &sig);
  g_signalled = true;
  std::fprintf(stderr, "optin-server: signal %d, stopping\n", sig);
  http.Stop();
}

}  // namespace

int main(int argc, char** argv) {
  // Block the stop signals in every thread; the waiter thread takes them.
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  std::signal(SIGPIPE, SIG_IGN);

  const std::vector<std::string> args(argv + 1, argv + argc);
  if (!args.empty() && args[0] == "--help-config") {
    const bool format_given = args.size() == 3 && args[1] == "--format";
    const std::string reference =
        optin::server::ConfigReference(format_given ? args[2] : std::string("text"));
    if (reference.empty() || (args.size() != 1 && !format_given)) {
      std::fprintf(stderr, "usage: optin-server --help-config [--format markdown|text]\n");
      return 2;
    }
    std::fputs(reference.c_str(), stdout);
    return 0;
  }
  auto config = optin::server::ParseCommandLine(args);
  if (!config.ok()) {
    std::fprintf(stderr,
                 "optin-server: %s\nusage: optin-server --data DIR --listen HOST:PORT "
                 "[--web-root DIR] [--wasm-root DIR] [--database URL] [--dev]\n",
                 config.error().message.c_str());
    return 2;
  }
  auto app = optin::server::StartApp(std::move(*config));
  if (!app.ok()) {
    std::fprintf(stderr, "optin-server: %s: %s\n", std::string(app.error().wire()).c_str(),
                 app.error().message.c_str());
    return 1;
  }
  auto& ctx = **app;
  optin::server::HttpServer http(ctx);
  if (auto bound = http.Bind(); !bound.ok()) {
    std::fprintf(stderr, "optin-server: %s\n", bound.error().message.c_str());
    optin::server::StopApp(ctx);
    return 1;
  }
  const std::string base = "http://" + ctx.config.host + ":" + std::to_string(ctx.config.port);
  std::printf(
      "optin-server listening on %s\n  log checkpoint %s/v1/log/checkpoint\n"
      "  keys           %s/v1/keys\n  API            %s/openapi.json\n",
      base.c_str(), base.c_str(), base.c_str(), base.c_str());
  if (!ctx.config.web_root.empty()) std::printf("  web demo       %s/\n", base.c_str());
  std::fflush(stdout);
  std::thread waiter([&http] { WaitForSignalThenStop(http); });
  http.Run();
  optin::server::StopApp(ctx);                // drain: every queued entry is committed and answered
  if (!g_signalled) kill(getpid(), SIGTERM);  // the listener ended by itself: release the waiter
  waiter.join();
  std::printf("optin-server stopped\n");
  return 0;
}
