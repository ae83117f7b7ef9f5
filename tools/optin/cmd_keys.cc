// optin keygen: a new Ed25519 key (advertiser, partner or device) as a key file.
#include <iostream>

#include "capture/encoding.h"
#include "command.h"
#include "key_file.h"

namespace optin {
namespace {

int Keygen(const Args& args) {
  auto key = capture::SigningKey::Generate();
  if (auto seed_hex = args.Option("seed")) {
    // Deterministic keys for test vectors only.
    auto seed = capture::HexDecode(*seed_hex);
    if (!seed.ok()) return ReportError(args, seed.error(), kExitUsage);
    key = capture::SigningKey::FromSeed(*seed);
  }
  if (!key.ok()) return ReportError(args, key.error());
  const std::string out = args.Option("out").value_or("-");
  if (auto status = SaveSigningKey(out, *key); !status.ok()) {
    return ReportError(args, status.error(), kExitIo);
  }
  if (out != "-") std::cout << key->public_key().ToBase64() << "\n";
  return kExitOk;
}

int PublicKeyOf(const Args& args) {
  if (args.positionals().size() != 1) return UsageError("key public", "expects KEY_FILE");
  auto key = LoadSigningKey(args.positionals()[0]);
  if (!key.ok()) return ReportError(args, key.error());
  std::cout << key->public_key().ToBase64() << "\n";
  return kExitOk;
}

}  // namespace

OPTIN_COMMAND("keygen", "Create an Ed25519 key file (0600) and print its public key.",
              "[--out FILE] [--seed HEX32 (test vectors only)]", Keygen);
OPTIN_COMMAND("key public", "Print the base64 public key of a key file.", "KEY_FILE", PublicKeyOf);

}  // namespace optin
