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
#include "capture/result.h"
#include "storage.h"

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

// The engine of this test run (issue 8). The pg registration of a test binary sets
// OPTIN_TEST_PG_URL_FILE to the file where tools/pg-test-cluster.sh wrote its cluster's URL; then
// every data folder gets its own fresh PostgreSQL database (tests stay independent and can run in
// parallel). Otherwise the server uses SQLite in the data folder, its default.
[[nodiscard]] bool UsingPostgres();

// An argument of ServerProcess::Sql: text or a blob.
struct SqlArg {
  SqlArg(std::string t) : text(std::move(t)) {}  // NOLINT(google-explicit-constructor)
  SqlArg(const char* t) : text(t) {}             // NOLINT(google-explicit-constructor)
  SqlArg(capture::Bytes b) : blob(std::move(b)), is_blob(true) {}  // NOLINT
  std::string text;
  capture::Bytes blob;
  bool is_blob = false;
};

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

  // The database of this data folder: "" (SQLite inside it) or its PostgreSQL URL, created the
  // first time it is asked for and the same on every restart.
  [[nodiscard]] std::string database() const;
  // {"--database", URL} for the `optin` commands that open the store, or nothing under SQLite.
  [[nodiscard]] std::vector<std::string> DatabaseArgs() const;
  // The server's store, opened beside the running server as `optin` opens it.
  [[nodiscard]] capture::Result<std::unique_ptr<server::Storage>> OpenStore() const;
  // Every file the store keeps its data in (SQLite's file and WAL, or the whole PostgreSQL
  // cluster's data folder, WAL included), for tests that look for clear text on disk.
  [[nodiscard]] std::vector<std::filesystem::path> DatabaseFiles() const;
  // Raw SQL for state the API does not offer (either engine; '?' placeholders): false on error.
  [[nodiscard]] bool Sql(const std::string& sql, const std::vector<SqlArg>& args = {}) const;
  // The first column of the first row as an integer (0 when NULL or no row).
  [[nodiscard]] std::int64_t SqlInt(const std::string& sql,
                                    const std::vector<SqlArg>& args = {}) const;

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
