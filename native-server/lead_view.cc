#include "lead_view.h"

#include <algorithm>
#include <cstdio>

#include "consent_view.h"
#include "lead_classifier.h"
#include "signed_record_facts.h"

namespace optin::server {
namespace {

using capture::ErrorCode;
using capture::Json;
using capture::MakeError;
using capture::Result;

// Contacts with the person (any of the record's phone / e-mail keys, every campaign) other than
// this lead's own delivery: earlier deliveries and call outcomes, oldest first.
Result<Json> EarlierContacts(AppContext& ctx, const std::string& record_id,
                             const std::vector<RecordKeyRow>& keys) {
  std::vector<ContactRow> all;
  for (const auto& k : keys) {
    CAPTURE_ASSIGN_OR_RETURN(auto rows, ctx.storage->ContactsOfKey(k.kind, k.key));
    for (auto& r : rows) {
      if (r.record_id == record_id && r.what == "delivered") continue;
      // One contact is stored per key: the phone and e-mail rows of it are the same contact.
      bool seen = false;
      for (const auto& a : all) {
        seen = seen || (a.at == r.at && a.what == r.what && a.record_id == r.record_id);
      }
      if (!seen) all.push_back(std::move(r));
    }
  }
  // Stable: contacts at the same millisecond keep the storage's order (campaign), run after run.
  std::stable_sort(all.begin(), all.end(),
                   [](const ContactRow& a, const ContactRow& b) { return a.at < b.at; });
  Json out = Json::array();
  for (const auto& c : all) {
    out.push_back({{"at", capture::FormatRfc3339Millis(c.at)},
                   {"what", c.what},
                   {"campaign", c.campaign},
                   {"record_id", c.record_id}});
  }
  return out;
}

// How the number is verified before the call (docs/processing.md, "Verification before
// calling"); null when the campaign asks for none.
Result<Json> VerificationJson(AppContext& ctx, const std::string& record_id) {
  CAPTURE_ASSIGN_OR_RETURN(auto v, ctx.storage->FindVerification(record_id));
  if (!v) return Json();
  Json out = {{"method", v->method},
              {"confirm_at_call_start", v->method == "call_start" && !v->verified_at},
              {"verified", v->verified_at.has_value()},
              {"verified_at", nullptr},
              {"how", nullptr},
              {"leaf_index", nullptr}};
  if (v->verified_at) {
    out["verified_at"] = capture::FormatRfc3339Millis(*v->verified_at);
    out["how"] = v->verified_how;
    if (v->leaf_index) out["leaf_index"] = *v->leaf_index;
  }
  return out;
}

}  // namespace

std::string LocalDateText(std::int64_t local_day) {
  const capture::CivilDate d = capture::CivilFromDays(local_day);
  char out[16];
  std::snprintf(out, sizeof out, "%04d-%02d-%02d", d.year, d.month, d.day);
  return out;
}

namespace {

// The person's keys are read once per lead: the suppression check and the earlier contacts
// both need them.
Result<bool> SuppressedWithKeys(AppContext& ctx, const std::string& record_id,
                                const std::vector<RecordKeyRow>& keys) {
  // The consumer withdrew this one consent (the person's other consents stand).
  CAPTURE_ASSIGN_OR_RETURN(auto withdrawn, ctx.storage->FindWithdrawal(record_id));
  if (withdrawn) return true;
  for (const auto& k : keys) {
    CAPTURE_ASSIGN_OR_RETURN(bool suppressed, ctx.storage->IsSuppressed(k.kind, k.key));
    if (suppressed) return true;
  }
  return false;
}

// Built straight from the stored rows and the parsed manifest (not from ConsentView, which
// builds far more than a call needs): the feed hands out every lead through here, so each
// lookup is done once.
Result<Json> LeadJson(AppContext& ctx, const DeliveryRow& d,
                      const std::vector<RecordKeyRow>& keys) {
  CAPTURE_ASSIGN_OR_RETURN(auto record, ctx.storage->FindRecord(d.record_id));
  CAPTURE_ASSIGN_OR_RETURN(auto verdict, ctx.storage->FindClassification(d.record_id));
  if (!record || !verdict) {
    return MakeError(ErrorCode::kStorageUnavailable, "lead " + d.record_id + " is incomplete");
  }
  CAPTURE_ASSIGN_OR_RETURN(PublishedCampaign campaign,
                           ctx.campaigns.Find(record->campaign, record->version));
  const capture::Manifest& m = *campaign.manifest;
  CAPTURE_ASSIGN_OR_RETURN(SignedRecordFacts signed_facts, SignedFactsOf(*ctx.storage, *record, m));
  CAPTURE_ASSIGN_OR_RETURN(Json values, DisclosedValues(ctx, d.record_id));
  const std::string captured_at = capture::FormatRfc3339Millis(signed_facts.captured_at);

  // The telephone consent as shown and given: the words the agent reads if asked.
  Json consent = nullptr;
  if (const capture::ConsentItem* t = m.TelephoneConsent()) {
    consent = {{"id", t->id},
               {"text", t->text},
               {"given", signed_facts.telephone_consent},
               {"given_at", captured_at},
               {"caller", t->caller.empty() ? m.advertiser_name : t->caller},
               {"subject", t->subject},
               {"one_time", t->one_time},
               {"shown_text_sha256", signed_facts.shown_text_sha256}};
  }
  Json extra = nullptr;
  if (m.extra_question) {
    extra = {
        {"name", m.extra_question->name},
        {"text", m.extra_question->text},
        {"answer", values.is_object() ? values.value(m.extra_question->name, Json()) : Json()}};
  }
  const std::string partner_id = record->source.substr(0, record->source.find('.'));
  Json partner = {{"id", partner_id}, {"name", m.advertiser_name}};
  if (const auto* p = m.FindPartner(partner_id)) partner["name"] = p->name;

  // The campaign policy as dates for this lead (Amsterdam calendar days): the consent may be
  // used until consent_valid_until, the first call must come by first_contact_by (the request
  // stated that term), and only within the calling window.
  const auto& policy = m.policy;
  const std::int64_t day = LocalDay(signed_facts.captured_at);
  Json policy_json = {
      {"contact_pause_days", policy.contact_pause_days},
      {"consent_validity_days", policy.consent_validity_days},
      {"consent_valid_until", LocalDateText(day + policy.consent_validity_days - 1)},
      {"first_contact_term_days", policy.first_contact_term_days},
      {"first_contact_by", LocalDateText(day + policy.first_contact_term_days)},
      {"calling_hours", policy.calling_hours},
      {"timezone", policy.timezone},
      {"verification", policy.verification}};

  CAPTURE_ASSIGN_OR_RETURN(Json contacts, EarlierContacts(ctx, d.record_id, keys));
  Json verification = nullptr;
  if (policy.verification != "none") {
    CAPTURE_ASSIGN_OR_RETURN(verification, VerificationJson(ctx, d.record_id));
  }
  Json lead = {{"seq", d.seq},
               {"record_id", d.record_id},
               {"opt_in_code", d.record_id},
               {"campaign",
                {{"id", record->campaign},
                 {"version", record->version},
                 {"title", m.title},
                 {"advertiser", m.advertiser_name}}},
               {"source", record->source},
               {"partner", std::move(partner)},
               {"flow", verdict->flow},
               {"reason", verdict->reason},
               {"captured_at", captured_at},
               {"received_at", capture::FormatRfc3339Millis(record->received_at)},
               {"fields", std::move(values)},
               {"consent", std::move(consent)},
               {"extra_question", std::move(extra)},
               {"earlier_contacts", std::move(contacts)},
               {"calling_hours", policy.calling_hours},
               {"timezone", policy.timezone},
               {"policy", std::move(policy_json)},
               {"verification", std::move(verification)}};
  return lead;
}

}  // namespace

Result<bool> LeadSuppressed(AppContext& ctx, const std::string& record_id) {
  CAPTURE_ASSIGN_OR_RETURN(auto keys, ctx.storage->RecordKeys(record_id));
  return SuppressedWithKeys(ctx, record_id, keys);
}

Result<std::optional<Json>> DeliverableLead(AppContext& ctx, const DeliveryRow& d) {
  CAPTURE_ASSIGN_OR_RETURN(auto keys, ctx.storage->RecordKeys(d.record_id));
  CAPTURE_ASSIGN_OR_RETURN(bool suppressed, SuppressedWithKeys(ctx, d.record_id, keys));
  if (suppressed) return std::optional<Json>();
  CAPTURE_ASSIGN_OR_RETURN(Json lead, LeadJson(ctx, d, keys));
  return std::optional<Json>(std::move(lead));
}

Result<HandedOutLeads> HandOutLeads(AppContext& ctx, const std::string& call_centre,
                                    std::uint64_t after, std::size_t limit,
                                    capture::UnixMillis now) {
  HandedOutLeads out;
  out.next_cursor = after;
  std::vector<std::uint64_t> handed_out;
  {
    // The page's reads as one read transaction, ended before MarkDelivered writes.
    auto snapshot = ctx.storage->HoldReadSnapshot();
    CAPTURE_ASSIGN_OR_RETURN(auto rows, ctx.storage->DeliveriesAfter(call_centre, after, limit));
    out.queued = rows.size();
    for (const auto& d : rows) {
      out.next_cursor = d.seq;
      CAPTURE_ASSIGN_OR_RETURN(std::optional<Json> lead, DeliverableLead(ctx, d));
      if (!lead) continue;
      out.leads.push_back(std::move(*lead));
      handed_out.push_back(d.seq);
    }
  }
  CAPTURE_RETURN_IF_ERROR(ctx.storage->MarkDelivered(call_centre, handed_out, now));
  return out;
}

}  // namespace optin::server
