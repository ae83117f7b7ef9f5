// Disposable e-mail domains (data/disposable_email_domains.txt, compiled in): a quality fact the
// server keeps per record (R20). Never a reason to refuse a record: a person may use one.
#pragma once

#include <string_view>

namespace capture {

// True when the address (or bare domain) is at a listed domain or a subdomain of one. Compares
// ASCII case-insensitively; the part before the last '@' is ignored.
[[nodiscard]] bool IsDisposableEmailDomain(std::string_view address_or_domain);

}  // namespace capture
