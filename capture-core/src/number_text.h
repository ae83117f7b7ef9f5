// Decimal text to double, shared by the JSON parser: implemented beside FormatEcmaScriptNumber in
// ecmascript_number.cc (native, std::from_chars) and ecmascript_number_wasm.cc (the engine's
// Number()), so neither build depends on the C locale or links the C library's strtod.
#pragma once

#include <string_view>

namespace capture::internal {

// The double nearest to a JSON number token ("-12.5e3"), correctly rounded; +-infinity beyond
// the double range and +-0 below it.
[[nodiscard]] double ParseDecimalNumber(std::string_view token);

}  // namespace capture::internal
