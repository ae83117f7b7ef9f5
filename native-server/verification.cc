#include "verification.h"

#include <future>

#include "capture/crypto.h"
#include "http_types.h"

namespace optin::server {

using capture::ErrorCode;
using capture::Json;
using capture::MakeError;
using capture::Result;

VerificationSecrets SecretsOf(const SubjectVault& vault, std::string_view record_id) {
  VerificationSecrets out;
  const capture::Bytes code = vault.RecordSecret("verification-code", record_id);
  std::uint64_t n = 0;
  for (std::size_t i = 0; i < 8 && i < code.size(); ++i) n = (n << 8) | code[i];
  out.code = std::to_string(1000000 + n % 1000000).substr(1);  // bias below 2^-40
  const capture::Bytes link = vault.RecordSecret("verification-link", record_id);
  std::string b64 = capture::Base64Encode(link);
  for (char& c : b64) {
    if (c == '+') c = '-';
    if (c == '/') c = '_';
  }
  while (!b64.empty() && b64.back() == '=') b64.pop_back();
  out.link_token = std::move(b64);
  return out;
}

Result<std::string> VerificationEntry(std::string_view record_id, std::string_view method,
                                      std::string_view how, std::string_view by,
                                      std::optional<capture::UnixMillis> sent_at,
                                      capture::UnixMillis at) {
  Json entry = {{"at", capture::FormatRfc3339Millis(at)},
                {"by", by},
                {"how", how},
                {"method", method},
                {"record", record_id},
                {"type", kVerificationType}};
  if (sent_at) entry["sent_at"] = capture::FormatRfc3339Millis(*sent_at);
  return capture::CanonicalJson(entry);
}

Result<VerificationRow> ConfirmVerification(AppContext& ctx, const VerificationRow& row,
                                            std::string_view how, std::string_view by) {
  if (row.verified_at) return row;
  const capture::UnixMillis now = NowMillis();
  LedgerWork work;
  work.type = std::string(kVerificationType);
  CAPTURE_ASSIGN_OR_RETURN(work.entry,
                           VerificationEntry(row.record_id, row.method, how, by, row.sent_at, now));
  work.leaf = capture::LeafHash(capture::AsBytes(work.entry));
  VerificationRow done = row;
  done.verified_at = now;
  done.verified_how = std::string(how);
  done.verified_by = std::string(by);
  work.verified = std::move(done);
  std::vector<LedgerWork> batch;
  batch.push_back(std::move(work));
  CAPTURE_ASSIGN_OR_RETURN(auto futures, ctx.sequencer->Submit(std::move(batch)));
  Result<Sequenced> sequenced = futures[0].get();
  if (!sequenced.ok()) return sequenced.error();
  ctx.processor->Wake();  // the lead can be queued now
  CAPTURE_ASSIGN_OR_RETURN(auto stored, ctx.storage->FindVerification(row.record_id));
  if (!stored || !stored->verified_at) {
    return MakeError(ErrorCode::kStorageUnavailable, "the verification was not stored");
  }
  return *stored;
}

Json VerificationAnswer(const VerificationRow& row) {
  Json out = {{"record_id", row.record_id},
              {"verified", row.verified_at.has_value()},
              {"method", row.method},
              {"verified_at", nullptr},
              {"how", nullptr},
              {"leaf_index", nullptr}};
  if (row.verified_at) {
    out["verified_at"] = capture::FormatRfc3339Millis(*row.verified_at);
    out["how"] = row.verified_how;
    if (row.leaf_index) out["leaf_index"] = *row.leaf_index;
  }
  return out;
}

}  // namespace optin::server
