// The limits that keep one client from starving the others (issue 9, docs/security.md): read
// deadlines, connections per address, request rates per address and per partner, the lockout
// after failed bearer tokens, and the device-key burst that flags records. Read from
// DATA/config.json beside the other settings (config_options.cc documents every key).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "capture/json.h"
#include "capture/result.h"

namespace optin::server {

struct AbuseLimits {
  // A request's line and headers must arrive within this many ms of the connection opening or
  // the previous response ending; its body (and the response) within body_timeout_ms after that.
  std::int64_t header_timeout_ms = 10000;
  std::int64_t body_timeout_ms = 30000;
  // The request line and headers together, in bytes (longer: 431).
  std::int64_t max_header_bytes = 16384;
  // Open connections from one client address (more are answered 429 and closed).
  std::int64_t max_connections_per_address = 32;
  // Token buckets: a client address and a partner token each get `per_second` requests a second
  // after a burst of `burst`.
  double address_rate_per_second = 50;
  std::int64_t address_rate_burst = 200;
  double partner_rate_per_second = 200;
  std::int64_t partner_rate_burst = 1000;
  // After `auth_failures_max` unknown bearer tokens from one address within
  // auth_failure_window_ms, every request with a token from it is refused for auth_lockout_ms.
  std::int64_t auth_failures_max = 10;
  std::int64_t auth_failure_window_ms = 60000;
  std::int64_t auth_lockout_ms = 300000;
  // Addresses none of the above applies to (the defaults: loopback, where a local proxy and the
  // benchmarks run).
  std::vector<std::string> unlimited_addresses = {"127.0.0.1", "::1"};
  // When set (e.g. "X-Forwarded-For") and the connection comes from loopback (a local proxy),
  // the client address is the last address in this header.
  std::string client_address_header;
  // A device key that signed more records than this within one minute gets its later records
  // flagged (record_flags, device_key_burst); they are still judged on their merits.
  std::int64_t device_key_records_per_minute = 1000;
};

// Reads the keys of AbuseLimits present in config.json; a bad value is an error naming its key.
[[nodiscard]] capture::Status ReadAbuseLimits(const capture::Json& config, AbuseLimits& out);
// Adds every key with its value (the defaults written into a new config.json).
void WriteAbuseLimits(const AbuseLimits& limits, capture::Json& config);

}  // namespace optin::server
