// The Manifest's lookups, ParseManifest (schema then rules) and the small text patterns the
// manifest files share.
#include "capture/manifest.h"

#include "manifest_internal.h"

namespace capture {

std::string_view ConsentChannelName(ConsentChannel channel) {
  switch (channel) {
    case ConsentChannel::kParticipation:
      return "participation";
    case ConsentChannel::kTelephone:
      return "telephone";
    case ConsentChannel::kEmail:
      return "email";
    case ConsentChannel::kSms:
      return "sms";
    case ConsentChannel::kPost:
      return "post";
    case ConsentChannel::kProfiling:
      return "profiling";
  }
  return "participation";
}

const FieldSpec* Manifest::FindField(std::string_view name) const {
  for (const auto& field : fields) {
    if (field.name == name) return &field;
  }
  return nullptr;
}

const ConsentItem* Manifest::FindConsent(std::string_view id) const {
  for (const auto& consent : consents) {
    if (consent.id == id) return &consent;
  }
  return nullptr;
}

const PartnerSpec* Manifest::FindPartner(std::string_view id) const {
  for (const auto& partner : partners) {
    if (partner.id == id) return &partner;
  }
  return nullptr;
}

const ConsentItem* Manifest::TelephoneConsent() const {
  for (const auto& consent : consents) {
    if (consent.channel == ConsentChannel::kTelephone) return &consent;
  }
  return nullptr;
}

Result<Manifest> ParseManifest(const Json& manifest_object) {
  CAPTURE_ASSIGN_OR_RETURN(Manifest manifest, internal::ReadManifestSchema(manifest_object));
  CAPTURE_RETURN_IF_ERROR(internal::CheckManifestRules(manifest));
  return manifest;
}

namespace internal {
namespace {

bool IsLowerAlnum(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

// Length of "https://host[:port]" at the start of text, or 0 when it does not start so. Hosts are
// lowercase DNS names (no userinfo, no IP literals with brackets).
std::size_t HttpsAuthorityLength(std::string_view text) {
  constexpr std::string_view kScheme = "https://";
  if (text.substr(0, kScheme.size()) != kScheme) return 0;
  std::size_t i = kScheme.size();
  const std::size_t host_start = i;
  while (i < text.size() && (IsLowerAlnum(text[i]) || text[i] == '.' || text[i] == '-')) ++i;
  const std::string_view host = text.substr(host_start, i - host_start);
  if (host.empty() || host.front() == '.' || host.back() == '.' || host.front() == '-') return 0;
  if (host.find("..") != std::string_view::npos) return 0;
  if (i < text.size() && text[i] == ':') {
    const std::size_t port_start = ++i;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') ++i;
    if (i == port_start || i - port_start > 5) return 0;
  }
  return i;
}

}  // namespace

bool IsIdentifier(std::string_view text) {
  if (text.empty() || text.size() > 32 || !(text[0] >= 'a' && text[0] <= 'z')) return false;
  for (char c : text) {
    if (!IsLowerAlnum(c) && c != '_') return false;
  }
  return true;
}

bool IsHttpsOrigin(std::string_view text) {
  const std::size_t n = HttpsAuthorityLength(text);
  return n != 0 && n == text.size();
}

bool IsHttpsUrl(std::string_view text) {
  const std::size_t n = HttpsAuthorityLength(text);
  if (n == 0) return false;
  if (n < text.size() && text[n] != '/' && text[n] != '?' && text[n] != '#') return false;
  for (std::size_t i = n; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c <= 0x20 || c >= 0x7f) return false;  // printable ASCII only (percent-encode the rest)
  }
  return true;
}

}  // namespace internal
}  // namespace capture
