// The lead processor (DESIGN.md, "Processing and call centres"): a thread that consumes committed
// consent records in ledger order after the sequencer has committed them, classifies each one
// (lead_classifier.h) and stores the verdict with its reason. Its position is stored in the same
// transaction as the verdicts, so a restart resumes exactly where it stopped and no record is
// classified twice. It runs beside the sequencer, never inside its transaction, so classification
// costs the sequencer nothing.
#pragma once

#include <atomic>
#include <condition_variable>
#include <map>
#include <mutex>
#include <set>
#include <thread>
#include <tuple>
#include <utility>

#include "campaign_registry.h"
#include "lead_classifier.h"
#include "partner_registry.h"
#include "storage.h"

namespace optin::server {

class LeadProcessor {
 public:
  static constexpr const char* kPositionName = "classifier";

  LeadProcessor(Storage& storage, const CampaignRegistry& campaigns)
      : storage_(storage), campaigns_(campaigns) {}
  ~LeadProcessor() { Stop(); }
  LeadProcessor(const LeadProcessor&) = delete;
  LeadProcessor& operator=(const LeadProcessor&) = delete;

  // Polls every `poll_ms` (and on Wake) until Stop.
  void Start(int poll_ms);
  void Wake();
  void Stop();

  // Classifies up to `limit` committed records after the stored position as of `now`; returns
  // how many. Public so tests and the benchmark can drive it without the thread.
  [[nodiscard]] capture::Result<std::size_t> ClassifyNext(capture::UnixMillis now,
                                                          std::size_t limit);

  // Re-examines up to `limit` held-back records whose pause ended by `now` (release_at <= now)
  // and returns how many. Each is classified again with the facts of `now`: a withdrawal,
  // suppression or expiry since makes it not callable, a contact since holds it back again (a
  // new release_at), otherwise it is delivered in the customer or lead flow with the reason
  // released_after_pause. The repeat-lead rule does not apply: the earlier lead is what held it
  // back, and the pause is the answer to it. The run loop calls this at every poll.
  [[nodiscard]] capture::Result<std::size_t> ReleaseDue(capture::UnixMillis now, std::size_t limit);

  // Issue 5: queues the leads whose number was verified by link or code since (a lead of a
  // campaign with policy.verification sms or email waits for that), and returns how many. The
  // run loop calls this at every poll; ConfirmVerification wakes it.
  [[nodiscard]] capture::Result<std::size_t> DeliverVerified(capture::UnixMillis now,
                                                             std::size_t limit);
  // How long a verification link and code work (config verification_valid_ms).
  void set_verification_valid_ms(std::int64_t ms) { verification_valid_ms_ = ms; }

 private:
  // What earlier records of the same batch did (not yet in storage): keys seen, and contacts
  // made per (kind, key, campaign).
  struct BatchState {
    std::set<std::pair<std::string, capture::Bytes>> keys;
    std::map<std::tuple<std::string, capture::Bytes, std::string>, capture::UnixMillis> contacts;
  };
  // The facts the classifier needs, the record's keys, and whether the record is the first
  // (by leaf) of every one of its keys: then its delivery needs no contact rows (storage.h,
  // KeyFactsRow::first_leaf).
  [[nodiscard]] capture::Result<LeadFacts> FactsOf(const RecordRow& record,
                                                   const capture::Manifest& manifest,
                                                   const BatchState& batch,
                                                   std::vector<RecordKeyRow>& keys,
                                                   bool& first_of_its_keys);
  // ClassifyNext's reading half: the verdicts, deliveries, contacts and verifications of
  // `records`, to be saved in one transaction.
  [[nodiscard]] capture::Status ClassifyBatch(const std::vector<RecordRow>& records,
                                              capture::UnixMillis now,
                                              std::vector<ClassificationRow>& rows,
                                              std::vector<DeliveryRow>& deliveries,
                                              std::vector<ContactRow>& contacts,
                                              std::vector<VerificationRow>& verifications);
  // Queues a lead or customer-flow record for one call centre working its campaign; the
  // delivery is the contact that starts its pause, stored as a row per key unless the record is
  // the first of each of its keys (`first_of_its_keys`), whose delivery storage finds by key.
  // A lead or customer-flow verdict under a campaign that verifies numbers: sms / email opens a
  // verification instead of a delivery (false: not delivered now); call_start delivers and
  // opens one already queued (true).
  [[nodiscard]] bool OpenVerification(const RecordRow& r, Flow flow,
                                      const capture::CampaignPolicy& policy,
                                      capture::UnixMillis now,
                                      std::vector<VerificationRow>& verifications) const;
  static void AddDeliveries(const RecordRow& r, Flow flow, const std::vector<RecordKeyRow>& keys,
                            const std::vector<CallCentreRow>& call_centres, capture::UnixMillis now,
                            bool first_of_its_keys, BatchState& batch,
                            std::vector<DeliveryRow>& deliveries,
                            std::vector<ContactRow>& contacts);
  void Run(int poll_ms);

  Storage& storage_;
  const CampaignRegistry& campaigns_;
  std::int64_t verification_valid_ms_ = 72 * 3600 * 1000LL;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;
  bool wake_ = false;
  std::thread thread_;
};

}  // namespace optin::server
