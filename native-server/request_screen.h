// Checks on a request's head made before its body is read (issue 9): pure functions of the
// header values, so the fuzzer (tests/fuzz/request_headers_fuzz.cc) drives exactly what the
// server runs.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "abuse_limits.h"
#include "capture/result.h"

namespace optin::server {

// A request with a body must say how long it is before it is read, so the size limit holds
// before the first byte and a slow sender cannot stream forever: a POST without Content-Length
// or with Transfer-Encoding is length_required (411); a Content-Length that is not a decimal
// number is request_invalid; one above `max_body_bytes` is payload_too_large (413) at once (the
// library would read and drop the whole announced body first).
[[nodiscard]] capture::Status ScreenRequestHead(std::string_view method,
                                                std::optional<std::string_view> content_length,
                                                std::optional<std::string_view> transfer_encoding,
                                                std::size_t max_body_bytes);

// True for 127.0.0.0/8, ::1 and their IPv4-mapped forms.
[[nodiscard]] bool IsLoopbackAddress(std::string_view address);

// The address the limits count a request against: the connection's peer, or, when the limits
// name a client address header and the peer is loopback (a local proxy), the last address in
// that header's value (the one the proxy itself added). A value that is not an IP address is
// ignored.
[[nodiscard]] std::string ClientAddress(std::string_view peer, std::string_view header_value,
                                        const AbuseLimits& limits);

// The token of an "Authorization: Bearer <token>" value, or nullopt for any other form.
[[nodiscard]] std::optional<std::string_view> BearerToken(std::string_view authorization);

}  // namespace optin::server
