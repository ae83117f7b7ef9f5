#include "message_sender.h"

#include <chrono>
#include <filesystem>
#include <fstream>

#include "capture/json.h"
#include "signed_post.h"
#include "smtp_client.h"

namespace optin::server {
namespace {

using capture::ErrorCode;
using capture::MakeError;

// Development: one file per message, written whole (a temporary name, then renamed), so a test or
// a developer reading the folder never sees half a message.
class OutboxSender final : public MessageSender {
 public:
  explicit OutboxSender(std::filesystem::path dir) : dir_(std::move(dir)) {}

  capture::Status Send(const OutgoingMessage& m) override {
    std::error_code ec;
    std::filesystem::create_directories(dir_, ec);
    const auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
                         std::chrono::system_clock::now().time_since_epoch())
                         .count();
    const std::string name = std::to_string(now) + "-" + m.channel + "-" + m.record_id + ".txt";
    const auto tmp = dir_ / (name + ".tmp");
    {
      std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
      out << "Channel: " << m.channel << "\nTo: " << m.to << "\n";
      if (m.channel == "email") out << "From: " << m.from << "\nSubject: " << m.subject << "\n";
      out << "Record: " << m.record_id << "\n\n" << m.text << "\n";
      out.flush();
      if (!out) return MakeError(ErrorCode::kInternal, "cannot write " + tmp.string());
    }
    std::filesystem::rename(tmp, dir_ / name, ec);
    if (ec) return MakeError(ErrorCode::kInternal, "cannot rename " + tmp.string());
    return capture::OkStatus();
  }

 private:
  std::filesystem::path dir_;
};

class SmtpSender final : public MessageSender {
 public:
  SmtpSender(std::string host, int port) : host_(std::move(host)), port_(port) {}
  capture::Status Send(const OutgoingMessage& m) override {
    if (m.channel != "email") {
      return MakeError(ErrorCode::kInternal, "an SMTP sender sends e-mail only");
    }
    return SendSmtpMail(host_, port_, m.from, m.to, m.subject, m.text, 10000);
  }

 private:
  std::string host_;
  int port_;
};

// A gateway's webhook: {channel, to, from, subject, text, record_id}, signed like the lead push.
class WebhookMessageSender final : public MessageSender {
 public:
  WebhookMessageSender(std::string url, std::string secret)
      : url_(std::move(url)), secret_(std::move(secret)) {}
  capture::Status Send(const OutgoingMessage& m) override {
    capture::Json body = {{"channel", m.channel}, {"to", m.to},     {"from", m.from},
                          {"subject", m.subject}, {"text", m.text}, {"record_id", m.record_id}};
    return SignedPost(url_, secret_, body.dump(), 10000);
  }

 private:
  std::string url_;
  std::string secret_;
};

}  // namespace

bool ParseUrl(const std::string& url, UrlParts& out) {
  const auto scheme_end = url.find("://");
  if (scheme_end == std::string::npos || scheme_end == 0) return false;
  out.scheme = url.substr(0, scheme_end);
  const std::string rest = url.substr(scheme_end + 3);
  const auto slash = rest.find('/');
  const std::string authority = rest.substr(0, slash);
  out.path = slash == std::string::npos ? "/" : rest.substr(slash);
  const auto colon = authority.rfind(':');
  if (colon == std::string::npos || colon == 0) return false;
  out.host = authority.substr(0, colon);
  const std::string port = authority.substr(colon + 1);
  if (port.empty() || port.size() > 5 ||
      port.find_first_not_of("0123456789") != std::string::npos) {
    return false;
  }
  out.port = std::stoi(port);
  return out.port > 0 && out.port < 65536;
}

capture::Result<std::unique_ptr<MessageSender>> MakeMessageSender(const std::string& spec,
                                                                  const std::string& data_dir,
                                                                  const std::string& secret) {
  if (spec == "outbox") {
    return std::unique_ptr<MessageSender>(
        std::make_unique<OutboxSender>(std::filesystem::path(data_dir) / "outbox"));
  }
  UrlParts parts;
  if (ParseUrl(spec, parts) && parts.scheme == "smtp") {
    return std::unique_ptr<MessageSender>(std::make_unique<SmtpSender>(parts.host, parts.port));
  }
  if (ParseUrl(spec, parts) && parts.scheme == "http") {
    return std::unique_ptr<MessageSender>(std::make_unique<WebhookMessageSender>(spec, secret));
  }
  return MakeError(ErrorCode::kRequestInvalid,
                   "a verification sender is outbox, smtp://HOST:PORT or http://HOST:PORT/PATH, "
                   "not '" +
                       spec + "'");
}

}  // namespace optin::server
