// A plain SMTP client (RFC 5321) for verification e-mail through a relay the operator runs
// (no TLS, no authentication: a local relay that forwards with both). One message per connection:
// EHLO, MAIL FROM, RCPT TO, DATA (dot-stuffed, CRLF line ends), QUIT.
#pragma once

#include <string>

#include "capture/result.h"

namespace optin::server {

// The subject may hold any UTF-8 (sent RFC 2047 encoded); the text is sent as UTF-8, 8bit.
// timeout_ms bounds every network wait. An answer the relay refuses with is in the error.
[[nodiscard]] capture::Status SendSmtpMail(const std::string& host, int port,
                                           const std::string& from, const std::string& to,
                                           const std::string& subject, const std::string& text,
                                           int timeout_ms);

}  // namespace optin::server
