// POST /v1/customers (admin): the advertiser's customer list, so the processor can tell the
// customer flow from the lead flow (R13, R15). The body is text/csv (RFC 4180) with a header row
// naming customer_id and phone and/or email; other columns are ignored and never stored. Each
// phone number and e-mail address is normalised by the core's field rules (the form's normal
// form, so "06-1234 5678" matches "+31612345678") and stored only as its keyed match key.
//
// Rows are accepted or refused one by one: a refused row gets {row, code, message, field} and
// changes nothing; every accepted row is committed before the answer. Importing a row again adds
// nothing (idempotent per customer id and key). ?first_row=N numbers the body's first data row N
// (default 2, the row after the header), so a client that uploads a large file in chunks, each
// with the header, gets row numbers of the whole file.
#include <algorithm>
#include <cctype>
#include <set>

#include "capture/fields.h"
#include "capture/json.h"
#include "csv.h"
#include "routes.h"

namespace optin::server {
namespace {

using capture::ErrorCode;
using capture::Json;
using capture::MakeError;
using capture::Result;

constexpr std::size_t kMaxCustomerId = 128;
constexpr std::size_t kMaxListedErrors = 1000;

struct Columns {
  int customer_id = -1;
  int phone = -1;
  int email = -1;
  std::size_t count = 0;  // columns in the header; shorter rows leave the rest empty
  std::vector<std::string> ignored;
};

std::string Trimmed(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return std::string(s);
}

Result<Columns> HeaderColumns(const std::vector<std::string>& header) {
  Columns c;
  c.count = header.size();
  std::set<std::string> seen;
  for (std::size_t i = 0; i < header.size(); ++i) {
    std::string name = Trimmed(header[i]);
    for (auto& ch : name) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    if (!seen.insert(name).second) {
      return MakeError(ErrorCode::kCsvHeaderInvalid, "the column '" + name + "' appears twice");
    }
    const int index = static_cast<int>(i);
    if (name == "customer_id") {
      c.customer_id = index;
    } else if (name == "phone") {
      c.phone = index;
    } else if (name == "email") {
      c.email = index;
    } else {
      c.ignored.push_back(name);
    }
  }
  if (c.customer_id < 0 || (c.phone < 0 && c.email < 0)) {
    const bool semicolons = header.size() == 1 && header[0].find(';') != std::string::npos;
    return MakeError(ErrorCode::kCsvHeaderInvalid,
                     semicolons ? "the header has no customer_id column; the file seems to use "
                                  "';' between fields: export it with commas (RFC 4180)"
                                : "the header must name customer_id and phone and/or email");
  }
  return c;
}

bool ValidCustomerId(std::string_view id) {
  if (id.empty() || id.size() > kMaxCustomerId) return false;
  return std::none_of(id.begin(), id.end(), [](char ch) {
    const auto u = static_cast<unsigned char>(ch);
    return u < 0x20 || u == 0x7f;
  });
}

// The match key of one column's value, or the core's refusal with the column as its field.
Result<CustomerKeyRow> KeyOf(AppContext& ctx, const char* kind, const std::string& raw,
                             const std::string& customer_id) {
  capture::FieldRules rules;
  rules.type =
      std::string_view(kind) == "phone" ? capture::FieldType::kPhoneNl : capture::FieldType::kEmail;
  rules.required = true;
  rules.max_length = 254;
  auto normal = capture::NormaliseField(rules, raw, capture::AmsterdamDate(NowMillis()));
  if (!normal.ok()) {
    capture::Error e = normal.error();
    e.field = kind;
    return e;
  }
  CAPTURE_ASSIGN_OR_RETURN(capture::Bytes key, ctx.vault->MatchKey(kind, *normal));
  return CustomerKeyRow{kind, std::move(key), customer_id};
}

Json RowError(std::size_t row, const capture::Error& e) {
  Json out = {
      {"row", row},
      {"code", e.wire()},
      {"message", e.message.empty() ? std::string(capture::Info(e.code).message_en) : e.message}};
  if (!e.field.empty()) out["field"] = e.field;
  return out;
}

}  // namespace

Result<HttpReply> PostCustomers(AppContext& ctx, const HttpRequest& req) {
  if (req.content_type.rfind("text/csv", 0) != 0) {
    return MakeError(ErrorCode::kContentTypeUnsupported,
                     "Content-Type must be text/csv, not '" + req.content_type + "'");
  }
  CAPTURE_ASSIGN_OR_RETURN(auto first_row, OptionalQueryUint(req, "first_row"));
  if (first_row && *first_row < 2) {
    return MakeError(ErrorCode::kRequestInvalid, "first_row must be 2 or more", "first_row");
  }
  const std::size_t offset = first_row ? *first_row - 2 : 0;  // rows before this body's

  CsvReader reader(req.body);
  std::vector<std::string> fields;
  auto header = reader.Next(fields);
  if (!header.ok() || !*header) {
    return MakeError(
        ErrorCode::kCsvHeaderInvalid,
        header.ok() ? "the body is empty" : "the header row: " + header.error().message);
  }
  CAPTURE_ASSIGN_OR_RETURN(Columns columns, HeaderColumns(fields));

  std::vector<CustomerKeyRow> keys;
  std::set<std::string> customers;
  Json errors = Json::array();
  std::size_t rows = 0;
  std::size_t refused = 0;
  for (;;) {
    auto more = reader.Next(fields);
    const std::size_t row = reader.record() + offset;
    if (more.ok() && !*more) break;
    if (more.ok() && fields.size() == 1 && fields[0].empty()) continue;  // a blank line
    ++rows;
    std::vector<CustomerKeyRow> row_keys;
    auto refuse = [&](const capture::Error& e) {
      ++refused;
      if (errors.size() < kMaxListedErrors) errors.push_back(RowError(row, e));
    };
    if (!more.ok()) {
      refuse(more.error());
      continue;
    }
    if (fields.size() > columns.count) {
      // A shifted row would put one person's number beside another's id.
      refuse(MakeError(ErrorCode::kCsvInvalid, "the row has " + std::to_string(fields.size()) +
                                                   " fields, the header " +
                                                   std::to_string(columns.count)));
      continue;
    }
    auto cell = [&](int index) {
      return index >= 0 && static_cast<std::size_t>(index) < fields.size() ? Trimmed(fields[index])
                                                                           : std::string();
    };
    const std::string id = cell(columns.customer_id);
    const std::string phone = cell(columns.phone);
    const std::string email = cell(columns.email);
    if (!ValidCustomerId(id)) {
      refuse(MakeError(ErrorCode::kCustomerIdInvalid, "", "customer_id"));
      continue;
    }
    if (phone.empty() && email.empty()) {
      refuse(MakeError(ErrorCode::kCustomerContactMissing));
      continue;
    }
    bool ok = true;
    for (const auto& [kind, value] : {std::pair{"phone", phone}, std::pair{"email", email}}) {
      if (!ok || value.empty()) continue;
      auto key = KeyOf(ctx, kind, value, id);
      if (!key.ok()) {
        refuse(key.error());
        ok = false;
      } else {
        row_keys.push_back(std::move(*key));
      }
    }
    if (!ok) continue;
    customers.insert(id);
    for (auto& k : row_keys) keys.push_back(std::move(k));
  }
  CAPTURE_ASSIGN_OR_RETURN(std::size_t added, ctx.storage->AddCustomerKeys(keys, NowMillis()));
  Json reply = {{"rows", rows},
                {"accepted", rows - refused},
                {"refused", refused},
                {"customers", customers.size()},
                {"keys", keys.size()},
                {"keys_added", added},
                {"errors", errors},
                {"errors_listed", errors.size()},
                {"ignored_columns", columns.ignored}};
  return HttpReply::Json(reply);
}

}  // namespace optin::server
