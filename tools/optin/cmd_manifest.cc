// optin manifest sign|verify|lint: what a campaign owner runs before a campaign goes live.
#include <iostream>

#include "capture/encoding.h"
#include "capture/json.h"
#include "capture/manifest.h"
#include "command.h"
#include "key_file.h"

namespace optin {
namespace {

capture::Json FindingsJson(const std::vector<capture::LintFinding>& findings) {
  capture::Json out = capture::Json::array();
  for (const auto& f : findings) {
    out.push_back({{"rule", f.rule},
                   {"severity", f.severity},
                   {"where", f.where},
                   {"message", f.message},
                   {"hint", f.hint}});
  }
  return out;
}

capture::Json Summary(const capture::Manifest& m) {
  return {{"campaign", m.campaign_id},
          {"version", m.version},
          {"advertiser", m.advertiser_name},
          {"manifest_sha256", capture::HexEncode(m.sha256)},
          {"shown_text_sha256", capture::HexEncode(m.shown_text_sha256)}};
}

int Sign(const Args& args) {
  if (args.positionals().size() != 1) return UsageError("manifest sign", "expects MANIFEST_FILE");
  auto key_path = args.Option("key");
  if (!key_path) return UsageError("manifest sign", "--key KEY_FILE is required");
  auto key = LoadSigningKey(*key_path);
  if (!key.ok()) return ReportError(args, key.error());
  auto text = ReadInput(args.positionals()[0]);
  if (!text.ok()) return ReportError(args, text.error(), kExitIo);
  auto json = capture::ParseJson(*text);
  if (!json.ok()) return ReportError(args, json.error());
  // Accept either the bare manifest object or an already signed document (re-sign).
  const capture::Json& object =
      json->contains("manifest") && json->contains("sig") ? (*json)["manifest"] : *json;
  auto signed_text = capture::SignManifest(object, *key);
  if (!signed_text.ok()) return ReportError(args, signed_text.error());
  if (auto s = WriteOutput(args.Option("out").value_or("-"), *signed_text + "\n"); !s.ok()) {
    return ReportError(args, s.error(), kExitIo);
  }
  return kExitOk;
}

int Verify(const Args& args) {
  if (args.positionals().size() != 1) return UsageError("manifest verify", "expects SIGNED_FILE");
  auto key_arg = args.Option("advertiser-key");
  if (!key_arg) return UsageError("manifest verify", "--advertiser-key KEY is required");
  auto key = LoadPublicKey(*key_arg);
  if (!key.ok()) return ReportError(args, key.error(), kExitUsage);
  auto text = ReadInput(args.positionals()[0]);
  if (!text.ok()) return ReportError(args, text.error(), kExitIo);
  auto manifest = capture::VerifySignedManifest(*text, *key);
  if (!manifest.ok()) return ReportError(args, manifest.error());
  capture::Json out = Summary(*manifest);
  out["ok"] = true;
  std::cout << out.dump(2) << "\n";
  return kExitOk;
}

int Lint(const Args& args) {
  if (args.positionals().size() != 1) return UsageError("manifest lint", "expects MANIFEST_FILE");
  auto text = ReadInput(args.positionals()[0]);
  if (!text.ok()) return ReportError(args, text.error(), kExitIo);
  auto json = capture::ParseJson(*text);
  if (!json.ok()) return ReportError(args, json.error());
  const capture::Json& object =
      json->contains("manifest") && json->contains("sig") ? (*json)["manifest"] : *json;
  auto manifest = capture::ParseManifest(object);
  if (!manifest.ok()) return ReportError(args, manifest.error());
  const auto findings = capture::LintManifest(*manifest);
  bool has_error = false;
  for (const auto& f : findings) has_error = has_error || f.severity == "error";
  if (args.Option("format").value_or("text") == "json") {
    std::cout << capture::Json({{"ok", !has_error}, {"findings", FindingsJson(findings)}}).dump(2)
              << "\n";
  } else {
    for (const auto& f : findings) {
      std::cout << f.severity << " [" << f.rule << "] " << f.where << ": " << f.message
                << "\n    fix: " << f.hint << "\n";
    }
    std::cout << findings.size() << " finding(s); manifest rules: ok\n";
  }
  // --strict makes warnings fail too, for CI pipelines of campaign owners.
  const bool fail = has_error || (args.Flag("strict") && !findings.empty());
  return fail ? kExitRefused : kExitOk;
}

}  // namespace

OPTIN_COMMAND("manifest sign", "Check a campaign manifest's rules and sign it.",
              "MANIFEST_FILE --key ADVERTISER_KEY_FILE [--out FILE]", Sign);
OPTIN_COMMAND("manifest verify", "Verify a signed manifest against the advertiser key.",
              "SIGNED_FILE --advertiser-key KEY", Verify);
OPTIN_COMMAND("manifest lint", "Check a manifest's rules and QA warnings (R21).",
              "MANIFEST_FILE [--format text|json] [--strict]", Lint);

}  // namespace optin
