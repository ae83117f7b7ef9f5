#include "abuse_limits.h"

namespace optin::server {
namespace {

using capture::ErrorCode;
using capture::Json;
using capture::MakeError;

capture::Status ReadCount(const Json& j, const char* key, std::int64_t& out) {
  auto it = j.find(key);
  if (it == j.end()) return capture::OkStatus();
  if (!it->is_number_integer() || it->get<std::int64_t>() <= 0) {
    return MakeError(ErrorCode::kJsonWrongType, std::string(key) + " must be a positive integer",
                     key);
  }
  out = it->get<std::int64_t>();
  return capture::OkStatus();
}

capture::Status ReadRate(const Json& j, const char* key, double& out) {
  auto it = j.find(key);
  if (it == j.end()) return capture::OkStatus();
  if (!it->is_number() || !(it->get<double>() > 0)) {
    return MakeError(ErrorCode::kJsonWrongType, std::string(key) + " must be a positive number",
                     key);
  }
  out = it->get<double>();
  return capture::OkStatus();
}

}  // namespace

capture::Status ReadAbuseLimits(const Json& j, AbuseLimits& l) {
  CAPTURE_RETURN_IF_ERROR(ReadCount(j, "header_timeout_ms", l.header_timeout_ms));
  CAPTURE_RETURN_IF_ERROR(ReadCount(j, "body_timeout_ms", l.body_timeout_ms));
  CAPTURE_RETURN_IF_ERROR(ReadCount(j, "max_header_bytes", l.max_header_bytes));
  CAPTURE_RETURN_IF_ERROR(
      ReadCount(j, "max_connections_per_address", l.max_connections_per_address));
  CAPTURE_RETURN_IF_ERROR(ReadRate(j, "rate_limit_address_per_second", l.address_rate_per_second));
  CAPTURE_RETURN_IF_ERROR(ReadCount(j, "rate_limit_address_burst", l.address_rate_burst));
  CAPTURE_RETURN_IF_ERROR(ReadRate(j, "rate_limit_partner_per_second", l.partner_rate_per_second));
  CAPTURE_RETURN_IF_ERROR(ReadCount(j, "rate_limit_partner_burst", l.partner_rate_burst));
  CAPTURE_RETURN_IF_ERROR(ReadCount(j, "auth_failures_max", l.auth_failures_max));
  CAPTURE_RETURN_IF_ERROR(ReadCount(j, "auth_failure_window_ms", l.auth_failure_window_ms));
  CAPTURE_RETURN_IF_ERROR(ReadCount(j, "auth_lockout_ms", l.auth_lockout_ms));
  CAPTURE_RETURN_IF_ERROR(
      ReadCount(j, "device_key_records_per_minute", l.device_key_records_per_minute));
  if (auto it = j.find("unlimited_addresses"); it != j.end()) {
    if (!it->is_array()) {
      return MakeError(ErrorCode::kJsonWrongType, "unlimited_addresses must be an array",
                       "unlimited_addresses");
    }
    l.unlimited_addresses.clear();
    for (const auto& a : *it) {
      if (!a.is_string()) {
        return MakeError(ErrorCode::kJsonWrongType, "unlimited_addresses holds addresses as text",
                         "unlimited_addresses");
      }
      l.unlimited_addresses.push_back(a.get<std::string>());
    }
  }
  if (j.contains("client_address_header")) {
    CAPTURE_ASSIGN_OR_RETURN(l.client_address_header,
                             capture::GetString(j, "client_address_header"));
  }
  return capture::OkStatus();
}

void WriteAbuseLimits(const AbuseLimits& l, Json& j) {
  j["header_timeout_ms"] = l.header_timeout_ms;
  j["body_timeout_ms"] = l.body_timeout_ms;
  j["max_header_bytes"] = l.max_header_bytes;
  j["max_connections_per_address"] = l.max_connections_per_address;
  j["rate_limit_address_per_second"] = l.address_rate_per_second;
  j["rate_limit_address_burst"] = l.address_rate_burst;
  j["rate_limit_partner_per_second"] = l.partner_rate_per_second;
  j["rate_limit_partner_burst"] = l.partner_rate_burst;
  j["auth_failures_max"] = l.auth_failures_max;
  j["auth_failure_window_ms"] = l.auth_failure_window_ms;
  j["auth_lockout_ms"] = l.auth_lockout_ms;
  j["unlimited_addresses"] = l.unlimited_addresses;
  j["client_address_header"] = l.client_address_header;
  j["device_key_records_per_minute"] = l.device_key_records_per_minute;
}

}  // namespace optin::server
