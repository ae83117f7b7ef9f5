// Campaign manifests: publication (admin; verified against the advertiser key configured for the
// campaign, then a ledger entry) and public reads of what was published.
#include "capture/manifest.h"
#include "ledger_entries.h"
#include "routes.h"

namespace optin::server {
namespace {

using capture::ErrorCode;
using capture::Json;
using capture::MakeError;
using capture::Result;

Json CampaignJson(const PublishedCampaign& c, const std::vector<PublishedCampaign>& all) {
  Json versions = Json::array();
  for (const auto& v : all) versions.push_back(v.row.version);
  auto signed_json = capture::ParseJson(c.row.signed_json);
  return Json{{"id", c.row.id},
              {"version", c.row.version},
              {"versions", versions},
              {"manifest_sha256", capture::HexEncode(c.row.manifest_sha256)},
              {"leaf_index", c.row.leaf_index},
              {"signed_manifest", signed_json.ok() ? *signed_json : Json()}};
}

Result<std::string> CampaignIdOf(const Json& signed_manifest) {
  CAPTURE_ASSIGN_OR_RETURN(const Json* manifest, capture::GetObject(signed_manifest, "manifest"));
  CAPTURE_ASSIGN_OR_RETURN(const Json* campaign,
                           capture::GetObject(*manifest, "campaign", "manifest"));
  return capture::GetString(*campaign, "id", "manifest.campaign");
}

}  // namespace

Result<std::pair<PublishedCampaign, bool>> PublishSignedManifest(AppContext& ctx,
                                                                 std::string_view text) {
  capture::JsonLimits limits;
  limits.max_bytes = ctx.config.max_body_bytes;
  CAPTURE_ASSIGN_OR_RETURN(Json body, capture::ParseJson(text, limits));
  CAPTURE_RETURN_IF_ERROR(capture::CheckMembers(body, {"manifest", "sig"}));
  CAPTURE_ASSIGN_OR_RETURN(std::string id, CampaignIdOf(body));
  auto key_it = ctx.config.advertiser_keys.find(id);
  if (key_it == ctx.config.advertiser_keys.end()) {
    return MakeError(ErrorCode::kAdvertiserKeyUnknown,
                     "no advertiser key is configured for campaign '" + id + "'",
                     "manifest.campaign.id");
  }
  CAPTURE_ASSIGN_OR_RETURN(capture::PublicKey key, capture::PublicKey::FromBase64(key_it->second));
  CAPTURE_ASSIGN_OR_RETURN(capture::Manifest manifest, capture::VerifySignedManifest(text, key));
  const std::string sig = body["sig"].get<std::string>();

  auto existing = ctx.campaigns.Find(manifest.campaign_id, manifest.version);
  if (existing.ok()) {
    if (existing->row.manifest_sha256 != manifest.sha256) {
      return MakeError(ErrorCode::kCampaignVersionExists, "", "manifest.campaign.version");
    }
    return std::make_pair(*existing, false);
  }
  LedgerWork work;
  work.type = kManifestPublishedType;
  CAPTURE_ASSIGN_OR_RETURN(work.entry, ManifestEntry(manifest, sig));
  work.leaf = capture::LeafHash(capture::AsBytes(work.entry));
  CampaignRow row;
  row.id = manifest.campaign_id;
  row.version = manifest.version;
  CAPTURE_ASSIGN_OR_RETURN(row.signed_json, capture::CanonicalJson(body));
  row.manifest_sha256 = manifest.sha256;
  row.published_at = NowMillis();
  work.campaign = row;
  std::vector<LedgerWork> one;
  one.push_back(std::move(work));
  CAPTURE_ASSIGN_OR_RETURN(auto futures, ctx.sequencer->Submit(std::move(one)));
  CAPTURE_ASSIGN_OR_RETURN(Sequenced done, futures[0].get());
  row.leaf_index = done.leaf_index;
  CAPTURE_RETURN_IF_ERROR(ctx.campaigns.Add(row));
  CAPTURE_ASSIGN_OR_RETURN(auto published, ctx.campaigns.Find(row.id, row.version));
  return std::make_pair(published, true);
}

Result<HttpReply> PostCampaign(AppContext& ctx, const HttpRequest& req) {
  CAPTURE_RETURN_IF_ERROR(ParseJsonBody(ctx, req));  // content type and limits
  CAPTURE_ASSIGN_OR_RETURN(auto published, PublishSignedManifest(ctx, req.body));
  const auto& campaign = published.first;
  return HttpReply::Json(CampaignJson(campaign, ctx.campaigns.Versions(campaign.row.id)),
                         published.second ? 201 : 200);
}

Result<HttpReply> GetCampaign(AppContext& ctx, const HttpRequest& req) {
  const auto all = ctx.campaigns.Versions(req.path_params[0]);
  if (all.empty()) return MakeError(ErrorCode::kNotFound, "no such campaign", "id");
  return HttpReply::Json(CampaignJson(all.back(), all));
}

Result<HttpReply> GetCampaignVersion(AppContext& ctx, const HttpRequest& req) {
  const auto all = ctx.campaigns.Versions(req.path_params[0]);
  for (const auto& c : all) {
    if (std::to_string(c.row.version) == req.path_params[1]) {
      return HttpReply::Json(CampaignJson(c, all));
    }
  }
  return MakeError(ErrorCode::kNotFound, "no such campaign version", "version");
}

}  // namespace optin::server
