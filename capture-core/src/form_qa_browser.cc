// The form-QA rules over what a browser measured on the rendered page (tools/qa-browser.mjs):
// the page as a person sees it. Facts shape (docs/qa.md):
//   {"html": rendered DOM,
//    "checkboxes": [{"element","checked_at_load","checked_after_scripts","visible"}],
//    "legal": [{"kind","id","element","visible","contrast","font_px"}]}
#include <cmath>
#include <string>

#include "decimal_text.h"

#include "form_qa_internal.h"

namespace capture::internal {
namespace {

constexpr double kMinContrast = 4.5;  // WCAG 2.x AA for normal text
constexpr double kMinFontPx = 12.0;

std::string Where(std::string_view list, std::size_t i, std::string_view member) {
  return "browser_facts." + std::string(list) + "[" + std::to_string(i) + "]." +
         std::string(member);
}

Result<bool> Bool(const Json& o, std::string_view list, std::size_t i, const char* key) {
  auto it = o.find(key);
  if (it == o.end() || !it->is_boolean()) {
    return MakeError(ErrorCode::kJsonWrongType, "expected true or false", Where(list, i, key));
  }
  return it->get<bool>();
}

Result<double> Number(const Json& o, std::string_view list, std::size_t i, const char* key) {
  auto it = o.find(key);
  if (it == o.end() || !it->is_number()) {
    return MakeError(ErrorCode::kJsonWrongType, "expected a number", Where(list, i, key));
  }
  return it->get<double>();
}

std::string Text(const Json& o, const char* key) {
  auto it = o.find(key);
  return it != o.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// Two decimals, rounded half away from zero (without printf, which the module does not link).
std::string Format(double v) {
  if (!(std::fabs(v) < 1e15)) return FormatEcmaScriptNumber(v);  // NaN, huge: no fixed form
  const long long hundredths = std::llround(v * 100);
  const unsigned long long magnitude =
      hundredths < 0 ? 0ULL - static_cast<unsigned long long>(hundredths) : hundredths;
  std::string out = hundredths < 0 ? "-" : "";
  out += std::to_string(magnitude / 100) + ".";
  AppendZeroPadded(static_cast<long long>(magnitude % 100), 2, out);
  return out;
}

Status Checkboxes(const Json& list, QaFindings& out) {
  for (std::size_t i = 0; i < list.size(); ++i) {
    const Json& box = list[i];
    if (!box.is_object()) {
      return MakeError(ErrorCode::kJsonWrongType, "expected an object", Where("checkboxes", i, ""));
    }
    CAPTURE_ASSIGN_OR_RETURN(bool at_load, Bool(box, "checkboxes", i, "checked_at_load"));
    CAPTURE_ASSIGN_OR_RETURN(bool after, Bool(box, "checkboxes", i, "checked_after_scripts"));
    CAPTURE_ASSIGN_OR_RETURN(bool visible, Bool(box, "checkboxes", i, "visible"));
    const std::string element = Text(box, "element");
    if (at_load || after) {
      out.Add("checkbox_checked_by_script", "error", element, 0,
              at_load ? "the checkbox is ticked when the page has loaded"
                      : "a script ticks the checkbox after the page loaded",
              "Never tick a consent for the person, not in HTML and not from a script.");
    }
    if (!visible) {
      out.Add("checkbox_not_visible", "error", element, 0,
              "the rendered checkbox cannot be seen (no size, transparent, off-screen or hidden "
              "by a style sheet)",
              "Show every consent checkbox as a normal, visible control.");
    }
  }
  return OkStatus();
}

Status Legal(const Json& list, QaFindings& out) {
  for (std::size_t i = 0; i < list.size(); ++i) {
    const Json& text = list[i];
    if (!text.is_object()) {
      return MakeError(ErrorCode::kJsonWrongType, "expected an object", Where("legal", i, ""));
    }
    CAPTURE_ASSIGN_OR_RETURN(bool visible, Bool(text, "legal", i, "visible"));
    const std::string element = Text(text, "element");
    const std::string what =
        Text(text, "kind") + (Text(text, "id").empty() ? "" : " ") + Text(text, "id");
    if (!visible) {
      out.Add("legal_text_not_visible", "error", element, 0,
              "the " + what + " text is on the page but a person cannot see it",
              "Show the legal texts plainly near the form (R1).");
      continue;
    }
    CAPTURE_ASSIGN_OR_RETURN(double contrast, Number(text, "legal", i, "contrast"));
    CAPTURE_ASSIGN_OR_RETURN(double font_px, Number(text, "legal", i, "font_px"));
    if (contrast < kMinContrast) {
      out.Add("legal_text_low_contrast", "warning", element, 0,
              "the " + what + " text has a contrast ratio of " + Format(contrast) +
                  ":1 against its background (WCAG AA asks 4.5:1)",
              "Use a darker text colour or a lighter background.");
    }
    if (font_px < kMinFontPx) {
      out.Add("legal_text_small", "warning", element, 0,
              "the " + what + " text is " + Format(font_px) + " px",
              "Set legal texts at 12 px or more: plain and readable (R1).");
    }
  }
  return OkStatus();
}

}  // namespace

Status RunBrowserRules(const Manifest& /*manifest*/, const Json& facts, QaFindings& out) {
  for (const char* list : {"checkboxes", "legal"}) {
    auto it = facts.find(list);
    if (it == facts.end()) continue;
    if (!it->is_array()) {
      return MakeError(ErrorCode::kJsonWrongType, "expected an array",
                       std::string("browser_facts.") + list);
    }
    CAPTURE_RETURN_IF_ERROR(std::string_view(list) == "checkboxes" ? Checkboxes(*it, out)
                                                                   : Legal(*it, out));
  }
  return OkStatus();
}

}  // namespace capture::internal
