#include "subject_vault.h"

namespace optin::server {
namespace {

capture::Result<capture::SecretBytes> Derive(const capture::SecretBytes& master,
                                             std::string_view label) {
  CAPTURE_ASSIGN_OR_RETURN(capture::Bytes key, capture::Blake2b(master.RevealSecretBytes(),
                                                                capture::AsBytes(label), 32));
  capture::SecretBytes secret(key);
  std::fill(key.begin(), key.end(), 0);
  return secret;
}

}  // namespace

capture::Result<SubjectVault> SubjectVault::Create(const capture::SecretBytes& master) {
  CAPTURE_ASSIGN_OR_RETURN(auto wrap, Derive(master, "optin-capture/subject-wrap/v1"));
  CAPTURE_ASSIGN_OR_RETURN(auto match, Derive(master, "optin-capture/match-key/v1"));
  CAPTURE_ASSIGN_OR_RETURN(auto token, Derive(master, "optin-capture/withdrawal-token/v1"));
  return SubjectVault(std::move(wrap), std::move(match), std::move(token));
}

capture::Result<capture::Bytes> SubjectVault::MatchKey(std::string_view kind,
                                                       std::string_view normalised) const {
  std::string message(kind);
  message.push_back('\0');
  message.append(normalised);
  return capture::Blake2b(match_.RevealSecretBytes(), capture::AsBytes(message), 32);
}

capture::SecretBytes SubjectVault::NewSubjectKey() const {
  capture::Bytes key(capture::kAeadKeySize);
  capture::RandomFill(key);
  capture::SecretBytes secret(key);
  std::fill(key.begin(), key.end(), 0);
  return secret;
}

capture::Result<capture::Bytes> SubjectVault::WrapSubjectKey(const capture::SecretBytes& key,
                                                             const capture::Bytes& subject) const {
  return capture::AeadEncrypt(wrap_, key.RevealSecretBytes(), subject);
}

capture::Result<capture::SecretBytes> SubjectVault::UnwrapSubjectKey(
    const capture::Bytes& wrapped, const capture::Bytes& subject) const {
  CAPTURE_ASSIGN_OR_RETURN(capture::Bytes key, capture::AeadDecrypt(wrap_, wrapped, subject));
  capture::SecretBytes secret(key);
  std::fill(key.begin(), key.end(), 0);
  return secret;
}

capture::Result<capture::Bytes> SubjectVault::Seal(const capture::SecretBytes& key,
                                                   std::string_view plaintext,
                                                   std::string_view record_id) {
  return capture::AeadEncrypt(key, capture::AsBytes(plaintext), capture::AsBytes(record_id));
}

capture::Result<std::string> SubjectVault::Open(const capture::SecretBytes& key,
                                                const capture::Bytes& sealed,
                                                std::string_view record_id) {
  CAPTURE_ASSIGN_OR_RETURN(capture::Bytes plain,
                           capture::AeadDecrypt(key, sealed, capture::AsBytes(record_id)));
  return std::string(plain.begin(), plain.end());
}

std::string SubjectVault::WithdrawalToken(std::string_view record_id) const {
  auto mac = capture::Blake2b(token_.RevealSecretBytes(), capture::AsBytes(record_id), 32);
  if (!mac.ok()) return std::string();
  std::string token(record_id);
  token += '.';
  token += capture::HexEncode(*mac);
  return token;
}

capture::Bytes SubjectVault::RecordSecret(std::string_view purpose,
                                          std::string_view record_id) const {
  std::string input(purpose);
  input += '\0';
  input += record_id;
  auto mac = capture::Blake2b(token_.RevealSecretBytes(), capture::AsBytes(input), 32);
  return mac.ok() ? std::move(*mac) : capture::Bytes();
}

}  // namespace optin::server
