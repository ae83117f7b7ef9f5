#include "http_server.h"

#include <httplib.h>

#include <chrono>
#include <filesystem>
#include <regex>
#include <system_error>

#include "auth.h"
#include "guarded_server.h"
#include "request_guards.h"
#include "request_screen.h"
#include "routes.h"

namespace optin::server {
namespace {

// The configured WASM package folder, else the build's own (bin/../wasm) when it holds the module.
std::string WasmRoot(const ServerConfig& config) {
  if (!config.wasm_root.empty()) return config.wasm_root;
  std::error_code ec;
  const auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec) return {};
  const auto dir = exe.parent_path().parent_path() / "wasm";
  return std::filesystem::exists(dir / "optin-capture.wasm", ec) ? dir.string() : std::string();
}

using capture::ErrorCode;
using capture::MakeError;

HttpRequest Convert(const httplib::Request& req) {
  HttpRequest out;
  out.method = req.method;
  out.path = req.path;
  out.body = req.body;
  out.content_type = req.get_header_value("Content-Type");
  out.authorization = req.get_header_value("Authorization");
  for (std::size_t i = 1; i < req.matches.size(); ++i) out.path_params.push_back(req.matches[i]);
  for (const auto& [k, v] : req.params) out.query.emplace(k, v);
  return out;
}

void Write(const HttpReply& reply, httplib::Response& res) {
  res.status = reply.status;
  for (const auto& [k, v] : reply.headers) res.set_header(k.c_str(), v);
  res.set_content(reply.body, reply.content_type.c_str());
}

// The limits run on a steady clock: a jump of the wall clock neither refills nor drains them.
std::int64_t SteadyMillis() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

std::string ClientOf(const AppContext& ctx, const httplib::Request& req) {
  const auto& limits = ctx.config.abuse;
  return ClientAddress(req.remote_addr,
                       limits.client_address_header.empty()
                           ? std::string()
                           : req.get_header_value(limits.client_address_header.c_str()),
                       limits);
}

// Routes a partner token may use are counted against the partner's bucket as well.
std::optional<HttpReply> PartnerLimit(AppContext& ctx, RequestGuards& guards, const Route& route,
                                      const HttpRequest& request) {
  if (route.access != Access::kPartner && route.access != Access::kReports) return std::nullopt;
  auto scope = TokenScope(*ctx.storage, request.authorization);
  if (!scope.ok() || scope->rfind("partner:", 0) != 0) return std::nullopt;
  return guards.AdmitPartner(scope->substr(8), SteadyMillis());
}

void Dispatch(AppContext& ctx, RequestGuards& guards, const Route& route,
              const httplib::Request& req, httplib::Response& res) {
  GuardedConnection* conn = GuardedConnection::Current();
  if (conn != nullptr) conn->Handling();
  const HttpRequest request = Convert(req);
  capture::Status allowed = Authorize(*ctx.storage, route.access, request.authorization);
  if (!allowed.ok()) {
    if (allowed.error().code == ErrorCode::kUnauthorized && BearerToken(request.authorization)) {
      guards.TokenRefused(ClientOf(ctx, req), SteadyMillis());
    }
    Write(ErrorReply(allowed.error()), res);
  } else if (auto limited = PartnerLimit(ctx, guards, route, request)) {
    Write(*limited, res);
  } else {
    capture::Result<HttpReply> reply = route.handler(ctx, request);
    Write(reply.ok() ? *reply : ErrorReply(reply.error()), res);
  }
  if (conn != nullptr) conn->Responding();
  ctx.metrics.CountRequest(route.path, route.method, res.status);
}

std::optional<std::string_view> HeaderOf(const httplib::Request& req, const char* name) {
  auto it = req.headers.find(name);
  if (it == req.headers.end()) return std::nullopt;
  return std::string_view(it->second);
}

// Before the body is read: the head's own rules, then the address's lockout and bucket. A
// refusal closes the connection, since the body it announced is never read.
std::optional<HttpReply> ScreenRequest(AppContext& ctx, RequestGuards& guards,
                                       const httplib::Request& req) {
  capture::Status head =
      ScreenRequestHead(req.method, HeaderOf(req, "Content-Length"),
                        HeaderOf(req, "Transfer-Encoding"), ctx.config.max_body_bytes);
  if (!head.ok()) return ErrorReply(head.error());
  return guards.AdmitAddress(ClientOf(ctx, req), req.has_header("Authorization"), SteadyMillis());
}

// A path some route serves under another method gives 405, anything else 404.
capture::Error NotRouted(const httplib::Request& req) {
  for (const Route& r : Routes()) {
    if (std::regex_match(req.path, std::regex(std::string(r.pattern)))) {
      return MakeError(ErrorCode::kMethodNotAllowed, req.method + " is not allowed on " + req.path);
    }
  }
  return MakeError(ErrorCode::kNotFound, "no such endpoint: " + req.path);
}

capture::Error LibraryError(const httplib::Request& req, int status) {
  // A 400 of the library's own is often a read that failed on our connection's limits.
  if (const GuardedConnection* conn = GuardedConnection::Current(); conn && status == 400) {
    if (conn->timed_out()) return MakeError(ErrorCode::kRequestTimeout);
    if (conn->head_too_large()) return MakeError(ErrorCode::kHeadersTooLarge);
  }
  switch (status) {
    case 404:
    case 405:
      return NotRouted(req);
    case 413:
      return MakeError(ErrorCode::kPayloadTooLarge);
    case 500:
      return MakeError(ErrorCode::kInternal);
    default:
      return MakeError(ErrorCode::kRequestInvalid, "malformed HTTP request");
  }
}

}  // namespace

HttpServer::HttpServer(AppContext& ctx)
    : ctx_(ctx),
      guards_(std::make_unique<RequestGuards>(ctx.config.abuse)),
      server_(std::make_unique<GuardedServer>(
          ctx.config.abuse, [this](const std::string& a) { return guards_->Unlimited(a); })) {
  auto& s = *server_;
  // Debian's libcpp-httplib is compiled: its defaults (Nagle on, 5 requests per connection, 8
  // threads) cap it at a few hundred requests per second. The setters fix that (TOOLCHAIN.md).
  s.set_tcp_nodelay(true);
  s.set_keep_alive_max_count(static_cast<std::size_t>(ctx.config.keep_alive_max_count));
  s.set_payload_max_length(ctx.config.max_body_bytes);
  const int threads = ctx.config.threads;
  s.new_task_queue = [threads] {
    return new httplib::ThreadPool(static_cast<std::size_t>(threads));
  };

  s.set_pre_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
    GuardedConnection* conn = GuardedConnection::Current();
    if (conn != nullptr) conn->HeadRead();
    const std::string origin = req.get_header_value("Origin");
    const bool allowed = !origin.empty() && ctx_.campaigns.OriginAllowed(origin);
    if (allowed) {
      res.set_header("Access-Control-Allow-Origin", origin);
      res.set_header("Vary", "Origin");
    }
    if (auto refused = ScreenRequest(ctx_, *guards_, req)) {
      Write(*refused, res);
      res.set_header("Connection", "close");
      ctx_.metrics.CountRequest("refused", req.method, res.status);
      if (conn != nullptr) conn->CloseAfterResponse();
      return httplib::Server::HandlerResponse::Handled;
    }
    if (req.method != "OPTIONS") return httplib::Server::HandlerResponse::Unhandled;
    if (!allowed) {
      Write(ErrorReply(MakeError(ErrorCode::kForbidden, "origin not named by any campaign")), res);
    } else {
      res.status = 204;
      res.set_header("Access-Control-Allow-Methods", "GET, POST");
      res.set_header("Access-Control-Allow-Headers", "Content-Type");
      res.set_header("Access-Control-Max-Age", "600");
    }
    return httplib::Server::HandlerResponse::Handled;
  });
  s.set_error_handler(httplib::Server::HandlerWithResponse(
      [this](const httplib::Request& req, httplib::Response& res) {
        if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
        if (GuardedConnection* conn = GuardedConnection::Current()) {
          Write(ErrorReply(LibraryError(req, res.status)), res);
          // A failed read (or a body left unread, 413) leaves the connection in an unknown
          // place: answer, then close. 404 and 405 come after a whole request.
          conn->Responding();
          if (res.status != 404 && res.status != 405) {
            res.set_header("Connection", "close");
            conn->CloseAfterResponse();
          }
          ctx_.metrics.CountRequest("unrouted", req.method, res.status);
          return httplib::Server::HandlerResponse::Handled;
        }
        Write(ErrorReply(LibraryError(req, res.status)), res);
        ctx_.metrics.CountRequest("unrouted", req.method, res.status);
        return httplib::Server::HandlerResponse::Handled;
      }));
  s.set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
    Write(ErrorReply(MakeError(ErrorCode::kInternal)), res);
  });

  for (const Route& route : Routes()) {
    auto handler = [this, &route](const httplib::Request& req, httplib::Response& res) {
      Dispatch(ctx_, *guards_, route, req, res);
    };
    const std::string pattern(route.pattern);
    if (route.method == "GET") {
      s.Get(pattern, handler);
    } else {
      s.Post(pattern, handler);
    }
  }
  if (!ctx.config.web_root.empty()) {
    // /wasm/ first: the demo's pages import the module from there, and the build keeps it apart
    // from the page sources.
    const std::string wasm = WasmRoot(ctx.config);
    if (!wasm.empty()) s.set_mount_point("/wasm/", wasm);
    s.set_mount_point("/", ctx.config.web_root);
  }
}

HttpServer::~HttpServer() = default;

capture::Status HttpServer::Bind() {
  if (!server_->bind_to_port(ctx_.config.host, ctx_.config.port)) {
    return MakeError(ErrorCode::kStorageUnavailable, "cannot listen on " + ctx_.config.host + ":" +
                                                         std::to_string(ctx_.config.port));
  }
  return capture::OkStatus();
}

void HttpServer::Run() { server_->listen_after_bind(); }

void HttpServer::Stop() { server_->stop(); }

}  // namespace optin::server
