// QA lint of a campaign manifest (R21): what a reviewer should look at before a form goes live.
// Findings are warnings, never refusals (the refusals are manifest_rules.cc). Rule ids are stable
// and listed in docs/manifest.md.
#include <string>
#include <vector>

#include "capture/manifest.h"
#include "lint_phrases.h"

namespace capture {
namespace {

using internal::ContainsPhrase;
using internal::LowerAscii;

constexpr std::size_t kManyFields = 6;
constexpr int kSixMonthsDays = 183;

class Linter {
 public:
  explicit Linter(const Manifest& m) : m_(m) {}

  std::vector<LintFinding> Run() {
    CheckTimePressure();
    for (std::size_t i = 0; i < m_.consents.size(); ++i) CheckConsent(i);
    CheckFields();
    return std::move(findings_);
  }

 private:
  void Add(std::string rule, std::string severity, std::string where, std::string message,
           std::string hint) {
    findings_.push_back(LintFinding{std::move(rule), std::move(severity), std::move(where),
                                    std::move(message), std::move(hint)});
  }

  static std::string At(std::string_view list, std::size_t i, std::string_view member) {
    return std::string(list) + "[" + std::to_string(i) + "]." + std::string(member);
  }

  void TimePressureIn(std::string_view text, const std::string& where) {
    const std::string lowered = LowerAscii(text);
    for (std::string_view phrase : internal::TimePressurePhrases()) {
      if (ContainsPhrase(lowered, phrase)) {
        Add("time_pressure", "warning", where,
            "'" + std::string(phrase) + "' puts false time pressure on the person",
            "Remove the urgency; state the real closing date of the campaign in the terms.");
        return;  // one finding per text is enough to act on
      }
    }
  }

  void CheckTimePressure() {
    TimePressureIn(m_.title, "title");
    TimePressureIn(m_.terms_text, "terms.text");
    TimePressureIn(m_.privacy_text, "privacy.text");
    for (std::size_t i = 0; i < m_.consents.size(); ++i) {
      TimePressureIn(m_.consents[i].text, At("consents", i, "text"));
    }
    for (std::size_t i = 0; i < m_.fields.size(); ++i) {
      TimePressureIn(m_.fields[i].label, At("fields", i, "label"));
    }
    if (m_.extra_question) TimePressureIn(m_.extra_question->text, "extra_question.text");
  }

  // A consent is granular (EDPB 05/2020): one channel per checkbox, and taking part is not mixed
  // with marketing.
  void CheckConsent(std::size_t i) {
    const ConsentItem& c = m_.consents[i];
    const std::string where = At("consents", i, "text");
    const std::string lowered = LowerAscii(c.text);
    std::vector<std::string_view> mentioned;
    bool mentions_own = false;
    for (const auto& group : internal::ChannelPhrases()) {
      for (std::string_view word : group.words) {
        if (!ContainsPhrase(lowered, word)) continue;
        mentioned.push_back(ConsentChannelName(group.channel));
        mentions_own = mentions_own || group.channel == c.channel;
        break;
      }
    }
    auto joined = [&] {
      std::string out;
      for (auto name : mentioned) out += (out.empty() ? "" : ", ") + std::string(name);
      return out;
    };
    if (c.channel == ConsentChannel::kParticipation && !mentioned.empty()) {
      Add("bundled_consent", "warning", where,
          "the participation consent also speaks of marketing (" + joined() + ")",
          "Taking part may not include marketing: ask for it with its own unticked checkbox.");
    } else if (mentioned.size() > 1) {
      Add("bundled_consent", "warning", where,
          "one consent covers several channels (" + joined() + ")",
          "Give each channel its own checkbox so the person can choose each one.");
    } else if (!mentioned.empty() && !mentions_own) {
      Add("consent_channel_mismatch", "warning", where,
          "the text speaks of " + joined() + " but the consent's channel is " +
              std::string(ConsentChannelName(c.channel)),
          "Make the channel and the text say the same.");
    }
    if (c.channel != ConsentChannel::kTelephone) return;
    if (!c.caller.empty() && lowered.find(LowerAscii(c.caller)) == std::string::npos) {
      Add("caller_not_named", "warning", where,
          "the telephone consent text does not name the caller '" + c.caller + "'",
          "Code Telemarketing: the request names who will call; put the caller in the text.");
    }
    if (m_.policy.first_contact_term_days > kSixMonthsDays && !StatesTerm(lowered)) {
      Add("first_contact_term_missing", "warning", where,
          "the first call may come after " + std::to_string(m_.policy.first_contact_term_days) +
              " days but the text states no term",
          "Code Telemarketing: when the first call is not within 6 months, state the term "
          "(e.g. 'binnen 12 maanden').");
    }
  }

  // A term is a number (digits or a number word) followed by a unit such as "maanden".
  static bool StatesTerm(const std::string& lowered) {
    std::vector<std::string> words;
    std::string word;
    for (char c : lowered + " ") {
      const bool letter = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                          (static_cast<unsigned char>(c) >= 0x80);
      if (letter) {
        word += c;
      } else if (!word.empty()) {
        words.push_back(word);
        word.clear();
      }
    }
    auto is_number = [](const std::string& w) {
      if (w.find_first_not_of("0123456789") == std::string::npos) return true;
      for (auto n : internal::NumberWords()) {
        if (w == n) return true;
      }
      return false;
    };
    for (std::size_t i = 1; i < words.size(); ++i) {
      for (auto unit : internal::TermUnitWords()) {
        if (words[i] == unit && is_number(words[i - 1])) return true;
      }
    }
    return false;
  }

  void CheckFields() {
    // The extra question is optional by construction and has its own note below.
    const std::size_t count = m_.fields.size();
    if (count > kManyFields) {
      Add("many_fields", "warning", "fields", "the form has " + std::to_string(count) + " fields",
          "Ask only what the campaign needs (data minimisation, R3); every field costs "
          "conversion.");
    }
    for (std::size_t i = 0; i < m_.fields.size(); ++i) CheckField(i);
    if (m_.extra_question) {
      Add("free_text_field", "info", "extra_question",
          "the extra question takes free text, which may collect more than needed",
          "Keep it optional and short; agents will read the answer (R5).");
    }
  }

  void CheckField(std::size_t i) {
    const FieldSpec& f = m_.fields[i];
    const std::string lowered = LowerAscii(f.label);
    if (f.rules.type == FieldType::kShortText) {
      Add("free_text_field", "warning", At("fields", i, "type"),
          "field '" + f.name + "' takes free text, which may collect more than needed",
          "Use a typed field or a choice with fixed options.");
      for (FieldType typed : {FieldType::kPhoneNl, FieldType::kEmail}) {
        for (const auto& entry : internal::LabelPhrases()) {
          if (entry.type != typed) continue;
          for (auto w : entry.words) {
            if (!ContainsPhrase(lowered, w)) continue;
            Add("label_type_mismatch", "warning", At("fields", i, "label"),
                "a free-text field is labelled like a " + std::string(FieldTypeName(typed)) +
                    " field",
                "Use the " + std::string(FieldTypeName(typed)) +
                    " type so the value is validated (and a phone number is gated).");
            return;
          }
        }
      }
      return;
    }
    if (f.rules.type == FieldType::kDateOfBirth && f.rules.min_age == 0) {
      Add("min_age_missing", "warning", At("fields", i, "min_age"),
          "date of birth is asked but no minimum age is set",
          "Set min_age (usually 18) or drop the field if age does not matter.");
    }
    for (const auto& entry : internal::LabelPhrases()) {
      if (entry.type != f.rules.type) continue;
      bool found = false;
      for (auto w : entry.words) found = found || ContainsPhrase(lowered, w);
      if (!found) {
        Add("label_type_mismatch", "info", At("fields", i, "label"),
            "the label '" + f.label + "' does not say it asks for a " +
                std::string(FieldTypeName(f.rules.type)),
            "Use a label that says plainly what is asked.");
      }
    }
  }

  const Manifest& m_;
  std::vector<LintFinding> findings_;
};

}  // namespace

std::vector<LintFinding> LintManifest(const Manifest& manifest) { return Linter(manifest).Run(); }

}  // namespace capture
