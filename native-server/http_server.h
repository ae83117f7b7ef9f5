// The HTTP front: cpp-httplib with the settings a fast server needs (TCP_NODELAY, long
// keep-alive, a pool sized for many connections), the route table, CORS for campaign origins,
// and JSON errors for everything the library itself refuses (404, 405, 413, 400). Issue 9: the
// connections are read with deadlines (guarded_server.h) and requests pass the abuse limits
// (request_guards.h) before their bodies are read.
#pragma once

#include <memory>

#include "app_context.h"

namespace httplib {
class Server;
}

namespace optin::server {

class RequestGuards;

class HttpServer {
 public:
  explicit HttpServer(AppContext& ctx);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  [[nodiscard]] capture::Status Bind();
  void Run();   // blocks until Stop()
  void Stop();  // from any thread

 private:
  AppContext& ctx_;
  std::unique_ptr<RequestGuards> guards_;  // rate limits and token lockout (issue 9)
  std::unique_ptr<httplib::Server> server_;
};

}  // namespace optin::server
