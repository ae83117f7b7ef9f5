// optin field check TYPE VALUE: what QA testers script against. Prints
// {"ok":true,"type":...,"value":normalised} or {"ok":false,"error":{code,message,field}}.
#include <cstdlib>
#include <iostream>

#include "capture/fields.h"
#include "capture/json.h"
#include "capture/time.h"
#include "command.h"

namespace optin {
namespace {

capture::Result<capture::CivilDate> ParseDay(const std::string& text) {
  auto ms = capture::ParseRfc3339Millis(text + "T12:00:00.000Z");
  if (!ms.ok())
    return capture::MakeError(capture::ErrorCode::kDateInvalid, "--today must be YYYY-MM-DD");
  return capture::AmsterdamDate(*ms);
}

int FieldCheck(const Args& args) {
  if (args.positionals().size() != 2) return UsageError("field check", "expects TYPE VALUE");
  auto type = capture::FieldTypeFromName(args.positionals()[0]);
  if (!type.ok()) return ReportError(args, type.error(), kExitUsage);
  capture::FieldRules rules;
  rules.type = *type;
  rules.required = args.Flag("required");
  if (auto n = args.Option("max-length")) rules.max_length = std::strtoul(n->c_str(), nullptr, 10);
  if (auto n = args.Option("min-age")) rules.min_age = std::atoi(n->c_str());
  if (auto list = args.Option("options")) {
    std::string item;
    for (char c : *list + ",") {
      if (c == ',') {
        if (!item.empty()) rules.options.push_back(item);
        item.clear();
      } else {
        item += c;
      }
    }
  }
  capture::CivilDate today{};
  if (auto day = args.Option("today")) {
    auto parsed = ParseDay(*day);
    if (!parsed.ok()) return ReportError(args, parsed.error(), kExitUsage);
    today = *parsed;
  } else {
    today = capture::AmsterdamDate(static_cast<capture::UnixMillis>(std::time(nullptr)) * 1000);
  }
  auto value = capture::NormaliseField(rules, args.positionals()[1], today);
  capture::Json out;
  if (value.ok()) {
    out = {{"ok", true}, {"type", args.positionals()[0]}, {"value", *value}};
  } else {
    out = {{"ok", false},
           {"type", args.positionals()[0]},
           {"error",
            {{"code", std::string(value.error().wire())},
             {"message", value.error().message},
             {"field", value.error().field}}}};
  }
  auto text = capture::CanonicalJson(out);
  std::cout << (text.ok() ? *text : out.dump()) << "\n";
  return value.ok() ? kExitOk : kExitRefused;
}

}  // namespace

OPTIN_COMMAND("field check", "Normalise and validate one field value; prints JSON.",
              "TYPE VALUE [--required] [--max-length N] [--options a,b] [--min-age N] "
              "[--today YYYY-MM-DD]",
              FieldCheck);

}  // namespace optin
