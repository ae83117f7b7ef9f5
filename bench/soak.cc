// Soak test (issue 9, BENCHMARKS.md "Soak"): the real optin-server under mixed traffic at a fixed
// rate for a long time, SIGKILLed and restarted at a fixed interval. Every envelope is resent
// until it is receipted, as the web page's outbox does, so at the end the records acknowledged
// must equal the consent records in the ledger, and the whole log must verify. Reports per
// minute: records acknowledged, p99 latency of answered submissions, server RSS, kills.
//   optin-bench-soak --bin build/bin --minutes 60 --kill-every 300 --rate 1300 [--threads 128]
// Loopback only; the data folder is a temporary one and is removed afterwards. SIGINT or SIGTERM
// ends the schedule early: what was sent is still resent until receipted, then the log is
// verified and the report printed. A progress line per minute goes to standard error.
#include <httplib.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "bench_submission.h"
#include "capture/json.h"
#include "capture/manifest.h"
#include "capture/record.h"
#include "log_verify.h"

namespace {

using capture::Json;
using Clock = std::chrono::steady_clock;
namespace fs = std::filesystem;

struct Options {
  std::string bin = "build/bin";
  double minutes = 60;
  int kill_every_s = 300;
  double rate = 1300;  // consent records per second, offered
  // Clients in flight: each waits for its answer (a group commit with its fsync, tens of ms), so
  // the rate a run can offer is about threads / latency; 24 held a 1,690/s schedule to ~700/s.
  int threads = 128;
  std::string campaign = "fietsplezier-ebike-2026";
};

std::atomic<bool> g_stop{false};  // SIGINT / SIGTERM
extern "C" void StopSchedule(int) { g_stop = true; }

std::int64_t WallMillis() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// The server as a child process: started, killed with SIGKILL, started again on the same folder.
class Server {
 public:
  Server(std::string bin, fs::path data, int port)
      : bin_(std::move(bin)), data_(std::move(data)), port_(port) {}
  bool Start() {
    const std::string exe = bin_ + "/optin-server";
    const std::string listen = "127.0.0.1:" + std::to_string(port_);
    const std::string log = (data_.parent_path() / "server.log").string();
    pid_ = fork();
    if (pid_ == 0) {
      FILE* out = std::freopen(log.c_str(), "a", stdout);
      if (out != nullptr) dup2(fileno(stdout), STDERR_FILENO);
      execl(exe.c_str(), exe.c_str(), "--data", data_.c_str(), "--listen", listen.c_str(), "--dev",
            static_cast<char*>(nullptr));
      _exit(127);
    }
    httplib::Client c("127.0.0.1", port_);
    c.set_connection_timeout(0, 100000);
    for (int i = 0; i < 300; ++i) {
      auto r = c.Get("/readyz");
      if (r && r->status == 200) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return false;
  }
  void Kill() {
    if (pid_ <= 0) return;
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
    pid_ = -1;
  }
  void Stop() {
    if (pid_ <= 0) return;
    kill(pid_, SIGTERM);
    waitpid(pid_, nullptr, 0);
    pid_ = -1;
  }
  // Resident set size in KiB, 0 when the process is not running.
  long RssKib() const {
    std::ifstream in("/proc/" + std::to_string(pid_) + "/status");
    std::string line;
    while (std::getline(in, line)) {
      if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
    }
    return 0;
  }
  [[nodiscard]] int port() const { return port_; }

 private:
  std::string bin_;
  fs::path data_;
  int port_;
  pid_t pid_ = -1;
};

struct Minute {
  long acknowledged = 0;
  long refused_attempts = 0;  // 503s, dropped connections (kills), retried
  long withdrawals = 0;
  long proofs = 0;
  std::vector<double> latencies_ms;  // answered submissions
  long rss_kib = 0;
  int kills = 0;
};

class Report {
 public:
  explicit Report(Clock::time_point start) : start_(start) {}
  Minute& Now() {  // under mu()
    const auto i = static_cast<std::size_t>(
        std::chrono::duration_cast<std::chrono::minutes>(Clock::now() - start_).count());
    if (minutes_.size() <= i) minutes_.resize(i + 1);
    return minutes_[i];
  }
  std::mutex& mu() { return mu_; }
  const std::vector<Minute>& minutes() const { return minutes_; }

 private:
  Clock::time_point start_;
  std::mutex mu_;
  std::vector<Minute> minutes_;
};

double P99(std::vector<double> v) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<std::size_t>(0.99 * static_cast<double>(v.size())))];
}

int Fail(const std::string& m) {
  std::cerr << "optin-bench-soak: " << m << "\n";
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string a = argv[i];
    const std::string v = argv[i + 1];
    if (a == "--bin") o.bin = v;
    if (a == "--minutes") o.minutes = std::stod(v);
    if (a == "--kill-every") o.kill_every_s = std::stoi(v);
    if (a == "--rate") o.rate = std::stod(v);
    if (a == "--threads") o.threads = std::stoi(v);
  }
  if (!capture::InitCrypto().ok()) return Fail("libsodium did not start");
  const fs::path work = fs::temp_directory_path() / ("optin-soak-" + std::to_string(getpid()));
  fs::create_directories(work / "data");
  std::ofstream(work / "data" / "config.json")
      << R"({"threads": )" << o.threads + 32 << R"(, "max_outstanding": 50000})";
  signal(SIGINT, StopSchedule);
  signal(SIGTERM, StopSchedule);
  Server server(o.bin, work / "data", 20000 + static_cast<int>(getpid() % 20000));
  if (!server.Start())
    return Fail("the server did not start; see " + (work / "server.log").string());

  httplib::Client http("127.0.0.1", server.port());
  auto keys = http.Get("/v1/keys");
  auto published = http.Get(("/v1/campaigns/" + o.campaign).c_str());
  if (!keys || !published || published->status != 200) return Fail("cannot read the campaign");
  const Json keys_json = *capture::ParseJson(keys->body);
  auto key =
      capture::PublicKey::FromBase64(keys_json["advertisers"][o.campaign].get<std::string>());
  auto manifest = capture::VerifySignedManifest(
      (*capture::ParseJson(published->body))["signed_manifest"].dump(), *key);
  if (!key.ok() || !manifest.ok()) return Fail("the campaign does not verify");

  const auto start = Clock::now();
  const auto end = start + std::chrono::milliseconds(static_cast<long>(o.minutes * 60000));
  Report report(start);
  std::atomic<long> next_record{0};
  std::mutex tokens_mu;
  std::vector<std::string> tokens;  // withdrawal tokens of receipted records, to withdraw some
  std::vector<std::string> leaves;  // leaf hashes, to ask proofs for
  std::atomic<long> acknowledged{0};

  // Each worker sends one request per slot of the global schedule: 90% a single record, 5% a
  // batch of 10, and the rest proofs and withdrawals.
  const double slots_per_s = o.rate / (0.90 + 0.05 * 10);
  auto worker = [&](int t) {
    httplib::Client c("127.0.0.1", server.port());
    c.set_keep_alive(true);
    c.set_connection_timeout(0, 300000);
    c.set_read_timeout(10, 0);
    auto device = capture::SigningKey::Generate();
    std::mt19937_64 rng(static_cast<unsigned>(t) * 7919u + 1u);
    for (long slot = t; !g_stop; slot += o.threads) {
      const auto due = start + std::chrono::microseconds(static_cast<long>(
                                   static_cast<double>(slot) * 1e6 / slots_per_s));
      if (due > end) break;
      std::this_thread::sleep_until(due);
      const int kind = static_cast<int>(rng() % 100);
      if (kind >= 95) {
        std::string pick;
        {
          std::lock_guard lock(tokens_mu);
          auto& list = kind >= 98 ? tokens : leaves;
          if (!list.empty()) pick = list[rng() % list.size()];
        }
        if (pick.empty()) continue;
        if (kind >= 98) {
          auto r = c.Post("/v1/withdrawals", Json{{"token", pick}}.dump(), "application/json");
          std::lock_guard lock(report.mu());
          report.Now().withdrawals += (r && r->status == 200) ? 1 : 0;
        } else {
          auto r = c.Get(
              ("/v1/log/proof/inclusion?leaf_hash=" + httplib::detail::encode_query_param(pick))
                  .c_str());
          std::lock_guard lock(report.mu());
          report.Now().proofs += (r && r->status == 200) ? 1 : 0;
        }
        continue;
      }
      const int count = kind >= 90 ? 10 : 1;
      Json body = Json::array();
      for (int i = 0; i < count; ++i) {
        const long n = next_record++;
        capture::BuildOptions options;
        options.captured_at = WallMillis();
        auto env = capture::BuildRecord(
            *manifest, *capture::ParseSubmission(optin::bench::Submission(n, '2', "Soak", "Test")),
            *device, options);
        body.push_back(*capture::ParseJson(capture::EnvelopeToJson(*env)));
      }
      const std::string text = count == 1 ? body[0].dump() : body.dump();
      // Resend until receipted: a kill or a 503 loses nothing the client has not been told of.
      for (;;) {
        const auto t0 = Clock::now();
        auto r = c.Post("/v1/consents", text, "application/json");
        const double ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
        if (r && r->status == 200) {
          const Json answer = *capture::ParseJson(r->body);
          const Json& results = count == 1 ? Json::array({answer}) : answer["results"];
          std::lock_guard lock(tokens_mu);
          for (const auto& receipt : results) {
            tokens.push_back(receipt.value("withdrawal_token", ""));
            leaves.push_back(receipt.value("leaf_hash", ""));
          }
          acknowledged += count;
          std::lock_guard rlock(report.mu());
          report.Now().acknowledged += count;
          report.Now().latencies_ms.push_back(ms);
          break;
        }
        {
          std::lock_guard lock(report.mu());
          report.Now().refused_attempts += 1;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
      }
    }
  };
  std::atomic<int> active{o.threads};
  std::vector<std::thread> workers;
  for (int t = 0; t < o.threads; ++t) {
    workers.emplace_back([&, t] {
      worker(t);
      --active;
    });
  }

  // The killer and the sampler.
  auto last_kill = start;
  std::size_t reported = 0;  // minutes already printed as progress
  // Until the last worker is done: a server that fell behind the schedule is still sampled.
  while (Clock::now() < end || active.load() > 0) {
    std::this_thread::sleep_for(std::chrono::seconds(1));
    {
      std::lock_guard lock(report.mu());
      Minute& m = report.Now();
      m.rss_kib = std::max(m.rss_kib, server.RssKib());
    }
    {
      std::lock_guard lock(report.mu());
      report.Now();
      while (reported + 1 < report.minutes().size()) {
        const Minute& m = report.minutes()[reported++];
        std::fprintf(stderr,
                     "minute %zu: acknowledged %ld (total %ld), p99 %.1f ms, RSS %.1f MiB\n",
                     reported, m.acknowledged, acknowledged.load(), P99(m.latencies_ms),
                     static_cast<double>(m.rss_kib) / 1024.0);
      }
    }
    if (!g_stop && Clock::now() - last_kill >= std::chrono::seconds(o.kill_every_s) &&
        Clock::now() + std::chrono::seconds(5) < end) {
      server.Kill();
      {
        std::lock_guard lock(report.mu());
        report.Now().kills += 1;
      }
      if (!server.Start()) return Fail("the server did not restart after a SIGKILL");
      last_kill = Clock::now();
    }
  }
  for (auto& w : workers) w.join();
  const double ran_min = std::chrono::duration<double>(Clock::now() - start).count() / 60.0;

  optin::client::LogVerifyOptions verify;
  verify.server = "http://127.0.0.1:" + std::to_string(server.port());
  verify.state_file = (work / "state.json").string();
  verify.vkey = keys_json["log"]["vkey"].get<std::string>();
  auto verified = optin::client::VerifyLogOverHttp(verify);
  server.Stop();

  std::printf("| minute | acknowledged | resent attempts | p99 ms | RSS MiB | kills |\n");
  std::printf("| --- | --- | --- | --- | --- | --- |\n");
  int kills = 0;
  for (std::size_t i = 0; i < report.minutes().size(); ++i) {
    const Minute& m = report.minutes()[i];
    kills += m.kills;
    std::printf("| %zu | %ld | %ld | %.1f | %.1f | %d |\n", i + 1, m.acknowledged,
                m.refused_attempts, P99(m.latencies_ms), static_cast<double>(m.rss_kib) / 1024.0,
                m.kills);
  }
  std::printf("\nran %.1f min for a %.1f min schedule (longer: the server fell behind the rate)\n",
              ran_min, o.minutes);
  std::printf("records acknowledged: %ld\n", acknowledged.load());
  if (!verified.ok()) {
    std::printf("log verify FAILED: %s\n", verified.error().message.c_str());
    return 1;
  }
  std::printf("consent records in the ledger: %llu (ledger size %llu, verified)\n",
              static_cast<unsigned long long>(verified->consent_records),
              static_cast<unsigned long long>(verified->size));
  std::printf("SIGKILLs: %d\n", kills);
  const bool equal = verified->consent_records == static_cast<std::uint64_t>(acknowledged.load());
  std::printf("%s\n", equal ? "acknowledged == in the ledger" : "MISMATCH");
  fs::remove_all(work);
  return equal ? 0 : 1;
}
