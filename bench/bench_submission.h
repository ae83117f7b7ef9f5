// The example campaign's submission number n, as the load generators of bench/ send it: a
// different person (e-mail and mobile number) for each n, every consent but the newsletter.
// `series` (a digit) keeps the numbers of two generators apart.
#pragma once

#include <cstdio>
#include <string>

#include "capture/json.h"

namespace optin::bench {

inline capture::Json Submission(long n, char series = '1', const std::string& given = "Anna",
                                const std::string& family = "de Vries") {
  char phone[32];
  std::snprintf(phone, sizeof phone, "06-%c%07ld", series, n % 10000000);
  return capture::Json{
      {"fields",
       {{"given_name", given},
        {"family_name", family},
        {"email", given + "." + std::to_string(n) + "@voorbeeld.nl"},
        {"phone", phone},
        {"postcode", "1234 AB"},
        {"date_of_birth", "01-02-1990"},
        {"ebike_use", "Woon-werkverkeer"}}},
      {"consents", {{"participation", true}, {"telephone", true}, {"newsletter", false}}},
      {"source", "direct.web.home.default"},
      {"context", {{"legal_text_font_px", 16}, {"boxes_preticked", false}}}};
}

}  // namespace optin::bench
