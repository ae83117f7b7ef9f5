// The form-QA rules over the page's HTML (R1, R3, R4, R21). Each rule id is documented with an
// example and its fix in docs/qa.md.
#include <algorithm>
#include <string>

#include "form_qa_internal.h"
#include "lint_phrases.h"

namespace capture::internal {
namespace {

bool IsButtonType(std::string_view type) {
  return type == "submit" || type == "button" || type == "reset" || type == "image";
}

bool IsCheckable(const PageControl& c) { return c.type == "checkbox" || c.type == "radio"; }

// Names that say "this is a consent" on an undeclared hidden input.
bool LooksLikeConsent(std::string_view name) {
  const std::string lowered = LowerAscii(name);
  for (std::string_view w : {"consent", "toestemming", "optin", "opt-in", "opt_in", "akkoord",
                             "agree", "newsletter", "nieuwsbrief"}) {
    if (lowered.find(w) != std::string::npos) return true;
  }
  return false;
}

bool LooksLikePhone(const PageControl& c) {
  if (c.type == "tel") return true;
  if (c.type != "text" && c.type != "number" && c.tag != "textarea") return false;
  const std::string lowered = LowerAscii(c.name);
  for (std::string_view w : {"phone", "telefoon", "mobiel", "mobile", "gsm"}) {
    if (lowered.find(w) != std::string::npos) return true;
  }
  return false;
}

// URLs equal up to a trailing slash or a fragment.
bool SameUrl(std::string_view a, std::string_view b) {
  auto strip = [](std::string_view u) {
    u = u.substr(0, u.find('#'));
    while (!u.empty() && u.back() == '/') u.remove_suffix(1);
    return u;
  };
  return !a.empty() && strip(a) == strip(b);
}

class PageRules {
 public:
  PageRules(const Manifest& m, const Page& p, QaFindings& out) : m_(m), p_(p), out_(out) {}

  void Run() {
    if (p_.truncated) {
      out_.Add("html_truncated", "warning", "html", 0,
               "the page is larger than the QA reads (2 MiB or 200000 tokens); the rest was not "
               "checked",
               "Lint the landing page itself, not a page that embeds large data.");
    }
    Phrases("time_pressure", "time_pressure", "puts false time pressure on the person",
            "Remove the urgency; state the real closing date in the campaign terms.");
    Phrases("misleading", "misleading_wording", "is misleading wording",
            "Say plainly what the person takes part in and what happens with the data.");
    Countdown();
    const bool has_controls =
        std::any_of(p_.controls.begin(), p_.controls.end(),
                    [](const PageControl& c) { return !IsButtonType(c.type); });
    if (!has_controls) {
      out_.Add("form_not_in_html", !p_.has_script ? "error" : "info", "html", 0,
               !p_.has_script ? "the page has no form fields"
                              : "the page has no form fields in its HTML; scripts build the "
                                "form, so the form rules were not run on it",
               !p_.has_script ? "Render the form from the manifest."
                              : "Run the QA on the rendered page: optin qa --browser.");
      return;
    }
    for (const PageControl& c : p_.controls) Control(c);
    Consents();
    Phone();
    Link("terms", m_.terms_url, m_.terms_text);
    Link("privacy", m_.privacy_url, m_.privacy_text);
    MissingFields();
  }

 private:
  bool IsDeclared(const PageControl& c) const {
    if (m_.FindField(c.name) != nullptr) return true;
    if (m_.extra_question && m_.extra_question->name == c.name) return true;
    return std::any_of(m_.consents.begin(), m_.consents.end(),
                       [&](const ConsentItem& i) { return IsConsentControl(c, i.id); });
  }

  void Control(const PageControl& c) {
    const std::string element = c.path;
    if (IsCheckable(c) && c.checked) {
      out_.Add(
          "checkbox_prechecked", "error", element, c.line,
          "this " + c.type + " is ticked before the person touched it",
          "Remove the checked attribute: consent must be an active choice (Telecommunicatiewet "
          "11.7, EDPB 05/2020).");
    }
    if (c.type == "checkbox" && c.hidden) {
      out_.Add("checkbox_hidden", "error", element, c.line,
               "this checkbox is hidden from the person (hidden attribute or inline style)",
               "Show every consent checkbox; never send a choice the person cannot see.");
    }
    if (c.type == "hidden" && (LooksLikeConsent(c.name) || IsDeclaredConsent(c))) {
      out_.Add("consent_hidden_input", "error", element, c.line,
               "a hidden input '" + c.name + "' carries a consent the person does not see",
               "Ask for each consent with its own visible, unticked checkbox.");
      return;
    }
    if (IsButtonType(c.type) || c.name.empty() || IsDeclared(c)) return;
    if (c.type == "hidden") {
      out_.Add("hidden_field_not_declared", "info", element, c.line,
               "hidden input '" + c.name + "' is not declared in the manifest",
               "Fine for technical values (a token); never for personal data.");
      return;
    }
    out_.Add("field_not_declared", "error", element, c.line,
             "the form asks for '" + c.name + "', which the manifest does not declare",
             "Remove the field, or declare it in the manifest with its purpose (R3); the core "
             "refuses undeclared fields at submit.");
    if (c.type == "checkbox") Bundled(c);
  }

  bool IsDeclaredConsent(const PageControl& c) const {
    return std::any_of(m_.consents.begin(), m_.consents.end(),
                       [&](const ConsentItem& i) { return IsConsentControl(c, i.id); });
  }

  void Consents() {
    for (const ConsentItem& item : m_.consents) {
      // With several boxes for one consent (broken pages), the one that shows the text counts.
      const PageControl* box = nullptr;
      const std::string text = CollapseSpace(item.text);
      for (const PageControl& c : p_.controls) {
        if (c.type != "checkbox" || !IsConsentControl(c, item.id)) continue;
        if (box == nullptr || CollapseSpace(c.label).find(text) != std::string::npos) box = &c;
      }
      if (box == nullptr) {
        out_.Add("consent_missing", "error", "consent " + item.id, 0,
                 "the manifest's consent '" + item.id + "' has no checkbox on the page",
                 "Render a visible, unticked checkbox named consent:" + item.id +
                     " with the manifest's text.");
        continue;
      }
      const std::string shown = CollapseSpace(box->label);
      if (shown.find(text) == std::string::npos) {
        out_.Add("consent_text_differs", "error", box->path, box->line,
                 "the text beside consent '" + item.id + "' differs from the manifest: shown '" +
                     shown.substr(0, 160) + "'",
                 "Render the manifest's text exactly (the record hashes it: shown_text_sha256).");
        Bundled(*box);
      }
    }
  }

  // A checkbox label the manifest does not fix: does it cover several channels at once?
  void Bundled(const PageControl& c) {
    const std::string lowered = LowerAscii(c.label);
    std::string mentioned;
    int count = 0;
    for (const auto& group : ChannelPhrases()) {
      for (std::string_view w : group.words) {
        if (!ContainsPhrase(lowered, w)) continue;
        mentioned += (count++ ? ", " : "") + std::string(ConsentChannelName(group.channel));
        break;
      }
    }
    if (count > 1) {
      out_.Add("bundled_consent", "warning", c.path, c.line,
               "one checkbox covers several purposes (" + mentioned + ")",
               "Give each purpose its own unticked checkbox (granular consent, EDPB 05/2020).");
    }
  }

  void Phone() {
    const ConsentItem* tel = m_.TelephoneConsent();
    bool gate_shown = false;
    for (const PageControl& c : p_.controls) {
      if (tel && c.type == "checkbox" && !c.hidden && IsConsentControl(c, tel->id)) {
        gate_shown = true;
      }
    }
    for (const PageControl& c : p_.controls) {
      const FieldSpec* spec = m_.FindField(c.name);
      const bool phone = (spec && spec->rules.type == FieldType::kPhoneNl) ||
                         (!spec && c.type != "hidden" && LooksLikePhone(c));
      if (!phone || gate_shown) continue;
      out_.Add("phone_without_consent", "error", c.path, c.line,
               "a phone number is asked but the page shows no telephone consent checkbox",
               "Add the manifest's telephone consent as its own unticked checkbox and send the "
               "number only when it is ticked (R4).");
      return;
    }
  }

  void Link(const std::string& kind, const std::string& url, const std::string& text) {
    const PageLink* visible = nullptr;
    const PageLink* any = nullptr;
    for (const PageLink& l : p_.links) {
      if (!SameUrl(l.href, url)) continue;
      any = any ? any : &l;
      if (!l.hidden && !visible) visible = &l;
    }
    if (any == nullptr) {
      out_.Add(kind + "_link_missing", "error", kind, 0,
               "the page has no link to the " + kind + " URL " + url,
               "Link the manifest's " + kind + " URL on the form, with its text (R1).");
    } else if (visible == nullptr) {
      out_.Add(kind + "_link_hidden", "error", any->path, any->line,
               "the link to the " + kind + " is hidden from the person",
               "Show the link on the form, near the consents (R1).");
    } else if (!text.empty() && CollapseSpace(visible->text) != CollapseSpace(text)) {
      out_.Add(
          "legal_link_text_differs", "warning", visible->path, visible->line,
          "the " + kind + " link reads '" + visible->text + "', the manifest says '" + text + "'",
          "Use the manifest's link text: it is part of the hashed shown texts.");
    }
  }

  void MissingFields() {
    for (const FieldSpec& f : m_.fields) {
      const bool present = std::any_of(p_.controls.begin(), p_.controls.end(),
                                       [&](const PageControl& c) { return c.name == f.name; });
      if (!present && f.rules.required) {
        out_.Add("field_missing", "warning", "field " + f.name, 0,
                 "the required field '" + f.name + "' is not on the page",
                 "Render every required field of the manifest, or the core refuses the submit.");
      }
    }
  }

  void Phrases(const char* section, const char* rule, const std::string& what, const char* hint) {
    for (std::string_view phrase : QaPhrases(section)) {
      for (const PageText& t : p_.texts) {
        if (!ContainsPhrase(LowerAscii(t.text), phrase)) continue;
        out_.Add(rule, "warning", t.path.empty() ? "text" : t.path, t.line,
                 "'" + std::string(phrase) + "' " + what, hint);
        break;  // one finding per phrase
      }
    }
  }

  void Countdown() {
    for (const PageMarker& mk : p_.markers) {
      for (std::string_view w : QaPhrases("countdown_markers")) {
        if (mk.id_and_class.find(w) == std::string::npos) continue;
        out_.Add("countdown_timer", "warning", mk.path, mk.line,
                 "an element named '" + std::string(w) + "' looks like a countdown timer",
                 "Remove the countdown: a prize draw's deadline is in its terms, not a timer.");
        return;
      }
    }
    for (const PageScript& s : p_.scripts) {
      const std::string lowered = LowerAscii(s.text);
      if (lowered.find("setinterval") == std::string::npos &&
          lowered.find("settimeout") == std::string::npos &&
          lowered.find("requestanimationframe") == std::string::npos) {
        continue;
      }
      for (std::string_view w : QaPhrases("countdown_markers")) {
        if (lowered.find(w) == std::string::npos) continue;
        out_.Add("countdown_timer", "warning", "script", s.line,
                 "a script with a timer speaks of '" + std::string(w) + "' (a countdown)",
                 "Remove the countdown: a prize draw's deadline is in its terms, not a timer.");
        return;
      }
    }
  }

  const Manifest& m_;
  const Page& p_;
  QaFindings& out_;
};

}  // namespace

bool IsConsentControl(const PageControl& c, std::string_view id) {
  for (const std::string* v : {&c.name, &c.id, &c.data_consent}) {
    if (*v == id) return true;
    if (v->size() == id.size() + 8 && v->starts_with("consent:") && v->ends_with(id)) return true;
    if (v->size() == id.size() + 2 && v->starts_with("c-") && v->ends_with(id)) return true;
  }
  return false;
}

void RunPageRules(const Manifest& manifest, const Page& page, QaFindings& out) {
  PageRules(manifest, page, out).Run();
}

}  // namespace capture::internal
