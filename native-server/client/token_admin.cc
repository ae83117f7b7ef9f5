#include "token_admin.h"

#include <filesystem>

#include "auth.h"
#include "storage.h"

namespace optin::client {

capture::Result<std::string> CreateTokenInDataDir(const std::string& data_dir,
                                                  const std::string& database,
                                                  const std::string& scope) {
  if (!server::IsValidScope(scope)) {
    return capture::MakeError(capture::ErrorCode::kRequestInvalid,
                              "scope must be admin, auditor, customer_service, call_centre:<id> "
                              "or partner:<id>",
                              "scope");
  }
  std::error_code ec;
  if (!std::filesystem::is_directory(data_dir, ec)) {
    return capture::MakeError(capture::ErrorCode::kStorageUnavailable,
                              "no data folder at " + data_dir);
  }
  CAPTURE_ASSIGN_OR_RETURN(auto storage, server::OpenStorage(data_dir, database));
  CAPTURE_RETURN_IF_ERROR(storage->Migrate());
  return server::CreateToken(*storage, scope);
}

}  // namespace optin::client
