// The `optin` command registry. Each command is one file that registers itself with
// OPTIN_COMMAND("group verb", "summary", "usage", Function); main.cc only dispatches.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "capture/result.h"

namespace optin {

// Exit statuses, for scripts and CI.
inline constexpr int kExitOk = 0;
inline constexpr int kExitRefused = 1;  // the input was checked and refused (or a check failed)
inline constexpr int kExitUsage = 2;    // the command line itself is wrong
inline constexpr int kExitIo = 3;       // a file or the network could not be used

// Parsed command line: positionals and --name value / --flag options.
class Args {
 public:
  Args(std::vector<std::string> positionals, std::map<std::string, std::string> options)
      : positionals_(std::move(positionals)), options_(std::move(options)) {}
  [[nodiscard]] const std::vector<std::string>& positionals() const { return positionals_; }
  [[nodiscard]] std::optional<std::string> Option(std::string_view name) const;
  [[nodiscard]] bool Flag(std::string_view name) const;
  [[nodiscard]] bool json() const { return Flag("json"); }

 private:
  std::vector<std::string> positionals_;
  std::map<std::string, std::string> options_;
};

using CommandFn = int (*)(const Args& args);

struct Command {
  std::string name;  // "manifest sign"
  std::string summary;
  std::string usage;  // options and arguments after the name
  CommandFn run;
};

struct CommandRegistration {
  CommandRegistration(const char* name, const char* summary, const char* usage, CommandFn run);
};

const std::vector<Command>& AllCommands();

// Output helpers shared by the commands.
// Prints an error to stderr: a JSON object {"error":{"code","message","field"}} with --json,
// otherwise "optin: code: message". Returns the exit status to use.
int ReportError(const Args& args, const capture::Error& error, int exit_status = kExitRefused);
int UsageError(std::string_view command, std::string_view message);
// Reads a whole file ("-" = stdin); an unreadable file is an error with a clear message.
[[nodiscard]] capture::Result<std::string> ReadInput(const std::string& path);
[[nodiscard]] capture::Status WriteOutput(const std::string& path, std::string_view data);

}  // namespace optin

#define OPTIN_COMMAND_CONCAT_(a, b) a##b
#define OPTIN_COMMAND_NAME_(line) OPTIN_COMMAND_CONCAT_(optin_command_registration_, line)
#define OPTIN_COMMAND(name, summary, usage, fn) \
  static const ::optin::CommandRegistration OPTIN_COMMAND_NAME_(__LINE__)(name, summary, usage, fn)
