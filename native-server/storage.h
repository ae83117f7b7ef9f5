// The storage interface of the server. The SQLite engine implements it now; a PostgreSQL engine
// (issue 8) implements the same calls. Writes arrive only through CommitBatch, from the one
// sequencer thread, so an engine needs no locking of its own beyond that; reads may come from any
// thread at any time and see only committed batches.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "capture/crypto.h"
#include "capture/ledger.h"
#include "capture/result.h"

namespace optin::server {

struct EntryRow {
  std::uint64_t index = 0;
  std::string type;   // "consent_record", "manifest_published", ...
  std::string bytes;  // the JCS entry, exactly as hashed
  capture::Hash leaf{};
};

struct RecordRow {
  std::string id;
  std::uint64_t leaf_index = 0;
  std::uint64_t checkpoint_size = 0;  // the checkpoint of the batch that committed it
  std::string campaign;
  std::int64_t version = 0;
  std::string source;
  std::int64_t received_at = 0;           // Unix ms, also inside the entry
  capture::Sha256Digest record_sha256{};  // SHA-256 of JCS(record): idempotency
  capture::Sha256Digest withdrawal_token_sha256{};
  // The signed record's captured_at and whether its telephone consent item was given, kept
  // beside the entry (schema 9) so classifying and handing out a lead do not read and parse the
  // ledger entry again. Empty for a record committed before schema 9: read from its entry then.
  std::optional<std::int64_t> captured_at;
  std::optional<bool> telephone_consent;
};

struct DisclosureRow {
  std::string record_id;
  capture::Bytes subject;  // keyed BLAKE2b match key, empty when the record names no subject
  capture::Bytes sealed;   // XChaCha20-Poly1305 under the subject key
  // Read with the row (FindDisclosure): the subject's key as stored (wrapped), none once the
  // subject was erased. Not written from here.
  std::optional<capture::Bytes> wrapped_key;
};

// One phone number or e-mail address a consent record discloses, as a keyed match key
// (SubjectVault::MatchKey of the normalised value): how processing and withdrawal find a person.
// A bound on the contacts one key brings into a lead, far above what the contact pause allows
// (one delivery per campaign per pause, and the outcomes of its calls).
inline constexpr std::size_t kMaxContactsOfKey = 1000;

struct RecordKeyRow {
  std::string record_id;
  std::string kind;  // "phone" or "email"
  capture::Bytes key;
  // The record's leaf: a key's records in ledger order, so its first record is found by one
  // seek (the delivery of a person's first record is not stored as a contact per key; see
  // KeyFactsRow::first_leaf). Set by the sequencer when it writes the row; 0 when read back.
  std::uint64_t leaf_index = 0;
};

struct SubjectKeyRow {
  capture::Bytes subject;
  capture::Bytes wrapped;  // the subject key sealed under the master key
};

struct CampaignRow {
  std::string id;
  std::int64_t version = 0;
  std::string signed_json;  // {"manifest":..., "sig":...} as published
  capture::Sha256Digest manifest_sha256{};
  std::uint64_t leaf_index = 0;
  std::int64_t published_at = 0;
};

struct CheckpointRow {
  std::uint64_t size = 0;
  std::string note;
};

// A consent record withdrawn (R17, R19): effective from the commit of its ledger entry.
struct WithdrawalRow {
  std::string record_id;
  std::uint64_t leaf_index = 0;  // of the withdrawal entry (filled by the sequencer)
  std::string by;                // "consumer", "customer_service", "call_centre:<id>"
  std::string how;               // "receipt_token", "phone", "email", "objection_during_call"
  std::int64_t at = 0;
  std::string reason;  // "" or "complaint", "not_interested", "other" (counted in reports, R20)
};

// A person not to be called again, by match key: written by withdrawal and erasure, read
// before every delivery.
struct SuppressionRow {
  std::string kind;  // "phone" or "email"
  capture::Bytes key;
  std::string reason;  // "withdrawn", "objection", "erased"
  std::int64_t since = 0;
};

// An erased record (crypto-shredding): its subject key was destroyed by the entry at leaf_index.
struct ErasureRow {
  std::string record_id;
  std::uint64_t leaf_index = 0;  // of the erasure entry (filled by the sequencer)
  std::int64_t at = 0;
};

// One withdrawal told to one call centre that received the record's lead; seq is its cursor.
struct WithdrawalNoticeRow {
  std::string call_centre;
  std::uint64_t seq = 0;
  std::string record_id;
  std::int64_t created_at = 0;
  std::optional<std::int64_t> acked_at;
};

// Partners and traffic sources (issue 7, docs/partners.md).
// A countersigned relay batch (capture/relay.h), stored once; every record relayed in it names
// it by sha256 in its consent_record ledger entry, and its evidence bundle carries it.
struct RelayBatchRow {
  capture::Sha256Digest sha256{};  // SHA-256(JCS(batch))
  std::string partner;
  std::string batch;  // JCS(batch), exactly as countersigned
  std::string sig;    // base64 Ed25519 countersignature
  std::int64_t received_at = 0;
};

// Issue 9: a fact the server noted about a record at arrival (record_flags), e.g.
// device_key_burst: its device key had signed more records in the minute before than
// device_key_records_per_minute. A flag never refuses a record.
struct RecordFlag {
  std::string flag;
  std::string detail;  // human text: what was counted
};

// Quality signals of one record (R20): facts measured or looked up at arrival, never verdicts.
struct RecordFactsRow {
  std::string record_id;
  std::optional<std::int64_t> time_on_page_ms;       // record.context.time_on_page_ms, if measured
  std::string device_key;                            // base64, as in the record
  bool disposable_email = false;                     // the e-mail domain is on the compiled-in list
  std::optional<capture::Sha256Digest> relay_batch;  // relayed: its batch's SHA-256
  std::vector<RecordFlag> flags;                     // issue 9: written to record_flags
};

// A blocked traffic source: a code prefix of one to four parts ("acme" is the partner,
// "acme.email" one of its channels, the full code one creative), in one campaign or in all ("").
struct BlockRow {
  std::string source;
  std::string campaign;
  std::string reason;
  std::uint64_t leaf_index = 0;  // of its source_blocked entry (filled by the sequencer)
  std::int64_t at = 0;
};

// issue 5: verification and push.
// The verification of one record's phone number before calling (docs/processing.md): by a double
// opt-in link or code sent by SMS or e-mail, or confirmed by the call centre at the call's start.
struct VerificationRow {
  std::string record_id;
  std::string campaign;
  std::string method;  // "sms", "email" or "call_start" (the campaign policy's verification)
  std::int64_t created_at = 0;
  std::int64_t expires_at = 0;  // sms / email: the link and code stop working
  std::optional<std::int64_t> sent_at;
  std::int64_t send_attempts = 0;
  std::int64_t next_send_at = 0;  // a failed send is retried from then
  std::string send_error;         // the last failure, for the operator
  std::int64_t wrong_codes = 0;
  std::optional<std::int64_t> verified_at;
  std::string verified_how;                 // "code", "link" or "call_start"
  std::string verified_by;                  // "consumer" or "call_centre:<id>"
  std::optional<std::uint64_t> leaf_index;  // of its verification ledger entry
  bool queued = false;                      // its lead was queued for a call centre
};

// One sequenced batch: everything is written in one transaction, or nothing.
struct BatchWrite {
  std::vector<EntryRow> entries;
  // Complete subtrees of height >= 1 finished by this batch: (begin, end, hash).
  struct Subtree {
    std::uint64_t begin;
    std::uint64_t end;
    capture::Hash hash;
  };
  std::vector<Subtree> subtrees;
  std::vector<RecordRow> records;
  std::vector<DisclosureRow> disclosures;
  std::vector<RecordKeyRow> record_keys;
  std::vector<SubjectKeyRow> subject_keys;
  std::vector<CampaignRow> campaigns;
  // Withdrawals and their suppressions: effective in the same transaction as their entry. Each
  // new withdrawal also queues a notice for every call centre that received the record.
  std::vector<WithdrawalRow> withdrawals;
  std::vector<SuppressionRow> suppressions;
  // Erasure: these subject keys are deleted in the same transaction as the erasure entry.
  std::vector<ErasureRow> erasures;
  std::vector<capture::Bytes> erased_subjects;
  // Issue 7: each new record's facts, the relay batches its records name (stored once), and
  // source blocks set or lifted by this batch's entries.
  std::vector<RecordFactsRow> record_facts;
  std::vector<RelayBatchRow> relay_batches;
  struct BlockChange {
    bool blocked;  // true: set the block; false: lift the block of row.source and row.campaign
    BlockRow row;
  };
  std::vector<BlockChange> block_changes;  // in entry order
  CheckpointRow checkpoint;
  // Issue 5: verifications completed by this batch's verification entries (verified_at, how,
  // by and leaf_index are set where the row is not verified yet).
  std::vector<VerificationRow> verified;
};

// The processor's verdict on one record (lead_classifier.h), with the reason it records.
struct ClassificationRow {
  std::string record_id;
  std::uint64_t leaf_index = 0;
  std::string campaign;
  std::string flow;    // "customer", "lead", "repeat_lead", "held_back", "not_callable"
  std::string reason;  // "matches_customer", "paused_until:2027-01-26", ...
  std::optional<std::int64_t> release_at;  // held back: Unix ms when the pause ends
  std::int64_t classified_at = 0;
};

struct CallCentreRow {
  std::string id;                      // as in its token scope call_centre:<id>
  std::vector<std::string> campaigns;  // the campaigns it works
  std::string webhook_url;             // optional push (empty: feed only)
  std::string webhook_secret;
  std::int64_t created_at = 0;
};

// A lead queued for one call centre. seq grows per call centre and is its feed cursor.
struct DeliveryRow {
  std::string call_centre;
  std::uint64_t seq = 0;  // assigned by SaveClassifications
  std::string record_id;
  std::int64_t queued_at = 0;
  std::optional<std::int64_t> delivered_at;  // first handed out (feed or webhook)
  std::optional<std::int64_t> acked_at;
  // Known, when it was classified, to be the first record (by leaf) of each of its keys: the
  // keys' first delivery is then this lead's own (docs/processing.md, "Contacts"). False when
  // not known (a verified lead, a row queued before schema 11).
  bool first_of_its_keys = false;
};

// A queued lead not yet pushed to the call centre's webhook, with its attempts so far.
struct PushDueRow {
  DeliveryRow delivery;
  std::int64_t attempts = 0;
};

// A contact with a person in a campaign (delivery, call outcome): the input of contact pressure.
struct ContactRow {
  std::string kind;
  capture::Bytes key;
  std::string campaign;
  std::int64_t at = 0;
  std::string what;  // "delivered", "reached", ...
  std::string record_id;
};

// One phone number or e-mail address of the imported customer list, as a keyed match key (the
// same SubjectVault::MatchKey as record_keys): the list itself is never stored in clear.
struct CustomerKeyRow {
  std::string kind;  // "phone" or "email"
  capture::Bytes key;
  std::string customer_id;  // the advertiser's own id
};

// A call outcome posted by the call centre the lead was delivered to.
struct OutcomeRow {
  std::string record_id;
  std::string call_centre;
  std::string outcome;  // "reached", "not_reached", "sale", "no_interest", "do_not_call"
  std::int64_t at = 0;  // when it happened (the receipt time when the call centre gave none)
  bool at_given = true;
  std::int64_t received_at = 0;
  std::string note;
  std::vector<ContactRow> contacts;  // written with the outcome, only when it is new
};

// A partner registered on this server (configuration outside the ledger, like call centres): its
// countersigning key (the one the campaigns' manifests list for it) and the campaigns it may host
// and relay.
struct PartnerRow {
  std::string id;  // as in traffic codes and in token scopes partner:<id>
  std::string name;
  std::string key;  // base64 Ed25519 public key
  std::vector<std::string> campaigns;
  std::int64_t registered_at = 0;
};

// Refused envelopes, counted without personal data: how many per local (Europe/Amsterdam) day,
// claimed campaign, claimed traffic code and error code.
struct RefusalRow {
  std::int64_t day = 0;  // days since 1970-01-01 of the Amsterdam date
  std::string campaign;  // "" when the envelope named none readable
  std::string source;    // "" when the envelope named no well-formed traffic code
  std::string reason;    // the error code
  std::int64_t count = 0;
};

// The slice of GET /v1/reports/sources: records received in [from_ms, to_ms), refusals of the
// days [from_day, to_day].
struct SourceReportQuery {
  std::string campaign;  // "" = every campaign
  std::string partner;   // "" = every partner
  std::int64_t from_ms = 0;
  std::int64_t to_ms = 0;
  std::int64_t from_day = 0;
  std::int64_t to_day = 0;
};

// What the accepted records of one traffic code became, and their quality facts.
struct SourceCountsRow {
  std::string source;
  std::int64_t accepted = 0;
  std::int64_t relayed = 0;    // arrived countersigned through POST /v1/relay
  std::int64_t delivered = 0;  // handed to a call centre
  std::int64_t reached = 0;    // an outcome other than not_reached
  std::int64_t converted = 0;  // outcome sale
  std::int64_t withdrawn = 0;
  std::int64_t complaints = 0;  // outcome do_not_call, or a withdrawal with reason complaint
  // time on page (page load to submit): not measured, < 3 s, 3-10 s, 10-60 s, >= 60 s
  std::int64_t time_unknown = 0;
  std::int64_t time_under_3s = 0;
  std::int64_t time_3_to_10s = 0;
  std::int64_t time_10_to_60s = 0;
  std::int64_t time_over_60s = 0;
  std::int64_t disposable_email = 0;
  std::int64_t shared_device = 0;        // its device key made more than one record (any source)
  std::int64_t max_per_device = 0;       // most records one of its device keys made (any source)
  std::int64_t phone_other_partner = 0;  // its phone number also arrived through another partner
  std::int64_t device_key_burst = 0;     // issue 9: flagged device_key_burst (record_flags)
};

struct TokenRow {
  capture::Sha256Digest hash{};
  std::string scope;  // "admin", "call_centre:<id>", ...
  std::int64_t created_at = 0;
};

class Storage {
 public:
  virtual ~Storage() = default;

  // Many reads as one read transaction (one snapshot, its locks taken once) on this thread until
  // the returned guard ends: a batch of the lead processor or a feed page does hundreds of small
  // reads, and as separate transactions their lock traffic cost more than the reads (issue 5).
  // Writes are not affected. An engine without the need keeps the default (no-op).
  class ReadSnapshot {
   public:
    explicit ReadSnapshot(Storage* owner) : owner_(owner) {}
    ReadSnapshot(ReadSnapshot&& other) noexcept : owner_(std::exchange(other.owner_, nullptr)) {}
    ReadSnapshot& operator=(ReadSnapshot&&) = delete;
    ~ReadSnapshot() {
      if (owner_) owner_->EndReadSnapshot();
    }

   private:
    Storage* owner_;
  };
  [[nodiscard]] ReadSnapshot HoldReadSnapshot() {
    BeginReadSnapshot();
    return ReadSnapshot(this);
  }
  // The same, read through the writer's own connection when that costs the other writers
  // nothing, for a reader that writes next and reads much (the lead processor's classify batch).
  // Why (SQLite): a connection drops its whole page cache, and its memory map, at the first read
  // after another connection committed, so a pooled reader starts every batch cold; only the
  // connection that made every commit keeps its cache warm. Taken only when the writer is free
  // and no other thread has written for a quarter second (a backlog classified while the intake is
  // quiet); otherwise it is a plain read snapshot, so a busy intake never waits behind a batch's
  // reads. While it holds the writer, other writers wait, and this thread must not write before
  // the guard ends. An engine without the need keeps the default (a plain read snapshot).
  [[nodiscard]] ReadSnapshot HoldWriterReadSnapshot() {
    BeginWriterReadSnapshot();
    return ReadSnapshot(this);
  }

  // Applies pending schema migrations (versioned; recorded in schema_version).
  [[nodiscard]] virtual capture::Status Migrate() = 0;
  [[nodiscard]] virtual capture::Result<int> SchemaVersion() = 0;

  // Writer (sequencer thread only).
  [[nodiscard]] virtual capture::Status CommitBatch(const BatchWrite& batch) = 0;
  // Inside the writer's view: reads see the last committed batch.
  [[nodiscard]] virtual capture::Result<std::optional<capture::Bytes>> WriterSubjectKey(
      const capture::Bytes& subject) = 0;
  [[nodiscard]] virtual capture::Result<std::optional<RecordRow>> WriterFindRecord(
      const std::string& id) = 0;

  // Readers (any thread).
  [[nodiscard]] virtual capture::Result<std::uint64_t> LedgerSize() = 0;
  [[nodiscard]] virtual capture::Result<capture::Hash> SubtreeHash(std::uint64_t begin,
                                                                   std::uint64_t end) = 0;
  [[nodiscard]] virtual capture::Result<std::vector<EntryRow>> Entries(std::uint64_t begin,
                                                                       std::uint64_t end) = 0;
  [[nodiscard]] virtual capture::Result<std::optional<std::uint64_t>> FindLeaf(
      const capture::Hash& leaf) = 0;
  [[nodiscard]] virtual capture::Result<std::optional<CheckpointRow>> LatestCheckpoint() = 0;
  [[nodiscard]] virtual capture::Result<std::optional<CheckpointRow>> CheckpointOfSize(
      std::uint64_t size) = 0;
  [[nodiscard]] virtual capture::Result<std::optional<RecordRow>> FindRecord(
      const std::string& id) = 0;
  // A record's sealed disclosures with its subject's wrapped key, read in one query.
  [[nodiscard]] virtual capture::Result<std::optional<DisclosureRow>> FindDisclosure(
      const std::string& record_id) = 0;
  [[nodiscard]] virtual capture::Result<std::vector<CampaignRow>> Campaigns() = 0;
  // The phone / e-mail match keys a record disclosed, and the records that disclosed a key.
  [[nodiscard]] virtual capture::Result<std::vector<RecordKeyRow>> RecordKeys(
      const std::string& record_id) = 0;
  [[nodiscard]] virtual capture::Result<std::vector<std::string>> RecordsWithKey(
      const std::string& kind, const capture::Bytes& key) = 0;

  // HoldReadSnapshot's halves; nested holds on one thread share the outer one.
  virtual void BeginReadSnapshot() {}
  virtual void BeginWriterReadSnapshot() { BeginReadSnapshot(); }
  virtual void EndReadSnapshot() {}

  // Lead processing (issue 5). The processor is the only writer of classifications and
  // positions; suppressions are written by withdrawal and erasure (issue 6).
  [[nodiscard]] virtual capture::Result<std::uint64_t> Position(const std::string& name) = 0;
  // Committed consent records with leaf_index >= `from`, in ledger order.
  [[nodiscard]] virtual capture::Result<std::vector<RecordRow>> RecordsFrom(std::uint64_t from,
                                                                            std::size_t limit) = 0;
  [[nodiscard]] virtual capture::Result<bool> IsSuppressed(const std::string& kind,
                                                           const capture::Bytes& key) = 0;
  [[nodiscard]] virtual capture::Result<bool> IsCustomer(const std::string& kind,
                                                         const capture::Bytes& key) = 0;
  // The latest contact (delivery or call) of this key in this campaign, Unix ms: the latest
  // stored contact row, or the delivery of the key's first record (by leaf), which
  // classification does not store as a row (KeyFactsRow::first_leaf).
  [[nodiscard]] virtual capture::Result<std::optional<std::int64_t>> LastContact(
      const std::string& kind, const capture::Bytes& key, const std::string& campaign) = 0;
  // Stores verdicts, queues deliveries and records contacts, and moves the named position past
  // them, all in one transaction. An empty position_name moves no position (the release of
  // held-back verdicts, which are not in ledger order).
  [[nodiscard]] virtual capture::Status SaveClassifications(
      const std::vector<ClassificationRow>& rows, const std::vector<DeliveryRow>& deliveries,
      const std::vector<ContactRow>& contacts, const std::string& position_name,
      std::uint64_t position) = 0;
  [[nodiscard]] virtual capture::Status PutCallCentre(const CallCentreRow& row) = 0;
  [[nodiscard]] virtual capture::Result<std::vector<CallCentreRow>> CallCentres() = 0;
  // The call centre's queued leads with seq > after, in seq order.
  [[nodiscard]] virtual capture::Result<std::vector<DeliveryRow>> DeliveriesAfter(
      const std::string& call_centre, std::uint64_t after, std::size_t limit) = 0;
  [[nodiscard]] virtual capture::Status MarkDelivered(const std::string& call_centre,
                                                      const std::vector<std::uint64_t>& seqs,
                                                      std::int64_t now) = 0;
  // Sets acked_at where still unset; acknowledging twice changes nothing. Returns how many of
  // the ids are leads delivered to this call centre.
  [[nodiscard]] virtual capture::Result<std::size_t> AckLeads(
      const std::string& call_centre, const std::vector<std::string>& record_ids,
      std::int64_t now) = 0;
  [[nodiscard]] virtual capture::Result<std::optional<ClassificationRow>> FindClassification(
      const std::string& record_id) = 0;
  // Held-back verdicts whose pause ended (release_at <= now), earliest first.
  [[nodiscard]] virtual capture::Result<std::vector<ClassificationRow>> HeldBackDue(
      std::int64_t now, std::size_t limit) = 0;

  // Customer list (POST /v1/customers): adds the keys in one transaction; a key already held
  // for the same customer id is left as it is. Returns how many keys were new.
  [[nodiscard]] virtual capture::Result<std::size_t> AddCustomerKeys(
      const std::vector<CustomerKeyRow>& rows, std::int64_t now) = 0;
  // Call outcomes (POST /v1/feeds/outcomes): the record's delivery to this call centre, if any.
  [[nodiscard]] virtual capture::Result<std::optional<DeliveryRow>> FindDelivery(
      const std::string& call_centre, const std::string& record_id) = 0;
  // Stores the outcomes not stored before, each with its contacts, in one transaction, and says
  // for each whether it was new. The same outcome of the same record from the same call centre
  // at the same `at` is stored once; one without `at` is stored once per outcome.
  [[nodiscard]] virtual capture::Result<std::vector<bool>> SaveOutcomes(
      const std::vector<OutcomeRow>& rows) = 0;

  // Withdrawal (issue 6): the first withdrawal of a record, the withdrawal feed of one call
  // centre (seq > after), its acknowledgements (idempotent; returns how many ids are its
  // notices) and every unacknowledged notice created before `older_than` (Unix ms).
  [[nodiscard]] virtual capture::Result<std::optional<WithdrawalRow>> FindWithdrawal(
      const std::string& record_id) = 0;
  // The record whose withdrawal token, handed out before tokens named their record (schema 8:
  // the MAC alone), has this SHA-256. A token of today names its record: FindRecord.
  [[nodiscard]] virtual capture::Result<std::optional<RecordRow>> FindRecordByLegacyWithdrawalToken(
      const capture::Sha256Digest& digest) = 0;
  [[nodiscard]] virtual capture::Result<std::vector<WithdrawalNoticeRow>> WithdrawalNotices(
      const std::string& call_centre, std::uint64_t after, std::size_t limit) = 0;
  [[nodiscard]] virtual capture::Result<std::size_t> AckWithdrawals(
      const std::string& call_centre, const std::vector<std::string>& record_ids,
      std::int64_t now) = 0;
  [[nodiscard]] virtual capture::Result<std::vector<WithdrawalNoticeRow>> UnackedWithdrawals(
      std::int64_t older_than) = 0;

  // Partners and traffic sources (issue 7). Partners are configuration (replaced whole by a new
  // registration); blocks are written by CommitBatch and read here; refusal counts are added
  // outside the ledger (they hold no personal data and prove nothing); the report reads
  // records, record_facts, deliveries, outcomes, withdrawals and record_keys.
  [[nodiscard]] virtual capture::Status PutPartner(const PartnerRow& row) = 0;
  [[nodiscard]] virtual capture::Result<std::vector<PartnerRow>> Partners() = 0;
  [[nodiscard]] virtual capture::Result<std::vector<BlockRow>> Blocks() = 0;
  [[nodiscard]] virtual capture::Result<std::optional<RelayBatchRow>> FindRelayBatch(
      const capture::Sha256Digest& sha256) = 0;
  [[nodiscard]] virtual capture::Result<std::optional<RecordFactsRow>> FindRecordFacts(
      const std::string& record_id) = 0;
  // Adds each row's count to the stored count of its (day, campaign, source, reason).
  [[nodiscard]] virtual capture::Status AddRefusals(const std::vector<RefusalRow>& rows) = 0;
  // One row per traffic code with accepted records in the slice, in code order.
  [[nodiscard]] virtual capture::Result<std::vector<SourceCountsRow>> SourceCounts(
      const SourceReportQuery& query) = 0;
  // Refusals of the slice summed over its days (day = 0), by campaign, source and reason.
  [[nodiscard]] virtual capture::Result<std::vector<RefusalRow>> RefusalCounts(
      const SourceReportQuery& query) = 0;

  // Tokens are written outside the ledger (by `optin token create` and by tests).
  [[nodiscard]] virtual capture::Status InsertToken(const TokenRow& token) = 0;
  [[nodiscard]] virtual capture::Result<std::optional<TokenRow>> FindToken(
      const capture::Sha256Digest& hash) = 0;

  // Several server instances on one database (issue 8). The sequencer takes the ledger before it
  // plans a batch and holds it until CommitBatch returns (or ReleaseLedger): the stored size
  // under that lock tells it whether another instance appended meanwhile, so it rebuilds its
  // view first and never signs a checkpoint from a stale one. An engine written by one process
  // only (SQLite) needs no lock: the defaults.
  [[nodiscard]] virtual capture::Result<std::uint64_t> LockLedger() { return LedgerSize(); }
  virtual void ReleaseLedger() {}
  // Under that lock, before planning: the records and subject keys the sequencer is about to ask
  // WriterFindRecord / WriterSubjectKey for, so an engine behind a network round trip can fetch
  // them in one query each (the lock is held for less time). The default fetches nothing.
  [[nodiscard]] virtual capture::Status WriterPrefetch(
      const std::vector<std::string>& /*ids*/, const std::vector<capture::Bytes>& /*keys*/) {
    return capture::OkStatus();
  }
  // issue 5: verification and push.
  // SaveClassifications plus the verifications the verdicts open, in the same transaction.
  [[nodiscard]] virtual capture::Status SaveVerdicts(
      const std::vector<ClassificationRow>& rows, const std::vector<DeliveryRow>& deliveries,
      const std::vector<ContactRow>& contacts, const std::vector<VerificationRow>& verifications,
      const std::string& position_name, std::uint64_t position) = 0;
  [[nodiscard]] virtual capture::Result<std::optional<VerificationRow>> FindVerification(
      const std::string& record_id) = 0;
  // Link and code verifications not sent yet whose next attempt is due, not expired, oldest first.
  [[nodiscard]] virtual capture::Result<std::vector<VerificationRow>> VerificationsToSend(
      std::int64_t now, std::size_t limit) = 0;
  // A send succeeded (error empty: sent_at = now) or failed (retry from next_at).
  [[nodiscard]] virtual capture::Status MarkVerificationSend(const std::string& record_id,
                                                             std::int64_t now,
                                                             const std::string& error,
                                                             std::int64_t next_at) = 0;
  // Counts one wrong code; returns the count after it.
  [[nodiscard]] virtual capture::Result<std::int64_t> CountWrongCode(
      const std::string& record_id) = 0;
  // Verified but their lead not queued yet, in verification order.
  [[nodiscard]] virtual capture::Result<std::vector<VerificationRow>> VerifiedNotQueued(
      std::size_t limit) = 0;
  // Marks these verifications queued and stores the deliveries and contacts, in one transaction.
  [[nodiscard]] virtual capture::Status QueueVerified(const std::vector<std::string>& record_ids,
                                                      const std::vector<DeliveryRow>& deliveries,
                                                      const std::vector<ContactRow>& contacts) = 0;
  // Every contact with this key (every campaign; at most kMaxContactsOfKey), by campaign and then
  // time: the order of the contacts index, so no engine sorts (SQLite built a temporary B-tree
  // per call for "ORDER BY at", a third of handing out a lead); the lead sorts them by time.
  // The stored rows and the delivery of the key's first record (by leaf), each contact once;
  // that delivery is left out when the first record is `except_record_id` (the lead being
  // written, which lists no delivery of its own). When the caller knows it is
  // (`except_is_first_of_key`, DeliveryRow::first_of_its_keys), the first record is not read.
  [[nodiscard]] virtual capture::Result<std::vector<ContactRow>> ContactsOfKey(
      const std::string& kind, const capture::Bytes& key, const std::string& except_record_id,
      bool except_is_first_of_key) = 0;
  // Webhook push: leads queued for the call centre, never handed out, due (push_next_at <= now).
  [[nodiscard]] virtual capture::Result<std::vector<PushDueRow>> PushDue(
      const std::string& call_centre, std::int64_t now, std::size_t limit) = 0;
  // Everything classifying the record at `for_leaf` asks about one of its keys, in one query:
  // IsSuppressed, IsCustomer, whether an earlier record has the key (`earlier`) and LastContact
  // (in this campaign) together. Records are classified in leaf order, so every record before
  // `for_leaf` is classified and none after it: `earlier` is "the key's first leaf comes before
  // for_leaf", and the first record's delivery counts only then (at or after, it is the record
  // being classified, not delivered).
  struct KeyFactsRow {
    bool suppressed = false;
    bool customer = false;
    bool earlier = false;
    std::optional<std::int64_t> last_contact;
    // The leaf of the first record with this key. A record classified and delivered as the
    // first record of every key it has needs no contact row: its delivery is found from the key
    // (LastContact, ContactsOfKey). Unknown (nullopt): the contact rows are written.
    std::optional<std::uint64_t> first_leaf;
  };
  [[nodiscard]] virtual capture::Result<KeyFactsRow> KeyFacts(const std::string& kind,
                                                              const capture::Bytes& key,
                                                              const std::string& campaign,
                                                              std::uint64_t for_leaf) = 0;
  // A failed push: attempts + 1, the next attempt at next_at.
  [[nodiscard]] virtual capture::Status MarkPushFailed(const std::string& call_centre,
                                                       const std::vector<std::uint64_t>& seqs,
                                                       std::int64_t next_at,
                                                       const std::string& error) = 0;
};

// Opens the engine named by `url`: empty or "sqlite:PATH" (PATH relative to the data dir), or
// "postgresql://..." (a libpq URL, issue 8).
[[nodiscard]] capture::Result<std::unique_ptr<Storage>> OpenStorage(const std::string& data_dir,
                                                                    const std::string& url);

}  // namespace optin::server
