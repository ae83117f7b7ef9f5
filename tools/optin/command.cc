#include "command.h"

#include <cstdio>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

#include "capture/json.h"

namespace optin {

namespace {
std::vector<Command>& Registry() {
  static std::vector<Command> commands;
  return commands;
}
}  // namespace

CommandRegistration::CommandRegistration(const char* name, const char* summary, const char* usage,
                                         CommandFn run) {
  Registry().push_back(Command{name, summary, usage, run});
}

const std::vector<Command>& AllCommands() { return Registry(); }

std::optional<std::string> Args::Option(std::string_view name) const {
  auto it = options_.find(std::string(name));
  if (it == options_.end()) return std::nullopt;
  return it->second;
}

bool Args::Flag(std::string_view name) const { return options_.count(std::string(name)) > 0; }

int ReportError(const Args& args, const capture::Error& error, int exit_status) {
  if (args.json()) {
    capture::Json out = {{"error",
                          {{"code", std::string(error.wire())},
                           {"message", error.message},
                           {"field", error.field}}}};
    std::cerr << out.dump() << "\n";
  } else {
    std::cerr << "optin: " << error.wire() << ": " << error.message;
    if (!error.field.empty()) std::cerr << " (" << error.field << ")";
    std::cerr << "\n";
  }
  return exit_status;
}

int UsageError(std::string_view command, std::string_view message) {
  std::cerr << "optin " << command << ": " << message << "\n"
            << "Run 'optin help' for the commands and their options.\n";
  return kExitUsage;
}

capture::Result<std::string> ReadInput(const std::string& path) {
  std::ostringstream data;
  if (path == "-") {
    data << std::cin.rdbuf();
    return data.str();
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return capture::MakeError(capture::ErrorCode::kJsonInvalid, "cannot read file " + path, path);
  }
  data << in.rdbuf();
  return data.str();
}

capture::Status WriteOutput(const std::string& path, std::string_view data) {
  if (path == "-") {
    std::cout << data;
    std::cout.flush();
    return capture::OkStatus();
  }
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << data;
  if (!out) {
    return capture::MakeError(capture::ErrorCode::kJsonInvalid, "cannot write file " + path, path);
  }
  return capture::OkStatus();
}

}  // namespace optin
