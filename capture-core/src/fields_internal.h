// The per-type normalisers behind NormaliseField. Each receives the value after CleanText (valid
// UTF-8, trimmed, no control characters, not empty) and returns its normal form or its error.
#pragma once

#include <string>
#include <string_view>

#include "capture/result.h"
#include "capture/time.h"

namespace capture::internal {

[[nodiscard]] Result<std::string> NormaliseName(std::string_view cleaned);
[[nodiscard]] Result<std::string> NormaliseEmail(std::string_view cleaned);
[[nodiscard]] Result<std::string> NormalisePostcode(std::string_view cleaned);
[[nodiscard]] Result<std::string> NormaliseHouseNumber(std::string_view cleaned);
[[nodiscard]] Result<std::string> NormaliseDateOfBirth(std::string_view cleaned, int min_age,
                                                       CivilDate today);

}  // namespace capture::internal
