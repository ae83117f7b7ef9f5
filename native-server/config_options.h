// The one table of the server's settings: every command-line flag and every DATA/config.json key
// with its default and meaning. The parsers accept only what is listed here, and
// `optin-server --help-config --format markdown` prints it as docs/config-reference.md (a test
// keeps the two equal), so the reference cannot drift from the code.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace optin::server {

enum class ConfigSource { kFlag, kFile };

struct ConfigOption {
  ConfigSource source;
  std::string_view key;            // "--data" or "log_origin"
  std::string_view value;          // what it takes: "DIR", "integer > 0", "" for a plain flag
  std::string_view default_value;  // as written in config.json (JSON) or on the command line
  std::string_view description;    // what it does, and when to change it
};

[[nodiscard]] const std::vector<ConfigOption>& ConfigOptions();

// The row for `key` of that source, or nullptr.
[[nodiscard]] const ConfigOption* FindConfigOption(ConfigSource source, std::string_view key);

// format "markdown" (docs/config-reference.md) or "text"; "" for an unknown format.
[[nodiscard]] std::string ConfigReference(std::string_view format);

}  // namespace optin::server
