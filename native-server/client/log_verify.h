// `optin log verify`: an auditor's independent check of the whole log over HTTP. Downloads every
// entry, recomputes the root, checks the latest checkpoint's signature, and checks that it extends
// the checkpoint saved in the state file last time (consistency proof, and the recomputed root at
// the old size); then saves the new checkpoint.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "capture/result.h"

namespace optin::client {

struct LogVerifyOptions {
  std::string server;      // http://host:port
  std::string state_file;  // {"vkey": ..., "checkpoint": note}; created when missing
  std::string vkey;        // optional; else the state file's, else /v1/keys (trust on first use)
  std::function<void(std::uint64_t done, std::uint64_t total)> progress;
};

struct LogVerifyReport {
  std::uint64_t size = 0;
  std::string root_base64;
  std::optional<std::uint64_t> previous_size;
  bool key_from_server = false;  // trusted on first use
  std::uint64_t consent_records = 0;
  std::uint64_t manifests = 0;
};

[[nodiscard]] capture::Result<LogVerifyReport> VerifyLogOverHttp(const LogVerifyOptions& options);

}  // namespace optin::client
