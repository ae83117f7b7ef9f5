// The consumer's view of one consent and its ISO/IEC TS 27560 receipt (consent_view.h). Every
// fact comes from the signed record in the ledger and the manifest it names, never from what the
// page or the consumer sends, so the view shows what the evidence shows.
#include "consent_view.h"

#include "capture/encoding.h"
#include "capture/manifest.h"
#include "capture/time.h"
#include "signed_record_facts.h"
#include "subject_vault.h"

namespace optin::server {
namespace {

using capture::Json;
using capture::Result;

// DPV purpose of a consent channel: participation is the service asked for, every other channel
// is direct marketing through that channel.
const char* DpvPurpose(std::string_view channel) {
  return channel == "participation" ? "dpv:ServiceProvision" : "dpv:DirectMarketing";
}

// Which disclosed fields a consent covers: the phone number only the telephone (or SMS) consent,
// the e-mail address the e-mail consent, everything else participation.
bool CoveredBy(std::string_view channel, std::string_view type) {
  if (channel == "telephone" || channel == "sms") return type == "phone_nl";
  if (channel == "email") return type == "email";
  if (channel == "participation") return type != "phone_nl";
  return false;
}

// DPV-PD category of a disclosed field, by its type (names are the advertiser's choice).
const char* DpvPersonalData(std::string_view type) {
  if (type == "given_name" || type == "family_name") return "pd:Name";
  if (type == "email") return "pd:EmailAddress";
  if (type == "phone_nl") return "pd:TelephoneNumber";
  if (type == "postcode_nl" || type == "house_number") return "pd:PhysicalAddress";
  if (type == "date_of_birth") return "pd:BirthDate";
  return "dpv:PersonalData";
}

}  // namespace

Result<Json> DisclosedValues(AppContext& ctx, const std::string& record_id) {
  CAPTURE_ASSIGN_OR_RETURN(auto row, ctx.storage->FindDisclosure(record_id));
  if (!row) return Json::object();       // the record disclosed nothing
  if (!row->wrapped_key) return Json();  // erased
  CAPTURE_ASSIGN_OR_RETURN(auto key, ctx.vault->UnwrapSubjectKey(*row->wrapped_key, row->subject));
  CAPTURE_ASSIGN_OR_RETURN(std::string plain, SubjectVault::Open(key, row->sealed, record_id));
  CAPTURE_ASSIGN_OR_RETURN(Json disclosures, capture::ParseJson(plain));
  Json values = Json::object();
  for (auto it = disclosures.begin(); it != disclosures.end(); ++it) {
    auto value = it->find("value");
    if (value != it->end()) values[it.key()] = *value;
  }
  return values;
}

Result<Json> ConsentView(AppContext& ctx, const RecordRow& record) {
  CAPTURE_ASSIGN_OR_RETURN(PublishedCampaign campaign,
                           ctx.campaigns.Find(record.campaign, record.version));
  const capture::Manifest& m = *campaign.manifest;
  CAPTURE_ASSIGN_OR_RETURN(Json signed_record, SignedRecordOf(*ctx.storage, record));
  CAPTURE_ASSIGN_OR_RETURN(Json values, DisclosedValues(ctx, record.id));
  CAPTURE_ASSIGN_OR_RETURN(auto withdrawal, ctx.storage->FindWithdrawal(record.id));
  const bool erased = values.is_null();

  Json source = signed_record.value("source", Json::object());
  const std::string partner_id = source.value("partner", std::string("direct"));
  Json partner = {{"id", partner_id}, {"name", m.advertiser_name}};
  if (const auto* p = m.FindPartner(partner_id)) partner["name"] = p->name;

  Json consents = Json::array();
  Json who_may_call = Json::array();
  for (const auto& c : m.consents) {
    const bool given = ConsentGiven(signed_record, c.id);
    Json item = {{"id", c.id},
                 {"text", c.text},
                 {"channel", std::string(capture::ConsentChannelName(c.channel))},
                 {"given", given},
                 {"one_time", c.one_time}};
    if (!c.caller.empty()) item["caller"] = c.caller;
    if (!c.subject.empty()) item["subject"] = c.subject;
    if (given && c.channel == capture::ConsentChannel::kTelephone && !withdrawal) {
      who_may_call.push_back({{"caller", c.caller.empty() ? m.advertiser_name : c.caller},
                              {"about", c.subject},
                              {"one_time", c.one_time}});
    }
    consents.push_back(std::move(item));
  }

  Json fields = Json::array();
  const Json signed_fields = signed_record.value("fields", Json::object());
  for (const auto& f : m.fields) {
    if (signed_fields.find(f.name) == signed_fields.end()) continue;  // not disclosed
    Json value = erased ? Json() : values.value(f.name, Json());
    fields.push_back({{"name", f.name},
                      {"label", f.label},
                      {"type", std::string(capture::FieldTypeName(f.rules.type))},
                      {"purpose", f.purpose},
                      {"value", value}});
  }
  Json extra = nullptr;
  if (m.extra_question) {
    const auto& q = *m.extra_question;
    extra = {{"text", q.text}, {"purpose", q.purpose}, {"answer", nullptr}};
    if (!erased) extra["answer"] = values.value(q.name, Json());
  }

  std::string status = "given";
  if (withdrawal) status = "withdrawn";
  if (erased) status = "erased";
  Json view = {{"record_id", record.id},
               {"status", status},
               {"campaign",
                {{"id", record.campaign},
                 {"version", record.version},
                 {"title", m.title},
                 {"advertiser", m.advertiser_name}}},
               {"captured_at", signed_record.value("captured_at", std::string())},
               {"received_at", capture::FormatRfc3339Millis(record.received_at)},
               {"source", source},
               {"partner", partner},
               {"consents", consents},
               {"terms", {{"url", m.terms_url}, {"text", m.terms_text}}},
               {"privacy", {{"url", m.privacy_url}, {"text", m.privacy_text}}},
               {"extra_question", extra},
               {"fields", fields},
               {"who_may_call", who_may_call},
               {"shown_text_sha256", signed_record.value("shown_text_sha256", std::string())},
               {"manifest_sha256", capture::HexEncode(m.sha256)},
               {"leaf_index", record.leaf_index},
               {"withdrawn", nullptr},
               {"erased", erased}};
  if (withdrawal) {
    view["withdrawn"] = {{"at", capture::FormatRfc3339Millis(withdrawal->at)},
                         {"by", withdrawal->by},
                         {"how", withdrawal->how},
                         {"leaf_index", withdrawal->leaf_index}};
  }
  return view;
}

Json ConsentReceipt27560(const Json& view, const std::string& issued_at) {
  const std::string id = view["record_id"].get<std::string>();
  const std::string status = view["status"].get<std::string>();
  Json controller = {{"@type", "dpv:DataController"},
                     {"dpv:hasName", view["campaign"]["advertiser"]}};
  // One process per consent given: its purpose, the exact text shown (the notice) and the
  // personal data that consent covers (the phone number only under the telephone consent).
  Json processes = Json::array();
  for (const auto& c : view["consents"]) {
    if (!c["given"].get<bool>()) continue;
    const std::string channel = c["channel"].get<std::string>();
    Json data = Json::array();
    for (const auto& f : view["fields"]) {
      const std::string type = f["type"].get<std::string>();
      if (!CoveredBy(channel, type)) continue;
      Json item = {{"@type", DpvPersonalData(type)},
                   {"dct:title", f["label"]},
                   {"dct:description", f["purpose"]},
                   {"dpv:hasDataSource", "dpv:DataSubject"}};
      if (!f["value"].is_null()) item["rdf:value"] = f["value"];
      data.push_back(std::move(item));
    }
    Json process = {
        {"@type", "dpv:Process"},
        {"dct:identifier", c["id"]},
        {"dpv:hasPurpose", {{"@type", DpvPurpose(channel)}, {"dct:description", c["text"]}}},
        {"dpv:hasPersonalData", data},
        {"dpv:hasDataController", controller}};
    if (c.contains("caller")) process["dpv:hasRecipient"] = {{"dpv:hasName", c["caller"]}};
    if (c["one_time"].get<bool>()) process["dpv:hasDuration"] = "dpv:FixedOccurrencesDuration";
    processes.push_back(std::move(process));
  }
  Json notice = {{"@type", "dpv:ConsentNotice"},
                 {"dct:identifier", "sha256:" + view["shown_text_sha256"].get<std::string>()},
                 {"dct:hasPart", Json::array()}};
  for (const auto& c : view["consents"]) notice["dct:hasPart"].push_back(c["text"]);
  notice["dct:hasPart"].push_back(view["terms"]["url"]);
  notice["dct:hasPart"].push_back(view["privacy"]["url"]);
  const char* dpv_status = status == "given" ? "dpv:ConsentGiven" : "dpv:ConsentWithdrawn";
  Json receipt = {
      {"@context",
       {{"dpv", "https://w3id.org/dpv#"},
        {"pd", "https://w3id.org/dpv/pd#"},
        {"eu-gdpr", "https://w3id.org/dpv/legal/eu/gdpr#"},
        {"loc", "https://w3id.org/dpv/loc#"},
        {"dct", "http://purl.org/dc/terms/"},
        {"rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"},
        {"xsd", "http://www.w3.org/2001/XMLSchema#"},
        {"dct:created", {{"@type", "xsd:dateTime"}}},
        {"dct:issued", {{"@type", "xsd:dateTime"}}},
        {"dpv:isIndicatedAtTime", {{"@type", "xsd:dateTime"}}}}},
      {"@id", "urn:uuid:" + id},
      {"@type", "dpv:ConsentRecord"},
      {"dct:identifier", id},
      {"dct:conformsTo", "https://w3id.org/dpv/schema/dpv-27560#receipt-record"},
      {"dct:created", view["received_at"]},
      {"dct:issued", issued_at},
      {"dct:publisher", controller},
      {"dct:title", view["campaign"]["title"]},
      {"dpv:hasDataSubject", {{"@type", "dpv:Consumer"}}},
      {"dpv:hasDataController", controller},
      {"dpv:hasJurisdiction", "loc:NL"},
      {"dpv:hasApplicableLaw", "eu-gdpr:GDPR"},
      {"dpv:hasLegalBasis", "eu-gdpr:A6-1-a"},
      {"dpv:hasConsentStatus", dpv_status},
      {"dpv:isIndicatedBy", "dpv:DataSubject"},
      {"dpv:isIndicatedAtTime", view["captured_at"]},
      {"dct:description",
       "Given by ticking unticked checkboxes on a web form and submitting it; the record is "
       "signed by the browser's device key and kept in a verifiable log (leaf " +
           std::to_string(view["leaf_index"].get<std::uint64_t>()) + ")."},
      {"dpv:hasNotice", notice},
      {"dpv:hasProcess", processes},
      {"dct:source", view["source"]}};
  if (!view["withdrawn"].is_null()) {
    receipt["dct:modified"] = view["withdrawn"]["at"];
  }
  return receipt;
}

}  // namespace optin::server
