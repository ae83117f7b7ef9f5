// RFC 4180 CSV, read and written the same way by the server (customer list import) and the CLI
// (chunked upload, lead export). Fields are separated by commas; records end with CRLF (LF alone
// is accepted on input); a field that holds a comma, a quote or a line break is quoted, with
// inner quotes doubled. A UTF-8 byte-order mark before the first record is skipped (spreadsheet
// exports add one).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "capture/result.h"

namespace optin::server {

class CsvReader {
 public:
  explicit CsvReader(std::string_view text);

  // Reads the next record into `fields`. False at the end of the text. A malformed record (a quote
  // inside an unquoted field, text after a closing quote, a quoted field left open) is csv_invalid
  // with the fields read so far discarded; reading goes on at the next line, except after an open
  // quote, which swallows the rest of the text.
  [[nodiscard]] capture::Result<bool> Next(std::vector<std::string>& fields);

  // 1-based number of the record Next read last (the header is record 1).
  [[nodiscard]] std::size_t record() const { return record_; }

 private:
  void SkipLine();
  std::string_view text_;
  std::size_t pos_ = 0;
  std::size_t record_ = 0;
};

// Where the record that starts at `from` ends: just past its line break outside quotes, or
// text.size() when the text ends first. Lets a reader split a file into whole records.
[[nodiscard]] std::size_t CsvRecordEnd(std::string_view text, std::size_t from);

// True when `record` (one or more lines) has an even number of quotes: a whole record.
[[nodiscard]] bool CsvQuotesBalanced(std::string_view record);

// One field, always quoted ("a ""b""" for a "b"), so every reader parses it the same way.
[[nodiscard]] std::string CsvField(std::string_view value);
// A whole record: quoted fields joined by commas, ended by CRLF.
[[nodiscard]] std::string CsvRecord(const std::vector<std::string>& fields);

}  // namespace optin::server
