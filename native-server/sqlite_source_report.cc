// The numbers of GET /v1/reports/sources in SQLite: per traffic code, what its accepted records
// became and their quality facts (one pass over the slice's records, each fact an indexed
// lookup), and the refusals counted for it.
#include "sqlite_storage.h"

namespace optin::server {
namespace {

using capture::Result;

// ?1 campaign ('' = all), ?2 partner ('' = all), ?3 from_ms, ?4 to_ms. A record's partner is its
// code up to the first '.'. Subqueries name the outer row as x.* (records has an id column too).
constexpr const char* kSourceCounts = R"sql(
WITH picked AS (
  SELECT r.id, r.source FROM records r
  WHERE (?1 = '' OR r.campaign = ?1)
    AND (?2 = '' OR substr(r.source, 1, length(?2) + 1) = ?2 || '.')
    AND r.received_at >= ?3 AND r.received_at < ?4),
x AS (
  SELECT p.id, p.source, f.time_on_page_ms AS t, f.disposable_email AS disposable,
         f.relay_batch AS relay,
         (SELECT COUNT(*) FROM record_facts d WHERE d.device_key = f.device_key) AS device_records
  FROM picked p LEFT JOIN record_facts f ON f.record_id = p.id)
SELECT x.source, COUNT(*), SUM(x.relay IS NOT NULL),
  SUM(EXISTS (SELECT 1 FROM deliveries d WHERE d.record_id = x.id AND d.delivered_at IS NOT NULL)),
  SUM(EXISTS (SELECT 1 FROM outcomes o WHERE o.record_id = x.id AND o.outcome <> 'not_reached')),
  SUM(EXISTS (SELECT 1 FROM outcomes o WHERE o.record_id = x.id AND o.outcome = 'sale')),
  SUM(EXISTS (SELECT 1 FROM withdrawals w WHERE w.record_id = x.id)),
  SUM(EXISTS (SELECT 1 FROM outcomes o WHERE o.record_id = x.id AND o.outcome = 'do_not_call')
      OR EXISTS (SELECT 1 FROM withdrawals w WHERE w.record_id = x.id AND w.reason = 'complaint')),
  SUM(x.t IS NULL), SUM(x.t < 3000), SUM(x.t >= 3000 AND x.t < 10000),
  SUM(x.t >= 10000 AND x.t < 60000), SUM(x.t >= 60000),
  SUM(COALESCE(x.disposable, 0)), SUM(x.device_records > 1), MAX(COALESCE(x.device_records, 0)),
  SUM(EXISTS (SELECT 1 FROM record_keys k
              JOIN record_keys k2 ON k2.kind = k.kind AND k2.key = k.key
                                 AND k2.record_id <> k.record_id
              JOIN records r2 ON r2.id = k2.record_id
              WHERE k.record_id = x.id AND k.kind = 'phone'
                AND substr(r2.source, 1, instr(r2.source, '.'))
                    <> substr(x.source, 1, instr(x.source, '.')))),
  SUM(EXISTS (SELECT 1 FROM record_flags g WHERE g.record_id = x.id
                                             AND g.flag = 'device_key_burst'))
FROM x GROUP BY x.source ORDER BY x.source
)sql";

constexpr const char* kRefusalCounts = R"sql(
SELECT source, reason, SUM(count) FROM refusals
WHERE (?1 = '' OR campaign = ?1)
  AND (?2 = '' OR substr(source, 1, length(?2) + 1) = ?2 || '.')
  AND day >= ?3 AND day <= ?4
GROUP BY source, reason ORDER BY source, reason
)sql";

}  // namespace

Result<std::vector<SourceCountsRow>> SqliteStorage::SourceCounts(const SourceReportQuery& q) {
  CAPTURE_ASSIGN_OR_RETURN(Lease conn, Reader());
  CAPTURE_ASSIGN_OR_RETURN(SqliteStmt * s, conn->Stmt(kSourceCounts));
  s->Bind(1, q.campaign).Bind(2, q.partner).Bind(3, q.from_ms).Bind(4, q.to_ms);
  std::vector<SourceCountsRow> out;
  for (;;) {
    auto row = s->Step();
    if (!row.ok()) {
      s->Reset();
      return row.error();
    }
    if (!*row) break;
    SourceCountsRow r;
    r.source = s->Text(0);
    std::int64_t* columns[] = {
        &r.accepted,         &r.relayed,       &r.delivered,      &r.reached,
        &r.converted,        &r.withdrawn,     &r.complaints,     &r.time_unknown,
        &r.time_under_3s,    &r.time_3_to_10s, &r.time_10_to_60s, &r.time_over_60s,
        &r.disposable_email, &r.shared_device, &r.max_per_device, &r.phone_other_partner,
        &r.device_key_burst};
    int col = 1;
    for (std::int64_t* c : columns) *c = s->Int(col++);
    out.push_back(std::move(r));
  }
  s->Reset();
  return out;
}

Result<std::vector<RefusalRow>> SqliteStorage::RefusalCounts(const SourceReportQuery& q) {
  CAPTURE_ASSIGN_OR_RETURN(Lease conn, Reader());
  CAPTURE_ASSIGN_OR_RETURN(SqliteStmt * s, conn->Stmt(kRefusalCounts));
  s->Bind(1, q.campaign).Bind(2, q.partner).Bind(3, q.from_day).Bind(4, q.to_day);
  std::vector<RefusalRow> out;
  for (;;) {
    auto row = s->Step();
    if (!row.ok()) {
      s->Reset();
      return row.error();
    }
    if (!*row) break;
    out.push_back(RefusalRow{0, q.campaign, s->Text(0), s->Text(1), s->Int(2)});
  }
  s->Reset();
  return out;
}

}  // namespace optin::server
