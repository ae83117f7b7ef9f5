// optin migrate: copies a data folder's SQLite store into an empty PostgreSQL database (issue 8)
// and checks that both ledgers have the same size and root. Stop the server first; afterwards
// start every instance with --database set to the same URL.
#if __has_include("store_migrate.h")
#include <iostream>

#include "capture/encoding.h"
#include "capture/json.h"
#include "command.h"
#include "store_migrate.h"

namespace optin {
namespace {

int Migrate(const Args& args) {
  auto data = args.Option("data");
  auto to = args.Option("to");
  if (!data || !to)
    return UsageError("migrate", "--data DIR and --to postgresql://... are required");
  auto report = client::MigrateSqliteToPostgres(*data, args.Option("database").value_or(""), *to);
  if (!report.ok()) return ReportError(args, report.error());
  const std::string root = capture::Base64Encode(report->root);
  if (args.json()) {
    capture::Json tables = capture::Json::object();
    for (const auto& t : report->tables) tables[t.name] = t.rows;
    std::cout << capture::Json{{"tables", tables},
                               {"ledger_size", report->ledger_size},
                               {"root", root}}
                     .dump()
              << "\n";
    return kExitOk;
  }
  for (const auto& t : report->tables) std::cout << t.name << ": " << t.rows << " rows\n";
  std::cout << "ledger copied and verified: size " << report->ledger_size << ", root " << root
            << " (the same in both stores)\n";
  return kExitOk;
}

}  // namespace

OPTIN_COMMAND("migrate",
              "Copy a SQLite store into an empty PostgreSQL database and verify that both "
              "ledgers have the same size and root.",
              "--data DIR --to postgresql://... [--database sqlite:PATH] [--json]", Migrate);

}  // namespace optin
#endif
