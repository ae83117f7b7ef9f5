// The PostgreSQL schema (issue 8): the twin of every SQLite migration (sqlite_schema.cc), numbered
// the same, recorded in schema_version, applied at start under an advisory lock so several
// instances starting together do not race.
#pragma once

#include "capture/result.h"
#include "pg_db.h"

namespace optin::server {

// Applies every migration above the recorded version, each in its own transaction.
[[nodiscard]] capture::Status MigratePostgres(PgConn& conn);
[[nodiscard]] capture::Result<int> PostgresSchemaVersion(PgConn& conn);

}  // namespace optin::server
