// What classifying and handing out a lead need of a signed consent record (issue 5): when it was
// captured, whether the campaign's telephone consent item was given, and the shown-text hash.
// Since schema 9 the first two are columns of the record's row and the hash is its manifest's
// (the intake refuses a record whose hash differs), so neither the processor nor the feed reads
// and parses the ledger entry again; a record committed before schema 9 is read from its entry.
#pragma once

#include <string>

#include "capture/json.h"
#include "capture/manifest.h"
#include "capture/result.h"
#include "capture/time.h"
#include "storage.h"

namespace optin::server {

struct SignedRecordFacts {
  capture::UnixMillis captured_at = 0;
  bool telephone_consent = false;
  std::string shown_text_sha256;  // hex, as signed
};

// The signed record (the "record" member of its consent_record ledger entry), read and parsed.
[[nodiscard]] capture::Result<capture::Json> SignedRecordOf(Storage& storage,
                                                            const RecordRow& record);

// Whether the signed record gives this consent item (a boolean true in "consents").
[[nodiscard]] bool ConsentGiven(const capture::Json& signed_record, const std::string& consent_id);

[[nodiscard]] capture::Result<SignedRecordFacts> SignedFactsOf(Storage& storage,
                                                               const RecordRow& record,
                                                               const capture::Manifest& manifest);

}  // namespace optin::server
