// Fuzzes the query parameters (cursors, limits, index ranges, tree sizes, dates, leaf hashes) and
// path parameters of every GET route through the real handlers of a real server application:
// byte 0 picks the route, byte 1 the token's scope, the rest is a query string
// (name=value&..., percent-decoded as the HTTP layer does); "p" values fill the path's {params}
// and must match the route's pattern, as the router ensures. Any 5xx aborts.
#include <cstddef>
#include <cstdint>
#include <regex>

#include "server_fuzz_app.h"

namespace {

int Hex(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string Decode(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && Hex(s[i + 1]) >= 0 && Hex(s[i + 2]) >= 0) {
      out += static_cast<char>(Hex(s[i + 1]) * 16 + Hex(s[i + 2]));
      i += 2;
    } else {
      out += s[i] == '+' ? ' ' : s[i];
    }
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 2) return 0;
  auto& app = optin::fuzz::App();
  static const auto routes = optin::fuzz::RoutesOf("GET");
  const optin::server::Route& route = *routes[data[0] % routes.size()];
  optin::server::HttpRequest req;
  const std::string& token = app.tokens[data[1] % app.tokens.size()];
  if (!token.empty()) req.authorization = "Bearer " + token;
  const std::string_view query(reinterpret_cast<const char*>(data) + 2, size - 2);
  std::vector<std::string> params;
  for (std::size_t begin = 0; begin <= query.size();) {
    std::size_t end = query.find('&', begin);
    if (end == std::string_view::npos) end = query.size();
    const std::string_view pair = query.substr(begin, end - begin);
    const std::size_t eq = pair.find('=');
    const std::string name = Decode(pair.substr(0, eq));
    const std::string value = eq == std::string_view::npos ? "" : Decode(pair.substr(eq + 1));
    if (name == "p") {
      params.push_back(value == "@ID@" ? app.last_id : value);
    } else {
      req.query.emplace(name, value);
    }
    begin = end + 1;
  }
  // The path the router would have matched: each {param} filled in turn.
  std::string path(route.path);
  std::size_t next = 0;
  for (std::size_t at; (at = path.find('{')) != std::string::npos;) {
    const std::size_t close = path.find('}', at);
    path.replace(at, close - at + 1, next < params.size() ? params[next++] : "x");
  }
  std::smatch match;
  if (!std::regex_match(path, match, std::regex(std::string(route.pattern)))) return 0;
  for (std::size_t i = 1; i < match.size(); ++i) req.path_params.push_back(match[i]);
  if (app.last_id.empty()) optin::fuzz::FreshEnvelope(app);
  optin::fuzz::Serve(app, route, req);
  return 0;
}
