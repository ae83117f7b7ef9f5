// A signed JSON POST to a receiver's webhook (the lead push and the verification gateway): the
// body is signed with HMAC-SHA256 under the shared secret over "<timestamp>.<body>", the
// timestamp (Unix seconds) in X-Optin-Timestamp and the signature as "v1=<hex>" in
// X-Optin-Signature. The receiver recomputes the HMAC over the raw body and refuses a request
// whose timestamp is more than a few minutes old (a replay). docs/guide-call-centre.md shows it.
#pragma once

#include <string>

#include "capture/result.h"

namespace optin::server {

// "v1=" + hex HMAC-SHA256(secret, timestamp + "." + body).
[[nodiscard]] std::string WebhookSignature(const std::string& secret, const std::string& timestamp,
                                           const std::string& body);

// POSTs the body (application/json) to an http:// URL; OK on a 2xx answer, else an error saying
// what failed (connection, status). timeout_ms bounds connecting, sending and reading.
[[nodiscard]] capture::Status SignedPost(const std::string& url, const std::string& secret,
                                         const std::string& body, int timeout_ms);

}  // namespace optin::server
