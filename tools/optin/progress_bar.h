// A progress bar on stderr for long commands (customer import, feed export). It draws only when
// stderr is a terminal, so pipes, files and CI logs get no control characters; --no-progress and
// --json turn it off too. Redraws at most ten times a second.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace optin {

class ProgressBar {
 public:
  ProgressBar(std::string label, bool wanted);
  [[nodiscard]] bool active() const { return active_; }
  // `total` 0: unknown (a counter instead of a bar). `note` follows the numbers ("1200 rows").
  void Update(std::uint64_t done, std::uint64_t total, const std::string& note = "");
  // Draws the last state and ends the line.
  void Finish();

 private:
  void Draw();
  std::string label_;
  bool active_;
  std::uint64_t done_ = 0;
  std::uint64_t total_ = 0;
  std::string note_;
  std::chrono::steady_clock::time_point last_{};
};

}  // namespace optin
