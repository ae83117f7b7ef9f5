// The configuration reference: docs/config-reference.md is exactly what
// `optin-server --help-config --format markdown` prints, and the option table agrees with the
// parsers (every listed flag parses, every config.json key is written with the listed default,
// nothing unlisted is accepted).
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

#include "capture/json.h"
#include "config_options.h"
#include "server_config.h"
#include "server_harness.h"

namespace optin::server {
namespace {

std::string RunCommand(const std::string& command) {
  std::string out;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return out;
  char buffer[4096];
  std::size_t n = 0;
  while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) out.append(buffer, n);
  pclose(pipe);
  return out;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(ConfigReference, DocIsWhatTheServerPrints) {
  const std::string printed =
      RunCommand(std::string(OPTIN_SERVER_BIN) + " --help-config --format markdown");
  ASSERT_FALSE(printed.empty());
  EXPECT_EQ(ReadFile(CAPTURE_SOURCE_DIR "/docs/config-reference.md"), printed)
      << "regenerate: optin-server --help-config --format markdown > docs/config-reference.md";
  EXPECT_EQ(printed, ConfigReference("markdown"));
}

TEST(ConfigReference, EveryFlagInTheTableParses) {
  for (const auto& o : ConfigOptions()) {
    if (o.source != ConfigSource::kFlag || o.key == "--data" || o.key == "--help-config") continue;
    std::vector<std::string> args = {"--data", "/tmp/x", std::string(o.key)};
    if (o.value[0] != '(') args.push_back(o.key == "--listen" ? "127.0.0.1:9" : "sqlite:x");
    EXPECT_TRUE(ParseCommandLine(args).ok()) << o.key;
  }
  EXPECT_FALSE(ParseCommandLine({"--data", "/tmp/x", "--no-such-flag"}).ok());
  // The listed default of --listen is the parser's.
  auto defaults = ParseCommandLine({"--data", "/tmp/x"});
  ASSERT_TRUE(defaults.ok());
  EXPECT_EQ(FindConfigOption(ConfigSource::kFlag, "--listen")->default_value,
            defaults->host + ":" + std::to_string(defaults->port));
}

TEST(ConfigReference, ConfigFileHoldsExactlyTheTableWithItsDefaults) {
  testing::TempDir dir;
  auto config = ParseCommandLine({"--data", (dir.path() / "data").string()});
  ASSERT_TRUE(config.ok());
  ASSERT_TRUE(LoadConfigFile(*config).ok());
  auto written = capture::ParseJson(ReadFile((dir.path() / "data" / "config.json").string()));
  ASSERT_TRUE(written.ok());
  std::size_t listed = 0;
  for (const auto& o : ConfigOptions()) {
    if (o.source != ConfigSource::kFile) continue;
    ++listed;
    const std::string key(o.key);
    ASSERT_TRUE(written->contains(key)) << key << " is listed but not written";
    std::string want(o.default_value);
    if (auto at = want.find("<source>"); at != std::string::npos) {
      want.replace(at, 8, CAPTURE_SOURCE_DIR);
    }
    auto parsed = capture::ParseJson(want);
    ASSERT_TRUE(parsed.ok()) << key << ": default is not JSON: " << want;
    EXPECT_EQ((*written)[key], *parsed) << key;
  }
  EXPECT_EQ(written->size(), listed) << "config.json holds a key the table does not list";
}

TEST(ConfigReference, UnknownConfigKeyIsRefused) {
  testing::TempDir dir;
  std::filesystem::create_directories(dir.path() / "data");
  std::ofstream(dir.path() / "data" / "config.json") << R"({"threads": 4, "thread": 8})";
  auto config = ParseCommandLine({"--data", (dir.path() / "data").string()});
  ASSERT_TRUE(config.ok());
  auto status = LoadConfigFile(*config);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().wire(), "json_unknown_member");
}

}  // namespace
}  // namespace optin::server
