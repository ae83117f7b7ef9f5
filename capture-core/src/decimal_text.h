// Zero-padded decimals without printf: the WebAssembly module links no printf family (its
// formatter alone, with the 128-bit long double arithmetic it pulls in, is about 10 KB gzip).
#pragma once

#include <string>

namespace capture::internal {

// As printf("%0*lld", width, value): at least `width` characters, the sign counted.
inline void AppendZeroPadded(long long value, int width, std::string& out) {
  unsigned long long magnitude = value < 0 ? 0ULL - static_cast<unsigned long long>(value)
                                           : static_cast<unsigned long long>(value);
  char digits[20];
  int count = 0;
  do {
    digits[count++] = static_cast<char>('0' + magnitude % 10);
    magnitude /= 10;
  } while (magnitude != 0);
  if (value < 0) {
    out += '-';
    --width;
  }
  for (int i = count; i < width; ++i) out += '0';
  while (count > 0) out += digits[--count];
}

}  // namespace capture::internal
