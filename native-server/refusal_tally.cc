#include "refusal_tally.h"

#include <chrono>
#include <vector>

#include "capture/record.h"
#include "lead_classifier.h"
#include "thread_name.h"

namespace optin::server {

void RefusalTally::Add(const std::string& campaign, const std::string& source,
                       const capture::Error& error, std::int64_t now_ms) {
  if (capture::Info(error.code).http_status >= 500) return;
  std::lock_guard lock(mu_);
  ++pending_[Key{LocalDay(now_ms), campaign, source, std::string(error.wire())}];
}

capture::Status RefusalTally::Flush() {
  std::lock_guard flush(flush_mu_);
  std::map<Key, std::int64_t> taken;
  {
    std::lock_guard lock(mu_);
    taken.swap(pending_);
  }
  if (taken.empty()) return capture::OkStatus();
  std::vector<RefusalRow> rows;
  for (const auto& [key, count] : taken) {
    rows.push_back(
        RefusalRow{std::get<0>(key), std::get<1>(key), std::get<2>(key), std::get<3>(key), count});
  }
  capture::Status written = storage_.AddRefusals(rows);
  if (!written.ok()) {
    std::lock_guard lock(mu_);
    for (const auto& [key, count] : taken) pending_[key] += count;
  }
  return written;
}

void RefusalTally::Start(int interval_ms) {
  thread_ = std::thread([this, interval_ms] { Run(interval_ms); });
}

void RefusalTally::Stop() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  cv_.notify_one();
  if (thread_.joinable()) thread_.join();
  (void)Flush();
}

void RefusalTally::Run(int interval_ms) {
  NameThisThread("optin-tally");
  for (;;) {
    {
      std::unique_lock lock(mu_);
      cv_.wait_for(lock, std::chrono::milliseconds(interval_ms), [this] { return stop_; });
      if (stop_) return;
    }
    (void)Flush();  // a failure keeps the counts for the next second
  }
}

std::pair<std::string, std::string> ClaimedOrigin(const capture::Json& envelope) {
  std::pair<std::string, std::string> out;
  if (!envelope.is_object()) return out;
  auto record = envelope.find("record");
  if (record == envelope.end() || !record->is_object()) return out;
  auto campaign = record->find("campaign");
  if (campaign != record->end() && campaign->is_object()) {
    auto id = campaign->find("id");
    // The manifest's own id rule: [a-z0-9][a-z0-9-]{0,63}.
    if (id != campaign->end() && id->is_string()) {
      const std::string text = id->get<std::string>();
      bool ok = !text.empty() && text.size() <= 64 && text[0] != '-';
      for (char c : text) ok = ok && ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-');
      if (ok) out.first = text;
    }
  }
  auto source = record->find("source");
  if (source != record->end() && source->is_object()) {
    auto code = source->find("code");
    if (code != source->end() && code->is_string()) {
      auto parsed = capture::ParseTrafficCode(code->get<std::string>());
      if (parsed.ok()) out.second = parsed->code();
    }
  }
  return out;
}

}  // namespace optin::server
