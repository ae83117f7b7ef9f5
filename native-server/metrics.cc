#include "metrics.h"

#include <sstream>
#include <tuple>

namespace optin::server {
namespace {

template <class H, std::size_t N>
void Observe(H& h, const std::array<double, N>& bounds, double value) {
  std::size_t i = 0;
  while (i < N && value > bounds[i]) ++i;
  ++h.counts[i];
  h.sum += value;
  ++h.total;
}

template <class H, std::size_t N>
void RenderHistogram(std::ostringstream& out, std::string_view name, const H& h,
                     const std::array<double, N>& bounds) {
  std::uint64_t cumulative = 0;
  for (std::size_t i = 0; i < N; ++i) {
    cumulative += h.counts[i];
    out << name << "_bucket{le=\"" << bounds[i] << "\"} " << cumulative << "\n";
  }
  out << name << "_bucket{le=\"+Inf\"} " << h.total << "\n";
  out << name << "_sum " << h.sum << "\n" << name << "_count " << h.total << "\n";
}

}  // namespace

void Metrics::CountRequest(std::string_view route, std::string_view method, int status) {
  std::lock_guard lock(mu_);
  ++requests_[{std::string(route), std::string(method), status}];
}

void Metrics::CountRecord(std::string_view outcome) {
  std::lock_guard lock(mu_);
  ++records_[std::string(outcome)];
}

void Metrics::ObserveBatch(std::size_t entries, double commit_seconds) {
  std::lock_guard lock(mu_);
  Observe(batch_size_, kBatchBounds, static_cast<double>(entries));
  Observe(commit_latency_, kLatencyBounds, commit_seconds);
}

std::string Metrics::Render(std::size_t outstanding) const {
  std::ostringstream out;
  std::lock_guard lock(mu_);
  out << "# HELP optin_http_requests_total HTTP requests by route, method and status.\n"
      << "# TYPE optin_http_requests_total counter\n";
  for (const auto& [key, n] : requests_) {
    out << "optin_http_requests_total{route=\"" << std::get<0>(key) << "\",method=\""
        << std::get<1>(key) << "\",status=\"" << std::get<2>(key) << "\"} " << n << "\n";
  }
  out << "# HELP optin_records_total Consent records by outcome (accepted, repeated or the "
         "refusal code).\n# TYPE optin_records_total counter\n";
  for (const auto& [code, n] : records_) {
    out << "optin_records_total{outcome=\"" << code << "\"} " << n << "\n";
  }
  out << "# HELP optin_batch_entries Ledger entries per committed batch.\n"
      << "# TYPE optin_batch_entries histogram\n";
  RenderHistogram(out, "optin_batch_entries", batch_size_, kBatchBounds);
  out << "# HELP optin_commit_seconds Time to write and commit one batch.\n"
      << "# TYPE optin_commit_seconds histogram\n";
  RenderHistogram(out, "optin_commit_seconds", commit_latency_, kLatencyBounds);
  out << "# HELP optin_ledger_entries Entries in the ledger.\n# TYPE optin_ledger_entries gauge\n"
      << "optin_ledger_entries " << ledger_size_.load() << "\n"
      << "# HELP optin_sequencer_outstanding Entries queued for the sequencer.\n"
      << "# TYPE optin_sequencer_outstanding gauge\n"
      << "optin_sequencer_outstanding " << outstanding << "\n"
      << "# HELP optin_withdrawals_unacknowledged Withdrawal notices a call centre has not "
         "acknowledged within withdrawal_ack_limit_ms.\n"
      << "# TYPE optin_withdrawals_unacknowledged gauge\n"
      << "optin_withdrawals_unacknowledged " << unacked_withdrawals_.load() << "\n"
      << "# HELP optin_commit_failures_total Batches the storage failed to commit (disk full, "
         "fsync error, locked); none was answered with a receipt.\n"
      << "# TYPE optin_commit_failures_total counter\n"
      << "optin_commit_failures_total " << commit_failures_.load() << "\n"
      << "# HELP optin_clock_went_back_total Submissions refused because the clock was behind "
         "the newest ledger entry.\n"
      << "# TYPE optin_clock_went_back_total counter\n"
      << "optin_clock_went_back_total " << clock_went_back_.load() << "\n";
  return out.str();
}

}  // namespace optin::server
