// Start-up and shut-down of the server: config, keys, storage (migrated), campaigns, sequencer,
// the development campaign, then HTTP; on a signal, HTTP stops first and the sequencer drains.
#pragma once

#include <memory>

#include "app_context.h"
#include "server_config.h"

namespace optin::server {

[[nodiscard]] capture::Result<std::unique_ptr<AppContext>> StartApp(ServerConfig config);
void StopApp(AppContext& ctx);

}  // namespace optin::server
