// The only file that calls libsodium. Every return value is checked.
#include "capture/crypto.h"

#include <sodium.h>

#include <cstring>

namespace capture {

static_assert(sizeof(crypto_hash_sha256_state) <= 128, "Sha256Hasher state too small");

Status InitCrypto() {
  // sodium_init returns 0 on first success, 1 if already initialised, -1 on failure.
  if (sodium_init() < 0) return MakeError(ErrorCode::kCryptoUnavailable);
  return OkStatus();
}

Sha256Digest Sha256(ByteView data) {
  Sha256Digest out{};
  crypto_hash_sha256(out.data(), data.data(), data.size());
  return out;
}

Sha256Hasher::Sha256Hasher() {
  crypto_hash_sha256_init(reinterpret_cast<crypto_hash_sha256_state*>(state_.data()));
}

void Sha256Hasher::Update(ByteView data) {
  crypto_hash_sha256_update(reinterpret_cast<crypto_hash_sha256_state*>(state_.data()), data.data(),
                            data.size());
}

Sha256Digest Sha256Hasher::Finish() {
  Sha256Digest out{};
  crypto_hash_sha256_final(reinterpret_cast<crypto_hash_sha256_state*>(state_.data()), out.data());
  return out;
}

Result<Bytes> Blake2b(ByteView key, ByteView message, std::size_t out_len) {
  if (out_len < crypto_generichash_BYTES_MIN || out_len > crypto_generichash_BYTES_MAX) {
    return MakeError(ErrorCode::kKeyInvalid, "BLAKE2b output length must be 16..64 bytes");
  }
  if (!key.empty() && (key.size() < crypto_generichash_KEYBYTES_MIN ||
                       key.size() > crypto_generichash_KEYBYTES_MAX)) {
    return MakeError(ErrorCode::kKeyInvalid, "BLAKE2b key must be 16..64 bytes");
  }
  Bytes out(out_len);
  if (crypto_generichash(out.data(), out.size(), message.data(), message.size(),
                         key.empty() ? nullptr : key.data(), key.size()) != 0) {
    return MakeError(ErrorCode::kCryptoUnavailable, "BLAKE2b failed");
  }
  return out;
}

Sha256Digest HmacSha256(ByteView key, ByteView message) {
  Sha256Digest out{};
  crypto_auth_hmacsha256_state state;
  // These cannot fail in libsodium; an all-zero MAC (never a valid one) would show if they did.
  int rc = crypto_auth_hmacsha256_init(&state, key.data(), key.size());
  rc |= crypto_auth_hmacsha256_update(&state, message.data(), message.size());
  rc |= crypto_auth_hmacsha256_final(&state, out.data());
  sodium_memzero(&state, sizeof state);
  if (rc != 0) out.fill(0);
  return out;
}

void RandomFill(std::span<std::uint8_t> out) { randombytes_buf(out.data(), out.size()); }

EntropySource SystemEntropy() {
  return [](std::span<std::uint8_t> out) { RandomFill(out); };
}

SecretBytes::SecretBytes(ByteView bytes) : bytes_(bytes.begin(), bytes.end()) {}
SecretBytes::SecretBytes(const SecretBytes& other) : bytes_(other.bytes_) {}
SecretBytes& SecretBytes::operator=(const SecretBytes& other) {
  if (this != &other) {
    Wipe();
    bytes_ = other.bytes_;
  }
  return *this;
}
SecretBytes::SecretBytes(SecretBytes&& other) noexcept : bytes_(std::move(other.bytes_)) {
  other.bytes_.clear();
}
SecretBytes& SecretBytes::operator=(SecretBytes&& other) noexcept {
  if (this != &other) {
    Wipe();
    bytes_ = std::move(other.bytes_);
    other.bytes_.clear();
  }
  return *this;
}
SecretBytes::~SecretBytes() { Wipe(); }
void SecretBytes::Wipe() {
  if (!bytes_.empty()) sodium_memzero(bytes_.data(), bytes_.size());
  bytes_.clear();
}

Result<PublicKey> PublicKey::FromBytes(ByteView bytes) {
  if (bytes.size() != kEd25519PublicKeySize) {
    return MakeError(ErrorCode::kKeyInvalid, "an Ed25519 public key has 32 bytes");
  }
  PublicKey key;
  std::memcpy(key.bytes_.data(), bytes.data(), kEd25519PublicKeySize);
  return key;
}

Result<PublicKey> PublicKey::FromBase64(std::string_view text) {
  auto bytes = Base64Decode(text);
  if (!bytes.ok()) return MakeError(ErrorCode::kKeyInvalid, "public key is not valid base64");
  return FromBytes(*bytes);
}

bool PublicKey::Verify(ByteView message, ByteView signature) const {
  if (signature.size() != kEd25519SignatureSize) return false;
  return crypto_sign_verify_detached(signature.data(), message.data(), message.size(),
                                     bytes_.data()) == 0;
}

Result<SigningKey> SigningKey::Generate() {
  std::array<std::uint8_t, kEd25519SeedSize> seed{};
  RandomFill(seed);
  auto key = FromSeed(seed);
  sodium_memzero(seed.data(), seed.size());
  return key;
}

Result<SigningKey> SigningKey::FromSeed(ByteView seed32) {
  if (seed32.size() != kEd25519SeedSize) {
    return MakeError(ErrorCode::kKeyInvalid, "an Ed25519 seed has 32 bytes");
  }
  std::array<std::uint8_t, crypto_sign_PUBLICKEYBYTES> pk{};
  std::array<std::uint8_t, crypto_sign_SECRETKEYBYTES> sk{};
  if (crypto_sign_seed_keypair(pk.data(), sk.data(), seed32.data()) != 0) {
    return MakeError(ErrorCode::kCryptoUnavailable, "Ed25519 key derivation failed");
  }
  auto public_key = PublicKey::FromBytes(pk);
  SecretBytes expanded(sk);
  sodium_memzero(sk.data(), sk.size());
  if (!public_key.ok()) return public_key.error();
  return SigningKey(SecretBytes(seed32), std::move(expanded), *public_key);
}

Ed25519Signature SigningKey::Sign(ByteView message) const {
  Ed25519Signature sig{};
  // Cannot fail with a valid 64-byte secret key, which the factory guarantees.
  (void)crypto_sign_detached(sig.data(), nullptr, message.data(), message.size(),
                             expanded_.RevealSecretBytes().data());
  return sig;
}

Result<Bytes> AeadEncrypt(const SecretBytes& key, ByteView plaintext, ByteView associated_data) {
  if (key.size() != kAeadKeySize) return MakeError(ErrorCode::kKeyInvalid, "AEAD key has 32 bytes");
  Bytes out(kAeadNonceSize + plaintext.size() + kAeadTagSize);
  RandomFill(std::span<std::uint8_t>(out.data(), kAeadNonceSize));
  unsigned long long written = 0;
  if (crypto_aead_xchacha20poly1305_ietf_encrypt(
          out.data() + kAeadNonceSize, &written, plaintext.data(), plaintext.size(),
          associated_data.data(), associated_data.size(), nullptr, out.data(),
          key.RevealSecretBytes().data()) != 0) {
    return MakeError(ErrorCode::kCryptoUnavailable, "encryption failed");
  }
  out.resize(kAeadNonceSize + written);
  return out;
}

Result<Bytes> AeadDecrypt(const SecretBytes& key, ByteView sealed, ByteView associated_data) {
  if (key.size() != kAeadKeySize) return MakeError(ErrorCode::kKeyInvalid, "AEAD key has 32 bytes");
  if (sealed.size() < kAeadNonceSize + kAeadTagSize) {
    return MakeError(ErrorCode::kDecryptFailed, "sealed data too short");
  }
  Bytes out(sealed.size() - kAeadNonceSize - kAeadTagSize);
  unsigned long long written = 0;
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(
          out.data(), &written, nullptr, sealed.data() + kAeadNonceSize,
          sealed.size() - kAeadNonceSize, associated_data.data(), associated_data.size(),
          sealed.data(), key.RevealSecretBytes().data()) != 0) {
    return MakeError(ErrorCode::kDecryptFailed, "authentication failed (wrong key or tampered)");
  }
  out.resize(written);
  return out;
}

bool ConstantTimeEqual(ByteView a, ByteView b) {
  if (a.size() != b.size()) return false;
  if (a.empty()) return true;
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace capture
