// The real server application (storage, sequencer, campaigns, tokens) started once in a
// temporary folder for the server fuzzers, and the request they drive through the route table
// exactly as the HTTP layer does (auth, then the handler). A refusal must be a 4xx: any 5xx is a
// bug and aborts, which libFuzzer reports as a crash.
//
// In a body, "@ENV@" becomes a fresh envelope signed for the published example campaign and
// "@ID@" the id of the last record committed, so inputs reach past signature and clock checks.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "app.h"
#include "auth.h"
#include "capture/crypto.h"
#include "capture/record.h"
#include "routes.h"

namespace optin::fuzz {

using server::AppContext;
using server::HttpRequest;
using server::Route;

struct FuzzApp {
  AppContext* ctx = nullptr;
  std::vector<std::string> tokens;  // "" (none), then one per scope
  capture::SigningKey* device = nullptr;
  const capture::Manifest* manifest = nullptr;
  std::string last_id;
  int person = 0;
};

inline std::string FreshEnvelope(struct FuzzApp& app);

inline FuzzApp& App() {
  static FuzzApp app = [] {
    FuzzApp a;
    // In memory when /dev/shm exists: the fuzzers test parsing and rules, not fsync, and a
    // commit per valid envelope on disk would cap them at a few runs a second.
    std::string dir = std::filesystem::is_directory("/dev/shm") ? "/dev/shm/optin-fuzz-XXXXXX"
                                                                : "/tmp/optin-fuzz-XXXXXX";
    if (mkdtemp(dir.data()) == nullptr) std::abort();
    server::ServerConfig config;
    config.data_dir = dir;
    config.publish_example_campaign = true;
    config.sequencer_wait_us = 100;
    auto ctx = server::StartApp(std::move(config));
    if (!ctx.ok()) {
      std::fprintf(stderr, "fuzz app: %s\n", ctx.error().message.c_str());
      std::abort();
    }
    // Kept for the life of the process (reachable, so not a leak); at exit its threads stop and
    // its folder goes.
    a.ctx = ctx->release();
    static std::string folder = dir;
    static AppContext* live = a.ctx;
    std::atexit([] {
      server::StopApp(*live);
      std::error_code ec;
      std::filesystem::remove_all(folder, ec);
    });
    a.tokens.emplace_back();
    for (const char* scope :
         {"admin", "auditor", "customer_service", "call_centre:cc-fuzz", "partner:winactieplein"}) {
      auto token = server::CreateToken(*a.ctx->storage, scope);
      if (!token.ok()) std::abort();
      a.tokens.push_back(*token);
    }
    auto campaign = a.ctx->campaigns.Find("fietsplezier-ebike-2026", 1);
    if (!campaign.ok()) std::abort();
    a.manifest = campaign->manifest.get();
    a.device = new capture::SigningKey(*capture::SigningKey::Generate());
    // A few committed records, so ids, proofs and feeds have something to point at.
    for (const Route& r : server::Routes()) {
      if (r.method != "POST" || r.path != "/v1/consents") continue;
      for (int i = 0; i < 3; ++i) {
        HttpRequest req;
        req.content_type = "application/json";
        req.body = FreshEnvelope(a);
        if (!r.handler(*a.ctx, req).ok()) std::abort();
      }
    }
    return a;
  }();
  return app;
}

// A valid envelope for a new person, as the landing page would send it.
inline std::string FreshEnvelope(FuzzApp& app) {
  const int n = ++app.person;
  char mobile[32];
  std::snprintf(mobile, sizeof mobile, "06-2%07d", n % 10000000);
  const capture::Json submission = {
      {"fields",
       {{"given_name", "Anna"},
        {"family_name", "de Vries"},
        {"email", "fuzz." + std::to_string(n) + "@voorbeeld.nl"},
        {"postcode", "1234 AB"},
        {"date_of_birth", "01-02-1990"},
        {"ebike_use", "Woon-werkverkeer"},
        {"phone", mobile}}},
      {"consents", {{"participation", true}, {"telephone", true}, {"newsletter", false}}},
      {"source", "direct.web.home.default"},
      {"context", {{"legal_text_font_px", 16}, {"boxes_preticked", false}}}};
  auto parsed = capture::ParseSubmission(submission);
  if (!parsed.ok()) std::abort();
  capture::BuildOptions options;
  options.captured_at = server::NowMillis();
  auto envelope = capture::BuildRecord(*app.manifest, *parsed, *app.device, options);
  if (!envelope.ok()) std::abort();
  capture::Json json = capture::EnvelopeToJsonValue(*envelope);
  app.last_id = json["record"]["id"].get<std::string>();
  return json.dump();
}

inline std::string Expand(FuzzApp& app, std::string body) {
  for (std::size_t at = 0; (at = body.find("@ENV@", at)) != std::string::npos;) {
    const std::string env = FreshEnvelope(app);
    body.replace(at, 5, env);
    at += env.size();
  }
  for (std::size_t at = 0; (at = body.find("@ID@", at)) != std::string::npos;) {
    body.replace(at, 4, app.last_id);
    at += app.last_id.size();
  }
  return body;
}

// The router's captures for a route with {params}: each is the id of the last record committed
// (every POST pattern with a capture takes a record id), as a matched request would carry them.
inline void FillPathParams(FuzzApp& app, const Route& route, HttpRequest& req) {
  if (app.last_id.empty()) FreshEnvelope(app);
  for (std::size_t at = 0; (at = route.path.find('{', at)) != std::string_view::npos; ++at) {
    req.path_params.push_back(app.last_id);
  }
}

// Auth, then the handler, as HttpServer's Dispatch; aborts on a 5xx.
inline void Serve(FuzzApp& app, const Route& route, HttpRequest& req) {
  req.method = std::string(route.method);
  req.path = std::string(route.path);
  auto allowed = server::Authorize(*app.ctx->storage, route.access, req.authorization);
  if (!allowed.ok()) return;
  auto reply = route.handler(*app.ctx, req);
  const int status = reply.ok() ? reply->status : capture::Info(reply.error().code).http_status;
  if (status >= 500) {
    std::fprintf(stderr, "%s %s answered %d: %s\n", req.method.c_str(), req.path.c_str(), status,
                 reply.ok() ? reply->body.c_str() : reply.error().message.c_str());
    std::abort();
  }
}

inline std::vector<const Route*> RoutesOf(std::string_view method) {
  std::vector<const Route*> out;
  for (const Route& r : server::Routes()) {
    if (r.method == method) out.push_back(&r);
  }
  return out;
}

}  // namespace optin::fuzz
