#include "server_config.h"

#include <filesystem>

#include "capture/json.h"
#include "config_options.h"
#include "key_store.h"

#ifndef OPTIN_SOURCE_DIR
#define OPTIN_SOURCE_DIR "."
#endif

namespace optin::server {
namespace {

using capture::ErrorCode;
using capture::Json;
using capture::MakeError;

capture::Error Usage(std::string message) {
  return MakeError(ErrorCode::kRequestInvalid, std::move(message));
}

Json CoreDefaults(const ServerConfig& c) {
  return Json{{"log_origin", c.log_origin},
              {"threads", c.threads},
              {"max_body_bytes", c.max_body_bytes},
              {"max_batch_records", c.max_batch_records},
              {"max_outstanding", c.max_outstanding},
              {"sequencer_max_batch", c.sequencer_max_batch},
              {"sequencer_wait_us", c.sequencer_wait_us},
              {"max_future_skew_ms", c.max_future_skew_ms},
              {"withdrawal_ack_limit_ms", c.withdrawal_ack_limit_ms},
              {"keep_alive_max_count", c.keep_alive_max_count},
              {"entries_page_max", c.entries_page_max},
              {"partner_registration_required", c.partner_registration_required},
              {"publish_example_campaign", c.publish_example_campaign},
              {"example_campaign", c.example_campaign},
              {"advertiser_keys", Json::object()}};
}

Json AllDefaults(const ServerConfig& c) {
  Json j = CoreDefaults(c);
  WriteAbuseLimits(c.abuse, j);         // issue 9
  j.update(DeliveryConfigDefaults(c));  // issue 5
  return j;
}

// Out of line: GCC 12 reports a false -Warray-bounds when this is inlined into the template.
[[gnu::noinline]] capture::Error NotPositive(const std::string& key) {
  return MakeError(ErrorCode::kJsonWrongType, key + " must be a positive integer", key);
}

template <class T>
capture::Status ReadPositive(const Json& j, const std::string& key, T& out) {
  auto it = j.find(key);
  if (it == j.end()) return capture::OkStatus();
  if (!it->is_number_integer() || it->get<std::int64_t>() <= 0) return NotPositive(key);
  out = static_cast<T>(it->get<std::int64_t>());
  return capture::OkStatus();
}

}  // namespace

capture::Result<ServerConfig> ParseCommandLine(const std::vector<std::string>& args) {
  ServerConfig c;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    // Only what the option table documents exists (config_options.cc).
    if (FindConfigOption(ConfigSource::kFlag, a) == nullptr) {
      return Usage("unknown argument '" + a + "'");
    }
    auto value = [&](std::string& out) -> capture::Status {
      if (i + 1 >= args.size()) return Usage(a + " needs a value");
      out = args[++i];
      return capture::OkStatus();
    };
    std::string listen;
    if (a == "--data") {
      CAPTURE_RETURN_IF_ERROR(value(c.data_dir));
    } else if (a == "--listen") {
      CAPTURE_RETURN_IF_ERROR(value(listen));
      const auto colon = listen.rfind(':');
      if (colon == std::string::npos) return Usage("--listen expects HOST:PORT");
      c.host = listen.substr(0, colon);
      const std::string port = listen.substr(colon + 1);
      if (port.empty() || port.size() > 5 ||
          port.find_first_not_of("0123456789") != std::string::npos || std::stoi(port) > 65535) {
        return Usage("--listen: bad port '" + port + "'");
      }
      c.port = std::stoi(port);
    } else if (a == "--web-root") {
      CAPTURE_RETURN_IF_ERROR(value(c.web_root));
    } else if (a == "--wasm-root") {
      CAPTURE_RETURN_IF_ERROR(value(c.wasm_root));
    } else if (a == "--database") {
      CAPTURE_RETURN_IF_ERROR(value(c.database));
    } else if (a == "--dev") {
      c.dev = true;
    } else {
      return Usage("unknown argument '" + a + "'");
    }
  }
  if (c.data_dir.empty()) return Usage("--data DIR is required");
  return c;
}

capture::Status LoadConfigFile(ServerConfig& c) {
  std::error_code ec;
  std::filesystem::create_directories(c.data_dir + "/keys", ec);
  if (ec) return MakeError(ErrorCode::kStorageUnavailable, "cannot create " + c.data_dir);
  c.example_campaign = OPTIN_SOURCE_DIR "/tests/vectors/manifests/example-campaign.json";
  const std::string path = c.data_dir + "/config.json";
  if (!std::filesystem::exists(path, ec)) {
    CAPTURE_RETURN_IF_ERROR(WritePrivateFile(path, AllDefaults(c).dump(2) + "\n"));
  }
  CAPTURE_ASSIGN_OR_RETURN(std::string text, ReadWholeFile(path));
  CAPTURE_ASSIGN_OR_RETURN(Json j, capture::ParseJson(text));
  if (!j.is_object()) return MakeError(ErrorCode::kJsonWrongType, "config.json must be an object");
  for (const auto& [key, value] : j.items()) {
    // Only what the option table documents exists (config_options.cc).
    if (FindConfigOption(ConfigSource::kFile, key) == nullptr) {
      return MakeError(ErrorCode::kJsonUnknownMember,
                       "config.json: unknown key '" + key + "' (see docs/config-reference.md)",
                       key);
    }
  }
  if (j.contains("log_origin")) {
    CAPTURE_ASSIGN_OR_RETURN(c.log_origin, capture::GetString(j, "log_origin"));
  }
  if (j.contains("example_campaign")) {
    CAPTURE_ASSIGN_OR_RETURN(c.example_campaign, capture::GetString(j, "example_campaign"));
  }
  if (j.contains("partner_registration_required")) {
    CAPTURE_ASSIGN_OR_RETURN(c.partner_registration_required,
                             capture::GetBool(j, "partner_registration_required"));
  }
  if (j.contains("publish_example_campaign")) {
    CAPTURE_ASSIGN_OR_RETURN(c.publish_example_campaign,
                             capture::GetBool(j, "publish_example_campaign"));
  }
  CAPTURE_RETURN_IF_ERROR(ReadPositive(j, "threads", c.threads));
  CAPTURE_RETURN_IF_ERROR(ReadPositive(j, "max_body_bytes", c.max_body_bytes));
  CAPTURE_RETURN_IF_ERROR(ReadPositive(j, "max_batch_records", c.max_batch_records));
  CAPTURE_RETURN_IF_ERROR(ReadPositive(j, "max_outstanding", c.max_outstanding));
  CAPTURE_RETURN_IF_ERROR(ReadPositive(j, "sequencer_max_batch", c.sequencer_max_batch));
  CAPTURE_RETURN_IF_ERROR(ReadPositive(j, "sequencer_wait_us", c.sequencer_wait_us));
  CAPTURE_RETURN_IF_ERROR(ReadPositive(j, "max_future_skew_ms", c.max_future_skew_ms));
  CAPTURE_RETURN_IF_ERROR(ReadPositive(j, "withdrawal_ack_limit_ms", c.withdrawal_ack_limit_ms));
  CAPTURE_RETURN_IF_ERROR(ReadPositive(j, "keep_alive_max_count", c.keep_alive_max_count));
  CAPTURE_RETURN_IF_ERROR(ReadPositive(j, "entries_page_max", c.entries_page_max));
  if (auto it = j.find("advertiser_keys"); it != j.end()) {
    if (!it->is_object()) {
      return MakeError(ErrorCode::kJsonWrongType, "advertiser_keys must be an object",
                       "advertiser_keys");
    }
    for (const auto& [id, key] : it->items()) {
      if (!key.is_string()) {
        return MakeError(ErrorCode::kJsonWrongType, "advertiser key must be base64 text",
                         "advertiser_keys." + id);
      }
      c.advertiser_keys[id] = key.get<std::string>();
    }
  }
  CAPTURE_RETURN_IF_ERROR(ReadAbuseLimits(j, c.abuse));
  CAPTURE_RETURN_IF_ERROR(LoadDeliveryConfig(j, c));
  if (c.dev) c.publish_example_campaign = true;
  return capture::OkStatus();
}

}  // namespace optin::server
