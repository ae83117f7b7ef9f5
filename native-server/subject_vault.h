// Personal data at rest (DESIGN.md): disclosures are sealed with XChaCha20-Poly1305 under a key
// per subject; subject keys are sealed under the master key. Destroying a subject key erases
// (crypto-shreds) every disclosure of that person while every proof in the ledger still verifies.
// The subject is a keyed BLAKE2b match key of the normalised phone number, else the e-mail
// address, else the record id: without the server secret it links nothing.
#pragma once

#include <string>
#include <string_view>

#include "capture/crypto.h"
#include "capture/result.h"

namespace optin::server {

class SubjectVault {
 public:
  // Derives the wrapping, matching and token keys from the master key.
  [[nodiscard]] static capture::Result<SubjectVault> Create(const capture::SecretBytes& master);

  // kind: "phone", "email" or "record".
  [[nodiscard]] capture::Result<capture::Bytes> MatchKey(std::string_view kind,
                                                         std::string_view normalised) const;

  [[nodiscard]] capture::SecretBytes NewSubjectKey() const;
  [[nodiscard]] capture::Result<capture::Bytes> WrapSubjectKey(const capture::SecretBytes& key,
                                                               const capture::Bytes& subject) const;
  [[nodiscard]] capture::Result<capture::SecretBytes> UnwrapSubjectKey(
      const capture::Bytes& wrapped, const capture::Bytes& subject) const;

  // The record id is the associated data, so a sealed blob cannot be moved to another record.
  [[nodiscard]] static capture::Result<capture::Bytes> Seal(const capture::SecretBytes& key,
                                                            std::string_view plaintext,
                                                            std::string_view record_id);
  [[nodiscard]] static capture::Result<std::string> Open(const capture::SecretBytes& key,
                                                         const capture::Bytes& sealed,
                                                         std::string_view record_id);

  // The consumer's withdrawal token for a record: "<record id>.<hex keyed BLAKE2b of the id>", so
  // a repeated submission gets the same receipt and the token finds its record by the primary
  // key (no index of token hashes); the server stores only its SHA-256. Before schema 8 the
  // token was the MAC alone (routes_withdrawals.cc still accepts those).
  [[nodiscard]] std::string WithdrawalToken(std::string_view record_id) const;
  // A secret of one purpose for one record (issue 5: the verification link and code): keyed
  // BLAKE2b of purpose || 0x00 || record id, 32 bytes, so nothing of it needs storing. Distinct
  // from the withdrawal token, whose input holds no 0x00.
  [[nodiscard]] capture::Bytes RecordSecret(std::string_view purpose,
                                            std::string_view record_id) const;

 private:
  SubjectVault(capture::SecretBytes wrap, capture::SecretBytes match, capture::SecretBytes token)
      : wrap_(std::move(wrap)), match_(std::move(match)), token_(std::move(token)) {}
  capture::SecretBytes wrap_;
  capture::SecretBytes match_;
  capture::SecretBytes token_;
};

}  // namespace optin::server
