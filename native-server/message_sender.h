// Where verification messages go (issue 5): a pluggable sender per channel, chosen by the
// config options verification_email_sender and verification_sms_sender:
//   "outbox"            development: each message is a file in DATA/outbox/ (nothing leaves)
//   "smtp://HOST:PORT"  e-mail through a plain SMTP relay (no TLS, no login: a local relay)
//   "http://HOST:PORT/PATH"  a gateway's webhook: the message as signed JSON (SMS or e-mail API)
#pragma once

#include <memory>
#include <string>

#include "capture/result.h"

namespace optin::server {

struct OutgoingMessage {
  std::string channel;  // "sms" or "email"
  std::string to;       // +31... or an e-mail address
  std::string from;     // e-mail sender (verification_from)
  std::string subject;  // e-mail only
  std::string text;     // plain text, UTF-8
  std::string record_id;
};

class MessageSender {
 public:
  virtual ~MessageSender() = default;
  // OK once the message is handed over (written, accepted by the relay or gateway); an error
  // means it was not, and the caller retries later.
  [[nodiscard]] virtual capture::Status Send(const OutgoingMessage& message) = 0;
};

// `spec` as above; `data_dir` for the outbox; `secret` signs webhook requests.
[[nodiscard]] capture::Result<std::unique_ptr<MessageSender>> MakeMessageSender(
    const std::string& spec, const std::string& data_dir, const std::string& secret);

// The pieces of "scheme://host:port/path"; false when it is not of that form.
struct UrlParts {
  std::string scheme;
  std::string host;
  int port = 0;
  std::string path;
};
[[nodiscard]] bool ParseUrl(const std::string& url, UrlParts& out);

}  // namespace optin::server
