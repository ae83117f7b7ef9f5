// Bearer tokens with scopes (DESIGN.md "Access"): admin, auditor, customer_service,
// call_centre:<id>, partner:<id>. Only SHA-256 hashes of tokens are stored; a presented token is
// hashed and the stored hash compared in constant time.
#pragma once

#include <string>
#include <string_view>

#include "capture/result.h"
#include "routes.h"
#include "storage.h"

namespace optin::server {

// True for the scope forms above (ids [a-z0-9_-]{1,64}).
[[nodiscard]] bool IsValidScope(std::string_view scope);

// Makes a new random token ("optin_" + 64 hex) and stores its hash with the scope.
[[nodiscard]] capture::Result<std::string> CreateToken(Storage& storage, std::string_view scope);

// unauthorized when the header is missing or the token unknown; forbidden when its scope does not
// grant `access`.
// The scope of the request's bearer token; unauthorized as for Authorize.
[[nodiscard]] capture::Result<std::string> TokenScope(Storage& storage,
                                                      std::string_view authorization_header);

[[nodiscard]] capture::Status Authorize(Storage& storage, Access access,
                                        std::string_view authorization_header);

}  // namespace optin::server
