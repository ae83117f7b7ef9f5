// optin: the command line. Commands register themselves (command.h); this file parses the
// command line and dispatches to the longest matching command name.
#include <cstdio>
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include "capture/crypto.h"
#include "command.h"

namespace {

int PrintHelp() {
  std::cout << "optin: consent capture, proofs and QA for optin-capture\n\nCommands:\n";
  for (const auto& command : optin::AllCommands()) {
    std::cout << "  optin " << command.name << " " << command.usage << "\n      " << command.summary
              << "\n";
  }
  std::cout << "\nCommon options: --json (machine-readable errors on stderr).\n"
               "Exit status: 0 ok, 1 refused or check failed, 2 usage error, 3 I/O error.\n";
  return optin::kExitOk;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> words(argv + 1, argv + argc);
  if (words.empty() || words[0] == "help" || words[0] == "--help" || words[0] == "-h") {
    return PrintHelp();
  }
  if (!capture::InitCrypto().ok()) {
    std::fputs("optin: libsodium failed to start\n", stderr);
    return optin::kExitIo;
  }
  // Longest command name that prefixes the words ("manifest sign" before "manifest").
  const optin::Command* match = nullptr;
  std::size_t match_words = 0;
  for (const auto& command : optin::AllCommands()) {
    std::vector<std::string> parts;
    std::string part;
    for (char c : command.name + " ") {
      if (c == ' ') {
        if (!part.empty()) parts.push_back(part);
        part.clear();
      } else {
        part += c;
      }
    }
    if (parts.size() > words.size() || parts.size() <= match_words) continue;
    bool same = true;
    for (std::size_t i = 0; i < parts.size(); ++i) same = same && parts[i] == words[i];
    if (same) {
      match = &command;
      match_words = parts.size();
    }
  }
  if (match == nullptr) {
    std::cerr << "optin: unknown command '" << words[0] << "'. Run 'optin help'.\n";
    return optin::kExitUsage;
  }
  std::vector<std::string> positionals;
  std::map<std::string, std::string> options;
  for (std::size_t i = match_words; i < words.size(); ++i) {
    const std::string& w = words[i];
    if (w == "--") {  // everything after is positional (values that start with "--")
      positionals.insert(positionals.end(), words.begin() + static_cast<long>(i) + 1, words.end());
      break;
    }
    if (w.size() > 2 && w.rfind("--", 0) == 0) {
      const auto eq = w.find('=');
      if (eq != std::string::npos) {
        options[w.substr(2, eq - 2)] = w.substr(eq + 1);
      } else if (i + 1 < words.size() && words[i + 1].rfind("--", 0) != 0) {
        // "--name value" unless the option is a known flag (flags never take values).
        static const char* kFlags[] = {"json",        "help",   "quiet",   "progress",
                                       "no-progress", "pretty", "strict",  "required",
                                       "no-clock",    "dev",    "browser", "ack"};
        bool is_flag = false;
        for (const char* f : kFlags) is_flag = is_flag || w.substr(2) == f;
        if (is_flag) {
          options[w.substr(2)] = "";
        } else {
          options[w.substr(2)] = words[++i];
        }
      } else {
        options[w.substr(2)] = "";
      }
    } else {
      positionals.push_back(w);
    }
  }
  if (options.count("help")) {
    std::cout << "usage: optin " << match->name << " " << match->usage << "\n"
              << match->summary << "\n";
    return optin::kExitOk;
  }
  return match->run(optin::Args(std::move(positionals), std::move(options)));
}
