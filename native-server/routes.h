// The route table: one row per endpoint with its method, OpenAPI path, access rule and handler.
// The HTTP server registers exactly these rows and /openapi.json is generated from them, so the
// two cannot drift apart.
#pragma once

#include <string_view>
#include <vector>

#include "app_context.h"
#include "http_types.h"

namespace optin::server {

// kCallCentre: a call_centre:<id> token (admin passes the gate but the handlers, which read the id
// with CallCentreOfRequest, refuse every other scope). kPartner likewise for partner:<id>
// (PartnerOfRequest). kReports: admin, auditor or partner:<id> (a partner sees its own rows).
enum class Access { kPublic, kAdmin, kAuditor, kCallCentre, kCustomerService, kPartner, kReports };

using Handler = capture::Result<HttpReply> (*)(AppContext& ctx, const HttpRequest& req);

struct Route {
  std::string_view method;   // "GET" | "POST"
  std::string_view path;     // OpenAPI form: /v1/campaigns/{id}
  std::string_view pattern;  // httplib regex with one capture per {param}
  Access access;
  std::string_view summary;
  Handler handler;
};

[[nodiscard]] const std::vector<Route>& Routes();

// Verifies a signed manifest against the advertiser key configured for its campaign and appends
// it to the ledger (or finds the identical publication); true when newly published.
[[nodiscard]] capture::Result<std::pair<PublishedCampaign, bool>> PublishSignedManifest(
    AppContext& ctx, std::string_view signed_json);

// Handlers (routes_*.cc).
capture::Result<HttpReply> PostConsents(AppContext& ctx, const HttpRequest& req);
capture::Result<HttpReply> PostCampaign(AppContext& ctx, const HttpRequest& req);
capture::Result<HttpReply> GetCampaign(AppContext& ctx, const HttpRequest& req);
capture::Result<HttpReply> GetCampaignVersion(AppContext& ctx, const HttpRequest& req);
capture::Result<HttpReply> GetCheckpoint(AppContext& ctx, const HttpRequest& req);
capture::Result<HttpReply> GetInclusionProof(AppContext& ctx, const HttpRequest& req);
capture::Result<HttpReply> GetConsistencyProof(AppContext& ctx, const HttpRequest& req);
capture::Result<HttpReply> GetEntries(AppContext& ctx, const HttpRequest& req);
capture::Result<HttpReply> GetEvidence(AppContext& ctx, const HttpRequest& req);
capture::Result<HttpReply> GetKeys(AppContext& ctx, const HttpRequest& req);
capture::Result<HttpReply> GetHealth(AppContext& ctx, const HttpRequest& req);
capture::Result<HttpReply> GetReady(AppContext& ctx, const HttpRequest& req);
capture::Result<HttpReply> GetMetrics(AppContext& ctx, const HttpRequest& req);
capture::Result<HttpReply> GetOpenApi(AppContext& ctx, const HttpRequest& req);
// Verification before calling (issue 5, routes_verifications.cc).
capture::Result<HttpReply> GetVerificationLink(AppContext& ctx, const HttpRequest& req);
capture::Result<HttpReply> PostVerificationLink(AppContext& ctx, const HttpRequest& req);
capture::Result<HttpReply> PostVerificationCode(AppContext& ctx, const HttpRequest& req);
// Withdrawal and objection (routes_withdrawals.cc; the shared path is in withdrawals.h).
capture::Result<HttpReply> PostWithdrawal(AppContext& ctx, const HttpRequest& req);
capture::Result<HttpReply> PostConsentInspection(AppContext& ctx, const HttpRequest& req);
capture::Result<HttpReply> PostConsentReceipt(AppContext& ctx, const HttpRequest& req);
capture::Result<HttpReply> PostSubjectWithdrawal(AppContext& ctx, const HttpRequest& req);
capture::Result<HttpReply> PostEraseSubject(AppContext& ctx, const HttpRequest& req);
capture::Result<HttpReply> GetWithdrawalFeed(AppContext& ctx, const HttpRequest& req);
capture::Result<HttpReply> GetWithdrawalReport(AppContext& ctx, const HttpRequest& req);
// The withdrawals part of POST /v1/feeds/acks: {acknowledged, unknown}.
capture::Result<capture::Json> AckWithdrawalNotices(AppContext& ctx, const std::string& call_centre,
                                                    const std::vector<std::string>& record_ids);
// Lead processing (routes_feeds.cc, routes_outcomes.cc).
capture::Result<HttpReply> PostCallCentre(AppContext& ctx, const HttpRequest& req);
capture::Result<HttpReply> GetLeadFeed(AppContext& ctx, const HttpRequest& req);
capture::Result<HttpReply> PostFeedAcks(AppContext& ctx, const HttpRequest& req);
capture::Result<HttpReply> PostOutcomes(AppContext& ctx, const HttpRequest& req);
capture::Result<HttpReply> PostCustomers(AppContext& ctx, const HttpRequest& req);
// The <id> of the request's call_centre:<id> token; forbidden for any other scope.
capture::Result<std::string> CallCentreOfRequest(AppContext& ctx, const HttpRequest& req);
// Partners and traffic sources (routes_partners.cc, routes_relay.cc, routes_blocks.cc,
// routes_reports.cc).
capture::Result<HttpReply> PostPartner(AppContext& ctx, const HttpRequest& req);
capture::Result<HttpReply> GetPartners(AppContext& ctx, const HttpRequest& req);
capture::Result<HttpReply> PostRelay(AppContext& ctx, const HttpRequest& req);
capture::Result<HttpReply> PostSourceBlock(AppContext& ctx, const HttpRequest& req);
capture::Result<HttpReply> PostSourceUnblock(AppContext& ctx, const HttpRequest& req);
capture::Result<HttpReply> GetSourceBlocks(AppContext& ctx, const HttpRequest& req);
capture::Result<HttpReply> GetSourceReport(AppContext& ctx, const HttpRequest& req);
// The <id> of the request's partner:<id> token; forbidden for any other scope.
capture::Result<std::string> PartnerOfRequest(AppContext& ctx, const HttpRequest& req);

}  // namespace optin::server
