#include "guarded_server.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>

#include "http_types.h"

namespace optin::server {
namespace {

thread_local GuardedConnection* t_current = nullptr;

std::int64_t SteadyMillis() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

void AddressOf(const sockaddr_storage& addr, socklen_t len, std::string& ip, int& port) {
  char host[NI_MAXHOST] = {};
  if (getnameinfo(reinterpret_cast<const sockaddr*>(&addr), len, host, sizeof host, nullptr, 0,
                  NI_NUMERICHOST) == 0) {
    ip = host;
  }
  if (addr.ss_family == AF_INET) {
    port = ntohs(reinterpret_cast<const sockaddr_in*>(&addr)->sin_port);
  } else if (addr.ss_family == AF_INET6) {
    port = ntohs(reinterpret_cast<const sockaddr_in6*>(&addr)->sin6_port);
  }
}

void PeerOf(int sock, std::string& ip, int& port) {
  sockaddr_storage addr{};
  socklen_t len = sizeof addr;
  if (getpeername(sock, reinterpret_cast<sockaddr*>(&addr), &len) == 0) {
    AddressOf(addr, len, ip, port);
  }
}

// A connection over the address's cap gets one short answer and is closed, without a worker
// spending time on it.
void RefuseConnection(int sock) {
  const std::string body =
      ErrorJson(capture::MakeError(capture::ErrorCode::kTooManyConnections)).dump();
  const std::string reply =
      "HTTP/1.1 429 Too Many Requests\r\nContent-Type: application/json\r\nRetry-After: 1\r\n"
      "Connection: close\r\nContent-Length: " +
      std::to_string(body.size()) + "\r\n\r\n" + body;
  [[maybe_unused]] auto sent = send(sock, reply.data(), reply.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
}

// Closing a socket with unread input makes the kernel send a reset, which can destroy the answer
// still in flight to the client (a 429 or 413 sent before the body was read). So: end our side,
// then read and drop what the client still sends, briefly (100 ms, 64 KiB), then close.
void LingeringClose(int sock) {
  shutdown(sock, SHUT_WR);
  char sink[4096];
  std::size_t dropped = 0;
  const std::int64_t until = SteadyMillis() + 100;
  for (std::int64_t left = 100; left > 0 && dropped < 65536; left = until - SteadyMillis()) {
    pollfd p{sock, POLLIN, 0};
    if (poll(&p, 1, static_cast<int>(left)) <= 0) break;
    const ssize_t n = recv(sock, sink, sizeof sink, 0);
    if (n <= 0) break;
    dropped += static_cast<std::size_t>(n);
  }
  close(sock);
}

struct CurrentScope {
  explicit CurrentScope(GuardedConnection* c) { t_current = c; }
  ~CurrentScope() { t_current = nullptr; }
};

}  // namespace

GuardedConnection::GuardedConnection(int sock, std::string peer_ip, int peer_port,
                                     const AbuseLimits& limits, std::int64_t read_timeout_ms,
                                     std::int64_t write_timeout_ms)
    : sock_(sock),
      peer_ip_(std::move(peer_ip)),
      peer_port_(peer_port),
      limits_(limits),
      read_timeout_ms_(read_timeout_ms),
      write_timeout_ms_(write_timeout_ms) {}

GuardedConnection* GuardedConnection::Current() { return t_current; }

void GuardedConnection::BeginRequest() {
  deadline_ = SteadyMillis() + limits_.header_timeout_ms;
  timed_out_ = false;
  reading_head_ = true;
  head_bytes_ = 0;
  head_overflow_ = false;
}

void GuardedConnection::HeadRead() {
  reading_head_ = false;
  deadline_ = SteadyMillis() + limits_.body_timeout_ms;
}

void GuardedConnection::Handling() { deadline_.reset(); }

void GuardedConnection::Responding() {
  reading_head_ = false;
  deadline_ = SteadyMillis() + limits_.body_timeout_ms;
}

bool GuardedConnection::head_too_large() const {
  // The library refuses a header line longer than its buffer with a bare 400.
  return head_overflow_ || (reading_head_ && head_bytes_ > CPPHTTPLIB_HEADER_MAX_LENGTH);
}

bool GuardedConnection::Wait(short events, std::int64_t op_timeout_ms) const {
  const std::int64_t start = SteadyMillis();
  for (;;) {
    const std::int64_t now = SteadyMillis();
    std::int64_t wait = op_timeout_ms - (now - start);
    if (deadline_) wait = std::min(wait, *deadline_ - now);
    if (wait <= 0) {
      timed_out_ = true;  // the deadline or the library's per-read (per-write) timeout
      return false;
    }
    pollfd p{sock_, events, 0};
    const int r = poll(&p, 1, static_cast<int>(std::min<std::int64_t>(wait, 1000)));
    if (r > 0) return true;
    if (r < 0 && errno != EINTR) return false;
  }
}

bool GuardedConnection::WaitForRequest(std::int64_t idle_ms, const std::function<bool()>& running) {
  if (buffered_begin_ < buffered_end_) return true;
  deadline_.reset();
  const std::int64_t until = SteadyMillis() + idle_ms;
  while (running()) {
    const std::int64_t left = until - SteadyMillis();
    if (left <= 0) return false;
    if (Wait(POLLIN, std::min<std::int64_t>(left, 100))) return true;
  }
  return false;
}

bool GuardedConnection::is_readable() const {
  return buffered_begin_ < buffered_end_ || Wait(POLLIN, read_timeout_ms_);
}

bool GuardedConnection::is_writable() const { return Wait(POLLOUT, write_timeout_ms_); }

ssize_t GuardedConnection::read(char* ptr, size_t size) {
  if (buffered_begin_ == buffered_end_) {
    if (!Wait(POLLIN, read_timeout_ms_)) return -1;
    ssize_t n = 0;
    do {
      n = recv(sock_, buffer_, sizeof buffer_, 0);
    } while (n < 0 && errno == EINTR);
    if (n <= 0) return n;
    buffered_begin_ = 0;
    buffered_end_ = static_cast<std::size_t>(n);
  }
  std::size_t n = std::min(size, buffered_end_ - buffered_begin_);
  if (reading_head_) {
    const auto room = limits_.max_header_bytes - head_bytes_;
    if (room <= 0) {
      head_overflow_ = true;
      return -1;
    }
    n = std::min<std::size_t>(n, static_cast<std::size_t>(room));
    head_bytes_ += static_cast<std::int64_t>(n);
  }
  std::memcpy(ptr, buffer_ + buffered_begin_, n);
  buffered_begin_ += n;
  return static_cast<ssize_t>(n);
}

ssize_t GuardedConnection::write(const char* ptr, size_t size) {
  if (!Wait(POLLOUT, write_timeout_ms_)) return -1;
  ssize_t n = 0;
  do {
    n = send(sock_, ptr, size, MSG_NOSIGNAL);
  } while (n < 0 && errno == EINTR);
  return n;
}

void GuardedConnection::get_remote_ip_and_port(std::string& ip, int& port) const {
  ip = peer_ip_;
  port = peer_port_;
}

void GuardedConnection::get_local_ip_and_port(std::string& ip, int& port) const {
  sockaddr_storage addr{};
  socklen_t len = sizeof addr;
  if (getsockname(sock_, reinterpret_cast<sockaddr*>(&addr), &len) == 0) {
    AddressOf(addr, len, ip, port);
  }
}

GuardedServer::GuardedServer(const AbuseLimits& limits,
                             std::function<bool(const std::string&)> unlimited)
    : limits_(limits), unlimited_(std::move(unlimited)) {}

bool GuardedServer::Acquire(const std::string& address) {
  std::lock_guard lock(mu_);
  auto& n = open_[address];
  if (n >= limits_.max_connections_per_address) return false;
  ++n;
  return true;
}

void GuardedServer::Release(const std::string& address) {
  std::lock_guard lock(mu_);
  auto it = open_.find(address);
  if (it != open_.end() && --it->second <= 0) open_.erase(it);
}

// The library's own loop (keep-alive, then one process_request per request), over a
// GuardedConnection instead of its plain socket stream.
bool GuardedServer::process_and_close_socket(int sock) {
  std::string ip;
  int port = -1;
  PeerOf(sock, ip, port);
  const bool capped = !unlimited_(ip);
  bool ret = true;
  bool refused = false;
  if (capped && !Acquire(ip)) {
    RefuseConnection(sock);
    refused = true;
  } else {
    GuardedConnection conn(sock, ip, port, limits_,
                           read_timeout_sec_ * 1000 + read_timeout_usec_ / 1000,
                           write_timeout_sec_ * 1000 + write_timeout_usec_ / 1000);
    CurrentScope scope(&conn);
    const auto running = [this] { return is_running(); };
    for (std::size_t left = keep_alive_max_count_; left > 0 && is_running(); --left) {
      if (!conn.WaitForRequest(keep_alive_timeout_sec_ * 1000, running)) break;
      conn.BeginRequest();
      bool connection_closed = false;
      ret = process_request(conn, left == 1, connection_closed, nullptr);
      if (!ret || connection_closed || conn.close_requested()) break;
    }
    refused = conn.close_requested();
    if (capped) Release(ip);
  }
  if (refused) {
    LingeringClose(sock);
  } else {
    shutdown(sock, SHUT_RDWR);
    close(sock);
  }
  return ret;
}

}  // namespace optin::server
