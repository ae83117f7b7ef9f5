// `optin customers import`: uploads a customer list (RFC 4180 CSV with a header naming
// customer_id and phone and/or email) to POST /v1/customers in chunks of whole records, each with
// the header and ?first_row= so the server's row numbers are those of the whole file. The file
// is read as it is sent, never held whole. A chunk the server refused stops the import; the
// chunks before it are committed, and importing again adds nothing twice.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "capture/json.h"
#include "capture/result.h"

namespace optin::client {

struct CustomerImportOptions {
  std::string server;  // http://host:port
  std::string token;   // admin
  std::string file;
  std::size_t chunk_rows = 5000;
  std::size_t chunk_bytes = 1 << 20;  // stays below the server's max_body_bytes (4 MB default)
  std::function<void(std::uint64_t bytes_done, std::uint64_t bytes_total, std::uint64_t rows)>
      progress;
};

struct CustomerImportReport {
  std::uint64_t rows = 0;  // data rows sent (blank lines not counted)
  std::uint64_t accepted = 0;
  std::uint64_t refused = 0;
  std::uint64_t keys_added = 0;  // match keys new to the server
  std::uint64_t chunks = 0;
  capture::Json errors = capture::Json::array();  // {row, code, message, field?}, as listed
  capture::Json ignored_columns = capture::Json::array();
};

[[nodiscard]] capture::Result<CustomerImportReport> ImportCustomersOverHttp(
    const CustomerImportOptions& options);

}  // namespace optin::client
