// The page model the form-QA rules read: controls, labels, links, visible text and scripts,
// built from the token stream with the visibility that inline markup gives each element.
#pragma once

#include <string>
#include <vector>

#include "capture/html_tokenizer.h"

namespace capture::internal {

struct PageControl {
  std::string tag;   // input, select, textarea, button
  std::string type;  // lowercased input type ("text" when absent); tag name otherwise
  std::string name, id, value, data_consent;
  bool checked = false;  // the checked attribute
  bool hidden = false;   // itself or an ancestor hidden by markup (hidden, display:none, ...)
  std::string label;     // text of its <label> (wrapping or for=id), whitespace collapsed
  std::string path;
  std::size_t line = 0;
};

struct PageLink {
  std::string href, text, path;
  bool hidden = false;
  std::size_t line = 0;
};

struct PageText {  // a visible run of text with where it is
  std::string text, path;
  std::size_t line = 0;
};

struct PageMarker {  // an element whose id or class names a marker (countdown)
  std::string id_and_class, path;
  std::size_t line = 0;
};

struct PageScript {
  std::string text;
  std::size_t line = 0;
};

struct Page {
  std::vector<PageControl> controls;
  std::vector<PageLink> links;
  std::vector<PageText> texts;
  std::vector<PageMarker> markers;
  std::vector<PageScript> scripts;
  bool has_form = false;
  bool has_script = false;  // any <script>, inline or src=
  bool truncated = false;
};

[[nodiscard]] Page ReadPage(std::string_view html);

// Collapses runs of whitespace (including U+00A0) to one space and trims.
[[nodiscard]] std::string CollapseSpace(std::string_view text);

}  // namespace capture::internal
