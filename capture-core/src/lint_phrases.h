// The word lists of the QA lint (R21). The phrase lists that QA testers tune (time pressure,
// misleading wording, countdown markers) live in data/qa_phrases.txt, compiled into the core.
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "capture/fields.h"
#include "capture/manifest.h"

namespace capture::internal {

// Words that name one marketing channel (Dutch and English), for the bundling check.
struct ChannelWords {
  ConsentChannel channel;
  std::span<const std::string_view> words;
};

// Words a label of a typed field is expected to contain (one of them).
struct LabelWords {
  FieldType type;
  std::span<const std::string_view> words;
};

[[nodiscard]] std::span<const std::string_view> TimePressurePhrases();
// One [section] of data/qa_phrases.txt ("time_pressure", "misleading", "countdown_markers").
[[nodiscard]] std::span<const std::string_view> QaPhrases(std::string_view section);
[[nodiscard]] std::span<const ChannelWords> ChannelPhrases();
[[nodiscard]] std::span<const LabelWords> LabelPhrases();
[[nodiscard]] std::span<const std::string_view> TermUnitWords();  // maanden, months, ...
[[nodiscard]] std::span<const std::string_view> NumberWords();    // een, twaalf, twelve, ...

// ASCII lowercase; other bytes (UTF-8 sequences) stay as they are.
[[nodiscard]] std::string LowerAscii(std::string_view text);
// Whether `phrase` (lowercase) occurs in `lowered` between word boundaries: the bytes around it
// are not ASCII letters or digits (so "post" does not match inside "postcode").
[[nodiscard]] bool ContainsPhrase(std::string_view lowered, std::string_view phrase);

}  // namespace capture::internal
