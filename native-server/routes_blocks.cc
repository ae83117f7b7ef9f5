// Blocking traffic sources (R2, R20; docs/partners.md):
//   POST /v1/sources/block    (admin)    {source, reason, campaign?}
//   POST /v1/sources/unblock  (admin)    {source, campaign?, reason?}
//   GET  /v1/sources/blocks   (auditor)  the blocks in force
// A source is a traffic-code prefix of whole parts: "acme" blocks the partner, "acme.email" one
// of its channels, a full code one creative. Each change is a ledger entry (who blocked what,
// when and why, for the record), effective when its batch commits: the block list the intake
// checks is reloaded before the answer, so every submission after the answer sees it. Blocking
// what is blocked, or unblocking what is not, appends nothing.
#include <future>

#include "capture/fields.h"
#include "ledger_entries.h"
#include "routes.h"

namespace optin::server {
namespace {

using capture::ErrorCode;
using capture::Json;
using capture::MakeError;
using capture::Result;

bool IsSourcePrefix(std::string_view source) {
  std::size_t parts = 0;
  std::size_t length = 0;
  for (char c : source) {
    if (c == '.') {
      if (length == 0) return false;
      ++parts;
      length = 0;
      continue;
    }
    const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    if (!ok || ++length > 32) return false;
  }
  return length > 0 && parts < 4;
}

struct BlockRequest {
  std::string source;
  std::string campaign;
  std::string reason;
};

Result<std::string> ShortText(const Json& body, const char* name, bool required) {
  if (body.find(name) == body.end() && !required) return std::string();
  CAPTURE_ASSIGN_OR_RETURN(std::string text, capture::GetString(body, name));
  capture::FieldRules rules;
  rules.type = capture::FieldType::kShortText;
  rules.required = required;
  rules.max_length = 200;
  auto clean = capture::NormaliseField(rules, text, capture::AmsterdamDate(NowMillis()));
  if (!clean.ok()) {
    capture::Error e = clean.error();
    e.field = name;
    return e;
  }
  return *clean;
}

Result<BlockRequest> ParseRequest(AppContext& ctx, const HttpRequest& req, bool block) {
  CAPTURE_ASSIGN_OR_RETURN(Json body, ParseJsonBody(ctx, req));
  CAPTURE_RETURN_IF_ERROR(capture::CheckMembers(body, {"source", "campaign", "reason"}));
  BlockRequest out;
  CAPTURE_ASSIGN_OR_RETURN(out.source, capture::GetString(body, "source"));
  if (!IsSourcePrefix(out.source)) {
    return MakeError(ErrorCode::kSourceInvalid,
                     "source is a traffic-code prefix of 1 to 4 parts: partner[.channel"
                     "[.placement[.creative]]]",
                     "source");
  }
  if (body.find("campaign") != body.end()) {
    CAPTURE_ASSIGN_OR_RETURN(out.campaign, capture::GetString(body, "campaign"));
    if (ctx.campaigns.Versions(out.campaign).empty()) {
      return MakeError(ErrorCode::kCampaignUnknown, "", "campaign");
    }
  }
  // A block says why (it is evidence of a decision about a partner); the reason is the
  // operator's short text and is public in the ledger: never personal data.
  CAPTURE_ASSIGN_OR_RETURN(out.reason, ShortText(body, "reason", block));
  return out;
}

std::optional<BlockRow> Current(AppContext& ctx, const BlockRequest& r) {
  for (const auto& b : ctx.blocks.All()) {
    if (b.source == r.source && b.campaign == r.campaign) return b;
  }
  return std::nullopt;
}

Json BlockJson(const BlockRow& b) {
  return {{"source", b.source},
          {"campaign", b.campaign.empty() ? Json() : Json(b.campaign)},
          {"reason", b.reason},
          {"blocked_at", capture::FormatRfc3339Millis(b.at)},
          {"ledger_index", b.leaf_index}};
}

// Appends the entry and waits for its commit, then reloads the block list.
Result<std::uint64_t> Append(AppContext& ctx, LedgerWork work) {
  work.leaf = capture::LeafHash(capture::AsBytes(work.entry));
  std::vector<LedgerWork> batch;
  batch.push_back(std::move(work));
  CAPTURE_ASSIGN_OR_RETURN(auto futures, ctx.sequencer->Submit(std::move(batch)));
  Result<Sequenced> done = futures[0].get();
  if (!done.ok()) return done.error();
  CAPTURE_RETURN_IF_ERROR(ctx.blocks.Load(*ctx.storage));
  return done->leaf_index;
}

}  // namespace

Result<HttpReply> PostSourceBlock(AppContext& ctx, const HttpRequest& req) {
  CAPTURE_ASSIGN_OR_RETURN(BlockRequest r, ParseRequest(ctx, req, true));
  if (auto existing = Current(ctx, r)) {
    Json answer = BlockJson(*existing);
    answer["blocked"] = true;
    return HttpReply::Json(answer);
  }
  const std::int64_t now = NowMillis();
  LedgerWork work;
  work.type = std::string(kSourceBlockedType);
  CAPTURE_ASSIGN_OR_RETURN(work.entry, SourceBlockEntry(true, r.source, r.campaign, r.reason, now));
  work.block = BlockRow{r.source, r.campaign, r.reason, 0, now};
  CAPTURE_ASSIGN_OR_RETURN(std::uint64_t index, Append(ctx, std::move(work)));
  Json answer = BlockJson(BlockRow{r.source, r.campaign, r.reason, index, now});
  answer["blocked"] = true;
  return HttpReply::Json(answer);
}

Result<HttpReply> PostSourceUnblock(AppContext& ctx, const HttpRequest& req) {
  CAPTURE_ASSIGN_OR_RETURN(BlockRequest r, ParseRequest(ctx, req, false));
  Json answer = {{"source", r.source},
                 {"campaign", r.campaign.empty() ? Json() : Json(r.campaign)},
                 {"blocked", false}};
  if (!Current(ctx, r)) return HttpReply::Json(answer);
  const std::int64_t now = NowMillis();
  LedgerWork work;
  work.type = std::string(kSourceUnblockedType);
  CAPTURE_ASSIGN_OR_RETURN(work.entry,
                           SourceBlockEntry(false, r.source, r.campaign, r.reason, now));
  work.unblock = BlockRow{r.source, r.campaign, r.reason, 0, now};
  CAPTURE_ASSIGN_OR_RETURN(std::uint64_t index, Append(ctx, std::move(work)));
  answer["unblocked_at"] = capture::FormatRfc3339Millis(now);
  answer["ledger_index"] = index;
  return HttpReply::Json(answer);
}

Result<HttpReply> GetSourceBlocks(AppContext& ctx, const HttpRequest& /*req*/) {
  Json blocks = Json::array();
  for (const auto& b : ctx.blocks.All()) blocks.push_back(BlockJson(b));
  return HttpReply::Json({{"blocks", blocks}});
}

}  // namespace optin::server
