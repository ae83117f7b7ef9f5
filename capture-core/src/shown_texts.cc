// The canonical list of every legal text shown on the form. The page renders exactly these texts
// from the manifest and the record carries SHA-256(JCS(list)), so what was shown is what is
// hashed. The shape is documented in docs/manifest.md for independent verifiers:
//   [{"kind":"terms","text":T,"url":U}, {"kind":"privacy","text":T,"url":U},
//    {"kind":"consent","id":ID,"text":T} for each consent in manifest order,
//    {"kind":"extra_question","id":NAME,"text":T} if the manifest has one]
#include "capture/manifest.h"

namespace capture {

Json ShownTexts(const Manifest& manifest) {
  Json list = Json::array();
  list.push_back({{"kind", "terms"}, {"text", manifest.terms_text}, {"url", manifest.terms_url}});
  list.push_back(
      {{"kind", "privacy"}, {"text", manifest.privacy_text}, {"url", manifest.privacy_url}});
  for (const auto& consent : manifest.consents) {
    list.push_back({{"kind", "consent"}, {"id", consent.id}, {"text", consent.text}});
  }
  if (manifest.extra_question) {
    list.push_back({{"kind", "extra_question"},
                    {"id", manifest.extra_question->name},
                    {"text", manifest.extra_question->text}});
  }
  return list;
}

Sha256Digest ShownTextSha256(const Manifest& manifest) {
  // Only strings, so JCS cannot fail here; an empty hash input would still be a stable value.
  auto canonical = CanonicalJson(ShownTexts(manifest));
  return Sha256(canonical.ok() ? *canonical : std::string());
}

}  // namespace capture
