// R2: the traffic code partner.channel.placement.creative identifies where an opt-in came from,
// so conversion, quality and complaints can be counted per source and a source can be blocked.
#include <array>
#include <string>

#include "capture/record.h"

namespace capture {
namespace {

constexpr std::size_t kMaxPart = 32;
constexpr std::array<std::string_view, 4> kPartNames = {"partner", "channel", "placement",
                                                        "creative"};

bool IsPartByte(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
}

}  // namespace

std::string TrafficSource::code() const {
  return partner + "." + channel + "." + placement + "." + creative;
}

Result<TrafficSource> ParseTrafficCode(std::string_view code) {
  std::array<std::string, 4> parts;
  std::size_t part = 0;
  for (char c : code) {
    if (c == '.') {
      if (++part == parts.size()) {
        return MakeError(ErrorCode::kSourceInvalid, "the traffic code has more than four parts",
                         "source");
      }
      continue;
    }
    if (!IsPartByte(c)) {
      return MakeError(ErrorCode::kSourceInvalid,
                       "the traffic code may hold only a-z, 0-9, '_', '-' and '.'", "source");
    }
    if (parts[part].size() == kMaxPart) {
      return MakeError(ErrorCode::kSourceInvalid,
                       "the " + std::string(kPartNames[part]) + " part is longer than 32",
                       "source");
    }
    parts[part] += c;
  }
  if (part != parts.size() - 1) {
    return MakeError(ErrorCode::kSourceInvalid,
                     "the traffic code must have four parts: partner.channel.placement.creative",
                     "source");
  }
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (parts[i].empty()) {
      return MakeError(ErrorCode::kSourceInvalid,
                       "the " + std::string(kPartNames[i]) + " part is empty", "source");
    }
  }
  return TrafficSource{parts[0], parts[1], parts[2], parts[3]};
}

}  // namespace capture
