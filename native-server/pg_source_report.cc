// The numbers of GET /v1/reports/sources in PostgreSQL (the twin of sqlite_source_report.cc):
// the same query, with FILTER counts where SQLite sums booleans, and text ordered bytewise
// (COLLATE "C") as SQLite orders it.
#include "pg_storage.h"

namespace optin::server {
namespace {

using capture::Result;

// $1 campaign ('' = all), $2 partner ('' = all), $3 from_ms, $4 to_ms. A record's partner is its
// code up to the first '.'.
constexpr const char* kSourceCounts = R"sql(
WITH picked AS (
  SELECT r.id, r.source FROM records r
  WHERE ($1::text = '' OR r.campaign = $1::text)
    AND ($2::text = '' OR substr(r.source, 1, length($2::text) + 1) = $2::text || '.')
    AND r.received_at >= $3::bigint AND r.received_at < $4::bigint),
x AS (
  SELECT p.id, p.source, f.time_on_page_ms AS t, f.disposable_email AS disposable,
         f.relay_batch AS relay,
         (SELECT COUNT(*) FROM record_facts d WHERE d.device_key = f.device_key) AS device_records
  FROM picked p LEFT JOIN record_facts f ON f.record_id = p.id)
SELECT x.source, COUNT(*), COUNT(*) FILTER (WHERE x.relay IS NOT NULL),
  COUNT(*) FILTER (WHERE EXISTS (SELECT 1 FROM deliveries d WHERE d.record_id = x.id
                                 AND d.delivered_at IS NOT NULL)),
  COUNT(*) FILTER (WHERE EXISTS (SELECT 1 FROM outcomes o WHERE o.record_id = x.id
                                 AND o.outcome <> 'not_reached')),
  COUNT(*) FILTER (WHERE EXISTS (SELECT 1 FROM outcomes o WHERE o.record_id = x.id
                                 AND o.outcome = 'sale')),
  COUNT(*) FILTER (WHERE EXISTS (SELECT 1 FROM withdrawals w WHERE w.record_id = x.id)),
  COUNT(*) FILTER (WHERE EXISTS (SELECT 1 FROM outcomes o WHERE o.record_id = x.id
                                 AND o.outcome = 'do_not_call')
                   OR EXISTS (SELECT 1 FROM withdrawals w WHERE w.record_id = x.id
                              AND w.reason = 'complaint')),
  COUNT(*) FILTER (WHERE x.t IS NULL), COUNT(*) FILTER (WHERE x.t < 3000),
  COUNT(*) FILTER (WHERE x.t >= 3000 AND x.t < 10000),
  COUNT(*) FILTER (WHERE x.t >= 10000 AND x.t < 60000), COUNT(*) FILTER (WHERE x.t >= 60000),
  COALESCE(SUM(COALESCE(x.disposable, 0)), 0)::bigint,
  COUNT(*) FILTER (WHERE x.device_records > 1), MAX(COALESCE(x.device_records, 0))::bigint,
  COUNT(*) FILTER (WHERE EXISTS (
    SELECT 1 FROM record_keys k
    JOIN record_keys k2 ON k2.kind = k.kind AND k2.key = k.key AND k2.record_id <> k.record_id
    JOIN records r2 ON r2.id = k2.record_id
    WHERE k.record_id = x.id AND k.kind = 'phone'
      AND substr(r2.source, 1, strpos(r2.source, '.'))
          <> substr(x.source, 1, strpos(x.source, '.')))),
  COUNT(*) FILTER (WHERE EXISTS (SELECT 1 FROM record_flags g WHERE g.record_id = x.id
                                 AND g.flag = 'device_key_burst'))
FROM x GROUP BY x.source ORDER BY x.source COLLATE "C"
)sql";

constexpr const char* kRefusalCounts = R"sql(
SELECT source, reason, SUM(count)::bigint FROM refusals
WHERE ($1::text = '' OR campaign = $1::text)
  AND ($2::text = '' OR substr(source, 1, length($2::text) + 1) = $2::text || '.')
  AND day >= $3::bigint AND day <= $4::bigint
GROUP BY source, reason ORDER BY source COLLATE "C", reason COLLATE "C"
)sql";

}  // namespace

Result<std::vector<SourceCountsRow>> PgStorage::SourceCounts(const SourceReportQuery& q) {
  CAPTURE_ASSIGN_OR_RETURN(Lease conn, Conn());
  CAPTURE_ASSIGN_OR_RETURN(
      PgResult r,
      conn->Query(kSourceCounts,
                  PgParams().Text(q.campaign).Text(q.partner).Int(q.from_ms).Int(q.to_ms)));
  std::vector<SourceCountsRow> out;
  for (int i = 0; i < r.rows(); ++i) {
    SourceCountsRow row;
    row.source = r.Text(i, 0);
    std::int64_t* columns[] = {
        &row.accepted,         &row.relayed,       &row.delivered,      &row.reached,
        &row.converted,        &row.withdrawn,     &row.complaints,     &row.time_unknown,
        &row.time_under_3s,    &row.time_3_to_10s, &row.time_10_to_60s, &row.time_over_60s,
        &row.disposable_email, &row.shared_device, &row.max_per_device, &row.phone_other_partner,
        &row.device_key_burst};
    int col = 1;
    for (std::int64_t* c : columns) *c = r.Int(i, col++);
    out.push_back(std::move(row));
  }
  return out;
}

Result<std::vector<RefusalRow>> PgStorage::RefusalCounts(const SourceReportQuery& q) {
  CAPTURE_ASSIGN_OR_RETURN(Lease conn, Conn());
  CAPTURE_ASSIGN_OR_RETURN(
      PgResult r,
      conn->Query(kRefusalCounts,
                  PgParams().Text(q.campaign).Text(q.partner).Int(q.from_day).Int(q.to_day)));
  std::vector<RefusalRow> out;
  for (int i = 0; i < r.rows(); ++i) {
    out.push_back(RefusalRow{0, q.campaign, r.Text(i, 0), r.Text(i, 1), r.Int(i, 2)});
  }
  return out;
}

}  // namespace optin::server
