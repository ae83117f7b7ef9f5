// The server's settings: command line (data folder, listen address, web root, database) plus
// DATA/config.json, written with defaults on first start. Unknown keys in the file are refused,
// so a typo never silently falls back to a default.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "abuse_limits.h"
#include "capture/json.h"
#include "capture/result.h"

namespace optin::server {

struct ServerConfig {
  // From the command line.
  std::string data_dir;
  std::string host = "127.0.0.1";
  int port = 8080;
  std::string web_root;
  // The built WASM package, served under /wasm/ beside the web root (the demo loads the module
  // from there). Empty: <directory of optin-server>/../wasm, the main build's layout.
  std::string wasm_root;
  std::string database;  // "" or "sqlite:PATH"
  bool dev = false;

  // From config.json.
  std::string log_origin = "localhost/optin-capture";  // checkpoint origin and key name
  int threads = 96;  // httplib keeps one thread per keep-alive connection
  std::size_t max_body_bytes = 4 << 20;
  std::size_t max_batch_records = 100;
  std::size_t max_outstanding = 20000;  // queued entries before 503 + Retry-After
  std::size_t sequencer_max_batch = 256;
  int sequencer_wait_us = 2000;
  std::int64_t max_future_skew_ms = 5 * 60 * 1000;
  // A withdrawal notice a call centre has not acknowledged after this long is reported (R17).
  std::int64_t withdrawal_ack_limit_ms = 24 * 3600 * 1000LL;
  int keep_alive_max_count = 100000;
  std::size_t entries_page_max = 1000;
  bool publish_example_campaign = false;
  // Issue 7: refuse records of partners not registered with POST /v1/partners (by default the
  // advertiser's signed manifest alone lets a partner host the form).
  bool partner_registration_required = false;
  std::string example_campaign;                        // path of an (unsigned) manifest object
  std::map<std::string, std::string> advertiser_keys;  // campaign id -> base64 Ed25519 key
  // Issue 9: deadlines, connection caps, rate limits, token lockout, device-key bursts.
  AbuseLimits abuse;

  // Issue 5: verification before calling and the webhook push (delivery_config.cc).
  std::string public_url;  // base of the links in verification messages; "" = http://<listen>
  std::string verification_email_sender = "outbox";  // outbox | smtp://HOST:PORT | http://...
  std::string verification_sms_sender = "outbox";    // outbox | http://... (an SMS gateway)
  std::string verification_from = "optin@localhost";
  std::string verification_webhook_secret;  // signs requests to a gateway webhook
  std::int64_t verification_valid_ms = 72 * 3600 * 1000LL;
  std::int64_t verification_max_wrong_codes = 5;
  std::int64_t verification_retry_ms = 60000;  // a failed send is tried again after this
  std::int64_t webhook_retry_base_ms = 1000;   // push backoff: base * 2^attempts, capped
  std::int64_t webhook_retry_max_ms = 300000;
  std::int64_t webhook_timeout_ms = 10000;
};

// Parses argv (without the program name). Returns a usage error message on failure.
[[nodiscard]] capture::Result<ServerConfig> ParseCommandLine(const std::vector<std::string>& args);

// Issue 5's keys of config.json (delivery_config.cc): their defaults, and reading them.
[[nodiscard]] capture::Json DeliveryConfigDefaults(const ServerConfig& config);
[[nodiscard]] capture::Status LoadDeliveryConfig(const capture::Json& file, ServerConfig& config);

// Reads DATA/config.json into `config`, creating it with the defaults first if missing.
[[nodiscard]] capture::Status LoadConfigFile(ServerConfig& config);

}  // namespace optin::server
