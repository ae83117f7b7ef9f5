#include "key_store.h"

#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "capture/json.h"

namespace optin::server {
namespace {

using capture::ErrorCode;
using capture::MakeError;

constexpr std::string_view kEd25519Kind = "optin-capture/ed25519-key/v1";
constexpr std::string_view kMasterKind = "optin-capture/master-key/v1";

bool Exists(const std::string& path) {
  std::error_code ec;
  return std::filesystem::exists(path, ec);
}

}  // namespace

capture::Result<std::string> ReadWholeFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return MakeError(ErrorCode::kStorageUnavailable, "cannot read " + path);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

capture::Status WritePrivateFile(const std::string& path, std::string_view data) {
  const std::string tmp = path + ".tmp";
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  if (fd < 0) return MakeError(ErrorCode::kStorageUnavailable, "cannot create " + tmp);
  std::size_t done = 0;
  while (done < data.size()) {
    const ssize_t n = ::write(fd, data.data() + done, data.size() - done);
    if (n <= 0) break;
    done += static_cast<std::size_t>(n);
  }
  const bool ok = done == data.size() && ::fsync(fd) == 0;
  ::close(fd);
  if (!ok || std::rename(tmp.c_str(), path.c_str()) != 0) {
    return MakeError(ErrorCode::kStorageUnavailable, "cannot write " + path);
  }
  return capture::OkStatus();
}

capture::Result<capture::SigningKey> LoadOrCreateSigningKey(const std::string& path) {
  if (!Exists(path)) {
    CAPTURE_ASSIGN_OR_RETURN(capture::SigningKey key, capture::SigningKey::Generate());
    capture::Json out = {{"kind", kEd25519Kind},
                         {"seed", capture::Base64Encode(key.RevealSeed().RevealSecretBytes())},
                         {"public_key", key.public_key().ToBase64()}};
    CAPTURE_RETURN_IF_ERROR(WritePrivateFile(path, out.dump(2) + "\n"));
    return key;
  }
  CAPTURE_ASSIGN_OR_RETURN(std::string text, ReadWholeFile(path));
  CAPTURE_ASSIGN_OR_RETURN(capture::Json json, capture::ParseJson(text));
  CAPTURE_ASSIGN_OR_RETURN(std::string kind, capture::GetString(json, "kind"));
  CAPTURE_ASSIGN_OR_RETURN(std::string seed, capture::GetString(json, "seed"));
  if (kind != kEd25519Kind) return MakeError(ErrorCode::kKeyInvalid, path + ": not a key file");
  CAPTURE_ASSIGN_OR_RETURN(capture::Bytes seed_bytes, capture::Base64Decode(seed));
  auto key = capture::SigningKey::FromSeed(seed_bytes);
  std::fill(seed_bytes.begin(), seed_bytes.end(), 0);
  return key;
}

capture::Result<capture::SecretBytes> LoadOrCreateMasterKey(const std::string& path) {
  if (!Exists(path)) {
    capture::Bytes key(capture::kAeadKeySize);
    capture::RandomFill(key);
    capture::Json out = {{"kind", kMasterKind}, {"key", capture::Base64Encode(key)}};
    capture::SecretBytes secret(key);
    std::fill(key.begin(), key.end(), 0);
    CAPTURE_RETURN_IF_ERROR(WritePrivateFile(path, out.dump(2) + "\n"));
    return secret;
  }
  CAPTURE_ASSIGN_OR_RETURN(std::string text, ReadWholeFile(path));
  CAPTURE_ASSIGN_OR_RETURN(capture::Json json, capture::ParseJson(text));
  CAPTURE_ASSIGN_OR_RETURN(std::string kind, capture::GetString(json, "kind"));
  CAPTURE_ASSIGN_OR_RETURN(std::string b64, capture::GetString(json, "key"));
  if (kind != kMasterKind) return MakeError(ErrorCode::kKeyInvalid, path + ": not a master key");
  CAPTURE_ASSIGN_OR_RETURN(capture::Bytes key, capture::Base64Decode(b64));
  if (key.size() != capture::kAeadKeySize) {
    return MakeError(ErrorCode::kKeyInvalid, path + ": the master key must be 32 bytes");
  }
  capture::SecretBytes secret(key);
  std::fill(key.begin(), key.end(), 0);
  return secret;
}

}  // namespace optin::server
