// cpp-httplib's server with the connection handling replaced (issue 9, slow clients): the
// library reads each request with a per-read timeout only, so a client that sends one byte every
// few seconds holds a worker thread forever. Here every connection is read through
// GuardedConnection, a Stream with deadlines for the request head and for the body and
// response, and each client address may hold only so many connections at once.
#pragma once

#include <httplib.h>

#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "abuse_limits.h"

namespace optin::server {

// One accepted connection, read and written with deadlines. A deadline that passes makes the
// pending read or write fail, which ends the request (the library answers 400, which the error
// handler turns into 408 request_timeout) and the connection.
class GuardedConnection final : public httplib::Stream {
 public:
  GuardedConnection(int sock, std::string peer_ip, int peer_port, const AbuseLimits& limits,
                    std::int64_t read_timeout_ms, std::int64_t write_timeout_ms);

  // The connection the calling worker thread serves, or nullptr (the handlers run on it).
  [[nodiscard]] static GuardedConnection* Current();

  // Phases of one request: head (line and headers), then body, then the handler (no deadline:
  // it does not read), then the response.
  void BeginRequest();
  void HeadRead();
  void Handling();
  void Responding();
  // Ends the connection after this response (a refusal sent before its body was read).
  void CloseAfterResponse() { close_requested_ = true; }

  [[nodiscard]] bool close_requested() const { return close_requested_; }
  [[nodiscard]] bool timed_out() const { return timed_out_; }
  // The request's head went past max_header_bytes (or a line past the library's limit).
  [[nodiscard]] bool head_too_large() const;
  [[nodiscard]] bool reading_head() const { return reading_head_; }

  // Waits up to `idle_ms` for the next request's first byte while `running` holds.
  [[nodiscard]] bool WaitForRequest(std::int64_t idle_ms, const std::function<bool()>& running);

  bool is_readable() const override;
  bool is_writable() const override;
  ssize_t read(char* ptr, size_t size) override;
  ssize_t write(const char* ptr, size_t size) override;
  void get_remote_ip_and_port(std::string& ip, int& port) const override;
  void get_local_ip_and_port(std::string& ip, int& port) const override;
  int socket() const override { return sock_; }

 private:
  [[nodiscard]] bool Wait(short events, std::int64_t op_timeout_ms) const;

  const int sock_;
  const std::string peer_ip_;
  const int peer_port_;
  const AbuseLimits& limits_;
  const std::int64_t read_timeout_ms_;
  const std::int64_t write_timeout_ms_;
  std::optional<std::int64_t> deadline_;  // steady-clock ms
  mutable bool timed_out_ = false;
  bool reading_head_ = false;
  std::int64_t head_bytes_ = 0;
  bool head_overflow_ = false;
  bool close_requested_ = false;
  char buffer_[4096];
  std::size_t buffered_begin_ = 0;
  std::size_t buffered_end_ = 0;
};

class GuardedServer final : public httplib::Server {
 public:
  // `unlimited(address)`: addresses without a connection cap.
  GuardedServer(const AbuseLimits& limits, std::function<bool(const std::string&)> unlimited);

 private:
  bool process_and_close_socket(int sock) override;
  [[nodiscard]] bool Acquire(const std::string& address);
  void Release(const std::string& address);

  const AbuseLimits& limits_;
  const std::function<bool(const std::string&)> unlimited_;
  std::mutex mu_;
  std::unordered_map<std::string, std::int64_t> open_;  // connections per address
};

}  // namespace optin::server
