// The raw bound for the verification server: Ed25519 verifications per second with libsodium on
// every core (through capture-core's wrapper, over a record-sized message), which no server that
// checks one signature per record can beat.
//   optin-bench-ed25519 [SECONDS] [THREADS]
#include <atomic>
#include <chrono>
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

#include "capture/crypto.h"

int main(int argc, char** argv) {
  const double seconds = argc > 1 ? std::stod(argv[1]) : 3.0;
  const unsigned threads = argc > 2 ? static_cast<unsigned>(std::stoul(argv[2]))
                                    : std::max(1u, std::thread::hardware_concurrency());
  if (!capture::InitCrypto().ok()) return 1;
  auto key = capture::SigningKey::Generate();
  const std::string message(700, 'r');  // about the size of a record's JCS form
  const auto sig = key->Sign(capture::AsBytes(message));
  std::atomic<bool> stop{false};
  std::atomic<long> total{0};
  std::vector<std::thread> pool;
  for (unsigned t = 0; t < threads; ++t) {
    pool.emplace_back([&] {
      long n = 0;
      while (!stop.load(std::memory_order_relaxed)) {
        if (!key->public_key().Verify(capture::AsBytes(message), sig)) return;
        ++n;
      }
      total += n;
    });
  }
  std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
  stop = true;
  for (auto& t : pool) t.join();
  std::printf("ed25519 verify: %.0f/s on %u threads\n", static_cast<double>(total) / seconds,
              threads);
  return 0;
}
