// Record ids (UUIDv7, RFC 9562) and field commitments.
#include <array>

#include "capture/record.h"

namespace capture {

// Layout: bytes 0-5 the 48-bit Unix milliseconds (big-endian, so ids sort by time), then 74
// random bits from exactly one 10-byte draw r[0..9]: byte 6 = 0x70 | (r[0] & 0x0f), byte 7 =
// r[1], byte 8 = 0x80 | (r[2] & 0x3f), bytes 9-15 = r[3..9]. Vectors depend on this order.
std::string NewRecordId(UnixMillis now, const EntropySource& entropy) {
  std::array<std::uint8_t, 10> r{};
  if (entropy) {
    entropy(r);
  } else {
    RandomFill(r);
  }
  const auto ms = static_cast<std::uint64_t>(now) & 0xFFFF'FFFF'FFFFULL;
  std::array<std::uint8_t, 16> b{};
  for (int i = 0; i < 6; ++i) b[i] = static_cast<std::uint8_t>(ms >> (8 * (5 - i)));
  b[6] = static_cast<std::uint8_t>(0x70 | (r[0] & 0x0F));
  b[7] = r[1];
  b[8] = static_cast<std::uint8_t>(0x80 | (r[2] & 0x3F));
  for (int i = 9; i < 16; ++i) b[i] = r[i - 6];
  const std::string hex = HexEncode(b);
  return hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" +
         hex.substr(16, 4) + "-" + hex.substr(20);
}

// SHA-256(salt || name || 0x00 || value): the name binds the commitment to its field, the 0x00
// ends the name (names never hold it), the salt hides low-entropy values such as postcodes.
Sha256Digest FieldCommitment(const std::array<std::uint8_t, kSaltSize>& salt, std::string_view name,
                             std::string_view value) {
  Sha256Hasher hasher;
  hasher.Update(ByteView(salt));
  hasher.Update(name);
  const std::uint8_t zero = 0;
  hasher.Update(ByteView(&zero, 1));
  hasher.Update(value);
  return hasher.Finish();
}

}  // namespace capture
