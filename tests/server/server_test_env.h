// One server per test binary (started on first use, stopped at exit), with the example campaign
// published by --dev, and the helpers most server tests share.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "envelope_maker.h"
#include "server_harness.h"

namespace optin::testing {

struct SharedServer {
  TempDir dir;
  std::unique_ptr<ServerProcess> server;
  std::unique_ptr<EnvelopeMaker> maker;
  std::string admin;
  std::string auditor;
};

// Starts the shared server the first time; fails the test when it cannot start.
inline SharedServer& Shared() {
  // Destroyed at exit, which stops the server (the child also dies with the test process).
  static std::unique_ptr<SharedServer> shared = [] {
    auto s = std::make_unique<SharedServer>();
    s->server = std::make_unique<ServerProcess>(
        s->dir.path() / "data",
        capture::Json{{"max_body_bytes", 262144}, {"max_batch_records", 100}});
    if (!s->server->Start()) {
      ADD_FAILURE() << "server did not start: " << s->server->Log();
      return s;
    }
    auto client = s->server->Client();
    auto maker = EnvelopeMaker::FromServer(*client, kExampleCampaign);
    if (!maker.ok()) {
      ADD_FAILURE() << maker.error().message;
      return s;
    }
    s->maker = std::make_unique<EnvelopeMaker>(std::move(*maker));
    s->admin = s->server->Token("admin");
    s->auditor = s->server->Token("auditor");
    return s;
  }();
  return *shared;
}

inline httplib::Headers Bearer(const std::string& token) {
  return {{"Authorization", "Bearer " + token}};
}

// A counter so every envelope of a test binary is a different person.
inline int NextPerson() {
  static int n = 1000;
  return ++n;
}

}  // namespace optin::testing
