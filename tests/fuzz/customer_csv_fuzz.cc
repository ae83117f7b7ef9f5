// Fuzzes the RFC 4180 reader of the customer import (native-server/csv.h) with properties:
// every record it reads, written back with CsvRecord, reads back to the same fields; the record
// splitter (CsvRecordEnd) moves forward and stays inside the text; a record it cuts out of a text
// whose quotes balance is itself balanced. Violations abort.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "csv.h"

namespace {

[[noreturn]] void Violation(const char* what) {
  std::fprintf(stderr, "customer_csv_fuzz: %s\n", what);
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  optin::server::CsvReader reader(text);
  std::vector<std::string> fields;
  for (std::size_t guard = 0; guard <= size + 1; ++guard) {
    auto next = reader.Next(fields);
    if (next.ok() && !*next) break;
    if (!next.ok()) continue;  // csv_invalid: reading goes on at the next line
    const std::string written = optin::server::CsvRecord(fields);
    optin::server::CsvReader again(written);
    std::vector<std::string> reread;
    auto back = again.Next(reread);
    if (!back.ok() || !*back) Violation("a written record does not read back");
    if (reread != fields) Violation("a written record reads back different fields");
    if (!optin::server::CsvQuotesBalanced(written)) Violation("a written record is unbalanced");
    if (optin::server::CsvRecordEnd(written, 0) != written.size()) {
      Violation("a written record does not end where CsvRecordEnd says");
    }
    if (guard == size + 1) Violation("the reader does not come to an end");
  }
  for (std::size_t at = 0; at < size;) {
    const std::size_t end = optin::server::CsvRecordEnd(text, at);
    if (end <= at || end > size) Violation("CsvRecordEnd does not move forward within the text");
    at = end;
  }
  return 0;
}
