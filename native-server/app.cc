#include "app.h"

#include <filesystem>

#include "capture/checkpoint.h"
#include "capture/manifest.h"
#include "key_store.h"
#include "lead_pusher.h"
#include "pg_db.h"
#include "routes.h"
#include "verification_mailer.h"

namespace optin::server {
namespace {

using capture::ErrorCode;
using capture::MakeError;

// Development only: sign the example campaign with the development advertiser key (replacing the
// key the example names) and publish it through the normal path.
capture::Status PublishExample(AppContext& ctx, const capture::SigningKey& advertiser) {
  auto text = ReadWholeFile(ctx.config.example_campaign);
  if (!text.ok()) return text.error();
  CAPTURE_ASSIGN_OR_RETURN(capture::Json manifest, capture::ParseJson(*text));
  if (!manifest.is_object() || !manifest.contains("advertiser") ||
      !manifest["advertiser"].is_object() || !manifest.contains("campaign") ||
      !manifest["campaign"].is_object() || !manifest["campaign"]["id"].is_string()) {
    return MakeError(ErrorCode::kManifestInvalid, ctx.config.example_campaign);
  }
  const std::string id = manifest["campaign"]["id"].get<std::string>();
  manifest["advertiser"]["key"] = advertiser.public_key().ToBase64();
  ctx.config.advertiser_keys.try_emplace(id, advertiser.public_key().ToBase64());
  if (ctx.config.advertiser_keys[id] != advertiser.public_key().ToBase64()) {
    return capture::OkStatus();  // a real key is configured: never sign with the dev key
  }
  if (!ctx.campaigns.Versions(id).empty()) return capture::OkStatus();
  CAPTURE_ASSIGN_OR_RETURN(std::string signed_json, capture::SignManifest(manifest, advertiser));
  auto published = PublishSignedManifest(ctx, signed_json);
  if (!published.ok()) return published.error();
  return capture::OkStatus();
}

}  // namespace

capture::Result<std::unique_ptr<AppContext>> StartApp(ServerConfig config) {
  CAPTURE_RETURN_IF_ERROR(capture::InitCrypto());
  CAPTURE_RETURN_IF_ERROR(LoadConfigFile(config));
  auto ctx = std::make_unique<AppContext>();
  ctx->config = std::move(config);
  const std::string keys = ctx->config.data_dir + "/keys/";
  CAPTURE_ASSIGN_OR_RETURN(capture::SigningKey server_key,
                           LoadOrCreateSigningKey(keys + "server.key"));
  ctx->server_key = std::make_unique<capture::SigningKey>(std::move(server_key));
  if (!capture::IsValidNoteKeyName(ctx->config.log_origin)) {
    return MakeError(ErrorCode::kKeyInvalid, "log_origin is not a valid note key name");
  }
  ctx->server_vkey =
      capture::VerifierKeyString(ctx->config.log_origin, ctx->server_key->public_key());
  CAPTURE_ASSIGN_OR_RETURN(capture::SecretBytes master, LoadOrCreateMasterKey(keys + "master.key"));
  CAPTURE_ASSIGN_OR_RETURN(SubjectVault vault, SubjectVault::Create(master));
  ctx->vault = std::make_unique<SubjectVault>(std::move(vault));

  CAPTURE_ASSIGN_OR_RETURN(ctx->storage, OpenStorage(ctx->config.data_dir, ctx->config.database));
  CAPTURE_RETURN_IF_ERROR(ctx->storage->Migrate());
  CAPTURE_RETURN_IF_ERROR(ctx->campaigns.Load(*ctx->storage));
  CAPTURE_RETURN_IF_ERROR(ctx->partners.Load(*ctx->storage));
  CAPTURE_RETURN_IF_ERROR(ctx->blocks.Load(*ctx->storage));
  ctx->refusals = std::make_unique<RefusalTally>(*ctx->storage);
  ctx->refusals->Start(1000);

  SequencerOptions options;
  options.origin = ctx->config.log_origin;
  options.max_batch = ctx->config.sequencer_max_batch;
  options.wait_us = ctx->config.sequencer_wait_us;
  options.max_outstanding = ctx->config.max_outstanding;
  options.committed_nodes = &ctx->subtrees;
  ctx->sequencer = std::make_unique<Sequencer>(*ctx->storage, *ctx->vault, *ctx->server_key,
                                               options, ctx->metrics);
  CAPTURE_RETURN_IF_ERROR(ctx->sequencer->Start(ctx->campaigns.Keys()));

  if (ctx->config.publish_example_campaign) {
    CAPTURE_ASSIGN_OR_RETURN(capture::SigningKey advertiser,
                             LoadOrCreateSigningKey(keys + "dev-advertiser.key"));
    CAPTURE_RETURN_IF_ERROR(PublishExample(*ctx, advertiser));
  }
  // Lead processing runs after commit, beside the sequencer; 200 ms bounds how long a committed
  // record waits for its classification.
  ctx->processor = std::make_unique<LeadProcessor>(*ctx->storage, ctx->campaigns);
  ctx->processor->set_verification_valid_ms(ctx->config.verification_valid_ms);
  ctx->processor->Start(200);
  if (IsPostgresUrl(ctx->config.database)) {
    ctx->refresher = std::make_unique<SharedStateRefresher>(*ctx->storage, ctx->campaigns,
                                                            ctx->partners, ctx->blocks);
    ctx->refresher->Start(1000);
  }
  // Issue 5: verification messages and the webhook push, each on its own thread after commit.
  CAPTURE_ASSIGN_OR_RETURN(
      auto email, MakeMessageSender(ctx->config.verification_email_sender, ctx->config.data_dir,
                                    ctx->config.verification_webhook_secret));
  CAPTURE_ASSIGN_OR_RETURN(
      auto sms, MakeMessageSender(ctx->config.verification_sms_sender, ctx->config.data_dir,
                                  ctx->config.verification_webhook_secret));
  auto mailer = std::make_unique<VerificationMailer>(*ctx, std::move(email), std::move(sms));
  mailer->Start(200);
  ctx->workers.push_back(std::move(mailer));
  auto pusher = std::make_unique<LeadPusher>(*ctx);
  pusher->Start(200);
  ctx->workers.push_back(std::move(pusher));
  ctx->ready = true;
  return ctx;
}

void StopApp(AppContext& ctx) {
  ctx.ready = false;
  if (ctx.refresher) ctx.refresher->Stop();
  for (auto& worker : ctx.workers) worker->Stop();
  if (ctx.processor) ctx.processor->Stop();
  if (ctx.sequencer) ctx.sequencer->Stop();
  if (ctx.refusals) ctx.refusals->Stop();
}

}  // namespace optin::server
