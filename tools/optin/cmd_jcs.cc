// optin jcs: RFC 8785 canonical form of a JSON document.
#include "capture/json.h"
#include "command.h"

namespace optin {
namespace {

int Jcs(const Args& args) {
  const std::string in = args.positionals().empty() ? "-" : args.positionals()[0];
  auto text = ReadInput(in);
  if (!text.ok()) return ReportError(args, text.error(), kExitIo);
  auto canonical = capture::Canonicalize(*text);
  if (!canonical.ok()) return ReportError(args, canonical.error());
  if (auto status = WriteOutput("-", *canonical); !status.ok()) {
    return ReportError(args, status.error(), kExitIo);
  }
  return kExitOk;
}

}  // namespace

OPTIN_COMMAND("jcs", "Canonicalise JSON (RFC 8785) from a file or stdin to stdout.", "[FILE|-]",
              Jcs);

}  // namespace optin
