#include "lead_pusher.h"

#include <algorithm>
#include <chrono>

#include "capture/json.h"
#include "lead_view.h"
#include "signed_post.h"
#include "thread_name.h"

namespace optin::server {
namespace {

using capture::Result;

constexpr std::size_t kPushPage = 100;

capture::UnixMillis Now() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

Result<std::size_t> LeadPusher::PushPage(const CallCentreRow& cc, capture::UnixMillis now) {
  CAPTURE_ASSIGN_OR_RETURN(auto due, ctx_.storage->PushDue(cc.id, now, kPushPage));
  if (due.empty()) return std::size_t{0};
  std::string leads;  // the JSON texts of the leads, joined by commas
  std::vector<std::uint64_t> seqs;
  std::vector<std::uint64_t> withdrawn;
  std::int64_t attempts = 0;
  for (const auto& p : due) {
    attempts = std::max(attempts, p.attempts);
    // Checked now, as the feed does: a withdrawal since classification wins. A withdrawn lead
    // is marked handed out without being sent, so it never blocks the ones after it.
    CAPTURE_ASSIGN_OR_RETURN(std::optional<std::string> lead, DeliverableLead(ctx_, p.delivery));
    if (!lead) {
      withdrawn.push_back(p.delivery.seq);
      continue;
    }
    if (!seqs.empty()) leads += ',';
    leads += *lead;
    seqs.push_back(p.delivery.seq);
  }
  CAPTURE_RETURN_IF_ERROR(ctx_.storage->MarkDelivered(cc.id, withdrawn, now));
  if (seqs.empty()) return std::size_t{0};
  // As nlohmann's dump() of {"call_centre", "leads"} wrote it: the signature covers these bytes.
  std::string body = "{\"call_centre\":";
  capture::AppendJsonString(cc.id, body);
  body += ",\"leads\":[" + leads + "]}";
  capture::Status pushed = SignedPost(cc.webhook_url, cc.webhook_secret, body,
                                      static_cast<int>(ctx_.config.webhook_timeout_ms));
  if (!pushed.ok()) {
    const std::int64_t shift = std::min<std::int64_t>(attempts, 30);
    const std::int64_t wait =
        std::min(ctx_.config.webhook_retry_base_ms << shift, ctx_.config.webhook_retry_max_ms);
    CAPTURE_RETURN_IF_ERROR(
        ctx_.storage->MarkPushFailed(cc.id, seqs, now + wait, pushed.error().message));
    return std::size_t{0};
  }
  CAPTURE_RETURN_IF_ERROR(ctx_.storage->MarkDelivered(cc.id, seqs, Now()));
  return seqs.size();
}

Result<std::size_t> LeadPusher::PushDue(capture::UnixMillis now) {
  CAPTURE_ASSIGN_OR_RETURN(auto call_centres, ctx_.storage->CallCentres());
  std::size_t pushed = 0;
  for (const auto& cc : call_centres) {
    if (cc.webhook_url.empty()) continue;
    // Pages until nothing is due or a push fails (its leads then wait for their backoff).
    for (;;) {
      CAPTURE_ASSIGN_OR_RETURN(std::size_t n, PushPage(cc, now));
      pushed += n;
      if (n < kPushPage) break;
    }
  }
  return pushed;
}

void LeadPusher::Start(int poll_ms) {
  thread_ = std::thread([this, poll_ms] { Run(poll_ms); });
}

void LeadPusher::Wake() {
  {
    std::lock_guard lock(mu_);
    wake_ = true;
  }
  cv_.notify_one();
}

void LeadPusher::Stop() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  cv_.notify_one();
  if (thread_.joinable()) thread_.join();
}

void LeadPusher::Run(int poll_ms) {
  NameThisThread("optin-push");
  for (;;) {
    {
      std::unique_lock lock(mu_);
      cv_.wait_for(lock, std::chrono::milliseconds(poll_ms), [this] { return stop_ || wake_; });
      if (stop_) return;
      wake_ = false;
    }
    (void)PushDue(Now());
  }
}

}  // namespace optin::server
