// Rules shared by BuildRecord and VerifyEnvelope.
#include <algorithm>
#include <string>

#include "capture/fields.h"
#include "record_internal.h"

namespace capture::internal {
namespace {

// Depth of nested containers, stopping once past the limit so the recursion stays bounded.
std::size_t Depth(const Json& value, std::size_t limit) {
  if (!value.is_object() && !value.is_array()) return 0;
  if (limit == 0) return 1;
  std::size_t deepest = 0;
  for (const auto& child : value) {
    deepest = std::max(deepest, Depth(child, limit - 1));
    if (deepest >= limit) break;
  }
  return deepest + 1;
}

}  // namespace

std::vector<DeclaredField> DeclaredFields(const Manifest& manifest) {
  std::vector<DeclaredField> out;
  for (const auto& f : manifest.fields) {
    out.push_back(DeclaredField{f.name, f.rules,
                                f.gated_by.empty() ? nullptr : manifest.FindConsent(f.gated_by)});
  }
  if (manifest.extra_question) {
    FieldRules rules;
    rules.type = FieldType::kShortText;
    rules.required = false;
    rules.max_length = manifest.extra_question->max_length;
    out.push_back(DeclaredField{manifest.extra_question->name, rules, nullptr});
  }
  return out;
}

Status CheckContext(const Json& context, const std::string& where) {
  if (!context.is_object()) {
    return MakeError(ErrorCode::kRecordInvalid, where + " must be a JSON object", where);
  }
  if (Depth(context, kMaxContextDepth) > kMaxContextDepth) {
    return MakeError(ErrorCode::kJsonTooDeep,
                     where + " is nested deeper than " + std::to_string(kMaxContextDepth), where);
  }
  auto canonical = CanonicalJson(context);
  if (!canonical.ok()) {
    return MakeError(canonical.error().code, where + ": " + canonical.error().message, where);
  }
  if (canonical->size() > kMaxContextBytes) {
    return MakeError(ErrorCode::kJsonTooLarge,
                     where + " is larger than " + std::to_string(kMaxContextBytes) + " bytes",
                     where);
  }
  return OkStatus();
}

Status CheckPartner(const Manifest& manifest, const TrafficSource& source,
                    const std::string& where) {
  if (source.partner == "direct" || manifest.FindPartner(source.partner) != nullptr) {
    return OkStatus();
  }
  return MakeError(ErrorCode::kPartnerNotAllowed,
                   "partner '" + source.partner + "' is not a partner of campaign '" +
                       manifest.campaign_id + "'",
                   where);
}

bool IsBlank(std::string_view raw) {
  auto clean = CleanText(raw, raw.size() + 1);
  return clean.ok() && clean->empty();
}

Result<UnixMillis> ParseRecordId(std::string_view id) {
  auto bad = [&](const char* why) {
    return MakeError(ErrorCode::kRecordIdInvalid, std::string("record id: ") + why, "record.id");
  };
  if (id.size() != 36) return bad("must be 36 characters (8-4-4-4-12)");
  UnixMillis ms = 0;
  int nibble = 0;
  for (std::size_t i = 0; i < id.size(); ++i) {
    const char c = id[i];
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (c != '-') return bad("hyphens must be at 8, 13, 18 and 23");
      continue;
    }
    int v = -1;
    if (c >= '0' && c <= '9') v = c - '0';
    if (c >= 'a' && c <= 'f') v = c - 'a' + 10;
    if (v < 0) return bad("must be lowercase hex");
    if (nibble < 12) ms = (ms << 4) | v;
    if (nibble == 12 && v != 7) return bad("version must be 7");
    if (nibble == 16 && (v & 0xC) != 0x8) return bad("variant must be RFC 9562 (10xx)");
    ++nibble;
  }
  return ms;
}

ValidationReport ValidateAndNormalise(const Manifest& manifest, const Submission& submission,
                                      CivilDate today,
                                      std::vector<std::pair<std::string, std::string>>* values) {
  ValidationReport report;
  auto add = [&](ErrorCode code, std::string message, std::string field) {
    report.errors.push_back(MakeError(code, std::move(message), std::move(field)));
  };
  const auto declared = DeclaredFields(manifest);
  auto find_raw = [&](std::string_view name) -> const std::string* {
    for (const auto& [n, v] : submission.fields) {
      if (n == name) return &v;
    }
    return nullptr;
  };
  auto ticked = [&](std::string_view id) {
    for (const auto& [n, t] : submission.consents) {
      if (n == id) return t;
    }
    return false;  // unticked = not given
  };
  // R3: nothing the campaign does not declare.
  for (std::size_t i = 0; i < submission.fields.size(); ++i) {
    const std::string& name = submission.fields[i].first;
    bool known = false;
    for (const auto& d : declared) known = known || d.name == name;
    if (!known) add(ErrorCode::kFieldNotDeclared, "field '" + name + "' is not declared", name);
    for (std::size_t j = 0; j < i; ++j) {
      if (submission.fields[j].first == name) {
        add(ErrorCode::kJsonDuplicateKey, "field '" + name + "' is given twice", name);
      }
    }
  }
  for (std::size_t i = 0; i < submission.consents.size(); ++i) {
    const std::string& id = submission.consents[i].first;
    if (manifest.FindConsent(id) == nullptr) {
      add(ErrorCode::kConsentUnknown, "consent '" + id + "' is not part of the campaign", id);
    }
    for (std::size_t j = 0; j < i; ++j) {
      if (submission.consents[j].first == id) {
        add(ErrorCode::kJsonDuplicateKey, "consent '" + id + "' is given twice", id);
      }
    }
  }
  auto source = ParseTrafficCode(submission.source_code);
  if (!source.ok()) {
    report.errors.push_back(source.error());
  } else if (auto partner = CheckPartner(manifest, *source, "source"); !partner.ok()) {
    report.errors.push_back(partner.error());
  }
  for (const auto& c : manifest.consents) {
    if (c.required_for_participation && !ticked(c.id)) {
      add(ErrorCode::kParticipationConsentRequired, "consent '" + c.id + "' is needed to take part",
          c.id);
    }
  }
  for (const auto& d : declared) {
    const std::string* raw = find_raw(d.name);
    const std::string_view value = raw != nullptr ? std::string_view(*raw) : std::string_view();
    if (d.gate != nullptr && !ticked(d.gate->id)) {
      // R4: no phone number is kept (or even checked) without its consent.
      if (!IsBlank(value)) {
        add(ErrorCode::kPhoneWithoutConsent,
            "'" + std::string(d.name) + "' is given but consent '" + d.gate->id + "' is not",
            std::string(d.name));
      }
      continue;
    }
    auto normal = NormaliseField(d.rules, value, today);
    if (!normal.ok()) {
      Error e = normal.error();
      e.field = std::string(d.name);
      report.errors.push_back(std::move(e));
    } else if (!normal->empty() && values != nullptr) {
      values->emplace_back(std::string(d.name), std::move(*normal));
    }
  }
  if (auto context = CheckContext(submission.context, "context"); !context.ok()) {
    report.errors.push_back(context.error());
  }
  return report;
}

}  // namespace capture::internal
