// Runs the real optin-server for a test: a temporary data folder, a free loopback port, the
// process started with fork/exec and stopped with SIGTERM or killed with SIGKILL.
#pragma once

#include <httplib.h>
#include <sys/types.h>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "capture/json.h"

namespace optin::testing {

class TempDir {
 public:
  TempDir();
  ~TempDir();
  [[nodiscard]] const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

[[nodiscard]] int FreeLoopbackPort();

class ServerProcess {
 public:
  // `config` entries are merged into DATA/config.json before the first start.
  explicit ServerProcess(std::filesystem::path data_dir,
                         capture::Json config = capture::Json::object());
  ~ServerProcess();

  // Starts (or restarts) and waits until /readyz answers; false on timeout.
  [[nodiscard]] bool Start(const std::vector<std::string>& extra_args = {"--dev"});
  void Kill();      // SIGKILL, no chance to clean up
  int Terminate();  // SIGTERM and wait; the exit status
  [[nodiscard]] bool running() const { return pid_ > 0; }

  [[nodiscard]] int port() const { return port_; }
  [[nodiscard]] std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  [[nodiscard]] const std::filesystem::path& data_dir() const { return data_dir_; }
  [[nodiscard]] std::unique_ptr<httplib::Client> Client() const;
  [[nodiscard]] std::string Log() const;

  // A token of the scope, created in the data folder as `optin token create` does.
  [[nodiscard]] std::string Token(const std::string& scope) const;

 private:
  std::filesystem::path data_dir_;
  capture::Json config_;
  int port_ = 0;
  pid_t pid_ = -1;
};

// Convenience: the error code of a JSON error body, or "" when none.
[[nodiscard]] std::string ErrorCodeOf(const std::string& body);

// Percent-encodes everything but RFC 3986 unreserved characters (base64 '+', '/', '=').
[[nodiscard]] std::string UrlEncode(const std::string& text);

// Runs a program, returns its exit status and (optionally) its stdout.
int RunProgram(const std::vector<std::string>& argv, std::string* out = nullptr);

}  // namespace optin::testing
