// Prometheus text-format metrics: requests by route and status, records accepted and refused by
// code, batch sizes, commit latency and the ledger size.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>

namespace optin::server {

class Metrics {
 public:
  void CountRequest(std::string_view route, std::string_view method, int status);
  // "accepted", "repeated" or the refusal's error code.
  void CountRecord(std::string_view outcome);
  void ObserveBatch(std::size_t entries, double commit_seconds);
  void SetLedgerSize(std::uint64_t size) { ledger_size_.store(size); }
  void SetUnackedWithdrawals(std::uint64_t n) { unacked_withdrawals_.store(n); }
  // Faults an operator must see (docs/guide-operator.md, "Faults").
  void CountCommitFailure() { commit_failures_.fetch_add(1); }
  void CountClockWentBack() { clock_went_back_.fetch_add(1); }
  [[nodiscard]] std::string Render(std::size_t outstanding) const;

 private:
  template <std::size_t N>
  struct Histogram {
    std::array<std::uint64_t, N + 1> counts{};  // last bucket is +Inf
    double sum = 0;
    std::uint64_t total = 0;
  };
  static constexpr std::array<double, 9> kLatencyBounds = {0.0005, 0.001, 0.002, 0.005, 0.01,
                                                           0.02,   0.05,  0.1,   0.5};
  static constexpr std::array<double, 8> kBatchBounds = {1, 2, 4, 8, 16, 32, 64, 128};

  mutable std::mutex mu_;
  std::map<std::tuple<std::string, std::string, int>, std::uint64_t> requests_;
  std::map<std::string, std::uint64_t> records_;
  Histogram<kLatencyBounds.size()> commit_latency_;
  Histogram<kBatchBounds.size()> batch_size_;
  std::atomic<std::uint64_t> ledger_size_{0};
  std::atomic<std::uint64_t> unacked_withdrawals_{0};  // past the limit, as of the last scrape
  std::atomic<std::uint64_t> commit_failures_{0};
  std::atomic<std::uint64_t> clock_went_back_{0};
};

}  // namespace optin::server
