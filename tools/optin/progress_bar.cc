#include "progress_bar.h"

#include <unistd.h>

#include <cstdio>

namespace optin {

ProgressBar::ProgressBar(std::string label, bool wanted)
    : label_(std::move(label)), active_(wanted && ::isatty(STDERR_FILENO) == 1) {}

void ProgressBar::Update(std::uint64_t done, std::uint64_t total, const std::string& note) {
  done_ = done;
  total_ = total;
  note_ = note;
  if (!active_) return;
  const auto now = std::chrono::steady_clock::now();
  if (now - last_ < std::chrono::milliseconds(100)) return;
  last_ = now;
  Draw();
}

void ProgressBar::Draw() {
  constexpr int kWidth = 30;
  std::string line = "\r" + label_ + " ";
  if (total_ > 0) {
    const std::uint64_t shown = done_ > total_ ? total_ : done_;
    const int filled = static_cast<int>(shown * kWidth / total_);
    line += "[" + std::string(static_cast<std::size_t>(filled), '#') +
            std::string(static_cast<std::size_t>(kWidth - filled), '.') + "] " +
            std::to_string(shown * 100 / total_) + "%";
  } else {
    line += std::to_string(done_);
  }
  if (!note_.empty()) line += "  " + note_;
  line += "\x1b[K";  // clear what a longer earlier line left
  std::fputs(line.c_str(), stderr);
  std::fflush(stderr);
}

void ProgressBar::Finish() {
  if (!active_) return;
  Draw();
  std::fputs("\n", stderr);
}

}  // namespace optin
