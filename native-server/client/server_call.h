// What the CLI's server commands share: the bearer token from a file, and JSON calls to a
// protected endpoint whose refusals come back as the server's own error code and message.
#pragma once

#include <httplib.h>

#include <string>

#include "capture/json.h"
#include "capture/result.h"

namespace optin::client {

// The token in `path` (surrounding whitespace and line breaks removed); never printed.
[[nodiscard]] capture::Result<std::string> ReadTokenFile(const std::string& path);

class ServerCall {
 public:
  ServerCall(const std::string& server, std::string token);

  // GET or POST `path`; answers the JSON body of a 200. A refusal is the server's error (same
  // code, message and field); 503 is retried a few times after its Retry-After; a connection
  // failure is storage_unavailable naming the server.
  [[nodiscard]] capture::Result<capture::Json> Get(const std::string& path);
  [[nodiscard]] capture::Result<capture::Json> Post(const std::string& path,
                                                    const std::string& body,
                                                    const std::string& content_type);

 private:
  [[nodiscard]] capture::Result<capture::Json> Answer(const std::string& what,
                                                      const httplib::Result& res);
  std::string server_;
  std::string token_;
  httplib::Client http_;
};

// True for errors that mean "could not talk to the server" (exit 3), not "refused" (exit 1).
[[nodiscard]] bool IsConnectionError(const capture::Error& error);

}  // namespace optin::client
