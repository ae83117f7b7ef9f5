// Partner registration (docs/partners.md):
//   POST /v1/partners  (admin)    register a partner, or replace its registration
//   GET  /v1/partners  (auditor)  every registered partner, with its blocks
// The advertiser's signed manifest says which partners may host a campaign and with which key;
// a registration is the operator's side of it: the partner's account (its partner:<id> tokens),
// the campaigns it may host and relay here, and the key it countersigns relayed batches with. A
// registration must agree with the manifests: every campaign it names is published and its latest
// version lists this partner with this very key.
#include <algorithm>

#include "auth.h"
#include "capture/fields.h"
#include "evidence_format.h"
#include "routes.h"

namespace optin::server {
namespace {

using capture::ErrorCode;
using capture::Json;
using capture::MakeError;
using capture::Result;

bool IsPartnerId(const std::string& id) {
  if (id.empty() || id.size() > 32 || id == "direct") return false;
  for (char c : id) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-')) return false;
  }
  return true;
}

Result<std::vector<std::string>> Campaigns(AppContext& ctx, const Json& body, const std::string& id,
                                           const capture::PublicKey& key) {
  CAPTURE_ASSIGN_OR_RETURN(const Json* list, capture::GetArray(body, "campaigns"));
  if (list->empty()) {
    return MakeError(ErrorCode::kRequestInvalid, "name at least one campaign", "campaigns");
  }
  std::vector<std::string> out;
  for (std::size_t i = 0; i < list->size(); ++i) {
    const std::string at = "campaigns[" + std::to_string(i) + "]";
    if (!(*list)[i].is_string()) {
      return MakeError(ErrorCode::kJsonWrongType, "campaign ids are strings", at);
    }
    const std::string campaign = (*list)[i].get<std::string>();
    if (std::find(out.begin(), out.end(), campaign) != out.end()) {
      return MakeError(ErrorCode::kRequestInvalid, "campaign " + campaign + " is named twice", at);
    }
    const auto versions = ctx.campaigns.Versions(campaign);
    if (versions.empty()) return MakeError(ErrorCode::kCampaignUnknown, "", at);
    const capture::Manifest& latest = *versions.back().manifest;
    const capture::PartnerSpec* listed = latest.FindPartner(id);
    if (listed == nullptr) {
      return MakeError(ErrorCode::kPartnerNotAllowed,
                       "the manifest of " + campaign + " version " +
                           std::to_string(latest.version) + " does not list partner " + id,
                       at);
    }
    if (!(listed->key == key)) {
      return MakeError(ErrorCode::kPartnerKeyMismatch,
                       "the manifest of " + campaign + " version " +
                           std::to_string(latest.version) + " lists key " + listed->key.ToBase64() +
                           " for partner " + id,
                       "key");
    }
    out.push_back(campaign);
  }
  return out;
}

Json PartnerJson(AppContext& ctx, const PartnerRow& p) {
  Json blocks = Json::array();
  for (const auto& b : ctx.blocks.All()) {
    if (b.source == p.id || b.source.rfind(p.id + ".", 0) == 0) {
      blocks.push_back({{"source", b.source},
                        {"campaign", b.campaign.empty() ? Json() : Json(b.campaign)},
                        {"since", capture::FormatRfc3339Millis(b.at)}});
    }
  }
  auto key = capture::PublicKey::FromBase64(p.key);
  return {{"id", p.id},
          {"name", p.name},
          {"key", p.key},
          {"key_sha256", key.ok() ? KeyFingerprint(*key) : std::string()},
          {"campaigns", p.campaigns},
          {"registered_at", capture::FormatRfc3339Millis(p.registered_at)},
          {"blocks", blocks}};
}

}  // namespace

Result<std::string> PartnerOfRequest(AppContext& ctx, const HttpRequest& req) {
  CAPTURE_ASSIGN_OR_RETURN(std::string scope, TokenScope(*ctx.storage, req.authorization));
  constexpr std::string_view kPrefix = "partner:";
  if (scope.rfind(kPrefix, 0) != 0) {
    return MakeError(ErrorCode::kForbidden, "this endpoint needs a partner:<id> token");
  }
  return scope.substr(kPrefix.size());
}

Result<HttpReply> PostPartner(AppContext& ctx, const HttpRequest& req) {
  CAPTURE_ASSIGN_OR_RETURN(Json body, ParseJsonBody(ctx, req));
  CAPTURE_RETURN_IF_ERROR(capture::CheckMembers(body, {"id", "name", "key", "campaigns"}));
  PartnerRow row;
  CAPTURE_ASSIGN_OR_RETURN(row.id, capture::GetString(body, "id"));
  if (!IsPartnerId(row.id)) {
    return MakeError(ErrorCode::kRequestInvalid,
                     "id must match [a-z0-9_-]{1,32} (as in traffic codes) and not be 'direct'",
                     "id");
  }
  CAPTURE_ASSIGN_OR_RETURN(std::string name, capture::GetString(body, "name"));
  capture::FieldRules rules;
  rules.type = capture::FieldType::kShortText;
  rules.required = true;
  rules.max_length = 200;
  auto clean = capture::NormaliseField(rules, name, capture::AmsterdamDate(NowMillis()));
  if (!clean.ok()) {
    capture::Error e = clean.error();
    e.field = "name";
    return e;
  }
  row.name = *clean;
  CAPTURE_ASSIGN_OR_RETURN(std::string key_text, capture::GetString(body, "key"));
  auto key = capture::PublicKey::FromBase64(key_text);
  if (!key.ok()) {
    return MakeError(ErrorCode::kKeyInvalid, "key must be base64 of a 32-byte Ed25519 key", "key");
  }
  row.key = key->ToBase64();
  CAPTURE_ASSIGN_OR_RETURN(row.campaigns, Campaigns(ctx, body, row.id, *key));
  row.registered_at = NowMillis();
  CAPTURE_RETURN_IF_ERROR(ctx.storage->PutPartner(row));
  ctx.partners.Put(row);
  return HttpReply::Json(PartnerJson(ctx, row));
}

Result<HttpReply> GetPartners(AppContext& ctx, const HttpRequest& /*req*/) {
  Json partners = Json::array();
  for (const auto& p : ctx.partners.All()) partners.push_back(PartnerJson(ctx, p));
  return HttpReply::Json({{"partners", partners}});
}

}  // namespace optin::server
