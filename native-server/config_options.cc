#include "config_options.h"

#include <sstream>

namespace optin::server {
namespace {

// A markdown table cell: a '|' would end the cell.
std::string Cell(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '|') out += '\\';
    out += c;
  }
  return out;
}

}  // namespace

const std::vector<ConfigOption>& ConfigOptions() {
  using enum ConfigSource;
  static const std::vector<ConfigOption> kOptions = {
      {kFlag, "--data", "DIR", "(required)",
       "The data folder: config.json, keys/ and the SQLite database. Created on first start."},
      {kFlag, "--listen", "HOST:PORT", "127.0.0.1:8080",
       "Address to serve HTTP on. Put a TLS-terminating proxy in front for anything but "
       "loopback."},
      {kFlag, "--web-root", "DIR", "(none)",
       "Serve the static pages in DIR at / (the web demo: web-demo/). Without it only the API "
       "is served."},
      {kFlag, "--wasm-root", "DIR", "(the build's wasm/ folder)",
       "The built WebAssembly package, served at /wasm/ when --web-root is given."},
      {kFlag, "--database", "URL", "sqlite:optin.sqlite",
       "Storage engine and place: sqlite:PATH (PATH relative to the data folder), or a "
       "postgresql://... URL (libpq) that several instances share (docs/guide-operator.md)."},
      {kFlag, "--dev", "(no value)", "(off)",
       "Development only: publish the example campaign signed with keys/dev-advertiser.key "
       "(created on first use)."},
      {kFlag, "--help-config", "[--format markdown|text]", "(none)",
       "Print this reference and exit."},
      {kFile, "log_origin", "string", "\"localhost/optin-capture\"",
       "The log's name: first line of every checkpoint and the name of its verifier key. Set it "
       "once, before the first record (e.g. optin.example.com/consents): changing it later makes "
       "every saved checkpoint and published key name stale."},
      {kFile, "threads", "integer > 0", "96",
       "HTTP worker threads. Each keep-alive connection holds one while it is open."},
      {kFile, "max_body_bytes", "integer > 0", "4194304",
       "Largest request body accepted; larger requests get 413 payload_too_large."},
      {kFile, "max_batch_records", "integer > 0", "100",
       "Most envelopes in one POST /v1/consents array; more get 413 batch_too_large."},
      {kFile, "max_outstanding", "integer > 0", "20000",
       "Ledger entries queued for the sequencer before new submissions get 503 overloaded with "
       "Retry-After."},
      {kFile, "sequencer_max_batch", "integer > 0", "256",
       "Most ledger entries written in one SQLite transaction (one checkpoint per batch)."},
      {kFile, "sequencer_wait_us", "integer > 0", "2000",
       "How long the sequencer waits to fill a batch, in microseconds: higher gives larger "
       "batches, lower gives faster receipts."},
      {kFile, "max_future_skew_ms", "integer > 0", "300000",
       "How far a record's captured_at may be ahead of the server's clock, in milliseconds."},
      {kFile, "withdrawal_ack_limit_ms", "integer > 0", "86400000",
       "A withdrawal a call centre has not acknowledged after this long (ms; 24 hours) is listed "
       "in GET /v1/reports/withdrawals and counted in optin_withdrawals_unacknowledged."},
      {kFile, "keep_alive_max_count", "integer > 0", "100000",
       "Requests served on one keep-alive connection before it is closed."},
      {kFile, "entries_page_max", "integer > 0", "1000",
       "Most ledger entries returned by one GET /v1/log/entries."},
      {kFile, "partner_registration_required", "boolean", "false",
       "Refuse records (partner_unknown) from partners not registered with POST /v1/partners. "
       "Off: a partner the campaign's signed manifest lists may host the form unregistered; a "
       "registered partner is always held to its campaigns, and relaying always needs a "
       "registration."},
      {kFile, "publish_example_campaign", "boolean", "false",
       "Publish the example campaign at start (what --dev switches on)."},
      {kFile, "example_campaign", "path",
       "\"<source>/tests/vectors/manifests/example-campaign.json\"",
       "The unsigned manifest that publish_example_campaign signs and publishes."},
      {kFile, "advertiser_keys", "object", "{}",
       "Campaign id -> the advertiser's base64 Ed25519 public key. A manifest is published only "
       "when it is signed by the key configured for its campaign id. Read at start: restart "
       "after a change."},
      // Issue 9: abuse limits (docs/security.md).
      {kFile, "header_timeout_ms", "integer > 0", "10000",
       "A request's line and headers must arrive within this many ms of its first byte; a slower "
       "client gets 408 request_timeout and is disconnected, so it cannot hold a worker."},
      {kFile, "body_timeout_ms", "integer > 0", "30000",
       "The body must arrive, and the response be taken, within this many ms after the headers."},
      {kFile, "max_header_bytes", "integer > 0", "16384",
       "Largest request line plus headers; larger get 431 headers_too_large (so does any single "
       "header line over 8192 bytes)."},
      {kFile, "max_connections_per_address", "integer > 0", "32",
       "Open connections one client address may hold; more are answered 429 "
       "too_many_connections and closed. Keep it well below threads."},
      {kFile, "rate_limit_address_per_second", "number > 0", "50.0",
       "Requests a second per client address (token bucket), after a burst of "
       "rate_limit_address_burst; more get 429 rate_limited with Retry-After."},
      {kFile, "rate_limit_address_burst", "integer > 0", "200",
       "Requests one client address may send at once before its rate applies."},
      {kFile, "rate_limit_partner_per_second", "number > 0", "200.0",
       "Requests a second per partner token (relay, reports), after a burst of "
       "rate_limit_partner_burst; more get 429 rate_limited with Retry-After. A relay request "
       "carries up to max_batch_records envelopes."},
      {kFile, "rate_limit_partner_burst", "integer > 0", "1000",
       "Requests one partner may send at once before its rate applies."},
      {kFile, "auth_failures_max", "integer > 0", "10",
       "Unknown bearer tokens from one address within auth_failure_window_ms before it is "
       "locked out: its requests with a token get 429 auth_locked_out for auth_lockout_ms."},
      {kFile, "auth_failure_window_ms", "integer > 0", "60000",
       "The window in which auth_failures_max failed tokens lock an address out."},
      {kFile, "auth_lockout_ms", "integer > 0", "300000",
       "How long a locked-out address is refused (right tokens included)."},
      {kFile, "unlimited_addresses", "array of addresses", "[\"127.0.0.1\", \"::1\"]",
       "Client addresses no connection cap, rate limit or lockout applies to (loopback: a local "
       "proxy, the benchmarks). Behind a local proxy set client_address_header instead, or "
       "every client shares the proxy's address."},
      {kFile, "client_address_header", "header name", "\"\"",
       "When set (e.g. X-Forwarded-For) and the connection comes from loopback, the client "
       "address the limits count is the last address in this header (the one the proxy added)."},
      {kFile, "device_key_records_per_minute", "integer > 0", "1000",
       "A device key that signed more records than this within a minute gets each further record "
       "flagged device_key_burst (record_flags; evidence bundle and source report): still judged "
       "on its merits, never refused for it."},
      // Issue 5: verification before calling and the webhook push (docs/processing.md).
      {kFile, "public_url", "URL", "\"\"",
       "The server as the consumer reaches it (https://optin.example.com): the base of the "
       "confirmation links in verification messages. Empty: http://<--listen>."},
      {kFile, "verification_email_sender", "outbox | smtp://HOST:PORT | http://HOST:PORT/PATH",
       "\"outbox\"",
       "Where verification e-mail goes: outbox writes each message as a file in DATA/outbox/ "
       "(development); smtp:// hands it to a plain SMTP relay (no TLS or login: a local relay); "
       "http:// posts it, signed, to a mail gateway's webhook."},
      {kFile, "verification_sms_sender", "outbox | http://HOST:PORT/PATH", "\"outbox\"",
       "Where verification SMS go: outbox (development) or an SMS gateway's webhook, posted as "
       "signed JSON {channel, to, text, record_id, ...}."},
      {kFile, "verification_from", "e-mail address", "\"optin@localhost\"",
       "The From address of verification e-mail."},
      {kFile, "verification_webhook_secret", "string", "\"\"",
       "The HMAC-SHA256 secret that signs requests to a gateway webhook (X-Optin-Signature)."},
      {kFile, "verification_valid_ms", "integer > 0", "259200000",
       "How long a verification link and code work (ms; 72 hours). An unconfirmed lead is "
       "never delivered."},
      {kFile, "verification_max_wrong_codes", "integer > 0", "5",
       "Wrong codes allowed per record; after that the code is refused "
       "(verification_attempts_exceeded) and only the link works."},
      {kFile, "verification_retry_ms", "integer > 0", "60000",
       "A verification message the sender could not hand over is tried again after this long "
       "(ms)."},
      {kFile, "webhook_retry_base_ms", "integer > 0", "1000",
       "Lead push backoff: a failed push is retried after base * 2^attempts ms, at most "
       "webhook_retry_max_ms; it is retried until it succeeds (at least once)."},
      {kFile, "webhook_retry_max_ms", "integer > 0", "300000",
       "The longest wait between two push attempts (ms)."},
      {kFile, "webhook_timeout_ms", "integer > 0", "10000",
       "How long one push waits to connect, send and read the answer (ms)."},
  };
  return kOptions;
}

const ConfigOption* FindConfigOption(ConfigSource source, std::string_view key) {
  for (const auto& option : ConfigOptions()) {
    if (option.source == source && option.key == key) return &option;
  }
  return nullptr;
}

std::string ConfigReference(std::string_view format) {
  std::ostringstream out;
  if (format == "markdown") {
    out << "# optin-server configuration reference\n\n"
           "Generated by `optin-server --help-config --format markdown` from the option table in\n"
           "`native-server/config_options.cc`; a test fails when this page and the table differ,\n"
           "and the server refuses flags and config.json keys that are not in the table.\n";
    for (auto source : {ConfigSource::kFlag, ConfigSource::kFile}) {
      if (source == ConfigSource::kFlag) {
        out << "\n## Command line\n\n| flag | value | default | what it does |\n"
               "| --- | --- | --- | --- |\n";
      } else {
        out << "\n## DATA/config.json\n\nWritten with these defaults on first start; every key "
               "is optional; unknown keys are\nrefused at start, so a typo never falls back to a "
               "default silently. Read at start only.\n\n| key | value | default | what it does "
               "|\n| --- | --- | --- | --- |\n";
      }
      for (const auto& o : ConfigOptions()) {
        if (o.source != source) continue;
        // Literal defaults in code style; "(...)" says there is none.
        const bool literal = !o.default_value.empty() && o.default_value[0] != '(';
        out << "| `" << o.key << "` | " << Cell(o.value) << " | " << (literal ? "`" : "")
            << Cell(o.default_value) << (literal ? "`" : "") << " | " << Cell(o.description)
            << " |\n";
      }
    }
    return out.str();
  }
  if (format == "text") {
    for (const auto& o : ConfigOptions()) {
      out << (o.source == ConfigSource::kFlag ? "" : "config.json ") << o.key << " " << o.value
          << "\n    default " << o.default_value << ": " << o.description << "\n";
    }
    return out.str();
  }
  return {};
}

}  // namespace optin::server
