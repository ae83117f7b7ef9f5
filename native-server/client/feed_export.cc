#include "feed_export.h"

#include <algorithm>

#include "capture/json.h"
#include "csv.h"
#include "server_call.h"

namespace optin::client {
namespace {

using capture::ErrorCode;
using capture::Json;
using capture::MakeError;
using capture::Result;

// The disclosed fields with a column of their own; the rest go into other_fields.
constexpr const char* kFieldColumns[] = {"given_name", "family_name", "phone", "email"};

std::string Text(const Json& value) {
  if (value.is_null()) return "";
  if (value.is_string()) return value.get<std::string>();
  return value.dump(-1, ' ', false, Json::error_handler_t::replace);
}

// A member that is an object, or an empty object.
const Json& Member(const Json& lead, const char* name) {
  static const Json kEmpty = Json::object();
  auto it = lead.find(name);
  return it != lead.end() && it->is_object() ? *it : kEmpty;
}

std::vector<std::string> Row(const Json& lead) {
  const Json empty = Json::object();
  const Json& fields =
      lead.contains("fields") && lead["fields"].is_object() ? lead["fields"] : empty;
  const Json& campaign =
      lead.contains("campaign") && lead["campaign"].is_object() ? lead["campaign"] : empty;
  const std::string source = lead.value("source", std::string());
  std::vector<std::string> row = {Text(lead.value("seq", Json())),
                                  lead.value("record_id", std::string()),
                                  lead.value("flow", std::string()),
                                  lead.value("reason", std::string()),
                                  Text(campaign.value("id", Json())),
                                  Text(campaign.value("version", Json())),
                                  source,
                                  source.substr(0, source.find('.')),
                                  lead.value("received_at", std::string()),
                                  Text(lead.value("calling_hours", Json())),
                                  Text(lead.value("timezone", Json()))};
  Json other = Json::object();
  for (auto it = fields.begin(); it != fields.end(); ++it) {
    const bool own = std::any_of(std::begin(kFieldColumns), std::end(kFieldColumns),
                                 [&](const char* c) { return it.key() == c; });
    if (!own) other[it.key()] = *it;
  }
  for (const char* c : kFieldColumns) row.push_back(Text(fields.value(c, Json())));
  row.push_back(other.empty() ? "" : other.dump(-1, ' ', false, Json::error_handler_t::replace));
  // What the call script needs beyond who (R11, R16): the consent as shown and when, the extra
  // question, earlier contacts, the policy dates and the verification (issue 5).
  const Json& consent = Member(lead, "consent");
  const Json& extra = Member(lead, "extra_question");
  const Json& policy = Member(lead, "policy");
  const Json& verification = Member(lead, "verification");
  const Json contacts = lead.value("earlier_contacts", Json::array());
  row.push_back(lead.value("captured_at", std::string()));
  row.push_back(Text(consent.value("text", Json())));
  row.push_back(Text(consent.value("caller", Json())));
  row.push_back(Text(consent.value("subject", Json())));
  row.push_back(Text(consent.value("one_time", Json())));
  row.push_back(Text(extra.value("text", Json())));
  row.push_back(Text(extra.value("answer", Json())));
  row.push_back(contacts.empty() ? "" : Text(contacts));
  row.push_back(Text(policy.value("consent_valid_until", Json())));
  row.push_back(Text(policy.value("first_contact_by", Json())));
  row.push_back(Text(verification.value("method", Json())));
  row.push_back(Text(verification.value("verified_at", Json())));
  return row;
}

Result<std::uint64_t> Cursor(const Json& page) {
  auto it = page.find("next_cursor");
  if (it == page.end() || !it->is_string() || it->get<std::string>().empty() ||
      it->get<std::string>().find_first_not_of("0123456789") != std::string::npos) {
    return MakeError(ErrorCode::kJsonWrongType, "the feed's next_cursor is not a number",
                     "next_cursor");
  }
  return std::stoull(it->get<std::string>());
}

}  // namespace

const std::vector<std::string>& FeedExportColumns() {
  static const std::vector<std::string> kColumns = {
      "cursor", "record_id", "flow", "reason", "campaign", "version", "source", "partner",
      "received_at", "calling_hours", "timezone", "given_name", "family_name", "phone", "email",
      "other_fields",
      // Issue 5: the call script's context, appended so earlier columns keep their place.
      "captured_at", "consent_text", "caller", "subject", "one_time", "extra_question",
      "extra_answer", "earlier_contacts", "consent_valid_until", "first_contact_by", "verification",
      "verified_at"};
  return kColumns;
}

Result<FeedExportReport> ExportFeedOverHttp(const FeedExportOptions& options, std::ostream& out) {
  ServerCall call(options.server, options.token);
  FeedExportReport report;
  report.next_cursor = options.cursor;
  out << server::CsvRecord(FeedExportColumns());
  for (;;) {
    CAPTURE_ASSIGN_OR_RETURN(
        Json page, call.Get("/v1/feeds/leads?cursor=" + std::to_string(report.next_cursor) +
                            "&limit=" + std::to_string(options.page)));
    CAPTURE_ASSIGN_OR_RETURN(const Json* leads, capture::GetArray(page, "leads"));
    CAPTURE_ASSIGN_OR_RETURN(std::uint64_t next, Cursor(page));
    Json ids = Json::array();
    for (const auto& lead : *leads) {
      if (!lead.is_object()) return MakeError(ErrorCode::kJsonWrongType, "a lead is not an object");
      out << server::CsvRecord(Row(lead));
      ids.push_back(lead.value("record_id", std::string()));
    }
    out.flush();
    if (!out) return MakeError(ErrorCode::kStorageUnavailable, "cannot write the CSV output");
    report.leads += leads->size();
    if (options.ack && !ids.empty()) {
      CAPTURE_ASSIGN_OR_RETURN(
          Json acked, call.Post("/v1/feeds/acks", Json{{"leads", ids}}.dump(), "application/json"));
      if (auto it = acked.find("leads"); it != acked.end() && it->is_object()) {
        report.acknowledged += it->value("acknowledged", std::uint64_t{0});
      }
    }
    const bool moved = next != report.next_cursor;
    report.next_cursor = next;
    if (options.progress) options.progress(report.leads, report.next_cursor);
    // An empty page that moved the cursor skipped withdrawn leads: there may be more.
    if (!moved) break;
  }
  return report;
}

}  // namespace optin::client
