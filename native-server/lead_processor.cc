#include "lead_processor.h"

#include <algorithm>
#include <chrono>

#include "signed_record_facts.h"
#include "thread_name.h"

namespace optin::server {
namespace {

using capture::ErrorCode;
using capture::MakeError;
using capture::Result;

}  // namespace

Result<LeadFacts> LeadProcessor::FactsOf(const RecordRow& record, const capture::Manifest& manifest,
                                         const BatchState& batch, std::vector<RecordKeyRow>& keys,
                                         bool& first_of_its_keys) {
  CAPTURE_ASSIGN_OR_RETURN(SignedRecordFacts signed_facts,
                           SignedFactsOf(storage_, record, manifest));
  LeadFacts f;
  f.telephone_consent = signed_facts.telephone_consent;
  f.captured_at = signed_facts.captured_at;
  CAPTURE_ASSIGN_OR_RETURN(keys, storage_.RecordKeys(record.id));
  first_of_its_keys = !keys.empty();
  for (const auto& k : keys) {
    if (k.kind == "phone") f.has_phone = true;
    // One query per key (suppressed, customer, earlier record, last contact in the campaign).
    CAPTURE_ASSIGN_OR_RETURN(Storage::KeyFactsRow facts,
                             storage_.KeyFacts(k.kind, k.key, record.campaign, record.leaf_index));
    auto contact = facts.last_contact;
    first_of_its_keys = first_of_its_keys && facts.first_leaf == record.leaf_index;
    f.suppressed = f.suppressed || facts.suppressed;
    f.customer = f.customer || facts.customer;
    f.earlier_lead = f.earlier_lead || facts.earlier || batch.keys.count({k.kind, k.key}) != 0;
    if (auto it = batch.contacts.find({k.kind, k.key, record.campaign});
        it != batch.contacts.end() && (!contact || it->second > *contact)) {
      contact = it->second;
    }
    if (contact && (!f.last_contact || *contact > *f.last_contact)) f.last_contact = contact;
  }
  return f;
}

Result<std::size_t> LeadProcessor::ClassifyNext(capture::UnixMillis now, std::size_t limit) {
  std::vector<ClassificationRow> rows;
  std::vector<DeliveryRow> deliveries;
  std::vector<ContactRow> contacts;
  std::vector<VerificationRow> verifications;
  std::vector<RecordRow> records;
  {
    // The batch's reads as one read transaction on the writer's warm cache (storage.h); it ends
    // before the verdicts are written.
    auto snapshot = storage_.HoldWriterReadSnapshot();
    CAPTURE_ASSIGN_OR_RETURN(std::uint64_t position, storage_.Position(kPositionName));
    CAPTURE_ASSIGN_OR_RETURN(records, storage_.RecordsFrom(position, limit));
    if (records.empty()) return std::size_t{0};
    CAPTURE_RETURN_IF_ERROR(ClassifyBatch(records, now, rows, deliveries, contacts, verifications));
  }
  CAPTURE_RETURN_IF_ERROR(storage_.SaveVerdicts(rows, deliveries, contacts, verifications,
                                                kPositionName, records.back().leaf_index + 1));
  return records.size();
}

capture::Status LeadProcessor::ClassifyBatch(const std::vector<RecordRow>& records,
                                             capture::UnixMillis now,
                                             std::vector<ClassificationRow>& rows,
                                             std::vector<DeliveryRow>& deliveries,
                                             std::vector<ContactRow>& contacts,
                                             std::vector<VerificationRow>& verifications) {
  CAPTURE_ASSIGN_OR_RETURN(auto call_centres, storage_.CallCentres());
  CAPTURE_ASSIGN_OR_RETURN(auto blocks, storage_.Blocks());
  BatchState batch;
  for (const auto& r : records) {
    CAPTURE_ASSIGN_OR_RETURN(PublishedCampaign campaign, campaigns_.Find(r.campaign, r.version));
    std::vector<RecordKeyRow> keys;
    bool first_of_its_keys = false;
    CAPTURE_ASSIGN_OR_RETURN(LeadFacts facts,
                             FactsOf(r, *campaign.manifest, batch, keys, first_of_its_keys));
    facts.now = now;
    // Accepted before its source was blocked, classified after: not delivered (issue 7).
    facts.source_blocked = BlockList::Match(blocks, r.campaign, r.source).has_value();
    const Classification c = Classify(facts, campaign.manifest->policy);
    rows.push_back(ClassificationRow{r.id, r.leaf_index, r.campaign, std::string(FlowName(c.flow)),
                                     c.reason, c.release_at, now});
    if (OpenVerification(r, c.flow, campaign.manifest->policy, now, verifications)) {
      AddDeliveries(r, c.flow, keys, call_centres, now, first_of_its_keys, batch, deliveries,
                    contacts);
    }
    for (auto& k : keys) batch.keys.emplace(k.kind, std::move(k.key));
  }
  return capture::OkStatus();
}

Result<std::size_t> LeadProcessor::ReleaseDue(capture::UnixMillis now, std::size_t limit) {
  CAPTURE_ASSIGN_OR_RETURN(auto held, storage_.HeldBackDue(now, limit));
  if (held.empty()) return std::size_t{0};
  CAPTURE_ASSIGN_OR_RETURN(auto call_centres, storage_.CallCentres());
  CAPTURE_ASSIGN_OR_RETURN(auto blocks, storage_.Blocks());
  std::vector<ClassificationRow> rows;
  std::vector<DeliveryRow> deliveries;
  std::vector<ContactRow> contacts;
  std::vector<VerificationRow> verifications;
  BatchState batch;
  for (const auto& h : held) {
    CAPTURE_ASSIGN_OR_RETURN(auto record, storage_.FindRecord(h.record_id));
    if (!record) {
      return MakeError(ErrorCode::kStorageUnavailable, "no record for verdict " + h.record_id);
    }
    CAPTURE_ASSIGN_OR_RETURN(PublishedCampaign campaign,
                             campaigns_.Find(record->campaign, record->version));
    std::vector<RecordKeyRow> keys;
    bool first_of_its_keys = false;
    CAPTURE_ASSIGN_OR_RETURN(LeadFacts facts,
                             FactsOf(*record, *campaign.manifest, batch, keys, first_of_its_keys));
    CAPTURE_ASSIGN_OR_RETURN(auto withdrawn, storage_.FindWithdrawal(h.record_id));
    facts.now = now;
    facts.suppressed = facts.suppressed || withdrawn.has_value();
    facts.source_blocked = BlockList::Match(blocks, record->campaign, record->source).has_value();
    facts.earlier_lead = false;
    Classification c = Classify(facts, campaign.manifest->policy);
    if (c.flow == Flow::kLead || c.flow == Flow::kCustomer) c.reason = "released_after_pause";
    rows.push_back(ClassificationRow{h.record_id, h.leaf_index, h.campaign,
                                     std::string(FlowName(c.flow)), c.reason, c.release_at, now});
    // Two held records of one person released together: the first delivery holds the second.
    if (OpenVerification(*record, c.flow, campaign.manifest->policy, now, verifications)) {
      AddDeliveries(*record, c.flow, keys, call_centres, now, first_of_its_keys, batch, deliveries,
                    contacts);
    }
  }
  CAPTURE_RETURN_IF_ERROR(storage_.SaveVerdicts(rows, deliveries, contacts, verifications, "", 0));
  return held.size();
}

bool LeadProcessor::OpenVerification(const RecordRow& r, Flow flow,
                                     const capture::CampaignPolicy& policy, capture::UnixMillis now,
                                     std::vector<VerificationRow>& verifications) const {
  if (flow != Flow::kLead && flow != Flow::kCustomer) return true;
  if (policy.verification != "sms" && policy.verification != "email" &&
      policy.verification != "call_start") {
    return true;
  }
  VerificationRow v;
  v.record_id = r.id;
  v.campaign = r.campaign;
  v.method = policy.verification;
  v.created_at = now;
  v.next_send_at = now;
  v.expires_at = now + verification_valid_ms_;
  // Confirmed by the call centre at the start of the call: delivered now, marked so.
  v.queued = policy.verification == "call_start";
  verifications.push_back(std::move(v));
  return policy.verification == "call_start";
}

Result<std::size_t> LeadProcessor::DeliverVerified(capture::UnixMillis now, std::size_t limit) {
  CAPTURE_ASSIGN_OR_RETURN(auto verified, storage_.VerifiedNotQueued(limit));
  if (verified.empty()) return std::size_t{0};
  CAPTURE_ASSIGN_OR_RETURN(auto call_centres, storage_.CallCentres());
  std::vector<std::string> ids;
  std::vector<DeliveryRow> deliveries;
  std::vector<ContactRow> contacts;
  BatchState batch;
  for (const auto& v : verified) {
    ids.push_back(v.record_id);
    CAPTURE_ASSIGN_OR_RETURN(auto record, storage_.FindRecord(v.record_id));
    CAPTURE_ASSIGN_OR_RETURN(auto verdict, storage_.FindClassification(v.record_id));
    if (!record || !verdict) continue;
    // The verdict that opened the verification; a withdrawal since is checked at hand-out.
    const Flow flow = verdict->flow == "customer" ? Flow::kCustomer
                      : verdict->flow == "lead"   ? Flow::kLead
                                                  : Flow::kNotCallable;
    CAPTURE_ASSIGN_OR_RETURN(auto keys, storage_.RecordKeys(v.record_id));
    // Not asked whether it is the first of its keys: the contact rows are written.
    AddDeliveries(*record, flow, keys, call_centres, now, false, batch, deliveries, contacts);
  }
  CAPTURE_RETURN_IF_ERROR(storage_.QueueVerified(ids, deliveries, contacts));
  return verified.size();
}

void LeadProcessor::AddDeliveries(const RecordRow& r, Flow flow,
                                  const std::vector<RecordKeyRow>& keys,
                                  const std::vector<CallCentreRow>& call_centres,
                                  capture::UnixMillis now, bool first_of_its_keys,
                                  BatchState& batch, std::vector<DeliveryRow>& deliveries,
                                  std::vector<ContactRow>& contacts) {
  if (flow != Flow::kLead && flow != Flow::kCustomer) return;
  // Exactly one call centre gets a lead, so a person is never called twice for one consent:
  // among those working the campaign (in id order), the one at leaf_index modulo their number,
  // which is deterministic and spreads leads evenly.
  std::vector<const CallCentreRow*> working;
  for (const auto& cc : call_centres) {
    if (std::find(cc.campaigns.begin(), cc.campaigns.end(), r.campaign) != cc.campaigns.end()) {
      working.push_back(&cc);
    }
  }
  if (working.empty()) return;
  DeliveryRow d;
  d.call_centre = working[r.leaf_index % working.size()]->id;
  d.record_id = r.id;
  d.queued_at = now;
  d.first_of_its_keys = first_of_its_keys;
  deliveries.push_back(std::move(d));
  // A queued lead counts as a contact from now: the pause starts at delivery (R15). The
  // delivery of a record that is the first of each of its keys is read through those keys
  // (docs/processing.md, "Contacts"); any other is stored as a contact row per key.
  for (const auto& k : keys) {
    if (!first_of_its_keys) {
      contacts.push_back(ContactRow{k.kind, k.key, r.campaign, now, "delivered", r.id});
    }
    batch.contacts[{k.kind, k.key, r.campaign}] = now;
  }
}

void LeadProcessor::Start(int poll_ms) {
  thread_ = std::thread([this, poll_ms] { Run(poll_ms); });
}

void LeadProcessor::Wake() {
  {
    std::lock_guard lock(mu_);
    wake_ = true;
  }
  cv_.notify_one();
}

void LeadProcessor::Stop() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  cv_.notify_one();
  if (thread_.joinable()) thread_.join();
}

void LeadProcessor::Run(int poll_ms) {
  NameThisThread("optin-leads");
  constexpr std::size_t kBatch = 512;
  for (;;) {
    {
      std::unique_lock lock(mu_);
      cv_.wait_for(lock, std::chrono::milliseconds(poll_ms), [this] { return stop_ || wake_; });
      if (stop_) return;
      wake_ = false;
    }
    // Each step runs in batches until one comes back short; an error (say, a busy database) is
    // retried at the next poll. A stop is honoured between batches, so a shutdown does not wait
    // for a long backlog (what is left is classified after the restart: the position is stored).
    auto drain = [this](auto step) {
      for (;;) {
        {
          std::lock_guard lock(mu_);
          if (stop_) return;
        }
        const auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
                             std::chrono::system_clock::now().time_since_epoch())
                             .count();
        auto done = step(now);
        if (!done.ok() || *done < kBatch) return;
      }
    };
    // What is committed, then the leads verified since (issue 5), then the held-back records
    // whose pause has ended.
    drain([this](capture::UnixMillis now) { return ClassifyNext(now, kBatch); });
    drain([this](capture::UnixMillis now) { return DeliverVerified(now, kBatch); });
    drain([this](capture::UnixMillis now) { return ReleaseDue(now, kBatch); });
  }
}

}  // namespace optin::server
