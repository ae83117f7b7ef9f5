// The `optin qa --format html` report: one self-contained page a reviewer can open or attach.
#pragma once

#include <string>

#include "capture/form_qa.h"

namespace optin {

[[nodiscard]] std::string QaReportHtml(const capture::QaReport& report);

}  // namespace optin
