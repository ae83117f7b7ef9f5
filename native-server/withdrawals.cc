#include "withdrawals.h"

#include <algorithm>
#include <future>
#include <string_view>

#include "capture/crypto.h"
#include "capture/time.h"
#include "http_types.h"
#include "ledger_entries.h"

namespace optin::server {
namespace {

using capture::Json;
using capture::Result;

Result<Json> Answer(AppContext& ctx, const std::vector<std::string>& ids) {
  Json withdrawn = Json::array();
  for (const auto& id : ids) {
    CAPTURE_ASSIGN_OR_RETURN(auto row, ctx.storage->FindWithdrawal(id));
    if (!row) continue;  // cannot happen after a commit; never invent a state
    Json item = {{"record_id", row->record_id},
                 {"withdrawn_at", capture::FormatRfc3339Millis(row->at)},
                 {"by", row->by},
                 {"how", row->how},
                 {"ledger_index", row->leaf_index}};
    if (!row->reason.empty()) item["reason"] = row->reason;
    withdrawn.push_back(std::move(item));
  }
  return Json{{"withdrawn", std::move(withdrawn)}};
}

}  // namespace

bool IsWithdrawalReason(std::string_view reason) {
  return reason == "complaint" || reason == "not_interested" || reason == "other";
}

Result<std::string> WithdrawalReasonOf(const Json& body) {
  auto it = body.find("reason");
  if (it == body.end()) return std::string();
  if (!it->is_string() || !IsWithdrawalReason(it->get<std::string>())) {
    return capture::MakeError(capture::ErrorCode::kWithdrawalReasonUnknown, "", "reason");
  }
  return it->get<std::string>();
}

Result<Json> Withdraw(AppContext& ctx, WithdrawalRequest request) {
  std::sort(request.record_ids.begin(), request.record_ids.end());
  request.record_ids.erase(std::unique(request.record_ids.begin(), request.record_ids.end()),
                           request.record_ids.end());
  std::vector<std::string> fresh;
  for (const auto& id : request.record_ids) {
    CAPTURE_ASSIGN_OR_RETURN(auto row, ctx.storage->FindWithdrawal(id));
    if (!row) fresh.push_back(id);
  }
  std::vector<SuppressionRow> missing;
  for (const auto& s : request.suppressions) {
    CAPTURE_ASSIGN_OR_RETURN(bool done, ctx.storage->IsSuppressed(s.kind, s.key));
    if (!done) missing.push_back(s);
  }
  if (!fresh.empty() || !missing.empty()) {
    const std::int64_t now = NowMillis();
    LedgerWork work;
    work.type = std::string(kWithdrawalType);
    // A subject-wide withdrawal of a person with no records still leaves an entry.
    CAPTURE_ASSIGN_OR_RETURN(work.entry,
                             WithdrawalEntry(fresh, request.by, request.how, now, request.reason));
    work.leaf = capture::LeafHash(capture::AsBytes(work.entry));
    for (const auto& id : fresh) {
      work.withdrawals.push_back(
          WithdrawalRow{id, 0, request.by, request.how, now, request.reason});
    }
    for (auto& s : missing) s.since = now;
    work.suppressions = std::move(missing);
    std::vector<LedgerWork> batch;
    batch.push_back(std::move(work));
    CAPTURE_ASSIGN_OR_RETURN(auto futures, ctx.sequencer->Submit(std::move(batch)));
    Result<Sequenced> done = futures[0].get();
    if (!done.ok()) return done.error();
  }
  return Answer(ctx, request.record_ids);
}

Result<Json> EraseSubject(AppContext& ctx, const std::string& kind, const capture::Bytes& key) {
  CAPTURE_ASSIGN_OR_RETURN(auto ids, ctx.storage->RecordsWithKey(kind, key));
  std::vector<capture::Bytes> subjects;
  for (const auto& id : ids) {
    CAPTURE_ASSIGN_OR_RETURN(auto disclosure, ctx.storage->FindDisclosure(id));
    if (!disclosure || disclosure->subject.empty()) continue;
    if (!disclosure->wrapped_key) continue;  // erased before
    if (std::find(subjects.begin(), subjects.end(), disclosure->subject) == subjects.end()) {
      subjects.push_back(disclosure->subject);
    }
  }
  CAPTURE_ASSIGN_OR_RETURN(bool suppressed, ctx.storage->IsSuppressed(kind, key));
  if (!subjects.empty() || !suppressed) {
    const std::int64_t now = NowMillis();
    LedgerWork work;
    work.type = std::string(kErasureType);
    CAPTURE_ASSIGN_OR_RETURN(work.entry, ErasureEntry(ids, now));
    work.leaf = capture::LeafHash(capture::AsBytes(work.entry));
    for (const auto& id : ids) {
      work.erasures.push_back(ErasureRow{id, 0, now});
      work.withdrawals.push_back(WithdrawalRow{id, 0, "admin", "erasure", now, ""});
    }
    work.erased_subjects = std::move(subjects);
    work.suppressions.push_back(SuppressionRow{kind, key, "erased", now});
    std::vector<LedgerWork> batch;
    batch.push_back(std::move(work));
    CAPTURE_ASSIGN_OR_RETURN(auto futures, ctx.sequencer->Submit(std::move(batch)));
    Result<Sequenced> done = futures[0].get();
    if (!done.ok()) return done.error();
  }
  std::sort(ids.begin(), ids.end());
  return Json{{"erased", ids}};
}

Result<Json> ObjectDuringCall(AppContext& ctx, const std::string& call_centre,
                              const std::string& record_id) {
  WithdrawalRequest request;
  request.by = "call_centre:" + call_centre;
  request.how = "objection_during_call";
  request.record_ids.push_back(record_id);
  CAPTURE_ASSIGN_OR_RETURN(auto keys, ctx.storage->RecordKeys(record_id));
  for (const auto& k : keys) {
    request.suppressions.push_back(SuppressionRow{k.kind, k.key, "objection", 0});
    CAPTURE_ASSIGN_OR_RETURN(auto ids, ctx.storage->RecordsWithKey(k.kind, k.key));
    request.record_ids.insert(request.record_ids.end(), ids.begin(), ids.end());
  }
  return Withdraw(ctx, std::move(request));
}

}  // namespace optin::server
