#include "capture/error_codes.h"

#include <iterator>

#include "capture/result.h"

namespace capture {
namespace {

constexpr ErrorCodeInfo kTable[] = {
#define CAPTURE_ERROR_ROW(name, wire, status, en, nl) {ErrorCode::name, wire, status, en, nl},
    CAPTURE_ERROR_CODES(CAPTURE_ERROR_ROW)
#undef CAPTURE_ERROR_ROW
};

}  // namespace

const ErrorCodeInfo* AllErrorCodes(std::size_t* count) {
  *count = std::size(kTable);
  return kTable;
}

const ErrorCodeInfo& Info(ErrorCode code) { return kTable[static_cast<std::size_t>(code)]; }

std::string_view WireName(ErrorCode code) { return Info(code).wire; }

bool ErrorCodeFromWire(std::string_view wire, ErrorCode* out) {
  for (const auto& row : kTable) {
    if (row.wire == wire) {
      *out = row.code;
      return true;
    }
  }
  return false;
}

Error MakeError(ErrorCode code, std::string message, std::string field) {
  if (message.empty()) message = std::string(Info(code).message_en);
  return Error{code, std::move(field), std::move(message)};
}

}  // namespace capture
