#include "customer_import.h"

#include <filesystem>
#include <fstream>

#include "csv.h"
#include "server_call.h"

namespace optin::client {
namespace {

using capture::ErrorCode;
using capture::Json;
using capture::MakeError;
using capture::Result;

// A record longer than this without its closing quote is sent as it is: the server refuses it
// (csv_invalid) instead of the reader swallowing the rest of the file.
constexpr std::size_t kMaxRecordBytes = 64 * 1024;

// Reads whole CSV records (a quoted field may hold line breaks) from a stream.
class RecordReader {
 public:
  explicit RecordReader(std::istream& in) : in_(in) {}
  // The next record with its line break, or false at the end.
  bool Next(std::string& record) {
    record.clear();
    std::string line;
    while (std::getline(in_, line)) {
      record += line;
      record += '\n';
      if (server::CsvQuotesBalanced(record) || record.size() > kMaxRecordBytes) return true;
    }
    return !record.empty();
  }

 private:
  std::istream& in_;
};

std::uint64_t Count(const Json& answer, const char* name) {
  auto it = answer.find(name);
  return it != answer.end() && it->is_number_unsigned() ? it->get<std::uint64_t>() : 0;
}

}  // namespace

Result<CustomerImportReport> ImportCustomersOverHttp(const CustomerImportOptions& options) {
  std::ifstream in(options.file, std::ios::binary);
  if (!in) {
    return MakeError(ErrorCode::kStorageUnavailable, "cannot read " + options.file, options.file);
  }
  std::error_code ec;
  const std::uint64_t total = std::filesystem::file_size(options.file, ec);
  RecordReader reader(in);
  std::string header;
  if (!reader.Next(header)) {
    return MakeError(ErrorCode::kCsvHeaderInvalid, options.file + " is empty", options.file);
  }
  if (header.rfind("\xEF\xBB\xBF", 0) == 0) header.erase(0, 3);

  ServerCall call(options.server, options.token);
  CustomerImportReport report;
  std::uint64_t record = 1;  // the header
  std::uint64_t done_bytes = header.size();
  std::string record_text;
  bool more = true;
  while (more) {
    const std::uint64_t first_row = record + 1;
    std::string body = header;
    std::size_t rows = 0;
    while (rows < options.chunk_rows && body.size() < options.chunk_bytes) {
      if (!reader.Next(record_text)) {
        more = false;
        break;
      }
      ++record;
      ++rows;
      done_bytes += record_text.size();
      body += record_text;
    }
    if (rows == 0) break;
    CAPTURE_ASSIGN_OR_RETURN(
        Json answer,
        call.Post("/v1/customers?first_row=" + std::to_string(first_row), body, "text/csv"));
    ++report.chunks;
    report.rows += Count(answer, "rows");
    report.accepted += Count(answer, "accepted");
    report.refused += Count(answer, "refused");
    report.keys_added += Count(answer, "keys_added");
    if (auto e = answer.find("errors"); e != answer.end() && e->is_array()) {
      for (const auto& item : *e) report.errors.push_back(item);
    }
    if (auto c = answer.find("ignored_columns"); c != answer.end() && c->is_array()) {
      report.ignored_columns = *c;
    }
    if (options.progress) options.progress(std::min(done_bytes, total), total, report.rows);
  }
  return report;
}

}  // namespace optin::client
