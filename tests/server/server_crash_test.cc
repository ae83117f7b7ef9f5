// Crash safety: SIGKILL the server again and again while clients submit. Every record that got a
// receipt must be in the ledger after the restart, the ledger must verify, and a consistency proof
// must link the checkpoint seen before each crash to the one after.
#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <thread>

#include "capture/checkpoint.h"
#include "capture/ledger.h"
#include "log_verify.h"
#include "server_test_env.h"

namespace optin::testing {
namespace {

using capture::Json;

struct Receipted {
  Json envelope;
  Json receipt;
};

class Submitters {
 public:
  Submitters(const ServerProcess& server, const EnvelopeMaker& maker, int threads)
      : server_(server), maker_(maker) {
    for (int t = 0; t < threads; ++t) threads_.emplace_back([this, t] { Loop(t); });
  }
  ~Submitters() { Stop(); }
  void Stop() {
    stop_ = true;
    for (auto& t : threads_) {
      if (t.joinable()) t.join();
    }
  }
  std::vector<Receipted> receipted() {
    std::lock_guard lock(mu_);
    return receipted_;
  }

 private:
  void Loop(int t) {
    int n = 0;
    while (!stop_) {
      // The same envelope is sent again after a failure: it may have been committed already.
      Json env = maker_.Make(t * 1000000 + ++n);
      while (!stop_) {
        auto client = server_.Client();
        client->set_connection_timeout(0, 200000);
        client->set_read_timeout(5, 0);
        auto res = client->Post("/v1/consents", env.dump(), "application/json");
        if (res && res->status == 200) {
          std::lock_guard lock(mu_);
          receipted_.push_back({env, *capture::ParseJson(res->body)});
          break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
      }
    }
  }
  const ServerProcess& server_;
  const EnvelopeMaker& maker_;
  std::atomic<bool> stop_{false};
  std::vector<std::thread> threads_;
  std::mutex mu_;
  std::vector<Receipted> receipted_;
};

capture::Checkpoint LatestCheckpoint(const ServerProcess& server, const std::string& vkey) {
  auto key = capture::ParseVerifierKey(vkey);
  auto note = server.Client()->Get("/v1/log/checkpoint");
  EXPECT_TRUE(note && note->status == 200);
  auto cp = capture::VerifyCheckpoint(note->body, key->first, key->second);
  EXPECT_TRUE(cp.ok());
  return cp.ok() ? *cp : capture::Checkpoint{};
}

std::vector<capture::Hash> Proof(const Json& list) {
  std::vector<capture::Bytes> raw;
  for (const auto& h : list) raw.push_back(*capture::Base64Decode(h.get<std::string>()));
  return *capture::ProofFromBytes(raw);
}

TEST(ServerCrashTest, ReceiptedRecordsSurviveRepeatedSigkill) {
  TempDir dir;
  ServerProcess server(dir.path() / "data");
  ASSERT_TRUE(server.Start()) << server.Log();
  auto maker = EnvelopeMaker::FromServer(*server.Client(), kExampleCampaign);
  ASSERT_TRUE(maker.ok());
  const std::string vkey =
      (*capture::ParseJson(server.Client()->Get("/v1/keys")->body))["log"]["vkey"]
          .get<std::string>();
  Submitters submitters(server, *maker, 6);
  for (int crash = 0; crash < 6; ++crash) {
    std::this_thread::sleep_for(std::chrono::milliseconds(400 + 150 * crash));
    const capture::Checkpoint before = LatestCheckpoint(server, vkey);
    server.Kill();
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    ASSERT_TRUE(server.Start()) << server.Log();
    const capture::Checkpoint after = LatestCheckpoint(server, vkey);
    ASSERT_GE(after.size, before.size) << "crash " << crash;
    if (before.size > 0 && after.size > before.size) {
      auto res =
          server.Client()->Get(("/v1/log/proof/consistency?from=" + std::to_string(before.size) +
                                "&to=" + std::to_string(after.size))
                                   .c_str());
      ASSERT_EQ(res->status, 200);
      EXPECT_TRUE(capture::VerifyConsistency(before.size, after.size,
                                             Proof((*capture::ParseJson(res->body))["proof"]),
                                             before.root, after.root)
                      .ok())
          << "crash " << crash;
    } else {
      EXPECT_EQ(after.root, before.root);
    }
  }
  submitters.Stop();
  const auto receipted = submitters.receipted();
  EXPECT_GT(receipted.size(), 20u);
  const capture::Checkpoint last = LatestCheckpoint(server, vkey);
  auto client = server.Client();
  for (const auto& r : receipted) {
    const std::string hash = r.receipt["leaf_hash"].get<std::string>();
    auto res = client->Get(("/v1/log/proof/inclusion?size=" + std::to_string(last.size) +
                            "&leaf_hash=" + UrlEncode(hash))
                               .c_str());
    ASSERT_EQ(res->status, 200) << "lost record " << r.receipt["record_id"];
    Json proof = *capture::ParseJson(res->body);
    EXPECT_EQ(proof["index"], r.receipt["leaf_index"]);
    auto leaf = capture::HashFromBytes(*capture::Base64Decode(hash));
    EXPECT_TRUE(capture::VerifyInclusion(proof["index"].get<std::uint64_t>(), last.size, *leaf,
                                         Proof(proof["proof"]), last.root)
                    .ok());
  }
  client::LogVerifyOptions options;
  options.server = server.url();
  options.state_file = (dir.path() / "state.json").string();
  options.vkey = vkey;
  auto verified = client::VerifyLogOverHttp(options);
  ASSERT_TRUE(verified.ok()) << verified.error().message;
  EXPECT_EQ(verified->size, last.size);
}

TEST(ServerCrashTest, SigtermDrainsAndExitsCleanly) {
  TempDir dir;
  ServerProcess server(dir.path() / "data");
  ASSERT_TRUE(server.Start());
  auto maker = EnvelopeMaker::FromServer(*server.Client(), kExampleCampaign);
  ASSERT_TRUE(maker.ok());
  Submitters submitters(server, *maker, 4);
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  EXPECT_EQ(server.Terminate(), 0) << server.Log();
  ASSERT_TRUE(server.Start());
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  submitters.Stop();
  auto client = server.Client();
  for (const auto& r : submitters.receipted()) {
    auto res = client->Get(("/v1/log/proof/inclusion?leaf_hash=" +
                            UrlEncode(r.receipt["leaf_hash"].get<std::string>()))
                               .c_str());
    EXPECT_EQ(res->status, 200) << r.receipt["record_id"];
  }
}

}  // namespace
}  // namespace optin::testing
