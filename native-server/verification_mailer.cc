#include "verification_mailer.h"

#include <chrono>
#include <cstdio>
#include <limits>

#include "consent_view.h"
#include "lead_view.h"
#include "thread_name.h"
#include "verification.h"

namespace optin::server {
namespace {

using capture::Json;
using capture::Result;

capture::UnixMillis Now() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// "4 december 14:00" in Amsterdam time: when the link and code stop working.
std::string LocalTimeText(capture::UnixMillis at) {
  static const char* kMonths[] = {"januari",   "februari", "maart",    "april",
                                  "mei",       "juni",     "juli",     "augustus",
                                  "september", "oktober",  "november", "december"};
  const capture::UnixMillis local = at + capture::AmsterdamOffsetMinutes(at) * 60000LL;
  const std::int64_t day = local >= 0 ? local / 86400000 : (local - 86399999) / 86400000;
  const capture::CivilDate d = capture::CivilFromDays(day);
  const std::int64_t minutes = (local - day * 86400000) / 60000;
  char hm[8];
  std::snprintf(hm, sizeof hm, "%02d:%02d", static_cast<int>(minutes / 60),
                static_cast<int>(minutes % 60));
  return std::to_string(d.day) + " " + kMonths[d.month - 1] + " " + hm;
}

}  // namespace

std::string VerificationMailer::LinkOf(const AppContext& ctx, const std::string& record_id) {
  std::string base = ctx.config.public_url;
  if (base.empty()) base = "http://" + ctx.config.host + ":" + std::to_string(ctx.config.port);
  while (!base.empty() && base.back() == '/') base.pop_back();
  return base + "/v1/verifications/" + record_id +
         "/link?token=" + SecretsOf(*ctx.vault, record_id).link_token;
}

Result<bool> VerificationMailer::SendOne(const VerificationRow& v, capture::UnixMillis now) {
  constexpr capture::UnixMillis kNever = std::numeric_limits<capture::UnixMillis>::max();
  CAPTURE_ASSIGN_OR_RETURN(bool suppressed, LeadSuppressed(ctx_, v.record_id));
  CAPTURE_ASSIGN_OR_RETURN(Json values, DisclosedValues(ctx_, v.record_id));
  const char* field = v.method == "sms" ? "phone" : "email";
  if (suppressed || values.is_null() || !values.contains(field) || !values[field].is_string()) {
    // Withdrawn, erased, or no address to send to: no message, and the lead is never delivered.
    CAPTURE_RETURN_IF_ERROR(ctx_.storage->MarkVerificationSend(
        v.record_id, now, suppressed ? "withdrawn" : "no " + std::string(field), kNever));
    return false;
  }
  CAPTURE_ASSIGN_OR_RETURN(auto record, ctx_.storage->FindRecord(v.record_id));
  if (!record) return false;
  CAPTURE_ASSIGN_OR_RETURN(PublishedCampaign campaign,
                           ctx_.campaigns.Find(record->campaign, record->version));
  const capture::Manifest& m = *campaign.manifest;
  const capture::ConsentItem* telephone = m.TelephoneConsent();
  const std::string caller =
      telephone && !telephone->caller.empty() ? telephone->caller : m.advertiser_name;
  const std::string about = telephone ? telephone->subject : m.title;
  const VerificationSecrets secrets = SecretsOf(*ctx_.vault, v.record_id);
  const std::string link = LinkOf(ctx_, v.record_id);

  OutgoingMessage msg;
  msg.channel = v.method;
  msg.to = values[field].get<std::string>();
  msg.from = ctx_.config.verification_from;
  msg.record_id = v.record_id;
  msg.subject = "Bevestig dat " + caller + " je mag bellen";
  if (v.method == "sms") {
    msg.text = caller + " mag je bellen over " + about +
               ", zoals je aangaf. Bevestig je nummer: " + link + " of met code " + secrets.code +
               " (tot " + LocalTimeText(v.expires_at) +
               "). Niet aangevraagd? Negeer dit bericht, dan bellen we je niet.";
  } else {
    msg.text = "Hallo,\n\nJe gaf " + caller + " toestemming om je te bellen over " + about +
               ".\nBevestig dat dit jouw aanmelding is met deze link:\n\n" + link +
               "\n\nof vul deze code in: " + secrets.code + "\n\nDe link en code werken tot " +
               LocalTimeText(v.expires_at) +
               ". Zonder bevestiging bellen we je niet.\nHeb je je niet aangemeld? Negeer dan "
               "dit bericht.\n\nAanmeldcode: " +
               v.record_id + "\n";
  }
  MessageSender& sender = v.method == "sms" ? *sms_ : *email_;
  capture::Status sent = sender.Send(msg);
  CAPTURE_RETURN_IF_ERROR(ctx_.storage->MarkVerificationSend(
      v.record_id, now, sent.ok() ? std::string() : sent.error().message,
      sent.ok() ? 0 : now + ctx_.config.verification_retry_ms));
  return sent.ok();
}

Result<std::size_t> VerificationMailer::SendDue(capture::UnixMillis now) {
  CAPTURE_ASSIGN_OR_RETURN(auto due, ctx_.storage->VerificationsToSend(now, 100));
  std::size_t sent = 0;
  for (const auto& v : due) {
    CAPTURE_ASSIGN_OR_RETURN(bool ok, SendOne(v, now));
    if (ok) ++sent;
  }
  return sent;
}

void VerificationMailer::Start(int poll_ms) {
  thread_ = std::thread([this, poll_ms] { Run(poll_ms); });
}

void VerificationMailer::Wake() {
  {
    std::lock_guard lock(mu_);
    wake_ = true;
  }
  cv_.notify_one();
}

void VerificationMailer::Stop() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  cv_.notify_one();
  if (thread_.joinable()) thread_.join();
}

void VerificationMailer::Run(int poll_ms) {
  NameThisThread("optin-mailer");
  for (;;) {
    {
      std::unique_lock lock(mu_);
      cv_.wait_for(lock, std::chrono::milliseconds(poll_ms), [this] { return stop_ || wake_; });
      if (stop_) return;
      wake_ = false;
    }
    // An error (a busy database) is retried at the next poll.
    (void)SendDue(Now());
  }
}

}  // namespace optin::server
