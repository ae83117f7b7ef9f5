// GET /v1/reports/sources (admin, auditor, partner:<id>): the traffic-source report
// (source_report.h). A partner's token sees only its own rows: its codes, its partner row and
// totals over them, never another partner's numbers or the refusals no code can be tied to.
#include "auth.h"
#include "capture/time.h"
#include "routes.h"
#include "source_report.h"

namespace optin::server {
namespace {

using capture::ErrorCode;
using capture::MakeError;
using capture::Result;

// YYYY-MM-DD as days since 1970.
Result<std::optional<std::int64_t>> DayParam(const HttpRequest& req, const char* name) {
  auto text = req.Query(name);
  if (!text) return std::optional<std::int64_t>();
  const std::string& t = *text;
  auto digits = [&t](std::size_t from, std::size_t n) {
    int v = 0;
    for (std::size_t i = from; i < from + n; ++i) {
      if (t[i] < '0' || t[i] > '9') return -1;
      v = v * 10 + (t[i] - '0');
    }
    return v;
  };
  capture::CivilDate d{-1, -1, -1};
  if (t.size() == 10 && t[4] == '-' && t[7] == '-') d = {digits(0, 4), digits(5, 2), digits(8, 2)};
  if (!capture::IsValidCivilDate(d)) {
    return MakeError(ErrorCode::kRequestInvalid, std::string(name) + " must be a date YYYY-MM-DD",
                     name);
  }
  return std::optional<std::int64_t>(capture::DaysFromCivil(d));
}

}  // namespace

Result<HttpReply> GetSourceReport(AppContext& ctx, const HttpRequest& req) {
  SourceReportFilter filter;
  filter.campaign = req.Query("campaign").value_or("");
  filter.partner = req.Query("partner").value_or("");
  CAPTURE_ASSIGN_OR_RETURN(filter.from, DayParam(req, "from"));
  CAPTURE_ASSIGN_OR_RETURN(filter.to, DayParam(req, "to"));
  if (filter.from && filter.to && *filter.from > *filter.to) {
    return MakeError(ErrorCode::kRequestInvalid, "from is after to", "from");
  }
  // (Not CAPTURE_ASSIGN_OR_RETURN: GCC 12 reports a false maybe-uninitialized on that string.)
  const Result<std::string> scope = TokenScope(*ctx.storage, req.authorization);
  if (!scope.ok()) return scope.error();
  constexpr std::string_view kPartner = "partner:";
  if (scope->rfind(kPartner, 0) == 0) {
    const std::string own = scope->substr(kPartner.size());
    if (!filter.partner.empty() && filter.partner != own) {
      return MakeError(ErrorCode::kForbidden, "a partner token sees only its own rows", "partner");
    }
    filter.partner = own;
  }
  // Counts of the last second are still in memory: write them so the report is exact.
  CAPTURE_RETURN_IF_ERROR(ctx.refusals->Flush());
  CAPTURE_ASSIGN_OR_RETURN(capture::Json report,
                           BuildSourceReport(*ctx.storage, filter, NowMillis()));
  return HttpReply::Json(report);
}

}  // namespace optin::server
