// optin record build|verify: consent records outside the browser (partners relaying server to
// server, QA scripts, reproducible test vectors).
#include <ctime>
#include <iostream>

#include "capture/encoding.h"
#include "capture/json.h"
#include "capture/manifest.h"
#include "capture/record.h"
#include "capture/time.h"
#include "command.h"
#include "key_file.h"

namespace optin {
namespace {

capture::UnixMillis NowMillis() {
  timespec ts{};
  clock_gettime(CLOCK_REALTIME, &ts);
  return static_cast<capture::UnixMillis>(ts.tv_sec) * 1000 + ts.tv_nsec / 1000000;
}

capture::Result<capture::Manifest> LoadManifest(const Args& args) {
  auto path = args.Option("manifest");
  auto key_arg = args.Option("advertiser-key");
  if (!path || !key_arg) {
    return capture::MakeError(capture::ErrorCode::kManifestInvalid,
                              "--manifest SIGNED_FILE and --advertiser-key KEY are required");
  }
  CAPTURE_ASSIGN_OR_RETURN(capture::PublicKey key, LoadPublicKey(*key_arg));
  CAPTURE_ASSIGN_OR_RETURN(std::string text, ReadInput(*path));
  return capture::VerifySignedManifest(text, key);
}

// A fixed entropy stream for reproducible vectors: the bytes are handed out in order.
capture::EntropySource FixedEntropy(capture::Bytes bytes) {
  auto state = std::make_shared<std::pair<capture::Bytes, std::size_t>>(std::move(bytes), 0);
  return [state](std::span<std::uint8_t> out) {
    for (auto& b : out) {
      // Running out is a usage error in a vector; repeat zeros so the result is still defined.
      b = state->second < state->first.size() ? state->first[state->second] : 0;
      ++state->second;
    }
  };
}

int Build(const Args& args) {
  auto manifest = LoadManifest(args);
  if (!manifest.ok()) return ReportError(args, manifest.error(), kExitUsage);
  auto sub_path = args.Option("submission");
  auto key_path = args.Option("device-key");
  if (!sub_path || !key_path) {
    return UsageError("record build", "--submission FILE and --device-key KEY_FILE are required");
  }
  auto device_key = LoadSigningKey(*key_path);
  if (!device_key.ok()) return ReportError(args, device_key.error(), kExitUsage);
  auto sub_text = ReadInput(*sub_path);
  if (!sub_text.ok()) return ReportError(args, sub_text.error(), kExitIo);
  auto sub_json = capture::ParseJson(*sub_text);
  if (!sub_json.ok()) return ReportError(args, sub_json.error());
  auto submission = capture::ParseSubmission(*sub_json);
  if (!submission.ok()) return ReportError(args, submission.error());

  capture::BuildOptions options;
  options.captured_at = NowMillis();
  if (auto at = args.Option("captured-at")) {
    auto parsed = capture::ParseRfc3339Millis(*at);
    if (!parsed.ok()) return ReportError(args, parsed.error(), kExitUsage);
    options.captured_at = *parsed;
  }
  if (auto hex = args.Option("entropy")) {
    auto bytes = capture::HexDecode(*hex);
    if (!bytes.ok()) return ReportError(args, bytes.error(), kExitUsage);
    options.entropy = FixedEntropy(std::move(*bytes));
  }
  // Report every field error, as a form would.
  const auto report = capture::ValidateSubmission(*manifest, *submission,
                                                  capture::AmsterdamDate(options.captured_at));
  if (!report.ok()) {
    for (std::size_t i = 1; i < report.errors.size(); ++i) ReportError(args, report.errors[i]);
    return ReportError(args, report.errors[0]);
  }
  auto envelope = capture::BuildRecord(*manifest, *submission, *device_key, options);
  if (!envelope.ok()) return ReportError(args, envelope.error());
  if (auto s =
          WriteOutput(args.Option("out").value_or("-"), capture::EnvelopeToJson(*envelope) + "\n");
      !s.ok()) {
    return ReportError(args, s.error(), kExitIo);
  }
  return kExitOk;
}

int Verify(const Args& args) {
  if (args.positionals().size() != 1) return UsageError("record verify", "expects ENVELOPE_FILE");
  auto manifest = LoadManifest(args);
  if (!manifest.ok()) return ReportError(args, manifest.error(), kExitUsage);
  auto text = ReadInput(args.positionals()[0]);
  if (!text.ok()) return ReportError(args, text.error(), kExitIo);
  auto json = capture::ParseJson(*text);
  if (!json.ok()) return ReportError(args, json.error());
  capture::VerifyOptions options;
  options.now = NowMillis();
  options.check_clock = !args.Flag("no-clock");
  if (auto at = args.Option("now")) {
    auto parsed = capture::ParseRfc3339Millis(*at);
    if (!parsed.ok()) return ReportError(args, parsed.error(), kExitUsage);
    options.now = *parsed;
  }
  auto verified = capture::VerifyEnvelope(*json, *manifest, options);
  if (!verified.ok()) return ReportError(args, verified.error());
  capture::Json out = {{"ok", true},
                       {"id", verified->id},
                       {"source", verified->source.code()},
                       {"captured_at", capture::FormatRfc3339Millis(verified->captured_at)},
                       {"device_key", verified->device_key.ToBase64()},
                       {"telephone_consent", verified->telephone_consent},
                       {"consents", verified->consents},
                       {"fields", verified->values}};
  std::cout << out.dump(2) << "\n";
  return kExitOk;
}

}  // namespace

OPTIN_COMMAND("record build", "Validate a submission and build a signed consent record envelope.",
              "--manifest SIGNED --advertiser-key KEY --submission FILE --device-key KEY_FILE "
              "[--captured-at RFC3339] [--entropy HEX (test vectors only)] [--out FILE]",
              Build);
OPTIN_COMMAND("record verify", "Verify a consent record envelope against its campaign.",
              "ENVELOPE_FILE --manifest SIGNED --advertiser-key KEY [--now RFC3339] [--no-clock]",
              Verify);

}  // namespace optin
