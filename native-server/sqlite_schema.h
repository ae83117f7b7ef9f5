// The SQLite schema as numbered migrations, applied in order at start and recorded in
// schema_version, so a data folder from an older server is upgraded in place.
#pragma once

#include "capture/result.h"
#include "sqlite_db.h"

namespace optin::server {

inline constexpr int kSqliteSchemaVersion = 11;

// Applies every migration above the recorded version, each in its own transaction.
[[nodiscard]] capture::Status MigrateSqlite(SqliteDb& db);
[[nodiscard]] capture::Result<int> SqliteSchemaVersion(SqliteDb& db);

}  // namespace optin::server
