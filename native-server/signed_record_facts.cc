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
  CAPTURE_ASSIGN_OR_RETURN(auto entries, storage.Entries(record.leaf_index, record.leaf_index + 1));
  if (entries.size() != 1) {
    return MakeError(ErrorCode::kStorageUnavailable, "no ledger entry for record " + record.id);
  }
  CAPTURE_ASSIGN_OR_RETURN(capture::Json entry, capture::ParseJson(entries[0].bytes));
  auto signed_record = entry.find("record");
  if (signed_record == entry.end() || !signed_record->is_object()) {
    return MakeError(ErrorCode::kStorageUnavailable,
                     "ledger entry " + std::to_string(entries[0].index) + " holds no record");
  }
  SignedRecordFacts out;
  auto captured = signed_record->find("captured_at");
  if (captured == signed_record->end() || !captured->is_string()) {
    return MakeError(ErrorCode::kStorageUnavailable, "record " + record.id + " has no captured_at");
  }
  CAPTURE_ASSIGN_OR_RETURN(out.captured_at,
                           capture::ParseRfc3339Millis(captured->get<std::string>()));
  if (const capture::ConsentItem* item = manifest.TelephoneConsent()) {
    auto consents = signed_record->find("consents");
    if (consents != signed_record->end() && consents->is_object()) {
      auto given = consents->find(item->id);
      out.telephone_consent = given != consents->end() && given->is_boolean() && given->get<bool>();
    }
  }
  out.shown_text_sha256 = signed_record->value("shown_text_sha256", std::string());
  return out;
}

}  // namespace

Result<SignedRecordFacts> SignedFactsOf(Storage& storage, const RecordRow& record,
                                        const capture::Manifest& manifest) {
  if (!record.captured_at || !record.telephone_consent) {
    return FactsOfEntry(storage, record, manifest);
  }
  return SignedRecordFacts{*record.captured_at, *record.telephone_consent,
                           capture::HexEncode(manifest.shown_text_sha256)};
}

}  // namespace optin::server
