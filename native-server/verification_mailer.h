// Sends the double opt-in messages (issue 5): a thread that takes the verifications the processor
// opened and not yet sent, writes each person a short Dutch message with the confirmation link
// and code, and hands it to the sender of its channel (message_sender.h). A failed send is
// retried after verification_retry_ms until the link expires; a person who withdrew in between
// gets no message. Nothing here is in the commit path: a slow relay delays only the messages.
#pragma once

#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>

#include "app_context.h"
#include "message_sender.h"

namespace optin::server {

class VerificationMailer final : public BackgroundWorker {
 public:
  VerificationMailer(AppContext& ctx, std::unique_ptr<MessageSender> email,
                     std::unique_ptr<MessageSender> sms)
      : ctx_(ctx), email_(std::move(email)), sms_(std::move(sms)) {}
  ~VerificationMailer() override { Stop(); }
  VerificationMailer(const VerificationMailer&) = delete;
  VerificationMailer& operator=(const VerificationMailer&) = delete;

  void Start(int poll_ms);
  void Wake();
  void Stop() override;

  // Sends what is due at `now`; returns how many were handed over.
  [[nodiscard]] capture::Result<std::size_t> SendDue(capture::UnixMillis now);

  // The confirmation link of a record, under public_url.
  [[nodiscard]] static std::string LinkOf(const AppContext& ctx, const std::string& record_id);

 private:
  [[nodiscard]] capture::Result<bool> SendOne(const VerificationRow& v, capture::UnixMillis now);
  void Run(int poll_ms);

  AppContext& ctx_;
  std::unique_ptr<MessageSender> email_;
  std::unique_ptr<MessageSender> sms_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;
  bool wake_ = false;
  std::thread thread_;
};

}  // namespace optin::server
