#include "auth.h"

#include "capture/crypto.h"
#include "http_types.h"

namespace optin::server {
namespace {

using capture::ErrorCode;
using capture::MakeError;

constexpr std::string_view kPrefix = "optin_";

bool IsId(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  for (char c : id) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-')) return false;
  }
  return true;
}

bool Grants(std::string_view scope, Access access) {
  if (scope == "admin") return true;
  if (access == Access::kCallCentre) return scope.rfind("call_centre:", 0) == 0;
  if (access == Access::kCustomerService) return scope == "customer_service";
  if (access == Access::kPartner) return scope.rfind("partner:", 0) == 0;
  if (access == Access::kReports) return scope == "auditor" || scope.rfind("partner:", 0) == 0;
  return access == Access::kAuditor && scope == "auditor";
}

}  // namespace

bool IsValidScope(std::string_view scope) {
  if (scope == "admin" || scope == "auditor" || scope == "customer_service") return true;
  for (std::string_view kind : {"call_centre:", "partner:"}) {
    if (scope.substr(0, kind.size()) == kind) return IsId(scope.substr(kind.size()));
  }
  return false;
}

capture::Result<std::string> CreateToken(Storage& storage, std::string_view scope) {
  if (!IsValidScope(scope)) {
    return MakeError(ErrorCode::kRequestInvalid,
                     "scope must be admin, auditor, customer_service, call_centre:<id> or "
                     "partner:<id>",
                     "scope");
  }
  std::array<std::uint8_t, 32> secret{};
  capture::RandomFill(secret);
  std::string token = std::string(kPrefix) + capture::HexEncode(secret);
  TokenRow row{capture::Sha256(token), std::string(scope), NowMillis()};
  CAPTURE_RETURN_IF_ERROR(storage.InsertToken(row));
  return token;
}

capture::Status Authorize(Storage& storage, Access access, std::string_view header) {
  if (access == Access::kPublic) return capture::OkStatus();
  CAPTURE_ASSIGN_OR_RETURN(std::string scope, TokenScope(storage, header));
  if (!Grants(scope, access)) {
    return MakeError(ErrorCode::kForbidden, "a " + scope + " token may not use this endpoint");
  }
  return capture::OkStatus();
}

capture::Result<std::string> TokenScope(Storage& storage, std::string_view header) {
  constexpr std::string_view kBearer = "Bearer ";
  if (header.substr(0, kBearer.size()) != kBearer) {
    return MakeError(ErrorCode::kUnauthorized, "send Authorization: Bearer <token>");
  }
  const std::string_view token = header.substr(kBearer.size());
  const capture::Sha256Digest hash = capture::Sha256(token);
  CAPTURE_ASSIGN_OR_RETURN(auto row, storage.FindToken(hash));
  // The lookup is by hash (an index); compare the full hashes in constant time all the same.
  if (!row || !capture::ConstantTimeEqual(row->hash, hash)) {
    return MakeError(ErrorCode::kUnauthorized, "unknown token");
  }
  return row->scope;
}

}  // namespace optin::server
