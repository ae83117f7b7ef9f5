#include "routes.h"

namespace optin::server {

const std::vector<Route>& Routes() {
  static const std::vector<Route> kRoutes = {
      {"POST", "/v1/consents", R"(/v1/consents)", Access::kPublic,
       "Submit one consent envelope or a JSON array of them; answers receipts.", &PostConsents},
      {"POST", "/v1/campaigns", R"(/v1/campaigns)", Access::kAdmin,
       "Publish a signed campaign manifest (a ledger entry).", &PostCampaign},
      {"GET", "/v1/campaigns/{id}", R"(/v1/campaigns/([a-z0-9][a-z0-9-]{0,63}))", Access::kPublic,
       "The latest published version of a campaign, signed.", &GetCampaign},
      {"GET", "/v1/campaigns/{id}/versions/{version}",
       R"(/v1/campaigns/([a-z0-9][a-z0-9-]{0,63})/versions/([0-9]{1,18}))", Access::kPublic,
       "One published version of a campaign, signed.", &GetCampaignVersion},
      {"GET", "/v1/log/checkpoint", R"(/v1/log/checkpoint)", Access::kPublic,
       "The latest signed checkpoint (C2SP tlog-checkpoint).", &GetCheckpoint},
      {"GET", "/v1/log/proof/inclusion", R"(/v1/log/proof/inclusion)", Access::kPublic,
       "Inclusion proof by index or leaf hash for a tree size.", &GetInclusionProof},
      {"GET", "/v1/log/proof/consistency", R"(/v1/log/proof/consistency)", Access::kPublic,
       "Consistency proof between two tree sizes.", &GetConsistencyProof},
      {"GET", "/v1/log/entries", R"(/v1/log/entries)", Access::kPublic,
       "Ledger entries in [start, end), bounded per request.", &GetEntries},
      {"GET", "/v1/evidence/{record_id}", R"(/v1/evidence/([0-9a-f-]{36}))", Access::kAuditor,
       "A self-contained evidence bundle for one record (auditor or admin).", &GetEvidence},
      {"POST", "/v1/call-centres", R"(/v1/call-centres)", Access::kAdmin,
       "Configure a call centre: {id, campaigns, webhook_url?, webhook_secret?}.", &PostCallCentre},
      {"GET", "/v1/feeds/leads", R"(/v1/feeds/leads)", Access::kCallCentre,
       "The call centre's leads in commit order after ?cursor= (at most ?limit=), at least once.",
       &GetLeadFeed},
      {"POST", "/v1/feeds/acks", R"(/v1/feeds/acks)", Access::kCallCentre,
       "Acknowledge leads (and withdrawals): {leads: [ids], withdrawals: [ids]}; idempotent.",
       &PostFeedAcks},
      {"POST", "/v1/feeds/outcomes", R"(/v1/feeds/outcomes)", Access::kCallCentre,
       "Call outcomes of the call centre's own leads: {outcomes: [{record_id, outcome, at?, "
       "note?}]}; do_not_call withdraws and suppresses the person; idempotent.",
       &PostOutcomes},
      {"POST", "/v1/customers", R"(/v1/customers)", Access::kAdmin,
       "Import customers: text/csv with a header naming customer_id and phone and/or email "
       "(?first_row= for chunks); stored as match keys; per-row errors; idempotent.",
       &PostCustomers},
      {"GET", "/v1/feeds/withdrawals", R"(/v1/feeds/withdrawals)", Access::kCallCentre,
       "The call centre's withdrawal notices after ?cursor= (at most ?limit=); acknowledge each "
       "with POST /v1/feeds/acks {withdrawals: [record ids]}.",
       &GetWithdrawalFeed},
      {"POST", "/v1/withdrawals", R"(/v1/withdrawals)", Access::kPublic,
       "Withdraw one consent with the receipt's token: {record_id, token}; idempotent.",
       &PostWithdrawal},
      {"POST", "/v1/consents/inspect", R"(/v1/consents/inspect)", Access::kPublic,
       "What one consent says, for the person who gave it: {token} from the receipt (or with "
       "its record_id); texts shown, when, where, who may call, disclosures, status.",
       &PostConsentInspection},
      {"POST", "/v1/consents/receipt", R"(/v1/consents/receipt)", Access::kPublic,
       "The same as a consent receipt in the ISO/IEC TS 27560 structure (W3C DPV, JSON-LD).",
       &PostConsentReceipt},
      {"POST", "/v1/withdrawals/subject", R"(/v1/withdrawals/subject)", Access::kCustomerService,
       "Customer service: withdraw every consent of {phone} or {email} and suppress it; "
       "idempotent.",
       &PostSubjectWithdrawal},
      {"POST", "/v1/subjects/erase", R"(/v1/subjects/erase)", Access::kAdmin,
       "Erase a person ({phone} or {email}): destroy the subject key, withdraw, keep a "
       "suppression match key; idempotent.",
       &PostEraseSubject},
      {"GET", "/v1/reports/withdrawals", R"(/v1/reports/withdrawals)", Access::kAdmin,
       "Withdrawal notices not acknowledged within withdrawal_ack_limit_ms.", &GetWithdrawalReport},
      {"POST", "/v1/partners", R"(/v1/partners)", Access::kAdmin,
       "Register a partner (or replace its registration): {id, name, key, campaigns}; the key "
       "must be the one each campaign's signed manifest lists for it.",
       &PostPartner},
      {"GET", "/v1/partners", R"(/v1/partners)", Access::kAuditor,
       "The registered partners with their keys, campaigns and blocks.", &GetPartners},
      {"POST", "/v1/relay", R"(/v1/relay)", Access::kPartner,
       "A partner relays envelopes server-to-server: {batch: {partner, records: [hex SHA-256 of "
       "JCS(record)], relayed_at}, sig, envelopes}; answers a receipt or error per envelope.",
       &PostRelay},
      {"POST", "/v1/sources/block", R"(/v1/sources/block)", Access::kAdmin,
       "Block a traffic source or partner: {source: code prefix, reason, campaign?} (a ledger "
       "entry); its later records are refused with source_blocked; idempotent.",
       &PostSourceBlock},
      {"POST", "/v1/sources/unblock", R"(/v1/sources/unblock)", Access::kAdmin,
       "Lift a block: {source, campaign?, reason?} (a ledger entry); idempotent.",
       &PostSourceUnblock},
      {"GET", "/v1/sources/blocks", R"(/v1/sources/blocks)", Access::kAuditor,
       "The traffic sources blocked now, with reason, time and ledger index.", &GetSourceBlocks},
      {"GET", "/v1/reports/sources", R"(/v1/reports/sources)", Access::kReports,
       "Per traffic code and per partner: received, refused by reason, accepted, delivered, "
       "reached, converted, withdrawn, complaints, rates and quality facts (?campaign= ?partner= "
       "?from= ?to= as YYYY-MM-DD); a partner token sees only its own rows.",
       &GetSourceReport},
      {"GET", "/v1/verifications/{record_id}/link", R"(/v1/verifications/([0-9a-f-]{36})/link)",
       Access::kPublic,
       "The confirmation link of a verification message (?token=): a page with one button.",
       &GetVerificationLink},
      {"POST", "/v1/verifications/{record_id}/link", R"(/v1/verifications/([0-9a-f-]{36})/link)",
       Access::kPublic,
       "Confirm the opt-in with the link's ?token= (the page's button, or any client); "
       "idempotent; a verification ledger entry.",
       &PostVerificationLink},
      {"POST", "/v1/verifications/{record_id}/code", R"(/v1/verifications/([0-9a-f-]{36})/code)",
       Access::kPublic,
       "Confirm the opt-in with the message's code: {code}; a limited number of wrong codes; "
       "idempotent; a verification ledger entry.",
       &PostVerificationCode},
      {"GET", "/v1/keys", R"(/v1/keys)", Access::kPublic,
       "The log's verifier key and the advertiser keys.", &GetKeys},
      {"GET", "/healthz", R"(/healthz)", Access::kPublic, "Liveness.", &GetHealth},
      {"GET", "/readyz", R"(/readyz)", Access::kPublic, "Readiness (storage and sequencer).",
       &GetReady},
      {"GET", "/metrics", R"(/metrics)", Access::kPublic, "Prometheus metrics.", &GetMetrics},
      {"GET", "/openapi.json", R"(/openapi\.json)", Access::kPublic, "This API as OpenAPI 3.1.",
       &GetOpenApi},
  };
  return kRoutes;
}

}  // namespace optin::server
