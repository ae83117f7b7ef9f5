#include "lead_view.h"

#include <algorithm>
#include <cstdio>

#include "consent_view.h"
#include "json_object_text.h"
#include "lead_classifier.h"
#include "signed_record_facts.h"

namespace optin::server {
namespace {

using capture::ErrorCode;
using capture::Json;
using capture::MakeError;
using capture::Result;

// Contacts with the person (any of the record's phone / e-mail keys, every campaign) other than
// this lead's own delivery: earlier deliveries and call outcomes, oldest first, as a JSON array.
capture::Status AppendEarlierContacts(AppContext& ctx, const DeliveryRow& d,
                                      const std::vector<RecordKeyRow>& keys, std::string& out) {
  const std::string& record_id = d.record_id;
  std::vector<ContactRow> all;
  for (const auto& k : keys) {
    CAPTURE_ASSIGN_OR_RETURN(
        auto rows, ctx.storage->ContactsOfKey(k.kind, k.key, record_id, d.first_of_its_keys));
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
  out += '[';
  for (std::size_t i = 0; i < all.size(); ++i) {
    if (i > 0) out += ',';
    JsonObjectText contact(out);
    contact.String("at", capture::FormatRfc3339Millis(all[i].at))
        .String("campaign", all[i].campaign)
        .String("record_id", all[i].record_id)
        .String("what", all[i].what)
        .End();
  }
  out += ']';
  return capture::OkStatus();
}

// How the number is verified before the call (docs/processing.md, "Verification before
// calling"); null when the campaign asks for none.
capture::Status AppendVerification(AppContext& ctx, const std::string& record_id,
                                   std::string& out) {
  CAPTURE_ASSIGN_OR_RETURN(auto v, ctx.storage->FindVerification(record_id));
  if (!v) {
    out += "null";
    return capture::OkStatus();
  }
  JsonObjectText json(out);
  json.Bool("confirm_at_call_start", v->method == "call_start" && !v->verified_at);
  if (v->verified_at) {
    json.String("how", v->verified_how);
    if (v->leaf_index) {
      json.Uint("leaf_index", *v->leaf_index);
    } else {
      json.Null("leaf_index");
    }
  } else {
    json.Null("how").Null("leaf_index");
  }
  json.String("method", v->method).Bool("verified", v->verified_at.has_value());
  if (v->verified_at) {
    json.String("verified_at", capture::FormatRfc3339Millis(*v->verified_at));
  } else {
    json.Null("verified_at");
  }
  json.End();
  return capture::OkStatus();
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
// builds far more than a call needs), and written straight as JSON text (json_object_text.h):
// the feed hands out every lead through here, so each lookup is done once and no tree is built.
// Members in byte order, as the tree this replaced was written.
Result<std::string> LeadText(AppContext& ctx, const DeliveryRow& d,
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
  const auto& policy = m.policy;

  std::string out;
  out.reserve(2048);
  JsonObjectText lead(out);
  lead.String("calling_hours", policy.calling_hours);
  {
    JsonObjectText c(lead.Key("campaign"));
    c.String("advertiser", m.advertiser_name)
        .String("id", record->campaign)
        .String("title", m.title)
        .Int("version", record->version)
        .End();
  }
  lead.String("captured_at", captured_at);
  // The telephone consent as shown and given: the words the agent reads if asked.
  if (const capture::ConsentItem* t = m.TelephoneConsent()) {
    JsonObjectText c(lead.Key("consent"));
    c.String("caller", t->caller.empty() ? m.advertiser_name : t->caller)
        .Bool("given", signed_facts.telephone_consent)
        .String("given_at", captured_at)
        .String("id", t->id)
        .Bool("one_time", t->one_time)
        .String("shown_text_sha256", signed_facts.shown_text_sha256)
        .String("subject", t->subject)
        .String("text", t->text)
        .End();
  } else {
    lead.Null("consent");
  }
  CAPTURE_RETURN_IF_ERROR(AppendEarlierContacts(ctx, d, keys, lead.Key("earlier_contacts")));
  if (m.extra_question) {
    JsonObjectText e(lead.Key("extra_question"));
    e.Tree("answer", values.is_object() ? values.value(m.extra_question->name, Json()) : Json())
        .String("name", m.extra_question->name)
        .String("text", m.extra_question->text)
        .End();
  } else {
    lead.Null("extra_question");
  }
  lead.Tree("fields", values).String("flow", verdict->flow).String("opt_in_code", d.record_id);
  {
    const std::string partner_id = record->source.substr(0, record->source.find('.'));
    const auto* p = m.FindPartner(partner_id);
    JsonObjectText partner(lead.Key("partner"));
    partner.String("id", partner_id).String("name", p ? p->name : m.advertiser_name).End();
  }
  {
    // The campaign policy as dates for this lead (Amsterdam calendar days): the consent may be
    // used until consent_valid_until, the first call must come by first_contact_by (the
    // request stated that term), and only within the calling window.
    const std::int64_t day = LocalDay(signed_facts.captured_at);
    JsonObjectText p(lead.Key("policy"));
    p.String("calling_hours", policy.calling_hours)
        .String("consent_valid_until", LocalDateText(day + policy.consent_validity_days - 1))
        .Int("consent_validity_days", policy.consent_validity_days)
        .Int("contact_pause_days", policy.contact_pause_days)
        .String("first_contact_by", LocalDateText(day + policy.first_contact_term_days))
        .Int("first_contact_term_days", policy.first_contact_term_days)
        .String("timezone", policy.timezone)
        .String("verification", policy.verification)
        .End();
  }
  lead.String("reason", verdict->reason)
      .String("received_at", capture::FormatRfc3339Millis(record->received_at))
      .String("record_id", d.record_id)
      .Uint("seq", d.seq)
      .String("source", record->source)
      .String("timezone", policy.timezone);
  if (policy.verification != "none") {
    CAPTURE_RETURN_IF_ERROR(AppendVerification(ctx, d.record_id, lead.Key("verification")));
  } else {
    lead.Null("verification");
  }
  lead.End();
  return out;
}

}  // namespace

Result<bool> LeadSuppressed(AppContext& ctx, const std::string& record_id) {
  CAPTURE_ASSIGN_OR_RETURN(auto keys, ctx.storage->RecordKeys(record_id));
  return SuppressedWithKeys(ctx, record_id, keys);
}

Result<std::optional<std::string>> DeliverableLead(AppContext& ctx, const DeliveryRow& d) {
  CAPTURE_ASSIGN_OR_RETURN(auto keys, ctx.storage->RecordKeys(d.record_id));
  CAPTURE_ASSIGN_OR_RETURN(bool suppressed, SuppressedWithKeys(ctx, d.record_id, keys));
  if (suppressed) return std::optional<std::string>();
  CAPTURE_ASSIGN_OR_RETURN(std::string lead, LeadText(ctx, d, keys));
  return std::optional<std::string>(std::move(lead));
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
      CAPTURE_ASSIGN_OR_RETURN(std::optional<std::string> lead, DeliverableLead(ctx, d));
      if (!lead) continue;
      out.leads.push_back(std::move(*lead));
      handed_out.push_back(d.seq);
    }
  }
  CAPTURE_RETURN_IF_ERROR(ctx.storage->MarkDelivered(call_centre, handed_out, now));
  return out;
}

}  // namespace optin::server
