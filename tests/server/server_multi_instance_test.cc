// Several stateless instances on one PostgreSQL database (issue 8): three servers share the keys
// and the database; clients submit to all three at once (moving to the next instance when one
// does not answer, as a load balancer would) while one instance is SIGKILLed. Every receipted
// record must be in the one ledger, no leaf twice, the ledger must verify with `optin log
// verify` against any instance, and every checkpoint any instance signed must be consistent with
// the next. SQLite is one process's file: under the SQLite registration the test is skipped.
#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "capture/checkpoint.h"
#include "capture/ledger.h"
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
  Submitters(const std::vector<ServerProcess*>& servers, const EnvelopeMaker& maker, int threads)
      : servers_(servers), maker_(maker) {
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
  int retried() const { return retried_; }

 private:
  void Loop(int t) {
    int n = 0;
    std::size_t target = static_cast<std::size_t>(t);
    while (!stop_) {
      // After a failure the same envelope goes to the next instance: the one that failed may
      // have committed it already, and the retry must then answer with the same leaf.
      Json env = maker_.Make(t * 1000000 + ++n);
      while (!stop_) {
        const ServerProcess& server = *servers_[target++ % servers_.size()];
        httplib::Client client("127.0.0.1", server.port());
        client.set_connection_timeout(0, 200000);
        client.set_read_timeout(5, 0);
        client.set_tcp_nodelay(true);
        auto res = client.Post("/v1/consents", env.dump(), "application/json");
        if (res && res->status == 200) {
          std::lock_guard lock(mu_);
          receipted_.push_back({env, *capture::ParseJson(res->body)});
          break;
        }
        ++retried_;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
      }
    }
  }
  std::vector<ServerProcess*> servers_;
  const EnvelopeMaker& maker_;
  std::atomic<bool> stop_{false};
  std::atomic<int> retried_{0};
  std::vector<std::thread> threads_;
  std::mutex mu_;
  std::vector<Receipted> receipted_;
};

std::vector<capture::Hash> Proof(const Json& list) {
  std::vector<capture::Bytes> raw;
  for (const auto& h : list) raw.push_back(*capture::Base64Decode(h.get<std::string>()));
  return *capture::ProofFromBytes(raw);
}

TEST(ServerMultiInstanceTest, ThreeInstancesOneLedgerThroughASigkill) {
  if (!UsingPostgres()) GTEST_SKIP() << "several instances need the PostgreSQL engine";
  TempDir dir;
  ServerProcess a(dir.path() / "a");
  ASSERT_TRUE(a.Start()) << a.Log();
  // The other instances share the first one's keys and database (what an operator deploys).
  for (const char* name : {"b", "c"}) {
    std::filesystem::create_directories(dir.path() / name);
    std::filesystem::copy(dir.path() / "a" / "keys", dir.path() / name / "keys",
                          std::filesystem::copy_options::recursive);
    std::filesystem::copy_file(dir.path() / "a" / "test-database-url",
                               dir.path() / name / "test-database-url");
  }
  ServerProcess b(dir.path() / "b");
  ServerProcess c(dir.path() / "c");
  ASSERT_TRUE(b.Start()) << b.Log();
  ASSERT_TRUE(c.Start()) << c.Log();
  ASSERT_EQ(a.database(), c.database());

  const std::string vkey =
      (*capture::ParseJson(a.Client()->Get("/v1/keys")->body))["log"]["vkey"].get<std::string>();
  auto key = capture::ParseVerifierKey(vkey);
  ASSERT_TRUE(key.ok());
  auto maker = EnvelopeMaker::FromServer(*c.Client(), kExampleCampaign);
  ASSERT_TRUE(maker.ok()) << maker.error().message;

  // Every checkpoint any instance serves during the run, by size.
  std::mutex seen_mu;
  std::map<std::uint64_t, capture::Checkpoint> seen;
  std::atomic<bool> polling{true};
  std::vector<ServerProcess*> all = {&a, &b, &c};
  std::thread poller([&] {
    std::size_t i = 0;
    while (polling) {
      ServerProcess& s = *all[i++ % all.size()];
      httplib::Client client("127.0.0.1", s.port());
      client.set_connection_timeout(0, 200000);
      auto note = client.Get("/v1/log/checkpoint");
      if (note && note->status == 200) {
        auto cp = capture::VerifyCheckpoint(note->body, key->first, key->second);
        EXPECT_TRUE(cp.ok()) << note->body;
        if (cp.ok()) {
          std::lock_guard lock(seen_mu);
          auto [it, fresh] = seen.emplace(cp->size, *cp);
          EXPECT_TRUE(fresh || it->second.root == cp->root) << "two roots for size " << cp->size;
        }
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(15));
    }
  });

  Submitters submitters(all, *maker, 9);
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  b.Kill();  // mid-run, whatever it was doing
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  ASSERT_TRUE(b.Start()) << b.Log();  // and back: it continues the same log
  std::this_thread::sleep_for(std::chrono::milliseconds(1000));
  submitters.Stop();
  polling = false;
  poller.join();

  const auto receipted = submitters.receipted();
  EXPECT_GT(receipted.size(), 50u);
  EXPECT_GT(submitters.retried(), 0) << "the kill should have cost some requests a retry";

  // No leaf twice, no gap, one record row per record id, each receipt's leaf where it said.
  EXPECT_EQ(a.SqlInt("SELECT COUNT(*) FROM entries"),
            a.SqlInt("SELECT COUNT(DISTINCT leaf) FROM entries"));
  EXPECT_EQ(a.SqlInt("SELECT COUNT(*) FROM entries"), a.SqlInt("SELECT MAX(idx) + 1 FROM entries"));
  EXPECT_EQ(a.SqlInt("SELECT COUNT(*) FROM records"),
            a.SqlInt("SELECT COUNT(DISTINCT id) FROM records"));
  std::map<std::string, std::uint64_t> index_of;
  for (const auto& r : receipted) {
    const std::string id = r.receipt["record_id"].get<std::string>();
    const auto index = r.receipt["leaf_index"].get<std::uint64_t>();
    auto [it, fresh] = index_of.emplace(id, index);
    EXPECT_TRUE(fresh) << "record " << id << " receipted twice";
  }

  // Every receipted record is in the final ledger, proven by any instance.
  auto last_note = c.Client()->Get("/v1/log/checkpoint");
  ASSERT_TRUE(last_note && last_note->status == 200);
  const auto last = capture::VerifyCheckpoint(last_note->body, key->first, key->second);
  ASSERT_TRUE(last.ok());
  seen.emplace(last->size, *last);
  std::size_t i = 0;
  for (const auto& r : receipted) {
    ServerProcess& s = *all[i++ % all.size()];
    const std::string hash = r.receipt["leaf_hash"].get<std::string>();
    auto res = s.Client()->Get(("/v1/log/proof/inclusion?size=" + std::to_string(last->size) +
                                "&leaf_hash=" + UrlEncode(hash))
                                   .c_str());
    ASSERT_TRUE(res);
    ASSERT_EQ(res->status, 200) << "lost record " << r.receipt["record_id"];
    Json proof = *capture::ParseJson(res->body);
    EXPECT_EQ(proof["index"], r.receipt["leaf_index"]);
    auto leaf = capture::HashFromBytes(*capture::Base64Decode(hash));
    EXPECT_TRUE(capture::VerifyInclusion(proof["index"].get<std::uint64_t>(), last->size, *leaf,
                                         Proof(proof["proof"]), last->root)
                    .ok());
  }

  // Every checkpoint seen is consistent with the next one (proofs from rotating instances).
  ASSERT_GT(seen.size(), 3u);
  const capture::Checkpoint* previous = nullptr;
  for (const auto& [size, cp] : seen) {
    if (previous != nullptr && previous->size > 0) {
      ServerProcess& s = *all[size % all.size()];
      auto res =
          s.Client()->Get(("/v1/log/proof/consistency?from=" + std::to_string(previous->size) +
                           "&to=" + std::to_string(size))
                              .c_str());
      ASSERT_TRUE(res);
      ASSERT_EQ(res->status, 200) << res->body;
      EXPECT_TRUE(capture::VerifyConsistency(previous->size, size,
                                             Proof((*capture::ParseJson(res->body))["proof"]),
                                             previous->root, cp.root)
                      .ok())
          << previous->size << " -> " << size;
    }
    previous = &cp;
  }

  // The whole ledger verifies with the CLI, against one instance and then another.
  const std::string state = (dir.path() / "state.json").string();
  std::string out;
  EXPECT_EQ(RunProgram({OPTIN_CLI_BIN, "log", "verify", "--server", a.url(), "--state", state,
                        "--no-progress"},
                       &out),
            0)
      << out;
  EXPECT_EQ(RunProgram({OPTIN_CLI_BIN, "log", "verify", "--server", b.url(), "--state", state,
                        "--no-progress"},
                       &out),
            0)
      << out;
}

// Lead processing, feeds and acknowledgements with three instances: every instance runs a lead
// processor, the call centres page through their feeds and acknowledge through whichever instance
// answers. Each record is classified, queued and counted as a contact once; the feeds share no
// lead and lose none; acknowledging twice through different instances changes nothing.
TEST(ServerMultiInstanceTest, LeadsAreQueuedOnceAndFeedsWorkThroughAnyInstance) {
  if (!UsingPostgres()) GTEST_SKIP() << "several instances need the PostgreSQL engine";
  TempDir dir;
  ServerProcess a(dir.path() / "a");
  ASSERT_TRUE(a.Start()) << a.Log();
  for (const char* name : {"b", "c"}) {
    std::filesystem::create_directories(dir.path() / name);
    std::filesystem::copy(dir.path() / "a" / "keys", dir.path() / name / "keys",
                          std::filesystem::copy_options::recursive);
    std::filesystem::copy_file(dir.path() / "a" / "test-database-url",
                               dir.path() / name / "test-database-url");
  }
  ServerProcess b(dir.path() / "b");
  ServerProcess c(dir.path() / "c");
  ASSERT_TRUE(b.Start()) << b.Log();
  ASSERT_TRUE(c.Start()) << c.Log();
  std::vector<ServerProcess*> all = {&a, &b, &c};
  const std::string admin = a.Token("admin");
  const std::map<std::string, std::string> tokens = {{"alpha", a.Token("call_centre:alpha")},
                                                     {"beta", a.Token("call_centre:beta")}};
  for (const auto& [id, token] : tokens) {
    Json cc = {{"id", id}, {"campaigns", {kExampleCampaign}}};
    auto res = b.Client()->Post("/v1/call-centres", Bearer(admin), cc.dump(), "application/json");
    ASSERT_TRUE(res && res->status == 200) << (res ? res->body : "no answer");
  }
  auto maker = EnvelopeMaker::FromServer(*a.Client(), kExampleCampaign);
  ASSERT_TRUE(maker.ok());

  // 30 people with a phone number, submitted concurrently through the three instances.
  constexpr int kPeople = 30;
  std::vector<std::string> ids(kPeople);
  std::vector<std::thread> threads;
  for (int t = 0; t < 3; ++t) {
    threads.emplace_back([&, t] {
      for (int p = t; p < kPeople; p += 3) {
        Json env = maker->Make(7000 + p, true);
        auto res = all[static_cast<std::size_t>(p) % 3]->Client()->Post("/v1/consents", env.dump(),
                                                                        "application/json");
        EXPECT_TRUE(res && res->status == 200);
        ids[static_cast<std::size_t>(p)] = env["record"]["id"].get<std::string>();
      }
    });
  }
  for (auto& t : threads) t.join();
  auto store = a.OpenStore();
  ASSERT_TRUE(store.ok());
  for (const auto& id : ids) {
    bool classified = false;
    for (int i = 0; i < 300 && !classified; ++i) {
      auto row = (*store)->FindClassification(id);
      classified = row.ok() && row->has_value();
      if (!classified) std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    ASSERT_TRUE(classified) << id;
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(600));  // any late duplicate would land

  EXPECT_EQ(a.SqlInt("SELECT COUNT(*) FROM classifications"), kPeople);
  EXPECT_EQ(a.SqlInt("SELECT COUNT(*) FROM deliveries"), kPeople);
  EXPECT_EQ(a.SqlInt("SELECT COUNT(DISTINCT record_id) FROM deliveries"), kPeople);
  EXPECT_EQ(a.SqlInt("SELECT COUNT(*) FROM (SELECT kind, key, campaign, what, record_id FROM "
                     "contacts GROUP BY kind, key, campaign, what, record_id HAVING COUNT(*) > 1) "
                     "twice"),
            0);
  // Each call centre's seq runs 1..n without a gap.
  for (const auto& [id, token] : tokens) {
    EXPECT_EQ(a.SqlInt("SELECT MAX(seq) FROM deliveries WHERE call_centre = ?", {id}),
              a.SqlInt("SELECT COUNT(*) FROM deliveries WHERE call_centre = ?", {id}));
  }

  // The feeds, five leads a page, each page from the next instance.
  std::set<std::string> seen;
  std::size_t page = 0;
  std::map<std::string, std::vector<std::string>> fed;
  for (const auto& [id, token] : tokens) {
    std::string cursor = "0";
    for (;;) {
      ServerProcess& s = *all[page++ % all.size()];
      auto res = s.Client()->Get("/v1/feeds/leads?cursor=" + cursor + "&limit=5", Bearer(token));
      ASSERT_TRUE(res && res->status == 200) << (res ? res->body : "no answer");
      const Json feed = *capture::ParseJson(res->body);
      if (feed["leads"].empty()) break;
      for (const auto& lead : feed["leads"]) {
        const std::string record = lead["record_id"].get<std::string>();
        EXPECT_TRUE(seen.insert(record).second) << record << " fed twice";
        fed[id].push_back(record);
      }
      cursor = feed["next_cursor"].get<std::string>();
    }
  }
  EXPECT_EQ(seen, std::set<std::string>(ids.begin(), ids.end()));

  // Acknowledged through one instance, then again through another: the same answer, set once.
  for (const auto& [id, token] : tokens) {
    Json acks = {{"leads", fed[id]}};
    for (ServerProcess* s : {&b, &c}) {
      auto res =
          s->Client()->Post("/v1/feeds/acks", Bearer(token), acks.dump(), "application/json");
      ASSERT_TRUE(res && res->status == 200) << (res ? res->body : "no answer");
      EXPECT_EQ((*capture::ParseJson(res->body))["leads"]["acknowledged"], fed[id].size());
    }
  }
  EXPECT_EQ(a.SqlInt("SELECT COUNT(*) FROM deliveries WHERE acked_at IS NOT NULL"), kPeople);
  EXPECT_EQ(a.SqlInt("SELECT COUNT(DISTINCT acked_at) FROM deliveries WHERE call_centre = 'alpha'"),
            1);
}

}  // namespace
}  // namespace optin::testing
