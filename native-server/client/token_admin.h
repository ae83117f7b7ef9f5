// `optin token create`: opens the data folder's store (as the server would, migrating it if new)
// and adds a token with a scope. Prints the token once; only its hash is kept.
#pragma once

#include <string>

#include "capture/result.h"

namespace optin::client {

[[nodiscard]] capture::Result<std::string> CreateTokenInDataDir(const std::string& data_dir,
                                                                const std::string& database,
                                                                const std::string& scope);

}  // namespace optin::client
