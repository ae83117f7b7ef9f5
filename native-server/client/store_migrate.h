// `optin migrate` (issue 8): copies a SQLite store into an empty PostgreSQL database, every table
// row for row, then proves the copy: both ledgers must have the same size and the same root.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "capture/ledger.h"
#include "capture/result.h"

namespace optin::client {

struct MigrateReport {
  struct Table {
    std::string name;
    std::int64_t rows = 0;
  };
  std::vector<Table> tables;  // in copy order
  std::uint64_t ledger_size = 0;
  capture::Hash root{};  // the same in both stores
};

// Refuses a target that already holds data (any row in any table the copy writes). The copy is
// one PostgreSQL transaction: it lands whole or not at all.
[[nodiscard]] capture::Result<MigrateReport> MigrateSqliteToPostgres(const std::string& data_dir,
                                                                     const std::string& sqlite_url,
                                                                     const std::string& pg_url);

}  // namespace optin::client
