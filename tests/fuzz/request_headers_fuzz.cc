// Fuzzes the server's own reading of request heads (native-server/request_screen.h): the
// Content-Length / Transfer-Encoding screen, the client address taken from a proxy's header, the
// bearer token form, and the per-address limiters fed with the addresses read. The input is a
// request head: "METHOD path\n" then "Name: value" lines. Properties: a client address is the
// peer or an address-like text from the header; a screened POST has a decimal length; the
// limiters never grant more than their burst at one instant. Violations abort.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>

#include "auth_lockout.h"
#include "rate_limiter.h"
#include "request_screen.h"

namespace {

[[noreturn]] void Violation(const char* what) {
  std::fprintf(stderr, "request_headers_fuzz: %s\n", what);
  std::abort();
}

bool SameName(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace optin::server;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  std::size_t line_end = text.find('\n');
  const std::string_view first = text.substr(0, line_end);
  const std::string_view method = first.substr(0, first.find(' '));
  std::optional<std::string_view> length, encoding, forwarded, authorization;
  while (line_end != std::string_view::npos) {
    const std::size_t begin = line_end + 1;
    line_end = text.find('\n', begin);
    const std::string_view line = text.substr(begin, line_end - begin);
    const std::size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    const std::string_view name = line.substr(0, colon);
    std::string_view value = line.substr(colon + 1);
    while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
    if (SameName(name, "Content-Length")) length = value;
    if (SameName(name, "Transfer-Encoding")) encoding = value;
    if (SameName(name, "X-Forwarded-For")) forwarded = value;
    if (SameName(name, "Authorization")) authorization = value;
  }

  const capture::Status screened = ScreenRequestHead(method, length, encoding, 4096);
  if (screened.ok() && (method == "POST" || method == "PUT" || method == "PATCH")) {
    if (!length || encoding || length->empty() ||
        length->find_first_not_of("0123456789") != std::string_view::npos) {
      Violation("a body without a decimal length passed the screen");
    }
    if (std::stoull(std::string(*length)) > 4096) Violation("a body over the limit passed");
  }
  if (!screened.ok() && screened.error().code != capture::ErrorCode::kLengthRequired &&
      screened.error().code != capture::ErrorCode::kRequestInvalid &&
      screened.error().code != capture::ErrorCode::kPayloadTooLarge) {
    Violation("the screen refused with an unexpected code");
  }

  AbuseLimits limits;
  limits.client_address_header = "X-Forwarded-For";
  for (const char* peer : {"127.0.0.1", "192.0.2.1", "::ffff:127.0.0.9"}) {
    const std::string client = ClientAddress(peer, forwarded.value_or(""), limits);
    if (client != peer) {
      if (!IsLoopbackAddress(peer)) Violation("a header was trusted from a non-loopback peer");
      if (client.empty() || client.size() > 45 ||
          client.find_first_not_of("0123456789abcdefABCDEF.:") != std::string::npos) {
        Violation("a client address that is not address-like");
      }
      if (forwarded->find(client) == std::string_view::npos) {
        Violation("a client address that is not in the header");
      }
    }
  }
  if (authorization) {
    const auto token = BearerToken(*authorization);
    if (token && authorization->substr(0, 7) != "Bearer ")
      Violation("a bearer token without Bearer");
  }

  // The limiters, keyed by what was read: at one instant a key gets at most its burst.
  RateLimiter limiter(1.0, 3);
  AuthLockout lockout(2, 1000, 1000);
  const std::string key = ClientAddress("127.0.0.1", forwarded.value_or(""), limits);
  int granted = 0;
  for (int i = 0; i < 5; ++i) granted += limiter.Take(key, 1000) == 0;
  if (granted != 3) Violation("a bucket granted other than its burst");
  lockout.Failure(key, 5);
  lockout.Failure(key, 6);
  if (lockout.LockedFor(key, 7) != 999) Violation("two failures did not lock the address out");
  return 0;
}
