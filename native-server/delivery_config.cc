// Issue 5's config.json keys (docs/config-reference.md): where verification messages go, how long
// their links and codes work, and how the webhook push retries.
#include "message_sender.h"
#include "server_config.h"

namespace optin::server {
namespace {

using capture::ErrorCode;
using capture::Json;
using capture::MakeError;

capture::Status ReadText(const Json& j, const char* key, std::string& out) {
  if (!j.contains(key)) return capture::OkStatus();
  CAPTURE_ASSIGN_OR_RETURN(out, capture::GetString(j, key));
  return capture::OkStatus();
}

capture::Status ReadMillis(const Json& j, const char* key, std::int64_t& out) {
  auto it = j.find(key);
  if (it == j.end()) return capture::OkStatus();
  if (!it->is_number_integer() || it->get<std::int64_t>() <= 0) {
    return MakeError(ErrorCode::kJsonWrongType, std::string(key) + " must be a positive integer",
                     key);
  }
  out = it->get<std::int64_t>();
  return capture::OkStatus();
}

}  // namespace

Json DeliveryConfigDefaults(const ServerConfig& c) {
  return Json{{"public_url", c.public_url},
              {"verification_email_sender", c.verification_email_sender},
              {"verification_sms_sender", c.verification_sms_sender},
              {"verification_from", c.verification_from},
              {"verification_webhook_secret", c.verification_webhook_secret},
              {"verification_valid_ms", c.verification_valid_ms},
              {"verification_max_wrong_codes", c.verification_max_wrong_codes},
              {"verification_retry_ms", c.verification_retry_ms},
              {"webhook_retry_base_ms", c.webhook_retry_base_ms},
              {"webhook_retry_max_ms", c.webhook_retry_max_ms},
              {"webhook_timeout_ms", c.webhook_timeout_ms}};
}

capture::Status LoadDeliveryConfig(const Json& j, ServerConfig& c) {
  CAPTURE_RETURN_IF_ERROR(ReadText(j, "public_url", c.public_url));
  CAPTURE_RETURN_IF_ERROR(ReadText(j, "verification_email_sender", c.verification_email_sender));
  CAPTURE_RETURN_IF_ERROR(ReadText(j, "verification_sms_sender", c.verification_sms_sender));
  CAPTURE_RETURN_IF_ERROR(ReadText(j, "verification_from", c.verification_from));
  CAPTURE_RETURN_IF_ERROR(
      ReadText(j, "verification_webhook_secret", c.verification_webhook_secret));
  CAPTURE_RETURN_IF_ERROR(ReadMillis(j, "verification_valid_ms", c.verification_valid_ms));
  CAPTURE_RETURN_IF_ERROR(
      ReadMillis(j, "verification_max_wrong_codes", c.verification_max_wrong_codes));
  CAPTURE_RETURN_IF_ERROR(ReadMillis(j, "verification_retry_ms", c.verification_retry_ms));
  CAPTURE_RETURN_IF_ERROR(ReadMillis(j, "webhook_retry_base_ms", c.webhook_retry_base_ms));
  CAPTURE_RETURN_IF_ERROR(ReadMillis(j, "webhook_retry_max_ms", c.webhook_retry_max_ms));
  CAPTURE_RETURN_IF_ERROR(ReadMillis(j, "webhook_timeout_ms", c.webhook_timeout_ms));
  // A sender that cannot be made is refused at start, not at the first message.
  for (const std::string* spec : {&c.verification_email_sender, &c.verification_sms_sender}) {
    auto sender = MakeMessageSender(*spec, c.data_dir, c.verification_webhook_secret);
    if (!sender.ok()) return sender.error();
  }
  if (c.verification_sms_sender.rfind("smtp://", 0) == 0) {
    return MakeError(ErrorCode::kRequestInvalid,
                     "verification_sms_sender cannot be an SMTP relay: use an SMS gateway's "
                     "http:// webhook or outbox",
                     "verification_sms_sender");
  }
  return capture::OkStatus();
}

}  // namespace optin::server
