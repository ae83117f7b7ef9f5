#include "signed_record_facts.h"

#include "capture/encoding.h"
#include "capture/json.h"

namespace optin::server {
namespace {

using capture::ErrorCode;
using capture::MakeError;
using capture::Result;

// A record committed before schema 9: its facts are in the ledger entry only.
Result<SignedRecordFacts> FactsOfEntry(Storage& storage, const RecordRow& record,
                                       const capture::Manifest& manifest) {
  CAPTURE_ASSIGN_OR_RETURN(capture::Json signed_record, SignedRecordOf(storage, record));
  SignedRecordFacts out;
  auto captured = signed_record.find("captured_at");
  if (captured == signed_record.end() || !captured->is_string()) {
    return MakeError(ErrorCode::kStorageUnavailable, "record " + record.id + " has no captured_at");
  }
  CAPTURE_ASSIGN_OR_RETURN(out.captured_at,
                           capture::ParseRfc3339Millis(captured->get<std::string>()));
  if (const capture::ConsentItem* item = manifest.TelephoneConsent()) {
    out.telephone_consent = ConsentGiven(signed_record, item->id);
  }
  out.shown_text_sha256 = signed_record.value("shown_text_sha256", std::string());
  return out;
}

}  // namespace

Result<capture::Json> SignedRecordOf(Storage& storage, const RecordRow& record) {
  CAPTURE_ASSIGN_OR_RETURN(auto rows, storage.Entries(record.leaf_index, record.leaf_index + 1));
  if (rows.size() != 1) {
    return MakeError(ErrorCode::kStorageUnavailable, "no ledger entry for record " + record.id);
  }
  CAPTURE_ASSIGN_OR_RETURN(capture::Json entry, capture::ParseJson(rows[0].bytes));
  auto it = entry.find("record");
  if (it == entry.end() || !it->is_object()) {
    return MakeError(ErrorCode::kStorageUnavailable, "entry of " + record.id + " has no record");
  }
  return std::move(*it);
}

bool ConsentGiven(const capture::Json& signed_record, const std::string& consent_id) {
  auto consents = signed_record.find("consents");
  if (consents == signed_record.end() || !consents->is_object()) return false;
  auto given = consents->find(consent_id);
  return given != consents->end() && given->is_boolean() && given->get<bool>();
}

Result<SignedRecordFacts> SignedFactsOf(Storage& storage, const RecordRow& record,
                                        const capture::Manifest& manifest) {
  if (!record.captured_at || !record.telephone_consent) {
    return FactsOfEntry(storage, record, manifest);
  }
  return SignedRecordFacts{*record.captured_at, *record.telephone_consent,
                           capture::HexEncode(manifest.shown_text_sha256)};
}

}  // namespace optin::server
