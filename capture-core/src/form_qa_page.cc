// Builds the page model from tokens: an open-element stack carries visibility (an element hidden by
// markup hides its subtree) and gives each finding a CSS-like path.
#include <algorithm>
#include <string>
#include <vector>

#include "form_qa_page.h"
#include "lint_phrases.h"

namespace capture::internal {
namespace {

constexpr std::size_t kMaxDepth = 256;  // deeper elements are treated as text of their parent
constexpr std::size_t kPathParts = 4;   // the nearest ancestors shown in a path

struct Open {
  std::string tag, descriptor;
  bool hidden = false;
};

// style="display: none" / "visibility:hidden" / "opacity:0", in any spacing or case.
bool StyleHides(std::string_view style) {
  std::string s;
  for (char c : LowerAscii(style)) {
    if (c != ' ' && c != '\t' && c != '\n' && c != '\r') s += c;
  }
  for (std::string_view bad : {"display:none", "visibility:hidden", "opacity:0;", "font-size:0"}) {
    if (s.find(bad) != std::string::npos) return true;
  }
  return s.size() >= 9 && s.compare(s.size() - 9, 9, "opacity:0") == 0;
}

std::string Descriptor(const HtmlToken& t) {
  std::string d = t.name;
  if (const std::string id = t.Get("id"); !id.empty()) d += "#" + id;
  if (const std::string name = t.Get("name"); !name.empty()) d += "[name=" + name + "]";
  return d;
}

class Reader {
 public:
  Page Run(std::string_view html) {
    HtmlTokens tokens = TokenizeHtml(html);
    page_.truncated = tokens.truncated;
    for (const HtmlToken& t : tokens.tokens) {
      switch (t.kind) {
        case HtmlTokenKind::kStartTag:
          Start(t);
          break;
        case HtmlTokenKind::kEndTag:
          End(t.name);
          break;
        case HtmlTokenKind::kText:
          Text(t);
          break;
        default:
          break;
      }
    }
    while (!stack_.empty()) End(stack_.back().tag);
    ResolveLabels();
    return std::move(page_);
  }

 private:
  bool Hidden() const { return !stack_.empty() && stack_.back().hidden; }
  bool Inside(std::string_view tag) const {
    return std::any_of(stack_.begin(), stack_.end(), [&](const Open& o) { return o.tag == tag; });
  }

  std::string Path(const std::string& own) const {
    std::vector<std::string> parts;
    for (auto it = stack_.rbegin(); it != stack_.rend() && parts.size() + 1 < kPathParts; ++it) {
      if (it->tag == "html" || it->tag == "body") break;
      parts.push_back(it->descriptor);
    }
    std::string out;
    for (auto it = parts.rbegin(); it != parts.rend(); ++it) {
      out += (out.empty() ? "" : " > ") + *it;
    }
    if (own.empty()) return out;
    return out.empty() ? own : out + " > " + own;
  }

  void Start(const HtmlToken& t) {
    const bool hidden = Hidden() || t.Has("hidden") || StyleHides(t.Get("style")) ||
                        (t.name == "input" && LowerAscii(t.Get("type")) == "hidden");
    const std::string descriptor = Descriptor(t);
    const std::string path = Path(descriptor);
    if (t.name == "form") page_.has_form = true;
    if (t.name == "input" || t.name == "select" || t.name == "textarea") Control(t, hidden, path);
    if (t.name == "a" && t.Has("href")) {
      page_.links.push_back(PageLink{t.Get("href"), "", path, hidden, t.line});
      open_link_ = page_.links.size();
    }
    if (t.name == "label") labels_.push_back(LabelOpen{t.Get("for"), "", {}});
    const std::string marker = LowerAscii(t.Get("id") + " " + t.Get("class"));
    if (marker.size() > 1) page_.markers.push_back(PageMarker{marker, path, t.line});
    if (t.name == "script") {
      script_line_ = t.line;
      page_.has_script = true;
    }
    if (IsVoidElement(t.name) || t.self_closing || stack_.size() >= kMaxDepth) return;
    stack_.push_back(Open{t.name, descriptor, hidden});
  }

  void Control(const HtmlToken& t, bool hidden, const std::string& path) {
    PageControl c;
    c.tag = t.name;
    c.type = t.name == "input" ? LowerAscii(t.Get("type")) : t.name;
    if (c.type.empty()) c.type = "text";
    c.name = t.Get("name");
    c.id = t.Get("id");
    c.value = t.Get("value");
    c.data_consent = t.Get("data-consent");
    c.checked = t.Has("checked");
    c.hidden = hidden;
    c.path = path;
    c.line = t.line;
    page_.controls.push_back(std::move(c));
    if (!labels_.empty() && Inside("label")) {
      labels_.back().controls.push_back(page_.controls.size() - 1);
    }
  }

  void End(const std::string& tag) {
    const std::size_t limit = std::min<std::size_t>(stack_.size(), 64);
    for (std::size_t i = 0; i < limit; ++i) {
      if (stack_[stack_.size() - 1 - i].tag != tag) continue;
      for (std::size_t k = 0; k <= i; ++k) {
        if (stack_.back().tag == "a") open_link_ = 0;
        if (stack_.back().tag == "label" && !labels_.empty()) labels_.back().closed = true;
        stack_.pop_back();
      }
      return;
    }
  }

  void Text(const HtmlToken& t) {
    if (Inside("script")) {
      page_.scripts.push_back(PageScript{t.text, script_line_});
      return;
    }
    if (Inside("style") || Inside("title") || Inside("template") || Inside("noscript")) return;
    const std::string text = CollapseSpace(t.text);
    if (text.empty()) return;
    if (!labels_.empty() && !labels_.back().closed) labels_.back().text += " " + text;
    if (Hidden()) return;
    if (open_link_ > 0) page_.links[open_link_ - 1].text += " " + text;
    page_.texts.push_back(PageText{text, Path(""), t.line});
  }

  void ResolveLabels() {
    for (auto& link : page_.links) link.text = CollapseSpace(link.text);
    for (const auto& label : labels_) {
      const std::string text = CollapseSpace(label.text);
      for (std::size_t i : label.controls) page_.controls[i].label = text;
      if (label.for_id.empty()) continue;
      for (auto& c : page_.controls) {
        if (c.id == label.for_id && c.label.empty()) c.label = text;
      }
    }
  }

  struct LabelOpen {
    std::string for_id, text;
    std::vector<std::size_t> controls;
    bool closed = false;
  };
  Page page_;
  std::vector<Open> stack_;
  std::vector<LabelOpen> labels_;
  std::size_t open_link_ = 0;  // index + 1 of the <a> being read, 0 when none
  std::size_t script_line_ = 0;
};

}  // namespace

std::string CollapseSpace(std::string_view text) {
  std::string out;
  bool space = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    const bool nbsp = c == '\xC2' && i + 1 < text.size() && text[i + 1] == '\xA0';
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || nbsp) {
      if (nbsp) ++i;
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

Page ReadPage(std::string_view html) { return Reader().Run(html); }

}  // namespace capture::internal
